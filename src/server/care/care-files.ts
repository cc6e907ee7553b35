// Files on a student's record (issue 16: files are encrypted at rest like the name): where each
// sealed part belongs, and the list shown on the record itself. The bytes are not read here: the
// list decrypts names only, a download opens one file (care-files.service.ts).
import { desc, eq } from 'drizzle-orm';
import type { CareFileView } from '../../contracts/care.js';
import type { Executor } from '../db/client.js';
import { careFiles } from '../db/schema.js';
import type { Sealer } from './crypto.js';

// Bound to the record: a sealed file copied into another record's row does not open.
export const fileAad = {
  name: (recordId: number) => `care_files.name:${recordId}`,
  sha256: (recordId: number) => `care_files.sha256:${recordId}`,
  content: (recordId: number) => `care_files.content:${recordId}`,
};

/** The columns a list reads: everything but the bytes. */
export const fileMeta = {
  id: careFiles.id,
  recordId: careFiles.recordId,
  followUpId: careFiles.followUpId,
  nameEnc: careFiles.nameEnc,
  sha256Enc: careFiles.sha256Enc,
  mime: careFiles.mime,
  size: careFiles.size,
  uploadedByName: careFiles.uploadedByName,
  uploadedAt: careFiles.uploadedAt,
};
type FileMeta = Pick<typeof careFiles.$inferSelect, keyof typeof fileMeta>;

export function fileView(sealer: Sealer, f: FileMeta): CareFileView {
  return {
    id: f.id,
    fileName: sealer.open(f.nameEnc, fileAad.name(f.recordId)),
    mime: f.mime,
    size: f.size,
    followUpId: f.followUpId,
    sha256: sealer.open(f.sha256Enc, fileAad.sha256(f.recordId)),
    uploadedByName: f.uploadedByName,
    uploadedAt: f.uploadedAt.toISOString(),
  };
}

export async function filesOfRecord(db: Executor, sealer: Sealer, recordId: number): Promise<CareFileView[]> {
  const rows = await db.select(fileMeta).from(careFiles).where(eq(careFiles.recordId, recordId)).orderBy(desc(careFiles.id));
  return rows.map((f) => fileView(sealer, f));
}
