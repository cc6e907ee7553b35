import { CameraOutlined } from '@ant-design/icons';
import { App, Image, Upload, type UploadFile, type UploadProps } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { FILE_SIZE_LIMIT, type FileRef, type UploadedFile } from '../../contracts/files.js';
import { http } from '../api.js';
import { isNetworkError, keepPhoto, localPhotoUrl } from '../offline/outbox.js';
import { errorMessage } from '../feedback.js';
import { fileUrl, isImage } from './FileList.js';

type Item = UploadFile<UploadedFile>;

const idOf = (f: Item): number | undefined => f.response?.id;

function itemOf(ref: FileRef | { id: number; name?: string; mime?: string }): Item {
  const mime = ref.mime ?? 'image/jpeg';
  // A negative id is a photo kept on the phone until the network returns (issue 17).
  const url = ref.id < 0 ? (localPhotoUrl(ref.id) ?? '') : fileUrl(ref.id);
  return {
    uid: `file-${ref.id}`,
    name: ref.name ?? (ref.id < 0 ? '待上传的照片' : `文件 ${ref.id}`),
    status: 'done',
    type: mime,
    url,
    thumbUrl: isImage(mime) ? url : undefined,
    response: { id: ref.id, name: ref.name ?? '', mime, size: 0, unitId: 0, sha256: '', createdAt: '' },
  };
}

/**
 * Photos and evidence for a form: on a phone the button opens the camera; each file is sent at once
 * to /api/v1/files (checked there by content, at most 20 MB) and the value is the list of file ids.
 * `unitId` files the photo under the school it shows (an inspector's photo belongs to the school checked).
 */
export function PhotoUpload({
  value,
  onChange,
  files,
  unitId,
  max = 9,
  disabled,
  label = '拍照/上传',
  testId,
  keepOffline,
}: {
  /** With no network the photo is kept on the phone under a negative id and uploaded by the outbox later. */
  keepOffline?: boolean;
  value?: number[];
  onChange?: (ids: number[]) => void;
  /** What is known about files already attached (names and types), for their thumbnails. */
  files?: FileRef[];
  unitId?: number;
  max?: number;
  disabled?: boolean;
  label?: string;
  testId?: string;
}) {
  const { message } = App.useApp();
  const [list, setList] = useState<Item[]>(() => (value ?? []).map((id) => itemOf(files?.find((f) => f.id === id) ?? { id })));
  const [preview, setPreview] = useState<string | null>(null);
  const emitted = useRef<string>((value ?? []).join(','));

  // A value set from outside (a form reset, a reload) rebuilds the list.
  const valueKey = (value ?? []).join(',');
  useEffect(() => {
    if (valueKey === emitted.current) return;
    emitted.current = valueKey;
    setList((value ?? []).map((id) => itemOf(files?.find((f) => f.id === id) ?? { id })));
  }, [valueKey, value, files]);

  const emit = (next: Item[]) => {
    const ids = next.map(idOf).filter((id): id is number => id !== undefined);
    const key = ids.join(',');
    if (key !== emitted.current) {
      emitted.current = key;
      onChange?.(ids);
    }
  };

  const props: UploadProps<UploadedFile> = useMemo(
    () => ({
      accept: 'image/*,application/pdf',
      capture: 'environment',
      listType: 'picture-card',
      multiple: false,
      maxCount: max,
      isImageUrl: (f) => (f.type ? isImage(f.type) : true),
      beforeUpload: (file) => {
        if (file.size > FILE_SIZE_LIMIT) {
          message.error(`“${file.name}”过大：每个文件最大 20 MB，请压缩后再上传`);
          return Upload.LIST_IGNORE;
        }
        return true;
      },
      customRequest: ({ file, onSuccess, onError }) => {
        const form = new FormData();
        if (unitId) form.append('unitId', String(unitId));
        form.append('file', file as Blob);
        http
          .upload<UploadedFile>('/files', form)
          .then((res) => onSuccess?.(res))
          .catch(async (err: unknown) => {
            if (keepOffline && isNetworkError(err)) {
              const f = file as File;
              const kept = await keepPhoto(f, f.name || '照片.jpg', unitId);
              onSuccess?.({ id: kept.id, name: kept.name, mime: f.type || 'image/jpeg', size: f.size, unitId: unitId ?? 0, sha256: '', createdAt: new Date().toISOString() });
              return;
            }
            message.error(errorMessage(err));
            onError?.(err as Error);
          });
      },
      onPreview: (f) => {
        const id = idOf(f as Item);
        if (id === undefined) return;
        if (id < 0) return setPreview(localPhotoUrl(id) ?? null);
        if (f.type && !isImage(f.type)) window.open(fileUrl(id), '_blank', 'noopener');
        else setPreview(fileUrl(id));
      },
    }),
    [max, unitId, message, keepOffline],
  );

  return (
    <div data-testid={testId} className="photo-upload">
      <Upload<UploadedFile>
        {...props}
        disabled={disabled}
        fileList={list}
        onChange={({ fileList }) => {
          // A failed upload is dropped from the list; its reason was shown.
          const next = fileList.filter((f) => f.status !== 'error').map((f) => (f.status === 'done' && f.response ? { ...f, type: f.response.mime || f.type } : f));
          setList(next);
          emit(next);
        }}
      >
        {!disabled && list.length < max && (
          <div>
            <CameraOutlined style={{ fontSize: 22 }} />
            <div style={{ marginTop: 4, fontSize: 13 }}>{label}</div>
          </div>
        )}
      </Upload>
      {preview && <Image style={{ display: 'none' }} src={preview} preview={{ open: true, src: preview, onOpenChange: (open) => !open && setPreview(null) }} />}
    </div>
  );
}
