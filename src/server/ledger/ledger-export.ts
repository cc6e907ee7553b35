// The parts of a school ledger's Excel export shared by the staff, training, safety meeting and
// insurance routes (issue 4): the place and record-status columns, and an audited export in the
// caller's scope.
import type { SQL } from 'drizzle-orm';
import type { AuditObjectType } from '../../contracts/enums.js';
import { recordStatusLabels } from '../../contracts/ledger.js';
import { requireAccess } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import { inBatches, type Column } from '../excel.js';

export const place = <T extends { schoolName: string; townName: string | null }>(): Column<T>[] => [
  { header: '学校', width: 28, value: (d) => d.schoolName },
  { header: '镇街', width: 16, value: (d) => d.townName },
];
export const recorded = <T extends { files: unknown[]; status: keyof typeof recordStatusLabels; voidReason: string | null; createdByName: string }>(): Column<T>[] => [
  { header: '文件数', width: 8, value: (d) => d.files.length },
  { header: '状态', width: 8, value: (d) => recordStatusLabels[d.status] },
  { header: '作废原因', width: 24, value: (d) => d.voidReason },
  { header: '登记人', width: 12, value: (d) => d.createdByName },
];

/** An audited export in the caller's scope (the filter decides; outside it → 404). */
export async function exportLedger<T extends { id: number }>(
  ctx: Ctx,
  query: unknown,
  objectType: AuditObjectType,
  filter: () => Promise<SQL>,
  fetcher: (where: SQL) => (afterId: number, limit: number) => Promise<T[]>,
) {
  requireAccess(ctx.actor, 'ledger.read');
  const where = await filter();
  await ctx.db.transaction((tx) => writeAudit(tx, ctx, { action: 'export', objectType, after: { filter: query } }));
  return inBatches(fetcher(where));
}

