// Requests and responses of online video patrols (网上视频巡查, issue 22; 001 item 4 校园天眼,
// 000 item 7 and 001 item 17 明厨亮灶): each school's video links, starting a patrol (an inspection
// of the kind video_patrol), coverage per school and month, and the canteen notice draft.
import { z } from 'zod';
import { monthSchema, pageOf } from './common.js';
import { recordedFields, recordListFilters, schoolFields } from './ledger.js';

export const videoLinkAreas = ['gate', 'canteen', 'perimeter', 'dormitory', 'other'] as const;
export type VideoLinkArea = (typeof videoLinkAreas)[number];
export const videoLinkAreaLabels: Record<VideoLinkArea, string> = {
  gate: '校门',
  canteen: '食堂后厨',
  perimeter: '周界',
  dormitory: '宿舍',
  other: '其他',
};

const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const optText = (max: number) => z.string().trim().max(max, `最多 ${max} 字`).nullish();
const version = z.number({ error: '请带上版本号' }).int().positive();

/** A link the platform keeps (it does not stream): http or https only, so no script or file link opens. */
export const videoUrl = z
  .string({ error: '请填写视频链接' })
  .trim()
  .min(1, '请填写视频链接')
  .max(1000, '最多 1000 字')
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
    } catch {
      return false;
    }
  }, '视频链接须为 http:// 或 https:// 开头的网址');

export const videoLinkBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  name: z.string(),
  area: z.enum(videoLinkAreas),
  url: z.string(),
  platform: z.string().nullable(),
  notes: z.string().nullable(),
  ...recordedFields,
});
export type VideoLinkView = z.infer<typeof videoLinkBody>;
export const videoLinkPage = pageOf(videoLinkBody);

const linkFields = {
  name: text('点位名称', 50),
  area: z.enum(videoLinkAreas, { error: '请选择点位区域' }),
  url: videoUrl,
  platform: optText(100),
  notes: optText(500),
};

export const createVideoLinkBody = z.object({ schoolId: z.number({ error: '请选择学校' }).int().positive(), ...linkFields });
export type CreateVideoLink = z.infer<typeof createVideoLinkBody>;

export const updateVideoLinkBody = z.object({
  version,
  name: linkFields.name.optional(),
  area: linkFields.area.optional(),
  url: videoUrl.optional(),
  platform: linkFields.platform,
  notes: linkFields.notes,
});
export type UpdateVideoLink = z.infer<typeof updateVideoLinkBody>;

export const videoLinkListQuery = z.object({ ...recordListFilters, area: z.enum(videoLinkAreas).optional() });
export type VideoLinkListQuery = z.infer<typeof videoLinkListQuery>;

/** The links of up to 50 schools in one request (a page of the patrol table), not one request per row. */
export const MAX_LINK_SCHOOLS = 50;
export const videoLinksBySchoolQuery = z.object({
  schoolIds: z
    .string({ error: '请选择学校' })
    .regex(new RegExp(`^\\d{1,9}(,\\d{1,9}){0,${MAX_LINK_SCHOOLS - 1}}$`), `学校编号以逗号分隔，一次最多 ${MAX_LINK_SCHOOLS} 所`)
    .transform((v) => [...new Set(v.split(',').map(Number))]),
});

// ---- patrols and coverage ----------------------------------------------------------------------

export const startVideoPatrolBody = z.object({ schoolId: z.number({ error: '请选择学校' }).int().positive() });
export const startedVideoPatrolBody = z.object({ inspectionId: z.number().int(), targetId: z.number().int(), code: z.string() });

export const coverageQuery = z.object({
  month: monthSchema,
  townId: z.coerce.number().int().positive().optional(),
  /** Only the schools short of the month's numbers. */
  short: z.enum(['true', 'false']).optional(),
});
export type CoverageQuery = z.infer<typeof coverageQuery>;

export const coverageRowBody = z.object({
  schoolId: z.number().int(),
  schoolName: z.string(),
  townName: z.string().nullable(),
  /** The school runs a canteen: only then is it judged on the canteen number (video_patrol.canteen). */
  canteen: z.boolean(),
  links: z.number().int(),
  canteenLinks: z.number().int(),
  patrols: z.number().int(),
  canteenPatrols: z.number().int(),
  findings: z.number().int(),
  lastPatrolOn: z.string().nullable(),
  met: z.boolean(),
  shortBy: z.array(z.string()),
});
export type CoverageRow = z.infer<typeof coverageRowBody>;
export const coverageBody = z.object({
  month: z.string(),
  /** The rule pack version in force the numbers were read from (video_patrol.monthly, video_patrol.canteen). */
  packVersion: z.number().int().nullable(),
  minPatrols: z.number().int(),
  minCanteenPatrols: z.number().int(),
  rows: z.array(coverageRowBody),
  schools: z.number().int(),
  metSchools: z.number().int(),
});
export type Coverage = z.infer<typeof coverageBody>;

export const canteenNoticeBody = z.object({ month: monthSchema });
export const canteenNoticeResult = z.object({ noticeId: z.number().int(), findings: z.number().int() });
