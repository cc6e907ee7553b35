// The safety education ledger's checks (安全教育活动, issue 15 item 9; 000 item 15 and the task table,
// 001 items 8 and 12), pure: an activity names the education day it is for; a roll call's counts add
// up and nobody absent without leave is left untold; a drowning letter's acknowledgements are not more
// than were sent.
import type { FieldProblem } from './food.js';
import { pastDayProblem } from './ledger-checks.js';

export interface EducationDraft {
  kind: 'activity' | 'roll_call' | 'drowning_letter';
  heldOn: string;
  educationDay?: string | null;
  topic?: string | null;
  classesReached?: number | null;
  participants?: number | null;
  dormitory?: string | null;
  expected?: number | null;
  present?: number | null;
  absentWithoutLeave?: number | null;
  parentsNotified?: number | null;
  classesTotal?: number | null;
  classesAcknowledged?: number | null;
  studentsTotal?: number | null;
  studentsAcknowledged?: number | null;
}

const missing = (v: unknown) => v === undefined || v === null || v === '';

/** An education day's key: 'fire_day:2026', 'first_lesson:2025-2026-1', or 'other' for an activity of the school's own. */
export const EDUCATION_DAY_KEY = /^(other|[a-z_]+:\d{4}(-\d{4}-[12])?)$/;

export function educationRecordProblem(d: EducationDraft, today: string): FieldProblem | null {
  const day = pastDayProblem(d.heldOn, today);
  if (day) return { field: 'heldOn', message: day };
  switch (d.kind) {
    case 'activity':
      if (missing(d.educationDay)) return { field: 'educationDay', message: '请选择教育日（或“其他主题活动”）' };
      if (!EDUCATION_DAY_KEY.test(d.educationDay!)) return { field: 'educationDay', message: '教育日无效' };
      if (missing(d.topic)) return { field: 'topic', message: '请填写活动主题' };
      if (missing(d.classesReached)) return { field: 'classesReached', message: '请填写覆盖班级数' };
      return null;
    case 'roll_call':
      if (missing(d.dormitory)) return { field: 'dormitory', message: '请填写宿舍' };
      if (missing(d.expected)) return { field: 'expected', message: '请填写应到人数' };
      if (missing(d.present)) return { field: 'present', message: '请填写实到人数' };
      if (d.present! > d.expected!) return { field: 'present', message: `不能多于应到人数（${d.expected} 人）` };
      if (missing(d.absentWithoutLeave)) return { field: 'absentWithoutLeave', message: '请填写未请假缺勤人数（没有填 0）' };
      if (d.absentWithoutLeave! > d.expected! - d.present!) return { field: 'absentWithoutLeave', message: `不能多于缺勤人数（${d.expected! - d.present!} 人）` };
      if (missing(d.parentsNotified)) return { field: 'parentsNotified', message: '请填写当天已通知家长人数' };
      if (d.parentsNotified! > d.absentWithoutLeave!) return { field: 'parentsNotified', message: '不能多于未请假缺勤人数' };
      return null;
    case 'drowning_letter':
      if (missing(d.classesTotal)) return { field: 'classesTotal', message: '请填写班级数' };
      if (missing(d.classesAcknowledged)) return { field: 'classesAcknowledged', message: '请填写已回执班级数' };
      if (d.classesAcknowledged! > d.classesTotal!) return { field: 'classesAcknowledged', message: `不能多于班级数（${d.classesTotal} 个）` };
      if (!missing(d.studentsAcknowledged) && !missing(d.studentsTotal) && d.studentsAcknowledged! > d.studentsTotal!) return { field: 'studentsAcknowledged', message: `不能多于学生数（${d.studentsTotal} 人）` };
      return null;
  }
}
