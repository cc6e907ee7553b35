import { createHash } from 'node:crypto';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import { allowedFileTypes, type AllowedFileType, type FileRef, type UploadedFile } from '../../contracts/files.js';
import { can, fileInScope, unitInScope, type Actor } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { anyOfPlaceholder, preparedOnce } from '../db/prepared.js';
import { files, inspectionInspectors, inspections, inspectionTargets, units } from '../db/schema.js';
import { badRequest, forbidden, notFound } from '../errors.js';
import { refOf } from '../access/references.js';
import { newStorageKey, type FileStorage } from './storage.js';

export type FileRow = typeof files.$inferSelect;

/** Uploading photos and evidence belongs to reporting, rectifying and inspecting. */
export function requireUploadAccess(actor: Actor): void {
  if (!(can(actor, 'hazard.report') || can(actor, 'hazard.rectify') || can(actor, 'inspection.perform'))) {
    throw forbidden('您的角色不能上传照片或文件');
  }
}

/**
 * The type of the bytes by their magic numbers (the name is never trusted): one of the allowed
 * types, or null. HEIC/HEIF sequences (live photos) count as HEIC/HEIF.
 */
export async function detectFileType(bytes: Buffer): Promise<AllowedFileType | null> {
  const found = await fileTypeFromBuffer(bytes);
  if (!found) return null;
  const mime = found.mime.replace(/-sequence$/, '');
  return (allowedFileTypes as readonly string[]).includes(mime) ? (mime as AllowedFileType) : null;
}

/** Only the base name, without control characters, bounded: it is shown back and sent in headers. */
export function cleanFileName(name: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  const base = path.basename(String(name ?? '').replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  // Cut on a code point, not inside a surrogate pair: a lone surrogate cannot be sent in a header or stored as UTF-8.
  return Array.from(base).slice(0, 200).join('') || '未命名';
}


export function presentUploaded(r: FileRow): UploadedFile {
  return { ...refOf(r), unitId: r.unitId, sha256: r.sha256, createdAt: r.createdAt.toISOString() };
}

export interface Upload {
  name: string;
  bytes: Buffer;
  /** The unit the file belongs to; the uploader's own unit when absent. */
  unitId?: number;
}

/**
 * Stores one upload: its type checked by content, its SHA-256 kept, a row in `files` owned by a
 * unit in the uploader's scope, and an 'upload' audit event. The bytes are written first; if the
 * row cannot be written they are removed again.
 */
export async function uploadFile(ctx: Ctx, storage: FileStorage, upload: Upload): Promise<UploadedFile> {
  const { actor } = ctx;
  requireUploadAccess(actor);
  if (upload.bytes.length === 0) {
    throw badRequest('VALIDATION_FAILED', '请选择要上传的文件', [{ field: 'file', label: '文件', message: '文件为空' }]);
  }
  const unitId = upload.unitId ?? actor.unitId;
  const [unit] = await ctx.db
    .select({ id: units.id, districtId: units.districtId, path: units.path })
    .from(units)
    .where(and(eq(units.id, unitId), eq(units.districtId, actor.districtId)));
  if (!unit || !(unitInScope(actor, unit) || (await inspectsNow(ctx.db, actor, unit.id)))) throw notFound('单位');

  const mime = await detectFileType(upload.bytes);
  if (!mime) {
    throw badRequest(
      'FILE_TYPE_REFUSED',
      '文件格式不允许：只能上传 JPG、PNG、WebP、HEIC 照片或 PDF 文件（按文件实际内容识别，与文件名无关）',
      [{ field: 'file', label: '文件', message: '文件实际内容不是允许的照片或 PDF' }],
    );
  }
  const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
  const storageKey = newStorageKey(actor.districtId, ctx.now);
  await storage.put(storageKey, upload.bytes);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(files)
        .values({
          districtId: actor.districtId,
          unitId: unit.id,
          unitPath: unit.path,
          name: cleanFileName(upload.name),
          mime,
          size: upload.bytes.length,
          sha256,
          storageKey,
          uploadedBy: actor.id,
          createdAt: ctx.now,
        })
        .returning();
      await writeAudit(tx, ctx, {
        action: 'upload',
        objectType: 'file',
        objectId: row.id,
        after: { name: row.name, mime, size: row.size, sha256, unitId: unit.id },
      });
      return presentUploaded(row);
    });
  } catch (err) {
    await storage.delete(storageKey).catch(() => undefined);
    throw err;
  }
}

/**
 * Whether the person is a named inspector of an inspection under way at this school: a cross
 * check's inspectors (交叉检查) come from another unit and file their photos under the school checked.
 */
async function inspectsNow(db: Executor, actor: Actor, schoolId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: inspectionTargets.id })
    .from(inspectionTargets)
    .innerJoin(inspections, eq(inspections.id, inspectionTargets.inspectionId))
    .innerJoin(inspectionInspectors, and(eq(inspectionInspectors.inspectionId, inspections.id), eq(inspectionInspectors.userId, actor.id)))
    .where(and(eq(inspectionTargets.schoolId, schoolId), eq(inspections.districtId, actor.districtId), sql`${inspections.status} <> 'submitted'`))
    .limit(1);
  return Boolean(row);
}

/** The file if its unit is in the person's scope; otherwise not found, whether or not it exists. */
export async function findFileInScope(db: Executor, actor: Actor, id: number): Promise<FileRow> {
  const [row] = await db
    .select()
    .from(files)
    .where(and(eq(files.id, id), eq(files.districtId, actor.districtId)));
  if (!row || !fileInScope(actor, row)) throw notFound('文件');
  return row;
}

/** The files behind ids, for presenting a record; ids that are gone are left out. */
export async function fileRefs(db: Executor, ids: readonly number[]): Promise<FileRef[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  // Every page that shows attachments (the register, a hazard's detail): one prepared statement
  // for any number of ids, the array as a single parameter, built once per handle (db/prepared.ts).
  const rows = await preparedOnce(
    db,
    'file-refs-by-ids',
    () => db.select({ id: files.id, name: files.name, mime: files.mime, size: files.size }).from(files).where(anyOfPlaceholder(files.id, 'ids')),
    { ids: unique },
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return unique.filter((id) => byId.has(id)).map((id) => refOf(byId.get(id)!));
}

/** `inline; filename="ascii"; filename*=UTF-8''…` (RFC 6266 with the RFC 5987 encoding). */
export function contentDisposition(name: string, kind: 'inline' | 'attachment' = 'inline'): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
