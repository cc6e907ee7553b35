// The records a notice cites (通报依据), one resolver per kind: each finds the record in the
// caller's scope (else 404, as references.ts does for every id in a body), refuses one that does
// not fit (400 naming the field), and returns what the notice keeps of it — the unit, a one-line
// label, the day and the page to open. A new kind is one entry in `recordResolvers`.
import { and, eq } from 'drizzle-orm';
import type { NoticeRecordKind, NoticeRecordRef } from '../../contracts/accountability.js';
import { hazardGradeLabels } from '../../contracts/enums.js';
import { hazardScope, schoolLedgerScope, type Actor } from '../access/access.js';
import { referenceError } from '../access/references.js';
import type { Executor } from '../db/client.js';
import { complianceFindings, hazards, incidents, units } from '../db/schema.js';
import { shanghaiDate } from '../../domain/dates.js';
import { notFound } from '../errors.js';

export interface ResolvedRecord {
  kind: NoticeRecordKind;
  refId: number;
  refKey: string;
  unitId: number;
  unitPath: string;
  label: string;
  occurredOn: string;
  link: string;
}

export type RecordResolver = (db: Executor, actor: Actor, ref: NoticeRecordRef, field: string) => Promise<ResolvedRecord>;

async function hazardInScope(db: Executor, actor: Actor, id: number) {
  const [h] = await db.select().from(hazards).where(and(eq(hazards.id, id), hazardScope(actor)));
  if (!h) throw notFound('隐患');
  return h;
}

const hazardRecord = (kind: NoticeRecordKind, h: typeof hazards.$inferSelect, label: string): ResolvedRecord => ({
  kind,
  refId: h.id,
  refKey: '',
  unitId: h.schoolId,
  unitPath: h.schoolPath,
  label,
  occurredOn: h.deadline ?? h.foundOn,
  link: `/hazards/${h.id}`,
});

export const recordResolvers: Record<NoticeRecordKind, RecordResolver> = {
  /** A hazard of the register (an overdue major hazard above all, 003: 重大隐患悬而不决). */
  hazard: async (db, actor, ref) => {
    const h = await hazardInScope(db, actor, ref.id);
    const grade = hazardGradeLabels[h.grade as keyof typeof hazardGradeLabels] ?? h.grade;
    return hazardRecord('hazard', h, `${h.code}（${grade}隐患）${h.description}${h.deadline ? `，整改时限 ${h.deadline}` : ''}`);
  },
  /** A fix a campaign sample's follow-up found false (002: 弄虚作假 → 通报追责). */
  false_fix: async (db, actor, ref, field) => {
    const h = await hazardInScope(db, actor, ref.id);
    if (!h.falseFix) throw referenceError(field, `${h.code} 不是回头看发现的虚假整改`, '通报依据');
    return hazardRecord('false_fix', h, `${h.code} 回头看发现整改不实：${h.description}`);
  },
  /** A missed rule of the compliance board: the school × rule as the rollup keeps it. */
  compliance_finding: async (db, actor, ref, field) => {
    if (!ref.ruleCode) throw referenceError(field, '请选择未达标的规则', '通报依据');
    const [f] = await db
      .select({ f: complianceFindings, name: units.name })
      .from(complianceFindings)
      .innerJoin(units, eq(units.id, complianceFindings.unitId))
      .where(and(eq(complianceFindings.unitId, ref.id), eq(complianceFindings.ruleCode, ref.ruleCode), schoolLedgerScope(actor, { districtId: complianceFindings.districtId, schoolPath: complianceFindings.unitPath })));
    if (!f) throw notFound('合规检查结果');
    if (f.f.status !== 'missed') throw referenceError(field, `${f.name}的这项规则目前不是未达标`, '通报依据');
    return {
      kind: 'compliance_finding',
      refId: f.f.unitId,
      refKey: f.f.ruleCode,
      unitId: f.f.unitId,
      unitPath: f.f.unitPath,
      label: f.f.explanation,
      occurredOn: f.f.dueOn ?? '',
      link: `/compliance?school=${f.f.unitId}&ruleCode=${encodeURIComponent(f.f.ruleCode)}`,
    };
  },
  /** An incident (a late, missing, false or concealed report leads to a notice, 000 item 4, 003). */
  incident: async (db, actor, ref) => {
    const [i] = await db
      .select()
      .from(incidents)
      .where(and(eq(incidents.id, ref.id), schoolLedgerScope(actor, { districtId: incidents.districtId, schoolPath: incidents.unitPath })));
    if (!i) throw notFound('突发事件');
    return { kind: 'incident', refId: i.id, refKey: '', unitId: i.unitId, unitPath: i.unitPath, label: `${i.code} ${i.headline}`, occurredOn: shanghaiDate(i.occurredAt), link: `/incidents/${i.id}` };
  },
};

/** Every record of a notice through its kind's resolver, in the order given. */
export async function resolveRecords(db: Executor, actor: Actor, refs: readonly NoticeRecordRef[], today: string): Promise<ResolvedRecord[]> {
  const out: ResolvedRecord[] = [];
  const seen = new Set<string>();
  for (const [i, ref] of refs.entries()) {
    const r = await recordResolvers[ref.kind](db, actor, ref, `records.${i}.id`);
    const key = `${r.kind}:${r.refId}:${r.refKey}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // A finding kept without a due day counts on the day it was cited.
    out.push({ ...r, occurredOn: r.occurredOn || today });
  }
  return out;
}
