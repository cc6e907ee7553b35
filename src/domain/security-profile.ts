// The checks a security profile (人防、物防、技防, 002 areas 8 and 9) must pass before it is kept:
// counts whole and within sensible bounds, alarms working ≤ installed, at least one gate, gate
// names unique, days not in the future. Each problem names its field as in the request body
// ('gates.0.guards.night') and in Chinese ('第1个校门 夜间保安人数'). Pure: today comes in.
import { guardSlotLabels, guardSlots, type GuardSlot } from '../contracts/rules.js';

export const MAX_GATES = 30;
/** Guards at one gate in one slot. */
export const MAX_GUARDS_PER_SLOT = 50;
export const MAX_ALARMS = 1000;
/** Ten years of video is more than any recorder keeps. */
export const MAX_RETENTION_DAYS = 3650;
export const EARLIEST_PROFILE_DAY = '2000-01-01';

export interface GateInput {
  name: string;
  guards: Record<GuardSlot, number>;
}

export interface SecurityProfileInput {
  recordedOn: string;
  gates: GateInput[];
  alarms: { installed: number; working: number; lastTestedOn?: string | null };
  video: { retentionDays: number; linkedToBureau: boolean };
  perimeterAlarm: { installed: boolean; armed24h: boolean };
}

export interface ProfileProblem {
  field: string;
  label: string;
  message: string;
}

const fixedLabels: Record<string, string> = {
  recordedOn: '登记日期',
  gates: '校门',
  'alarms.installed': '一键式紧急报警装置数量',
  'alarms.working': '完好的报警装置数量',
  'alarms.lastTestedOn': '报警装置最近测试日期',
  'video.retentionDays': '视频图像保存天数',
  'video.linkedToBureau': '视频监控接入教育局',
  'perimeterAlarm.installed': '周界入侵报警系统',
  'perimeterAlarm.armed24h': '周界报警24小时设防',
};

/** The Chinese name of a field of the profile, gates by their place: 'gates.0.guards.night' → '第1个校门 夜间保安人数'. */
export function profileFieldLabel(field: string): string {
  const gate = /^gates\.(\d+)(?:\.(name|guards)(?:\.(\w+))?)?$/.exec(field);
  if (gate) {
    const head = `第${Number(gate[1]) + 1}个校门`;
    if (gate[2] === 'name') return `${head} 名称`;
    if (gate[2] === 'guards' && gate[3] && gate[3] in guardSlotLabels) return `${head} ${guardSlotLabels[gate[3] as GuardSlot]}保安人数`;
    return head;
  }
  return fixedLabels[field] ?? field;
}

function countProblem(value: number, max: number, unit: string): string | null {
  if (!Number.isFinite(value) || !Number.isInteger(value)) return '须为整数';
  if (value < 0) return '不能为负数';
  if (value > max) return `不能超过 ${max} ${unit}`;
  return null;
}

function dayProblem(day: string, today: string | undefined): string | null {
  if (today && day > today) return '不能晚于今天';
  if (day < EARLIEST_PROFILE_DAY) return `不能早于 ${EARLIEST_PROFILE_DAY}`;
  return null;
}

/**
 * Every problem of the profile, in the order of the form. Without `today` the days are checked
 * only against the earliest day (the request schema has no clock; the service passes today).
 */
export function securityProfileProblems(p: SecurityProfileInput, today?: string): ProfileProblem[] {
  const out: ProfileProblem[] = [];
  const add = (field: string, message: string | null) => {
    if (message) out.push({ field, label: profileFieldLabel(field), message });
  };
  add('recordedOn', dayProblem(p.recordedOn, today));

  // 002 area 8 counts guards per gate: a profile lists every gate of the school.
  if (p.gates.length === 0) add('gates', '请至少登记 1 个校门');
  if (p.gates.length > MAX_GATES) add('gates', `最多 ${MAX_GATES} 个校门`);
  const seen = new Map<string, number>();
  p.gates.forEach((g, i) => {
    const name = g.name.trim();
    if (!name) add(`gates.${i}.name`, '请填写校门名称');
    else if (name.length > 50) add(`gates.${i}.name`, '最多 50 字');
    else if (seen.has(name)) add(`gates.${i}.name`, `与第${seen.get(name)! + 1}个校门重名`);
    else seen.set(name, i);
    for (const slot of guardSlots) add(`gates.${i}.guards.${slot}`, countProblem(g.guards[slot], MAX_GUARDS_PER_SLOT, '人'));
  });

  // 002 area 9: one-key alarms, video, perimeter.
  const installed = countProblem(p.alarms.installed, MAX_ALARMS, '台');
  add('alarms.installed', installed);
  const working = countProblem(p.alarms.working, MAX_ALARMS, '台');
  add('alarms.working', working);
  if (!installed && !working && p.alarms.working > p.alarms.installed) add('alarms.working', `不能多于安装数量（${p.alarms.installed} 台）`);
  if (p.alarms.lastTestedOn) {
    add('alarms.lastTestedOn', dayProblem(p.alarms.lastTestedOn, today) ?? (p.alarms.lastTestedOn > p.recordedOn ? '不能晚于登记日期' : null));
    if (p.alarms.installed === 0) add('alarms.lastTestedOn', '未安装报警装置时无需填写');
  }
  add('video.retentionDays', countProblem(p.video.retentionDays, MAX_RETENTION_DAYS, '天'));
  if (p.perimeterAlarm.armed24h && !p.perimeterAlarm.installed) add('perimeterAlarm.armed24h', '未安装周界入侵报警系统时不能设防');
  return out;
}
