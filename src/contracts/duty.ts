// Requests and responses of the duty ledger (值班带班台账): rosters of a school for a holiday
// (000 item 4: a leader in charge every day) or a key period the bureau declared (003: a leader
// and a staff member on 24-hour duty every day), one entry per school, day and role, confirmed
// by the person on duty.
import { z } from 'zod';
import { MAX_ROSTER_DAYS } from '../domain/day-ranges.js';
import { daySchema, pageOf, pageQuery } from './common.js';
import { dutyRoles } from './rules.js';

const day = daySchema;
const optionalText = (max: number) => z.string().trim().max(max, `最多 ${max} 字`).nullish();
const version = z.number({ error: '请带上版本号' }).int().positive();
const phone = z
  .string()
  .trim()
  .max(30, '最多 30 字')
  .regex(/^[0-9+\-() ]*$/, '只能包含数字、空格和 + - ( )')
  .nullish();

/** The longest roster (src/domain/day-ranges.ts). */
export { MAX_ROSTER_DAYS };

// ---- entries ----------------------------------------------------------------------------------

export const dutyEntryBody = z.object({
  id: z.number().int(),
  rosterId: z.number().int(),
  schoolId: z.number().int(),
  dutyOn: z.string(),
  role: z.enum(dutyRoles),
  staffId: z.number().int().nullable(),
  userId: z.number().int().nullable(),
  personName: z.string(),
  phone: z.string().nullable(),
  hours: z.number(),
  note: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  confirmedByName: z.string().nullable(),
  /** The caller is the person on duty and the day has come: they may confirm it. */
  canConfirm: z.boolean(),
  version: z.number().int(),
});
export type DutyEntryView = z.infer<typeof dutyEntryBody>;

export const newDutyEntry = z.object({
  dutyOn: day,
  role: z.enum(dutyRoles, { error: '请选择带班领导或值班人员' }),
  /** A staff member of the school (教职工岗位) … */
  staffId: z.number().int().positive().nullish(),
  /** … or a user of the school … */
  userId: z.number().int().positive().nullish(),
  /** … or a named person without an account (who then cannot confirm in the app). */
  personName: optionalText(50),
  phone,
  hours: z.number({ error: '请填写值班时长' }).gt(0, '值班时长须大于 0 小时').max(24, '值班时长每天不能超过 24 小时'),
  note: optionalText(200),
});
export type NewDutyEntry = z.infer<typeof newDutyEntry>;

export const addDutyEntriesBody = z.object({
  entries: z.array(newDutyEntry).min(1, '请至少安排一天').max(MAX_ROSTER_DAYS * 2, `一次最多安排 ${MAX_ROSTER_DAYS * 2} 条`),
});
export type AddDutyEntries = z.infer<typeof addDutyEntriesBody>;

export const entryParams = z.object({ id: z.coerce.number().int().positive(), entryId: z.coerce.number().int().positive() });
export const entryVersionQuery = z.object({ version: z.coerce.number({ error: '请带上版本号' }).int().positive() });
export const confirmEntryBody = z.object({ version });

// ---- rosters ----------------------------------------------------------------------------------

export const dutyDayBody = z.object({
  date: z.string(),
  /** The school calendar's holiday the day falls in, if any. */
  holiday: z.string().nullable(),
  leader: dutyEntryBody.nullable(),
  staff: dutyEntryBody.nullable(),
  /** What the day lacks (缺带班领导, 值班人员不足24小时, 带班领导未确认 …); empty when covered. */
  problems: z.array(z.string()),
  covered: z.boolean(),
});
export type DutyDayView = z.infer<typeof dutyDayBody>;

