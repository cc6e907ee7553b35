// The sources of the yearly assessment (issue 14): each reads what Anxiao already knows about a
// year and gives each unit its evidence items, met or not, each naming the record behind it (so a
// figure opens down to its records). A source is one entry in SOURCES; an indicator whose source is
// not in the list says 暂无数据 (no data) and neither gives nor takes points.
//
// Incidents and the task table are read through their mechanisms' own functions (incidentDiscipline,
// taskCompletion), adapted by incidentsSource and tasksSource.
import { inArray, sql, type SQL } from 'drizzle-orm';
import type { AssessmentSource } from '../../contracts/assessment.js';
import { safetyAreaLabels, type SafetyArea } from '../../contracts/enums.js';
import { addDays } from '../../domain/dates.js';
import type { EvidenceItem, ScoredKind } from '../../domain/assessment.js';
import { VETO_FLAGS } from '../../domain/assessment.js';
import { weekEndOf, weeklyReturnWeeks } from '../../domain/campaigns.js';
import type { Executor } from '../db/client.js';
import { departmentAreas, phaseSpans, phasesOf } from '../campaigns/campaign-parts.js';
import { campaignAreas } from '../db/schema.js';
import { incidentDiscipline } from '../incidents/discipline.js';
import { taskCompletion } from '../plans/completion.js';
import { loadRulePack } from '../rules/rules.service.js';
import type { Db } from '../db/client.js';

export interface AssessedUnit {
  id: number;
  kind: ScoredKind;
  name: string;
  areas: string[];
}

export interface SourceInput {
  db: Executor;
  districtId: number;
  year: number;
  /** The year's first and last day. */
  from: string;
  to: string;
  /** Items fall due up to the day before this one (a deadline today may still be met). */
  today: string;
  units: AssessedUnit[];
  /**
   * Items for scoring only (the compute of every unit): a source with many items per unit may
   * count them in SQL and give one shared item per (day, met) for each counted row, without labels.
   * Opening a unit reads again without it, so the drill-down names every record.
   */
  brief?: boolean;
}

/** `n` items that score alike (the same day and outcome): one object, shared. */
function pushCounted(m: Map<number, EvidenceItem[]>, unitId: number, item: EvidenceItem, n: number) {
  for (let k = 0; k < n; k++) push(m, unitId, item);
}

export interface SourceDef {
  source: AssessmentSource;
  /** The kinds of unit the source speaks of; for the others the indicator has no data. */
  kinds: readonly ScoredKind[];
  read(input: SourceInput): Promise<Map<number, EvidenceItem[]>>;
}

/** The last day whose items are due: the year's end, or yesterday during the year. */
export const lastDueDay = (i: Pick<SourceInput, 'to' | 'today'>) => (i.to < i.today ? i.to : addDays(i.today, -1));

async function rows<T>(db: Executor, q: SQL): Promise<T[]> {
  return ((await db.execute(q)) as unknown as { rows: T[] }).rows;
}

const idsOf = (i: SourceInput, kind: ScoredKind) => i.units.filter((u) => u.kind === kind).map((u) => u.id);
const intArray = (ids: number[]) => sql`${`{${ids.join(',')}}`}::int[]`;

function push(m: Map<number, EvidenceItem[]>, unitId: number, item: EvidenceItem) {
  const list = m.get(unitId);
  if (list) list.push(item);
  else m.set(unitId, [item]);
}

const onTime = (closedAt: string | null, deadline: string) => closedAt !== null && closedAt <= deadline;

// ---- compliance: the year's periods per rule (from compliance_periods) -------------------------

const complianceSource: SourceDef = {
  source: 'compliance',
  kinds: ['school'],
  async read(i) {
    const out = new Map<number, EvidenceItem[]>();
    const ids = idsOf(i, 'school');
    if (!ids.length) return out;
    if (i.brief) {
      // Counted per school, day and outcome: a year of 1,000 schools is ~150,000 periods (issue 14: the compute < 10 s).
      const counted = await rows<{ unit_id: number; ends_on: string; ok: boolean; n: number }>(
        i.db,
        sql`select unit_id, ends_on::text as ends_on, status = 'met' as ok, count(*)::int as n
            from compliance_periods
            where district_id = ${i.districtId} and ends_on between ${i.from} and ${lastDueDay(i)} and status in ('met','missed')
              and unit_id = any(${intArray(ids)})
            group by unit_id, ends_on, status`,
      );
      for (const r of counted) pushCounted(out, r.unit_id, { ok: r.ok, kind: 'compliance_period', id: r.ends_on, label: '', on: r.ends_on }, r.n);
      return out;
    }
    const { pack } = await loadRulePack(i.db as Db, i.districtId);
    const described = new Map(pack.rules.map((r) => [r.code, r.description]));
    const found = await rows<{ unit_id: number; rule_code: string; period_key: string; label: string; ends_on: string; status: string }>(
      i.db,
      sql`select unit_id, rule_code, period_key, period->>'label' as label, ends_on::text as ends_on, status
          from compliance_periods
          where district_id = ${i.districtId} and ends_on between ${i.from} and ${lastDueDay(i)} and status in ('met','missed')
            and unit_id = any(${intArray(ids)})`,
    );
    for (const r of found) {
      push(out, r.unit_id, {
        ok: r.status === 'met',
        kind: 'compliance_period',
        id: `${r.rule_code}|${r.period_key}`,
        label: `${described.get(r.rule_code) ?? r.rule_code}（${r.label}）`,
        on: r.ends_on,
      });
    }
    return out;
  },
};

