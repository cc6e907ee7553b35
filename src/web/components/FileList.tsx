import { FileOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Image, Space, Typography } from 'antd';
import type { FileRef } from '../../contracts/files.js';
import { apiUrl } from '../api.js';

/** Where a stored file is read: the server checks the caller's scope and answers 404 otherwise. */
export const fileUrl = (id: number) => apiUrl(`/files/${id}`);

export const isImage = (mime: string) => mime.startsWith('image/') && mime !== 'image/heic' && mime !== 'image/heif';

/** Photos as thumbnails that open a preview, other files (PDF, HEIC) as links; nothing when empty. */
export function FileList({ files, size = 64, empty }: { files: FileRef[]; size?: number; empty?: string }) {
  if (!files.length) return empty ? <Typography.Text type="secondary">{empty}</Typography.Text> : null;
  const images = files.filter((f) => isImage(f.mime));
  const others = files.filter((f) => !isImage(f.mime));
  return (
    <Space orientation="vertical" size={6} className="file-list">
      {images.length > 0 && (
        <Image.PreviewGroup>
          <Space size={6} wrap>
            {images.map((f) => (
              <Image
                key={f.id}
                src={fileUrl(f.id)}
                alt={f.name}
                width={size}
                height={size}
                style={{ objectFit: 'cover', borderRadius: 4, border: '1px solid #f0f0f0' }}
                data-testid="file-thumb"
              />
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
      {others.map((f) => (
        <a key={f.id} href={fileUrl(f.id)} target="_blank" rel="noreferrer" data-testid="file-link">
          {f.mime === 'application/pdf' ? <FilePdfOutlined /> : <FileOutlined />} {f.name}
        </a>
      ))}
    </Space>
  );
}