const rosterFields = {
  id: z.number().int(),
  schoolId: z.number().int(),
  schoolName: z.string(),
  townName: z.string().nullable(),
  title: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  keyPeriodId: z.number().int().nullable(),
  keyPeriodName: z.string().nullable(),
  phone: z.string().nullable(),
  /** Key periods need a staff member besides the leader, both on 24-hour duty (003). */
  requiresStaff: z.boolean(),
  minHours: z.number(),
  days: z.number().int(),
  coveredDays: z.number().int(),
  /** Days of the span without a leader entry / without a staff entry. */
  daysWithoutLeader: z.array(z.string()),
  daysWithoutStaff: z.array(z.string()),
  /** Days whose cover falls short in any way (missing, short hours, unconfirmed two days on). */
  uncoveredDays: z.array(z.string()),
  createdByName: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
};
export const dutyRosterBody = z.object(rosterFields);
export type DutyRosterView = z.infer<typeof dutyRosterBody>;
export const dutyRosterPage = pageOf(dutyRosterBody);

export const dutyRosterDetail = z.object({ ...rosterFields, dayList: z.array(dutyDayBody) });
export type DutyRosterDetail = z.infer<typeof dutyRosterDetail>;

export const createDutyRosterBody = z.object({
  schoolId: z.number().int().positive(),
  title: z.string({ error: '请填写排班名称' }).trim().min(1, '请填写排班名称').max(100, '最多 100 字'),
  /** Without them, the key period's span. */
  startsOn: day.nullish(),
  endsOn: day.nullish(),
  keyPeriodId: z.number().int().positive().nullish(),
  phone,
});
export type CreateDutyRoster = z.infer<typeof createDutyRosterBody>;

export const updateDutyRosterBody = z.object({
  version,
  title: z.string().trim().min(1, '请填写排班名称').max(100, '最多 100 字').optional(),
  startsOn: day.optional(),
  endsOn: day.optional(),
  keyPeriodId: z.number().int().positive().nullish(),
  phone,
});
export type UpdateDutyRoster = z.infer<typeof updateDutyRosterBody>;

export const dutyRosterListQuery = z.object({
  ...pageQuery,
  schoolId: z.coerce.number().int().positive().optional(),
  townId: z.coerce.number().int().positive().optional(),
  keyPeriodId: z.coerce.number().int().positive().optional(),
  /** Rosters whose span overlaps [from, to]. */
  from: day.optional(),
  to: day.optional(),
});
export type DutyRosterListQuery = z.infer<typeof dutyRosterListQuery>;
export const dutyExportQuery = dutyRosterListQuery.omit({ page: true, pageSize: true }).extend({ rosterId: z.coerce.number().int().positive().optional() });
export type DutyExportQuery = z.infer<typeof dutyExportQuery>;

// ---- a key period's cover across the schools in scope (bureau, town) ---------------------------

export const keyPeriodCoverQuery = z.object({
  /** Without it: the key period under way, else the next, else the last. */
  keyPeriodId: z.coerce.number().int().positive().optional(),
  townId: z.coerce.number().int().positive().optional(),
});
export type KeyPeriodCoverQuery = z.infer<typeof keyPeriodCoverQuery>;

export const keyPeriodCoverBody = z.object({
  keyPeriod: z.object({ id: z.number().int(), name: z.string(), startsOn: z.string(), endsOn: z.string() }).nullable(),
  asOf: z.string(),
  items: z.array(
    z.object({
      schoolId: z.number().int(),
      schoolName: z.string(),
      townName: z.string().nullable(),
      rosterIds: z.array(z.number().int()),
      days: z.number().int(),
      coveredDays: z.number().int(),
      /** Days without a 24-hour leader and a 24-hour staff member, up to today and ahead. */
      uncoveredDays: z.array(z.string()),
      /** Past days whose entries the people on duty have not confirmed. */
      unconfirmedDays: z.array(z.string()),
    }),
  ),
});
export type KeyPeriodCoverView = z.infer<typeof keyPeriodCoverBody>;

// ---- the caller's own duty (home page) -------------------------------------------------------

export const myDutyBody = z.object({
  items: z.array(dutyEntryBody.extend({ rosterTitle: z.string(), schoolName: z.string() })),
});
export type MyDutyView = z.infer<typeof myDutyBody>;
