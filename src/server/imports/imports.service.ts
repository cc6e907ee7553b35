// Import of units, people and the school ledgers from Excel, all or nothing. A job row records the upload; the work
// runs in the background in this process: read the sheet, check every row against the rules of
// the create endpoints (lookups loaded up front, no query per row), and only when no row is bad
// write them all in one transaction together with the audit event and the job's 'done'.
import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { RoleKey, UnitKind } from '../../contracts/enums.js';
import {
  importColumns,
  isLedgerImportKind,
  ledgerImportPermission,
  type ImportError,
  type ImportJob,
  type ImportKind,
  type ImportStatus,
} from '../../contracts/imports.js';
import {
  missingColumns,
  rowUsernames,
  validateUnitRows,
  validateUserRows,
  type ExistingUnit,
  type PlacementUnit,
  type RowError,
  type SheetRow,
  type UnitDraft,
  type UserDraft,
} from '../../domain/import-rows.js';
import { passwordProblems } from '../../domain/password.js';
import { grantRefusal } from '../../domain/roles.js';
import { childPath } from '../../domain/units.js';
import { can, requireAccess, unitInScope, type Actor } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import { hashPassword } from '../auth/passwords.js';
import type { Ctx } from '../context.js';
import type { Db, Executor } from '../db/client.js';
import { isUniqueViolation } from '../db/errors.js';
import { drills, dutyEntries, importJobs, insurancePolicies, safetyMeetings, securityProfiles, staffMembers, trainings, units, userRoles, users } from '../db/schema.js';
import { badRequest, forbidden, notFound } from '../errors.js';
import type { ImportQueue } from './import-queue.js';
import { checkLedgerRows, ImportAbort, insertLedgerRows, type LedgerDrafts } from './ledger-import.js';
import { moreLedgerTables } from './more-ledgers.js';
import { ImportFileError, notXlsxReason, readSheet } from './workbook.js';

export type ImportJobRow = typeof importJobs.$inferSelect;

/** Rows per INSERT statement: well under PostgreSQL's 65,535 bind parameters for 17 columns. */
const BATCH = 500;
/** A file with thousands of bad rows reports the first ones; the rest follow once these are fixed. */
const MAX_REPORTED_ERRORS = 500;

export interface Upload {
  kind: ImportKind;
  fileName: string;
  buffer: Buffer;
  initialPassword?: string;
}

/**
 * Units and people need import.run and the right to create what is imported; the school ledgers
 * need ledger.write, as registering a record by hand does. Without a kind (the list of jobs, a
 * job): either.
 */
export function requireImportAccess(actor: Actor, kind?: ImportKind) {
  if (kind === undefined) {
    if (!can(actor, 'import.run') && !can(actor, 'ledger.write')) throw forbidden();
    return;
  }
  if (isLedgerImportKind(kind)) {
    requireAccess(actor, 'ledger.write');
    // The ledger's own permission too (the gate log, health checks, chemical movements).
    const own = ledgerImportPermission[kind];
    if (own) requireAccess(actor, own);
    return;
  }
  requireAccess(actor, 'import.run');
  if (kind === 'units') requireAccess(actor, 'unit.manage');
  if (kind === 'users') requireAccess(actor, 'user.manage');
}

// ---- jobs ----------------------------------------------------------------------------------

// Progress of the write phase. It runs in one transaction, so its progress cannot be committed as
// it goes; a status request served by this process (on PostgreSQL, from another connection while
// the transaction runs) reads it from here. Keyed by database so test apps in one process stay apart.
const liveProgress = new WeakMap<Db, Map<number, number>>();
function progressOf(db: Db) {
  let m = liveProgress.get(db);
  if (!m) liveProgress.set(db, (m = new Map()));
  return m;
}

// The queue of this process's imports (import-queue.ts), set by the routes; keyed by database as above.
const queues = new WeakMap<Db, ImportQueue>();
export function registerImportQueue(db: Db, queue: ImportQueue) {
  queues.set(db, queue);
}

const jobColumns = {
  id: importJobs.id,
  districtId: importJobs.districtId,
  kind: importJobs.kind,
  fileName: importJobs.fileName,
  status: importJobs.status,
  total: importJobs.total,
  processed: importJobs.processed,
  errors: importJobs.errors,
  createdCount: importJobs.createdCount,
  createdBy: importJobs.createdBy,
  createdAt: importJobs.createdAt,
  finishedAt: importJobs.finishedAt,
  actorName: users.displayName,
};
type JobWithActor = ImportJobRow & { actorName: string | null };

