import { z } from 'zod';
import { fileRef } from './hazards.js';

export { fileRef, type FileRef } from './hazards.js';

/** What the files route accepts, by content (magic bytes), never by name. */
export const allowedFileTypes = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'application/pdf'] as const;
export type AllowedFileType = (typeof allowedFileTypes)[number];

/** At most 20 MB a file (issue 3, "Files"). */
export const FILE_SIZE_LIMIT = 20 * 1024 * 1024;

export const uploadedFileBody = fileRef.extend({
  unitId: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
});
export type UploadedFile = z.infer<typeof uploadedFileBody>;

export const fileRefList = z.object({ items: z.array(fileRef) });
