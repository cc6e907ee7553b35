// Requests and responses of the safety meeting ledger (安全专题会议, issue 4; 000 item 1). Shaped like
// the drill ledger in ./drills.ts; the shared parts are in ./ledger.ts, the meeting levels in ./rules.ts.
import { z } from 'zod';
import { daySchema, pageOf } from './common.js';
import { recordedFields, recordListFilters, schoolFields } from './ledger.js';
import { meetingLevels } from './rules.js';

const day = daySchema;
const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const optionalText = (max: number) => z.string().trim().max(max, `最多 ${max} 字`).nullish();
const version = z.number({ error: '请带上版本号' }).int().positive();
const fileIds = z.array(z.number().int().positive()).max(20, '最多 20 个文件');

// ---- safety meetings (安全专题会议, 000 item 1) -----------------------------------------------

export const meetingBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  meetingOn: z.string(),
  level: z.enum(meetingLevels),
  chair: z.string(),
  attendees: z.array(z.string()),
  minutes: z.string(),
  decisions: z.string().nullable(),
  ...recordedFields,
});
export type MeetingView = z.infer<typeof meetingBody>;
export const meetingPage = pageOf(meetingBody);

const meetingFields = {
  meetingOn: day,
  level: z.enum(meetingLevels, { error: '请选择会议类别' }),
  chair: text('主持人', 50),
  attendees: z.array(text('参会人员姓名', 50)).min(1, '请至少填写一名参会人员').max(200, '最多 200 人'),
  minutes: text('会议纪要', 10000),
  decisions: optionalText(5000),
  fileIds,
};

export const createMeetingBody = z.object({ schoolId: z.number().int().positive(), ...meetingFields, fileIds: fileIds.default([]) });
export type CreateMeeting = z.infer<typeof createMeetingBody>;

export const updateMeetingBody = z.object({
  version,
  meetingOn: meetingFields.meetingOn.optional(),
  level: meetingFields.level.optional(),
  chair: meetingFields.chair.optional(),
  attendees: meetingFields.attendees.optional(),
  minutes: meetingFields.minutes.optional(),
  decisions: meetingFields.decisions,
  fileIds: fileIds.optional(),
});
export type UpdateMeeting = z.infer<typeof updateMeetingBody>;

export const meetingListQuery = z.object({ ...recordListFilters, level: z.enum(meetingLevels).optional() });
export type MeetingListQuery = z.infer<typeof meetingListQuery>;