function presentJob(db: Db, row: JobWithActor): ImportJob {
  const status = row.status as ImportStatus;
  const live = status === 'importing' ? progressOf(db).get(row.id) : undefined;
  return {
    id: row.id,
    kind: row.kind as ImportKind,
    fileName: row.fileName,
    status,
    total: row.total,
    processed: Math.max(row.processed, live ?? 0),
    createdCount: row.createdCount,
    queuePosition: status === 'queued' ? (queues.get(db)?.position(row.id) ?? null) : null,
    errors: (row.errors ?? []) as ImportError[],
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    actorName: row.actorName,
  };
}

/**
 * Jobs of the person's district; someone with a unit scope, or who imports only ledgers, sees
 * only the jobs they started.
 */
function jobScope(actor: Actor): SQL {
  return actor.scope !== 'unit' && can(actor, 'import.run')
    ? eq(importJobs.districtId, actor.districtId)
    : and(eq(importJobs.districtId, actor.districtId), eq(importJobs.createdBy, actor.id))!;
}

function selectJobs(db: Executor) {
  return db.select(jobColumns).from(importJobs).leftJoin(users, eq(users.id, importJobs.createdBy));
}

export async function getImportJob(ctx: Ctx, id: number): Promise<ImportJob> {
  requireImportAccess(ctx.actor);
  const [row] = await selectJobs(ctx.db).where(and(eq(importJobs.id, id), jobScope(ctx.actor)));
  if (!row) throw notFound('导入任务');
  return presentJob(ctx.db, row);
}

export async function listImportJobs(ctx: Ctx): Promise<{ items: ImportJob[] }> {
  requireImportAccess(ctx.actor);
  const rows = await selectJobs(ctx.db).where(jobScope(ctx.actor)).orderBy(desc(importJobs.id)).limit(20);
  return { items: rows.map((r) => presentJob(ctx.db, r)) };
}

/**
 * Jobs left running by a stopped process can never finish. An import takes well under a minute,
 * so a job still running after `olderThanMs` was cut off; younger ones may belong to another
 * instance and are left alone. For start-up and the scheduler.
 */
export async function failInterruptedImports(db: Executor, now = new Date(), olderThanMs = 15 * 60_000): Promise<number> {
  const cut = await db
    .update(importJobs)
    .set({ status: 'failed', errors: [fileError('导入因服务重启而中断，未导入任何数据，请重新上传')], finishedAt: now })
    .where(and(inArray(importJobs.status, ['queued', 'validating', 'importing']), lt(importJobs.createdAt, new Date(now.getTime() - olderThanMs))))
    .returning({ id: importJobs.id });
  return cut.length;
}

/** Jobs dropped from the queue by a closing process: they never started, nothing was imported. */
export async function failQueuedImports(db: Executor, ids: number[], now = new Date()): Promise<void> {
  if (!ids.length) return;
  await db
    .update(importJobs)
    .set({ status: 'failed', errors: [fileError('服务停止时导入仍在等待，未导入任何数据，请重新上传')], finishedAt: now })
    .where(and(inArray(importJobs.id, ids), eq(importJobs.status, 'queued')));
}

const fileError = (message: string): ImportError => ({ row: 0, column: '', message });

// ---- starting ------------------------------------------------------------------------------

/**
 * Checks what can be checked at once (access, file type, the initial password), records the job
 * and returns it with the work to run in the background.
 */
export async function startImport(ctx: Ctx, upload: Upload): Promise<{ job: ImportJob; run: (log: (err: unknown) => void) => Promise<void> }> {
  requireImportAccess(ctx.actor, upload.kind);
  const notXlsx = notXlsxReason(upload.buffer);
  if (notXlsx) throw badRequest('IMPORT_NOT_XLSX', notXlsx, [{ field: 'file', label: '文件', message: notXlsx }]);

  let passwordHash: string | null = null;
  const initialPassword = upload.kind === 'users' && upload.initialPassword ? upload.initialPassword : null;
  if (initialPassword) {
    const problems = passwordProblems(initialPassword, '');
    if (problems.length) {
      throw badRequest(
        'VALIDATION_FAILED',
        `初始密码：${problems.join('；')}`,
        problems.map((m) => ({ field: 'initialPassword', label: '初始密码', message: m })),
      );
    }
    // Hashed once for the whole file. argon2 costs about 30 ms a hash on purpose, so 20,000
    // hashes would take ten minutes, far past the 60 s an import may take; instead every imported
    // account gets this one hash and must change the password at first login. Without an initial
    // password the accounts get no hash and cannot log in until an administrator resets it.
    passwordHash = await hashPassword(initialPassword);
  }

  const [row] = await ctx.db
    .insert(importJobs)
    .values({ districtId: ctx.actor.districtId, kind: upload.kind, fileName: upload.fileName, status: 'queued', createdBy: ctx.actor.id })
    .returning();
  const job = presentJob(ctx.db, { ...row, actorName: ctx.actor.displayName });
  return { job, run: (log) => runImport(ctx, row, upload, initialPassword, passwordHash, log) };
}

