// What a missed compliance finding becomes when the bureau, a department or a town acts on it
// (issue 4, oversight): the safety area of the hazard it opens — so the loop routes it to the
// department owning that area — and the hazard's words. Pure: the rule and finding are passed in.
import type { SafetyArea } from '../contracts/enums.js';
import type { Rule } from './rules/pack.js';

/**
 * The safety area (seed 002's ten areas) a rule's requirement belongs to:
 * - drills, and staff training: safety education (000 四、强化安全教育, items 16–17; 002 area 5);
 * - duty rosters: emergency handling (002 area 6: 落实值班值守制度);
 * - meetings, letters, insurance: the management mechanism (000 item 1; 001 item 26);
 * - fire special inspections: fire and hazardous chemicals (003);
 * - guards: security guards (002 area 8); alarms and video: technical defences (002 area 9);
 *   the perimeter alarm armed 24 h: the closed campus (002 area 7).
 */
export function areaOfRule(rule: Pick<Rule, 'measure'>): SafetyArea {
  const m = rule.measure;
  switch (m.kind) {
    case 'count':
      if (m.ledger === 'drills') return 'education';
      if (m.ledger === 'meetings') return 'management';
      return m.areas?.[0] ?? 'fire_chemicals';
    case 'person_hours':
      return 'education';
    case 'letter_signed':
    case 'insurance_cover':
      return 'management';
    case 'duty_cover':
      return 'emergency';
    case 'guards':
      return 'guards';
    case 'alarms_working':
    case 'video_retention':
      return 'defences';
    case 'profile_flag':
      return m.flag === 'perimeterArmed24h' ? 'closed_campus' : 'defences';
    // The risk list belongs to the management mechanism (004 第二部分之二: 风险隐患安全防控体系).
    case 'risk_review':
      return 'management';
    // Mental health screening and the care of students of concern: 002 area 4.
    case 'screening_coverage':
    case 'care_follow_up':
      return 'mental_bullying';
    // Issue 15: food safety and health checks (002 area 3), the gate (002 area 7), education days and boarding care (002 area 5).
    case 'entries':
      return m.ledger === 'gate' ? 'closed_campus' : m.ledger === 'education' ? 'education' : 'food_disease';
    case 'ledger_check':
      return m.area;
  }
}

/** The seed items a rule cites: '001 第6条、000 第17条'. */
export function sourcesOf(rule: Pick<Rule, 'sources'>): string {
  return rule.sources.map((s) => `${s.seed} ${s.item}`).join('、');
}

/** The key that ties a hazard to the finding it came from: one open hazard per school, rule and period. */
export function findingKey(ruleCode: string, periodKey: string | null | undefined): string {
  return `compliance:${ruleCode}:${periodKey ?? 'current'}`;
}

export interface FindingFacts {
  ruleCode: string;
  explanation: string;
  periodLabel: string | null;
}

/** The hazard's description: the rule, the finding's sentence, the rule's sources, and the note. */
export function hazardDescription(rule: Pick<Rule, 'description' | 'sources'>, f: FindingFacts, extra: { note?: string | null; deadline?: string | null } = {}): string {
  const parts = [
    `【合规检查未达标】${rule.description}`,
    `${f.periodLabel ? `${f.periodLabel}：` : ''}${f.explanation}`,
    `依据：${sourcesOf(rule)}（规则 ${f.ruleCode}）`,
  ];
  if (extra.deadline) parts.push(`建议整改时限：${extra.deadline}`);
  if (extra.note?.trim()) parts.push(`说明：${extra.note.trim()}`);
  return parts.join('。\n').slice(0, 2000);
}