// ---- hazards: closed by their deadline; major hazards under supervision ---------------------------

type HazardRow = { unit_id: number; id: number; code: string; area: string; description: string; deadline: string; closed_on: string | null; status: string };

/** The hazards due in the year of the schools, and of the departments (assigned to them or in their areas). */
async function dueHazards(i: SourceInput, extra: SQL): Promise<HazardRow[]> {
  const schools = idsOf(i, 'school');
  const depts = idsOf(i, 'department');
  const cols = sql`h.id, h.code, h.area, h.description, h.deadline::text as deadline, h.status,
    (h.closed_at at time zone 'Asia/Shanghai')::date::text as closed_on`;
  const window = sql`h.district_id = ${i.districtId} and h.deadline between ${i.from} and ${lastDueDay(i)} ${extra}`;
  const [bySchool, byDept] = await Promise.all([
    schools.length ? rows<HazardRow>(i.db, sql`select h.school_id as unit_id, ${cols} from hazards h where ${window} and h.school_id = any(${intArray(schools)})`) : [],
    depts.length
      ? rows<HazardRow>(
          i.db,
          sql`select d.id as unit_id, ${cols} from hazards h
              join units d on d.id = any(${intArray(depts)}) and (h.responsible_department_id = d.id or h.area = any(d.areas))
              where ${window}`,
        )
      : [],
  ]);
  return [...bySchool, ...byDept];
}

function hazardItem(r: HazardRow): EvidenceItem {
  const ok = onTime(r.closed_on, r.deadline);
  const note = r.closed_on ? (ok ? `${r.closed_on} 销号` : `${r.closed_on} 销号，逾期`) : '未销号，已逾期';
  return { ok, kind: 'hazard', id: r.id, label: `${r.code} ${safetyAreaLabels[r.area as SafetyArea] ?? r.area}：${r.description.slice(0, 40)}`, on: r.deadline, note: `整改时限 ${r.deadline}，${note}` };
}

const hazardClosureSource: SourceDef = {
  source: 'hazard_closure',
  kinds: ['school', 'department'],
  async read(i) {
    const out = new Map<number, EvidenceItem[]>();
    for (const r of await dueHazards(i, sql``)) push(out, r.unit_id, hazardItem(r));
    return out;
  },
};

const majorHazardsSource: SourceDef = {
  source: 'major_hazards',
  kinds: ['school', 'department'],
  async read(i) {
    const out = new Map<number, EvidenceItem[]>();
    for (const r of await dueHazards(i, sql`and h.grade = 'major'`)) push(out, r.unit_id, hazardItem(r));
    return out;
  },
};

// ---- campaigns: the self-check on time (schools), the weekly returns (departments), 002 ------------

const campaignSelfCheckSource: SourceDef = {
  source: 'campaign_self_check',
  kinds: ['school'],
  async read(i) {
    const out = new Map<number, EvidenceItem[]>();
    const ids = idsOf(i, 'school');
    if (!ids.length) return out;
    const found = await rows<{ unit_id: number; campaign_id: number; name: string; due: string; submitted_on: string | null; target_id: number | null }>(
      i.db,
      sql`select s.id as unit_id, c.id as campaign_id, c.name, c.self_check_due::text as due,
            min((t.submitted_at at time zone 'Asia/Shanghai')::date)::text as submitted_on, min(t.id) as target_id
          from campaigns c
          join units s on s.id = any(${intArray(ids)})
            and (c.all_schools or exists (select 1 from campaign_schools cs where cs.campaign_id = c.id and cs.school_id = s.id))
          left join inspections ins on ins.campaign_id = c.id and ins.kind = 'self_check'
          left join inspection_targets t on t.inspection_id = ins.id and t.school_id = s.id and t.status = 'submitted'
          where c.district_id = ${i.districtId} and c.self_check_due between ${i.from} and ${lastDueDay(i)}
          group by s.id, c.id, c.name, c.self_check_due`,
    );
    for (const r of found) {
      const ok = onTime(r.submitted_on, r.due);
      push(out, r.unit_id, {
        ok,
        kind: 'campaign_self_check',
        id: r.target_id ?? `campaign:${r.campaign_id}`,
        label: `${r.name} 学校自查`,
        on: r.due,
        note: r.submitted_on ? `要求 ${r.due} 前完成，${r.submitted_on} 提交${ok ? '' : '（逾期）'}` : `要求 ${r.due} 前完成，未提交`,
      });
    }
    return out;
  },
};

