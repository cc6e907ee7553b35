// 附件 on a student's record (issue 16): files kept sealed on the server; the list is shown only
// here, on the record opened with a purpose, and each download is a read audited with that purpose.
// Changes are merged into the record shown, not fetched again (fetching is another audited read).
// Upload has the look of PhotoUpload (a card with the camera on a phone), checked by content there.
import { CameraOutlined, DeleteOutlined, FileOutlined, FilePdfOutlined } from '@ant-design/icons';
import { App, Button, List, Popconfirm, Select, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { CareFileView, CareRecordView, ReadPurpose } from '../../contracts/care.js';
import { FILE_SIZE_LIMIT } from '../../contracts/files.js';
import { apiUrl, http } from '../api.js';
import { errorMessage } from '../feedback.js';

const sizeText = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

export function CareFiles({ record, purpose, onChanged }: { record: CareRecordView; purpose: ReadPurpose; onChanged: (files: CareFileView[]) => void }) {
  const { message } = App.useApp();
  const [followUpId, setFollowUpId] = useState<number | undefined>();
  const [busy, setBusy] = useState(false);
  const canAttach = record.actions.includes('attach');
  const canRemove = record.actions.includes('remove_file');
  const followUpOf = (f: CareFileView) => record.followUps.find((x) => x.id === f.followUpId);
  return (
    <div data-testid="care-files">
      {canAttach && (
        <Space wrap align="start" style={{ marginBottom: 12 }}>
          <Upload
            accept="image/*,application/pdf"
            capture="environment"
            listType="picture-card"
            showUploadList={false}
            disabled={busy}
            beforeUpload={(file) => {
              if (file.size > FILE_SIZE_LIMIT) {
                message.error(`“${file.name}”过大：每个文件最大 20 MB，请压缩后再上传`);
                return Upload.LIST_IGNORE;
              }
              return true;
            }}
            customRequest={({ file, onSuccess, onError }) => {
              const form = new FormData();
              if (followUpId) form.append('followUpId', String(followUpId));
              form.append('file', file as Blob);
              setBusy(true);
              http
                .upload<CareFileView>(`/care/records/${record.id}/files`, form)
                .then((res) => (onSuccess?.(res), message.success('附件已加密保存'), onChanged([res, ...record.files])))
                .catch((err: unknown) => (message.error(errorMessage(err)), onError?.(err as Error)))
                .finally(() => setBusy(false));
            }}
          >
            <div data-testid="care-file-upload">
              <CameraOutlined style={{ fontSize: 22 }} />
              <div style={{ marginTop: 4, fontSize: 13 }}>拍照/上传</div>
            </div>
          </Upload>
          <Select
            allowClear
            placeholder="附于档案（可选某次随访）"
            style={{ minWidth: 220 }}
            value={followUpId}
            onChange={setFollowUpId}
            options={record.followUps.map((f) => ({ value: f.id, label: `随访 ${f.followedUpOn} · ${f.byName}` }))}
          />
        </Space>
      )}
      <List
        size="small"
        dataSource={record.files}
        locale={{ emptyText: canAttach ? '尚无附件：可上传医院诊断证明、监护人知情同意书等（照片或 PDF，加密保存）' : '尚无附件' }}
        renderItem={(f) => (
          <List.Item
            actions={
              canRemove
                ? [
                    <Popconfirm
                      key="rm"
                      title="删除这个附件？"
                      okText="删除"
                      cancelText="取消"
                      onConfirm={() => http.del(`/care/records/${record.id}/files/${f.id}`).then(() => onChanged(record.files.filter((x) => x.id !== f.id)), (err: unknown) => message.error(errorMessage(err)))}
                    >
                      <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除附件" />
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <Space direction="vertical" size={0}>
              <a href={apiUrl(`/care/records/${record.id}/files/${f.id}`, { purpose })} data-testid="care-file-link">
                {f.mime === 'application/pdf' ? <FilePdfOutlined /> : <FileOutlined />} {f.fileName}
              </a>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {sizeText(f.size)} · {f.uploadedByName} · {f.uploadedAt.slice(0, 10)}
                {followUpOf(f) ? ` · 随访 ${followUpOf(f)!.followedUpOn}` : ''}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </div>
  );
}