// ---- running -------------------------------------------------------------------------------

/** Stops the write transaction with a reason for the person (the transaction rolls back). */

async function setJob(db: Db, id: number, values: Partial<typeof importJobs.$inferInsert>) {
  await db.update(importJobs).set(values).where(eq(importJobs.id, id));
}

function capErrors(errors: RowError[]): ImportError[] {
  if (errors.length <= MAX_REPORTED_ERRORS) return errors;
  const rest = errors.length - MAX_REPORTED_ERRORS;
  return [
    ...errors.slice(0, MAX_REPORTED_ERRORS),
    { row: errors[MAX_REPORTED_ERRORS].row, column: '', message: `另有 ${rest} 处问题未列出，请先修改以上问题后重新上传` },
  ];
}

async function runImport(
  ctx: Ctx,
  job: ImportJobRow,
  upload: Upload,
  initialPassword: string | null,
  passwordHash: string | null,
  log: (err: unknown) => void,
): Promise<void> {
  const { db } = ctx;
  const fail = (errors: ImportError[], processed?: number) =>
    setJob(db, job.id, { status: 'failed', errors, finishedAt: new Date(), ...(processed !== undefined && { processed }) });
  try {
    // Its turn has come. A job failed meanwhile (failInterruptedImports after a long wait) stays failed.
    const started = await db
      .update(importJobs)
      .set({ status: 'validating' })
      .where(and(eq(importJobs.id, job.id), eq(importJobs.status, 'queued')))
      .returning({ id: importJobs.id });
    if (!started.length) return;
    let rows: SheetRow[];
    try {
      const sheet = await readSheet(upload.buffer);
      const missing = missingColumns(importColumns[upload.kind], sheet.headers);
      if (missing.length) {
        return await fail(missing.map((c) => ({ row: sheet.headerRow, column: c, message: `缺少列“${c}”，请使用下载的模板` })));
      }
      rows = sheet.rows;
    } catch (err) {
      if (err instanceof ImportFileError) return await fail([fileError(err.message)]);
      throw err;
    }
    if (!rows.length) return await fail([fileError('文件中没有数据行：第 1 行是表头，数据从第 2 行起填写')]);

    // Progress: checking is the first half, writing the second.
    const total = rows.length;
    const half = Math.floor(total / 2);
    await setJob(db, job.id, { total });

    if (upload.kind === 'units') {
      const { errors, drafts } = validateUnitRows(rows, await existingUnits(ctx));
      if (errors.length) return await fail(capErrors(errors), half);
      await setJob(db, job.id, { status: 'importing', processed: half });
      await writeUnits(ctx, job, drafts, total, half);
    } else if (isLedgerImportKind(upload.kind)) {
      const { errors, ledger } = await checkLedgerRows(ctx, upload.kind, rows, await existingUnits(ctx));
      if (errors.length) return await fail(capErrors(errors), half);
      await setJob(db, job.id, { status: 'importing', processed: half });
      await writeLedger(ctx, job, ledger, total, half);
    } else {
      const lookups = await userLookups(ctx, rows, initialPassword);
      const { errors, drafts } = validateUserRows(rows, lookups);
      if (errors.length) return await fail(capErrors(errors), half);
      await setJob(db, job.id, { status: 'importing', processed: half });
      await writeUsers(ctx, job, drafts, total, half, passwordHash);
    }
    // PGlite has no autovacuum: fresh statistics after a bulk load (ARCHITECTURE.md).
    await db.execute(sql`analyze ${analyzedTable[upload.kind]}`).catch(log);
  } catch (err) {
    let message = '导入时发生错误，未导入任何数据，请稍后重试；如仍失败请联系管理员';
    if (err instanceof ImportAbort) message = err.message;
    else if (isUniqueViolation(err)) message = uniqueViolationMessage[upload.kind];
    else log(err);
    await fail([fileError(message)]).catch(log);
  } finally {
    progressOf(db).delete(job.id);
  }
}