const weeklyReturnsSource: SourceDef = {
  source: 'weekly_returns',
  kinds: ['department'],
  async read(i) {
    const out = new Map<number, EvidenceItem[]>();
    const depts = new Set(idsOf(i, 'department'));
    if (!depts.size) return out;
    const last = lastDueDay(i);
    const cs = await rows<{ id: number; name: string }>(i.db, sql`select id, name from campaigns where district_id = ${i.districtId} and starts_on <= ${i.to} and ends_on >= ${i.from}`);
    if (!cs.length) return out;
    const phases = await phasesOf(i.db, cs.map((c) => c.id));
    const areas = await i.db.select().from(campaignAreas).where(inArray(campaignAreas.campaignId, cs.map((c) => c.id)));
    const returns = await rows<{ id: number; campaign_id: number; department_id: number; week_start: string; status: string; submitted_on: string | null }>(
      i.db,
      sql`select id, campaign_id, department_id, week_start::text as week_start, status, (submitted_at at time zone 'Asia/Shanghai')::date::text as submitted_on
          from weekly_returns where campaign_id = any(${intArray(cs.map((c) => c.id))})`,
    );
    const byKey = new Map(returns.map((r) => [`${r.campaign_id}:${r.department_id}:${r.week_start}`, r]));
    for (const c of cs) {
      const deptAreas = departmentAreas(areas.filter((a) => a.campaignId === c.id));
      for (const week of weeklyReturnWeeks(phaseSpans(phases.get(c.id) ?? []))) {
        const end = weekEndOf(week);
        if (end < i.from || end > last) continue;
        for (const d of deptAreas.keys()) {
          if (!depts.has(d)) continue;
          const r = byKey.get(`${c.id}:${d}:${week}`);
          const submitted = r?.status === 'submitted' ? r.submitted_on : null;
          const ok = onTime(submitted, end);
          push(out, d, {
            ok,
            kind: 'weekly_return',
            id: r?.id ?? `${c.id}:${week}`,
            label: `${c.name} ${week} 至 ${end} 周报`,
            on: end,
            note: submitted ? `${submitted} 报送${ok ? '' : '（逾期）'}` : '未报送',
          });
        }
      }
    }
    return out;
  },
};

// ---- training coverage and letters signed (001 item 7; 000 item 1, 001 item 3) ---------------------

const trainingSource: SourceDef = {
  source: 'training',
  kinds: ['school'],
  async read(i) {
    const out = new Map<number, EvidenceItem[]>();
    const ids = idsOf(i, 'school');
    if (!ids.length) return out;
    if (i.brief) {
      // Counted per school: staff members trained this year or not (80 per school at full size).
      const counted = await rows<{ unit_id: number; ok: boolean; n: number }>(
        i.db,
        sql`select m.school_id as unit_id,
              exists (select 1 from trainings t where t.staff_id = m.id and t.status = 'recorded' and t.ends_on between ${i.from} and ${i.to}) as ok,
              count(*)::int as n
            from staff_members m
            where m.district_id = ${i.districtId} and m.school_id = any(${intArray(ids)})
              and (m.left_on is null or m.left_on >= ${i.from}) and (m.created_at at time zone 'Asia/Shanghai')::date <= ${i.to}
            group by 1, 2`,
      );
      for (const r of counted) pushCounted(out, r.unit_id, { ok: r.ok, kind: 'staff_member', id: `${r.unit_id}:${r.ok}`, label: '', on: null }, r.n);
      return out;
    }
    const found = await rows<{ unit_id: number; id: number; name: string; hours: string | null; trainings: number }>(
      i.db,
      sql`select m.school_id as unit_id, m.id, m.name, sum(t.hours)::text as hours, count(t.id)::int as trainings
          from staff_members m
          left join trainings t on t.staff_id = m.id and t.status = 'recorded' and t.ends_on between ${i.from} and ${i.to}
          where m.district_id = ${i.districtId} and m.school_id = any(${intArray(ids)})
            and (m.left_on is null or m.left_on >= ${i.from}) and (m.created_at at time zone 'Asia/Shanghai')::date <= ${i.to}
          group by m.school_id, m.id, m.name`,
    );
    for (const r of found) {
      push(out, r.unit_id, { ok: r.trainings > 0, kind: 'staff_member', id: r.id, label: r.name, on: null, note: r.trainings ? `本年度培训 ${r.trainings} 次，${Number(r.hours ?? 0)} 学时` : '本年度无培训记录' });
    }
    return out;
  },
};

