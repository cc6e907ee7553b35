// The daily health checks' rules (晨午检, issue 15 item 8; 001 item 16: 严格落实晨午检、因病缺课缺勤
// 追踪上报制度 … 做到早发现、早报告、早处置), pure: a class's counts must add up, every absence for
// illness is followed up one by one, and clusters of the same symptom flag a possible outbreak.
import type { FieldProblem } from './food.js';
import { addDays } from './dates.js';
import { pastDayProblem } from './ledger-checks.js';
import { DEFAULT_OUTBREAK, type OutbreakSection } from './rules/outbreak-signals.js';

export const symptoms = ['fever', 'cough', 'diarrhea', 'vomiting', 'rash', 'jaundice', 'red_eye', 'other'] as const;
export type Symptom = (typeof symptoms)[number];
export const symptomLabels: Record<Symptom, string> = {
  fever: '发热',
  cough: '咳嗽',
  diarrhea: '腹泻',
  vomiting: '呕吐',
  rash: '皮疹',
  jaundice: '黄疸',
  red_eye: '红眼',
  other: '其他',
};

export interface IllCase {
  student: string;
  symptom: Symptom;
  followUp: string;
}

export interface HealthCheckDraft {
  checkedOn: string;
  enrolled: number;
  absent: number;
  absentIll: number;
  symptoms: Partial<Record<Symptom, number>>;
  illCases: IllCase[];
}

export function healthCheckProblem(d: HealthCheckDraft, today: string): FieldProblem | null {
  const day = pastDayProblem(d.checkedOn, today);
  if (day) return { field: 'checkedOn', message: day };
  if (d.absent > d.enrolled) return { field: 'absent', message: `不能多于应到人数（${d.enrolled} 人）` };
  if (d.absentIll > d.absent) return { field: 'absentIll', message: `不能多于缺勤人数（${d.absent} 人）` };
  for (const [s, n] of Object.entries(d.symptoms)) {
    if ((n ?? 0) > d.enrolled - d.absent) return { field: `symptoms.${s}`, message: `${symptomLabels[s as Symptom] ?? s}人数不能多于实到人数（${d.enrolled - d.absent} 人）` };
  }
  // 因病缺课追踪: each student absent for illness is followed up by name.
  if (d.illCases.length !== d.absentIll) return { field: 'illCases', message: `因病缺勤 ${d.absentIll} 人，须逐一登记追踪情况（已登记 ${d.illCases.length} 人）` };
  return null;
}

export interface CheckForSignals {
  checkedOn: string;
  className: string;
  symptoms: Partial<Record<string, number>>;
  illCases: Array<{ symptom: string }>;
}

export interface OutbreakSignal {
  symptom: Symptom;
  /** 'class' when one class had the cluster in a day, 'school' across the school within the pack's days. */
  scope: 'class' | 'school';
  className: string | null;
  from: string;
  to: string;
  cases: number;
  message: string;
}

/** Students with the symptom a check counts: those present with it and those absent ill with it. */
function casesOf(c: CheckForSignals, s: Symptom): number {
  return (c.symptoms[s] ?? 0) + c.illCases.filter((x) => x.symptom === s).length;
}

/**
 * The clusters among one school's checks as of a day: the day's classes and the school's last days,
 * by the thresholds of the district's rule pack (rules/outbreak-signals.ts; the default from the
 * national reporting rule, 001 item 16 giving no number). A morning and a noon check of the same
 * class on a day both count only once (the larger).
 */
export function outbreakSignals(checks: CheckForSignals[], asOf: string, t: Pick<OutbreakSection, 'classCases' | 'schoolCases' | 'schoolDays'> = DEFAULT_OUTBREAK): OutbreakSignal[] {
  const from = addDays(asOf, -(t.schoolDays - 1));
  const inWindow = checks.filter((c) => c.checkedOn >= from && c.checkedOn <= asOf);
  const out: OutbreakSignal[] = [];
  for (const s of symptoms) {
    if (s === 'other') continue; // "other" is not one symptom
    const perClassDay = new Map<string, { className: string; day: string; n: number }>();
    for (const c of inWindow) {
      const k = `${c.checkedOn}|${c.className}`;
      const n = casesOf(c, s);
      const was = perClassDay.get(k);
      if (!was || n > was.n) perClassDay.set(k, { className: c.className, day: c.checkedOn, n });
    }
    let total = 0;
    for (const v of perClassDay.values()) {
      total += v.n;
      if (v.day === asOf && v.n >= t.classCases) {
        out.push({ symptom: s, scope: 'class', className: v.className, from: asOf, to: asOf, cases: v.n, message: `${v.className} ${asOf} 有 ${v.n} 名学生${symptomLabels[s]}，疑似聚集性疫情，请校医立即核实并按规定报告` });
      }
    }
    if (total >= t.schoolCases) {
      out.push({ symptom: s, scope: 'school', className: null, from, to: asOf, cases: total, message: `${from} 至 ${asOf} 全校 ${total} 名学生${symptomLabels[s]}，疑似聚集性疫情，请校医立即核实并按规定报告` });
    }
  }
  return out;
}