const analyzedTable = {
  units,
  users,
  drills,
  staff: staffMembers,
  trainings,
  meetings: safetyMeetings,
  insurance: insurancePolicies,
  duty: dutyEntries,
  security: securityProfiles,
  ...moreLedgerTables,
} as const;

/** What was created by someone else while the import was checked; only these kinds have unique keys. */
const uniqueViolationMessage: Record<ImportKind, string> = {
  units: '导入期间有同名单位被他人创建，未导入任何数据，请检查后重新上传',
  users: '导入期间有相同用户名被他人创建，未导入任何数据，请检查后重新上传',
  drills: '导入时发生冲突，未导入任何数据，请重新上传',
  staff: '导入时发生冲突，未导入任何数据，请重新上传',
  trainings: '导入时发生冲突，未导入任何数据，请重新上传',
  meetings: '导入时发生冲突，未导入任何数据，请重新上传',
  insurance: '导入期间有相同保单号被他人登记，未导入任何数据，请检查后重新上传',
  duty: '导入期间有同一天同一角色的值班被他人安排，未导入任何数据，请检查后重新上传',
  security: '导入时发生冲突，未导入任何数据，请重新上传',
  food: '导入时发生冲突，未导入任何数据，请重新上传',
  gate: '导入时发生冲突，未导入任何数据，请重新上传',
  health_checks: '导入期间有同一班级同一时段的晨午检被他人登记，未导入任何数据，请检查后重新上传',
  education: '导入时发生冲突，未导入任何数据，请重新上传',
  equipment: '导入时发生冲突，未导入任何数据，请重新上传',
  equipment_logs: '导入时发生冲突，未导入任何数据，请重新上传',
  chemicals: '导入时发生冲突，未导入任何数据，请重新上传',
  chemical_movements: '导入时发生冲突，未导入任何数据，请重新上传',
  netsec_systems: '导入时发生冲突，未导入任何数据，请重新上传',
  school_buses: '导入期间有相同车牌号的校车被他人登记，未导入任何数据，请检查后重新上传',
  bus_drivers: '导入时发生冲突，未导入任何数据，请重新上传',
};

/** Every unit of the district by name (names are unique in a district), marked in or out of scope. */
async function existingUnits(ctx: Ctx): Promise<Map<string, ExistingUnit>> {
  const rows = await ctx.db
    .select({ id: units.id, name: units.name, kind: units.kind, status: units.status, path: units.path, districtId: units.districtId })
    .from(units)
    .where(eq(units.districtId, ctx.actor.districtId));
  return new Map(
    rows.map((u) => [u.name, { id: u.id, kind: u.kind as UnitKind, status: u.status, path: u.path, inScope: unitInScope(ctx.actor, u) }]),
  );
}

async function userLookups(ctx: Ctx, rows: SheetRow[], initialPassword: string | null) {
  const unitMap: Map<string, PlacementUnit> = await existingUnits(ctx);
  const lower = sql<string>`lower(${users.username})`;
  const takenUsernames = new Set<string>();
  const wanted = rowUsernames(rows);
  for (let i = 0; i < wanted.length; i += 5000) {
    const found = await ctx.db.select({ u: lower }).from(users).where(inArray(lower, wanted.slice(i, i + 5000)));
    for (const f of found) takenUsernames.add(f.u);
  }
  return {
    units: unitMap,
    takenUsernames,
    grantRefusal: (role: RoleKey, unitKind: UnitKind) => grantRefusal(ctx.roleTable, ctx.actor, role, unitKind),
    initialPassword,
  };
}

/** Ids for n new rows, taken from the table's sequence up front so that paths and links can be built before inserting. */
async function nextIds(tx: Executor, table: 'units' | 'users', n: number): Promise<number[]> {
  const rows = await tx
    .select({ id: sql<number>`nextval(pg_get_serial_sequence(${table}, 'id'))::int` })
    .from(sql`generate_series(1, ${n})`);
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/** Existing units the new rows hang from must still be active when writing; they are locked against change until commit. */
async function lockActive(tx: Executor, ids: number[], what: string) {
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await tx
      .select({ name: units.name, status: units.status })
      .from(units)
      .where(inArray(units.id, ids.slice(i, i + 5000)))
      .for('share');
    const stopped = rows.find((r) => r.status !== 'active');
    if (stopped) throw new ImportAbort(`${what}“${stopped.name}”在导入期间被停用，未导入任何数据，请检查后重新上传`);
  }
}

