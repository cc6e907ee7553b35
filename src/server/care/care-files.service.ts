// Files on a student's record or follow-up (issue 16: "Sensitive fields (name, note, contact, files)
// are encrypted at rest"). Not the plain storage of `files`: the bytes, the name and the digest are
// sealed with the care key (crypto.ts) and kept in `care_files`, so a dump or a backup of the
// database or of DATA_DIR shows none of them. Only the record's circle uploads and downloads
// (circle.ts; anyone else, the bureau included, 404); each download is a read audited with its
// purpose (readAudited), like opening the record; audit events carry ids, type and size, never the
// file's name. The type is found from the bytes (files.service.ts detectFileType), at most 20 MB.
import { createHash } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import { CARE_FILES_PER_RECORD, type CareFileView, type ReadPurpose } from '../../contracts/care.js';
import { maskName } from '../../domain/care.js';
import { writeAudit } from '../audit/audit.js';
import { auditCtx, type Ctx } from '../context.js';
import { careFiles, careFollowUps } from '../db/schema.js';
import { badRequest, conflict, fieldError, forbidden, notFound } from '../errors.js';
import { cleanFileName, detectFileType } from '../files/files.service.js';
import { readAudited } from './audited-read.js';
import { fileAad, fileView } from './care-files.js';
import { aad, recordFor } from './care-records.service.js';
import { circleOf } from './circle.js';
import { careSealer } from './key.js';

/** Before the upload is read: the record must be one the person may attach to (else 404, 409). */
export async function checkCanAttach(ctx: Ctx, recordId: number): Promise<void> {
  careSealer();
  const c = await circleOf(ctx.db, ctx.actor);
  const r = await recordFor(ctx.db, ctx, c, recordId);
  if (r.status !== 'open') throw conflict('CARE_RECORD_CLOSED', '该档案已结案，不能再上传附件');
}

export async function uploadCareFile(ctx: Ctx, recordId: number, upload: { name: string; bytes: Buffer; followUpId?: number }): Promise<CareFileView> {
  const sealer = careSealer();
  const mime = await detectFileType(upload.bytes);
  if (!mime) {
    throw badRequest('FILE_TYPE_REFUSED', '文件格式不允许：只能上传 JPG、PNG、WebP、HEIC 照片或 PDF 文件（按文件实际内容识别，与文件名无关）', [
      { field: 'file', label: '文件', message: '文件实际内容不是允许的照片或 PDF' },
    ]);
  }
  const c = await circleOf(ctx.db, ctx.actor);
  return ctx.db.transaction(async (tx) => {
    // Locked: a close or a purge waits for the upload, and the count below stays true.
    const r = await recordFor(tx, ctx, c, recordId, true);
    if (r.status !== 'open') throw conflict('CARE_RECORD_CLOSED', '该档案已结案，不能再上传附件');
    if (upload.followUpId !== undefined) {
      const [f] = await tx.select({ id: careFollowUps.id }).from(careFollowUps).where(and(eq(careFollowUps.id, upload.followUpId), eq(careFollowUps.recordId, r.id)));
      if (!f) throw fieldError('followUpId', '该随访不属于本档案');
    }
    const [{ n }] = await tx.select({ n: count() }).from(careFiles).where(eq(careFiles.recordId, r.id));
    if (n >= CARE_FILES_PER_RECORD) throw fieldError('file', `每份档案最多 ${CARE_FILES_PER_RECORD} 个附件，请先删除不再需要的附件`);
    const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
    const [row] = await tx
      .insert(careFiles)
      .values({
        districtId: r.districtId,
        schoolId: r.schoolId,
        schoolPath: r.schoolPath,
        recordId: r.id,
        followUpId: upload.followUpId ?? null,
        nameEnc: sealer.seal(cleanFileName(upload.name), fileAad.name(r.id)),
        sha256Enc: sealer.seal(sha256, fileAad.sha256(r.id)),
        mime,
        size: upload.bytes.length,
        content: sealer.sealBytes(upload.bytes, fileAad.content(r.id)),
        uploadedBy: ctx.actor.id,
        uploadedByName: ctx.actor.displayName,
      })
      .returning();
    // Ids, type and size: the name may hold the student's name, and the audit list is seen more widely.
    await writeAudit(tx, auditCtx(ctx), {
      action: 'upload',
      objectType: 'care_record',
      objectId: r.id,
      after: { schoolId: r.schoolId, fileId: row.id, followUpId: row.followUpId, mime, size: row.size },
    });
    return fileView(sealer, row);
  });
}

export interface CareFileDownload {
  /** The name to send: the student's name in it masked (a download lands in a shared computer's list of downloads). */
  fileName: string;
  mime: string;
  bytes: Buffer;
  schoolId: number;
}

/** One file, opened for the circle with a purpose: the read is in the audit trail, in the same transaction. */
export async function downloadCareFile(ctx: Ctx, recordId: number, fileId: number, purpose: ReadPurpose): Promise<CareFileDownload> {
  const sealer = careSealer();
  const c = await circleOf(ctx.db, ctx.actor);
  return readAudited(
    ctx,
    (d) => ({ objectType: 'care_record', objectId: recordId, purpose, detail: { schoolId: d.schoolId, fileId } }),
    async (tx) => {
      const r = await recordFor(tx, ctx, c, recordId);
      const [f] = await tx.select().from(careFiles).where(and(eq(careFiles.id, fileId), eq(careFiles.recordId, r.id)));
      if (!f) throw notFound('附件');
      const bytes = sealer.openBytes(f.content, fileAad.content(r.id));
      const sha256 = sealer.open(f.sha256Enc, fileAad.sha256(r.id));
      // GCM already refuses changed bytes; the digest also catches a file sealed from the wrong buffer.
      if (createHash('sha256').update(bytes).digest('hex') !== sha256) throw new Error(`care file ${f.id}: digest mismatch`);
      let fileName = sealer.open(f.nameEnc, fileAad.name(r.id));
      const student = r.nameEnc ? sealer.open(r.nameEnc, aad.name(r.schoolId)) : '';
      if (student) fileName = fileName.split(student).join(maskName(student));
      return { fileName, mime: f.mime, bytes, schoolId: r.schoolId };
    },
  );
}

/** The principal or care staff remove a file (a wrong upload): the row and its sealed bytes go, audited. */
export async function deleteCareFile(ctx: Ctx, recordId: number, fileId: number): Promise<{ id: number }> {
  careSealer();
  const c = await circleOf(ctx.db, ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const r = await recordFor(tx, ctx, c, recordId, true);
    if (!c.full.has(r.schoolId)) throw forbidden('包靠人不能删除附件，请联系校长或关爱专干');
    if (r.status !== 'open') throw conflict('CARE_RECORD_CLOSED', '该档案已结案，附件随档案到期清除');
    const [f] = await tx.delete(careFiles).where(and(eq(careFiles.id, fileId), eq(careFiles.recordId, r.id))).returning({ id: careFiles.id, followUpId: careFiles.followUpId, mime: careFiles.mime, size: careFiles.size });
    if (!f) throw notFound('附件');
    await writeAudit(tx, auditCtx(ctx), { action: 'delete', objectType: 'care_record', objectId: r.id, before: { schoolId: r.schoolId, fileId: f.id, followUpId: f.followUpId, mime: f.mime, size: f.size } });
    return { id: f.id };
  });
}
