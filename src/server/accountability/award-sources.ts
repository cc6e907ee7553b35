// The award check (前置审核, 001 item 27: 对于发生学校安全责任事故、存在重大安全隐患等情况…在各级各类评选
// 表彰中实施前置审核): for a unit and a year, what bars it from awards, read from a list of sources.
// Each source is one function returning bar items (kind, Chinese reason, day, link to the record);
// a new source is one import and one line in `awardSources`.
import { and, between, eq, isNotNull, lt } from 'drizzle-orm';
import { accountabilityMeasureLabels, awardCheck, majorHazardLateDays, yearRange, type AccountabilityMeasure, type AwardBar } from '../../domain/accountability.js';
import { shanghaiDate } from '../../domain/dates.js';
import type { Executor } from '../db/client.js';
import { accountabilityDecisions, hazards, notices, noticeUnits } from '../db/schema.js';
import { incidentDiscipline } from '../incidents/discipline.js';

export interface AwardUnit {
  id: number;
  districtId: number;
  name: string;
}

export interface AwardSource {
  /** What the source reads, shown with a clean result ("checked: …"). */
  name: string;
  bars(db: Executor, unit: AwardUnit, range: { from: string; to: string }, today: string): Promise<AwardBar[]>;
}

/** Major hazards of the unit whose deadline fell in the year and which were not closed by it (hazard register). */
export const majorHazardSource: AwardSource = {
  name: '隐患台账（重大隐患按期整改销号）',
  async bars(db, unit, range, today) {
    const rows = await db
      .select({ id: hazards.id, code: hazards.code, description: hazards.description, grade: hazards.grade, deadline: hazards.deadline, closedAt: hazards.closedAt })
      .from(hazards)
      .where(and(eq(hazards.districtId, unit.districtId), eq(hazards.schoolId, unit.id), eq(hazards.grade, 'major'), isNotNull(hazards.deadline), between(hazards.deadline, range.from, range.to), lt(hazards.deadline, today)));
    const out: AwardBar[] = [];
    for (const h of rows) {
      const closedOn = h.closedAt ? shanghaiDate(h.closedAt) : null;
      const late = majorHazardLateDays({ grade: h.grade, deadline: h.deadline, closedOn }, today);
      if (late === null) continue;
      out.push({
        kind: 'major_hazard_late',
        reason: closedOn
          ? `重大隐患 ${h.code}（${h.description}）整改时限 ${h.deadline}，${closedOn} 才销号，逾期 ${late} 天`
          : `重大隐患 ${h.code}（${h.description}）整改时限 ${h.deadline}，至今未销号，已逾期 ${late} 天`,
        on: h.deadline!,
        link: `/hazards/${h.id}`,
      });
    }
    return out;
  },
};

/** Published notices naming the unit, by the day published. */
export const noticeSource: AwardSource = {
  name: '通报（已发布）',
  async bars(db, unit, range) {
    const rows = await db
      .select({ id: notices.id, code: notices.code, title: notices.title, publishedOn: notices.publishedOn })
      .from(noticeUnits)
      .innerJoin(notices, eq(notices.id, noticeUnits.noticeId))
      .where(and(eq(noticeUnits.unitId, unit.id), eq(notices.districtId, unit.districtId), eq(notices.status, 'published'), between(notices.publishedOn, range.from, range.to)));
    return rows.map((n) => ({ kind: 'notice', reason: `${n.publishedOn} 被通报：${n.code}《${n.title}》`, on: n.publishedOn!, link: `/accountability/notices/${n.id}` }));
  },
};

/** Accountability decisions on the unit, by the day decided. */
export const decisionSource: AwardSource = {
  name: '问责决定',
  async bars(db, unit, range) {
    const rows = await db
      .select()
      .from(accountabilityDecisions)
      .where(and(eq(accountabilityDecisions.unitId, unit.id), eq(accountabilityDecisions.districtId, unit.districtId), between(accountabilityDecisions.decidedOn, range.from, range.to)));
    return rows.map((d) => ({
      kind: 'accountability',
      reason: `${d.decidedOn} 问责：${accountabilityMeasureLabels[d.measure as AccountabilityMeasure]}${d.documentNo ? `（${d.documentNo}）` : ''}，${d.reason}`,
      on: d.decidedOn,
      link: `/accountability?tab=decisions&unitId=${unit.id}`,
    }));
  },
};

/**
 * The shape of an incident's discipline flag as the incidents mechanism gives it
 * (incidents/discipline.ts, issue 13): a source over it needs only the function.
 */
export interface DisciplineItem {
  incidentId: number;
  code: string;
  unitId: number;
  flag: 'late' | 'missing' | 'false' | 'concealed' | 'responsibility_accident';
  occurredOn: string;
  evidence: string;
}
export type DisciplineReader = (db: Executor, districtId: number, range: { from: string; to: string }, unitIds?: number[]) => Promise<DisciplineItem[]>;

/**
 * Incidents as a source: a responsibility accident or a concealed incident bars (001 item 27);
 * late, missing and false reports lead to notices, which bar through the notice source.
 */
export function incidentSource(read: DisciplineReader): AwardSource {
  return {
    name: '突发事件（责任事故、瞒报）',
    async bars(db, unit, range) {
      const items = await read(db, unit.districtId, range, [unit.id]);
      return items
        .filter((i) => i.unitId === unit.id && (i.flag === 'concealed' || i.flag === 'responsibility_accident'))
        .map((i) => ({
          kind: i.flag === 'concealed' ? 'concealed_incident' : 'responsibility_accident',
          reason: `${i.occurredOn} ${i.flag === 'concealed' ? '瞒报' : '发生安全责任事故'}：${i.code}，${i.evidence}`,
          on: i.occurredOn,
          link: `/incidents/${i.incidentId}`,
        }));
    },
  };
}

/** The sources the check reads. */
export const awardSources: AwardSource[] = [majorHazardSource, noticeSource, decisionSource, incidentSource(incidentDiscipline)];

/** Every source for the unit and year; barred when any finds something. */
export async function runAwardCheck(db: Executor, unit: AwardUnit, year: number, today: string, sources: readonly AwardSource[] = awardSources) {
  const range = yearRange(year);
  const found = await Promise.all(sources.map((s) => s.bars(db, unit, range, today)));
  return { ...awardCheck(found.flat()), sources: sources.map((s) => s.name) };
}