function progressReporter(ctx: Ctx, jobId: number, total: number, half: number) {
  const live = progressOf(ctx.db);
  return (written: number) => live.set(jobId, half + Math.floor((written / total) * (total - half)));
}

async function finish(tx: Executor, ctx: Ctx, job: ImportJobRow, total: number, createdCount: number, after: Record<string, unknown>) {
  await writeAudit(tx, ctx, {
    action: 'import',
    objectType: 'import',
    objectId: job.id,
    after: { kind: job.kind, fileName: job.fileName, createdCount, ...after },
  });
  await tx.update(importJobs).set({ status: 'done', processed: total, createdCount, finishedAt: new Date() }).where(eq(importJobs.id, job.id));
}

async function writeUnits(ctx: Ctx, job: ImportJobRow, drafts: UnitDraft[], total: number, half: number) {
  const report = progressReporter(ctx, job.id, total, half);
  await ctx.db.transaction(async (tx) => {
    const parentIds = [...new Set(drafts.flatMap((d) => ('unit' in d.parent ? [d.parent.unit.id] : [])))];
    await lockActive(tx, parentIds, '上级单位');
    const ids = await nextIds(tx, 'units', drafts.length);
    const placed = new Map<number, { id: number; path: string }>();
    const values = drafts.map((d, i) => {
      const parent = 'unit' in d.parent ? d.parent.unit : placed.get(d.parent.row)!;
      const path = childPath(parent.path, ids[i]);
      placed.set(d.row, { id: ids[i], path });
      return { ...d.values, id: ids[i], districtId: ctx.actor.districtId, parentId: parent.id, path };
    });
    for (let i = 0; i < values.length; i += BATCH) {
      await tx.insert(units).values(values.slice(i, i + BATCH));
      report(Math.min(i + BATCH, values.length));
    }
    const byKind: Partial<Record<UnitKind, number>> = {};
    for (const d of drafts) byKind[d.values.kind] = (byKind[d.values.kind] ?? 0) + 1;
    await finish(tx, ctx, job, total, drafts.length, { byKind });
  });
}

async function writeUsers(ctx: Ctx, job: ImportJobRow, drafts: UserDraft[], total: number, half: number, passwordHash: string | null) {
  const report = progressReporter(ctx, job.id, total, half);
  await ctx.db.transaction(async (tx) => {
    await lockActive(tx, [...new Set(drafts.map((d) => d.unitId))], '所属单位');
    const ids = await nextIds(tx, 'users', drafts.length);
    const values = drafts.map((d, i) => ({
      id: ids[i],
      districtId: ctx.actor.districtId,
      unitId: d.unitId,
      username: d.username,
      displayName: d.displayName,
      phone: d.phone,
      passwordHash,
      mustChangePassword: true,
    }));
    const grants = drafts.flatMap((d, i) => d.roles.map((roleKey) => ({ userId: ids[i], roleKey })));
    // Accounts and their roles count alike towards the progress of this phase.
    const steps = values.length + grants.length;
    for (let i = 0; i < values.length; i += BATCH) {
      await tx.insert(users).values(values.slice(i, i + BATCH));
      report((Math.min(i + BATCH, values.length) / steps) * total);
    }
    for (let i = 0; i < grants.length; i += BATCH * 2) {
      await tx.insert(userRoles).values(grants.slice(i, i + BATCH * 2));
      report(((values.length + Math.min(i + BATCH * 2, grants.length)) / steps) * total);
    }
    const byRole: Partial<Record<RoleKey, number>> = {};
    for (const g of grants) byRole[g.roleKey] = (byRole[g.roleKey] ?? 0) + 1;
    await finish(tx, ctx, job, total, drafts.length, { byRole, initialPasswordSet: passwordHash !== null });
  });
}

async function writeLedger(ctx: Ctx, job: ImportJobRow, ledger: LedgerDrafts, total: number, half: number) {
  const report = progressReporter(ctx, job.id, total, half);
  await ctx.db.transaction(async (tx) => {
    const { createdCount, after } = await insertLedgerRows(tx, ctx, ledger, (written) => report(written));
    await finish(tx, ctx, job, total, createdCount, after);
  });
}