const lettersSource: SourceDef = {
  source: 'letters',
  kinds: ['school', 'department'],
  async read(i) {
    const out = new Map<number, EvidenceItem[]>();
    const ids = i.units.map((u) => u.id);
    if (!ids.length) return out;
    const found = await rows<{ unit_id: number; letter_id: number; title: string; published_on: string; signed_on: string | null }>(
      i.db,
      sql`select u.id as unit_id, l.id as letter_id, l.title, l.published_on::text as published_on, min(s.signed_on)::text as signed_on
          from responsibility_letters l
          join units u on u.id = any(${intArray(ids)})
          left join letter_signatures s on s.letter_id = l.id and s.unit_id = u.id and s.staff_id is null
          where l.district_id = ${i.districtId} and l.level = 'bureau_to_unit' and l.status = 'published' and l.year = ${i.year}
          group by u.id, l.id, l.title, l.published_on`,
    );
    for (const r of found) {
      push(out, r.unit_id, { ok: r.signed_on !== null, kind: 'letter', id: r.letter_id, label: r.title, on: r.published_on, note: r.signed_on ? `${r.signed_on} 签订` : '未签订' });
    }
    return out;
  },
};

// ---- the sources built by other issues, adapted here ----------------------------------------------

/** The incidents' reporting discipline (src/server/incidents/discipline.ts; 001 item 27). */
export interface IncidentDisciplineItem {
  incidentId: number;
  code: string;
  unitId: number;
  flag: 'late' | 'missing' | 'false' | 'concealed' | 'responsibility_accident';
  occurredOn: string;
  evidence: string;
}
export type IncidentDisciplineFn = (db: Executor, districtId: number, range: { from: string; to: string }, unitIds?: number[]) => Promise<IncidentDisciplineItem[]>;

const flagLabels: Record<IncidentDisciplineItem['flag'], string> = { late: '迟报', missing: '漏报', false: '谎报', concealed: '瞒报', responsibility_accident: '安全责任事故' };

/** Each breach of reporting discipline is an item not met; the veto reads the same items (kind 'incident', note = flag). */
export function incidentsSource(read: IncidentDisciplineFn): SourceDef {
  return {
    source: 'incidents',
    kinds: ['school', 'department'],
    async read(i) {
      const out = new Map<number, EvidenceItem[]>();
      const found = await read(i.db, i.districtId, { from: i.from, to: i.to }, i.units.map((u) => u.id));
      for (const r of found) push(out, r.unitId, { ok: false, kind: 'incident', id: r.incidentId, label: `${r.code} ${flagLabels[r.flag]}`, on: r.occurredOn, note: `${r.flag}|${r.evidence}` });
      return out;
    },
  };
}

/** The veto's items among a unit's incident items: a responsibility accident or a concealed incident (001 item 27). */
export function vetoItems(items: EvidenceItem[] | undefined) {
  return (items ?? [])
    .filter((it) => it.kind === 'incident' && (VETO_FLAGS as readonly string[]).includes((it.note ?? '').split('|')[0]))
    .map((it) => ({ kind: it.kind, id: it.id, label: it.label }));
}

/** The work plan's task completion (src/server/plans/completion.ts). */
export type TaskCompletionFn = (db: Executor, districtId: number, year: number, unitIds?: number[]) => Promise<Map<number, { due: number; done: number; overdue: number; taskIds: number[] }>>;

/** Each task due is an item: the done ones met, the rest not (the source gives counts and the task ids). */
export function tasksSource(read: TaskCompletionFn): SourceDef {
  return {
    source: 'tasks',
    kinds: ['school', 'department'],
    async read(i) {
      const out = new Map<number, EvidenceItem[]>();
      const found = await read(i.db, i.districtId, i.year, i.units.map((u) => u.id));
      for (const [unitId, c] of found) {
        const note = `任务编号：${c.taskIds.join('、')}`;
        for (let k = 0; k < c.due; k++) {
          const ok = k < c.done;
          push(out, unitId, { ok, kind: 'task', id: `${unitId}:${k}`, label: ok ? '按期完成的任务' : '到期未完成的任务', on: null, note });
        }
      }
      return out;
    },
  };
}

/** Every source the assessment reads today. */
export const SOURCES: SourceDef[] = [
  complianceSource,
  hazardClosureSource,
  majorHazardsSource,
  campaignSelfCheckSource,
  weeklyReturnsSource,
  trainingSource,
  lettersSource,
  incidentsSource(incidentDiscipline),
  tasksSource(taskCompletion),
];
