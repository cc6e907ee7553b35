// Requests and responses of public opinion events (舆情处置, issue 22; 000 item 13, 003): a story
// spreading online about a school or the bureau, entered by staff or received from a monitoring
// service through a signed webhook, the response drafted, approved by the bureau and published
// (正面发声), and the time from finding to publishing measured against the district's targets
// (domain/opinion.ts). An event may link to an incident or a dispute.
import { z } from 'zod';
import { pageOf, pageQuery } from './common.js';
import { instantSchema } from './incidents.js';

const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const optText = (max: number) => z.string().trim().max(max, `最多 ${max} 字`).nullable().optional();
const version = z.number({ error: '请带上版本号' }).int().positive();
const url = z.url({ error: '请填写有效链接（http:// 或 https://）', protocol: /^https?$/ }).max(1000, '最多 1000 字');

export const opinionSources = ['weibo', 'wechat', 'douyin', 'kuaishou', 'news', 'forum', 'other'] as const;
export type OpinionSource = (typeof opinionSources)[number];
export const opinionSourceLabels: Record<OpinionSource, string> = {
  weibo: '微博',
  wechat: '微信',
  douyin: '抖音',
  kuaishou: '快手',
  news: '新闻媒体',
  forum: '论坛贴吧',
  other: '其他',
};

export const opinionLevels = ['general', 'major', 'severe'] as const;
export type OpinionLevel = (typeof opinionLevels)[number];
export const opinionLevelLabels: Record<OpinionLevel, string> = { general: '一般', major: '较大', severe: '重大' };

export const opinionOrigins = ['manual', 'webhook'] as const;
export type OpinionOrigin = (typeof opinionOrigins)[number];
export const opinionOriginLabels: Record<OpinionOrigin, string> = { manual: '人工登记', webhook: '监测推送' };

export const opinionStates = ['new', 'responding', 'approved', 'published', 'closed'] as const;
export type OpinionState = (typeof opinionStates)[number];
export const opinionStateLabels: Record<OpinionState, string> = {
  new: '待处置',
  responding: '回应起草中',
  approved: '已审核',
  published: '已发布',
  closed: '已办结',
};

export const opinionEventBody = z.object({
  id: z.number().int(),
  source: z.enum(opinionSources),
  title: z.string(),
  link: z.string(),
  summary: z.string().nullable(),
  foundAt: z.string(),
  level: z.enum(opinionLevels),
  unitId: z.number().int(),
  unitName: z.string(),
  /** The webhook named no unit of the tree: kept under the bureau until someone assigns it. */
  unitToAssign: z.boolean(),
  origin: z.enum(opinionOrigins),
  externalId: z.string().nullable(),
  reach: z.number().int().nullable(),
  incidentId: z.number().int().nullable(),
  disputeId: z.number().int().nullable(),
  draft: z.string().nullable(),
  draftedByName: z.string().nullable(),
  draftedAt: z.string().nullable(),
  approvedByName: z.string().nullable(),
  approvedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishedChannel: z.string().nullable(),
  publishedLink: z.string().nullable(),
  closedAt: z.string().nullable(),
  closingNote: z.string().nullable(),
  state: z.enum(opinionStates),
  /** The target in minutes for the level, and the moment it runs out. */
  targetMinutes: z.number().int(),
  dueAt: z.string(),
  /** Not published by the target (now, or when published). */
  overdue: z.boolean(),
  /** Minutes from finding to publishing; null until published. */
  timelinessMinutes: z.number().int().nullable(),
  createdByName: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OpinionEventView = z.infer<typeof opinionEventBody>;
export const opinionEventPage = pageOf(opinionEventBody);

const eventFields = {
  source: z.enum(opinionSources, { error: '请选择来源' }),
  title: text('标题', 200),
  link: url,
  summary: optText(2000),
  foundAt: instantSchema,
  level: z.enum(opinionLevels, { error: '请选择级别' }),
  unitId: z.number({ error: '请选择涉及单位' }).int().positive(),
  reach: z.number({ error: '请填写传播量' }).int('须为整数').min(0, '不能为负数').max(2_000_000_000, '数值过大').nullable().optional(),
};

export const createOpinionEventBody = z.object(eventFields);
export type CreateOpinionEvent = z.infer<typeof createOpinionEventBody>;

export const updateOpinionEventBody = z.object(eventFields).partial().extend({ version });
export type UpdateOpinionEvent = z.infer<typeof updateOpinionEventBody>;

export const opinionDraftBody = z.object({ version, draft: text('回应口径', 5000) });
export type OpinionDraft = z.infer<typeof opinionDraftBody>;

export const opinionVersionBody = z.object({ version });

export const opinionPublishBody = z.object({
  version,
  publishedAt: instantSchema,
  publishedChannel: text('发布渠道', 100),
  publishedLink: url.nullable().optional(),
});
export type OpinionPublish = z.infer<typeof opinionPublishBody>;

export const opinionCloseBody = z.object({ version, closingNote: text('办结说明', 1000) });
export type OpinionClose = z.infer<typeof opinionCloseBody>;

/** Link (or unlink with null) an incident and/or a dispute the actor can see. */
export const opinionLinkBody = z.object({
  version,
  incidentId: z.number().int().positive().nullable().optional(),
  disputeId: z.number().int().positive().nullable().optional(),
});
export type OpinionLink = z.infer<typeof opinionLinkBody>;

export const opinionListQuery = z.object({
  ...pageQuery,
  state: z.enum(opinionStates).optional(),
  level: z.enum(opinionLevels).optional(),
  source: z.enum(opinionSources).optional(),
  unitId: z.coerce.number().int().positive().optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: z.string().trim().max(30).optional(),
});
export type OpinionListQuery = z.infer<typeof opinionListQuery>;

/** What a monitoring service posts (signed: see the webhook route). */
export const opinionWebhookBody = z.object({
  id: z.string().trim().min(1, '缺少事件编号').max(100),
  source: z.enum(opinionSources, { error: '来源无效' }),
  title: text('标题', 200),
  link: url,
  summary: optText(2000),
  foundAt: instantSchema,
  level: z.enum(opinionLevels).optional(),
  unitCode: z.string().trim().max(50).optional(),
  unitName: z.string().trim().max(100).optional(),
  reach: z.number().int().min(0).max(2_000_000_000).nullable().optional(),
  districtCode: z.string().trim().max(50).optional(),
});
export type OpinionWebhook = z.infer<typeof opinionWebhookBody>;

export const opinionTargetsBody = z.object({
  minutes: z.record(z.enum(opinionLevels), z.number().int()),
  notes: z.array(z.string()),
});

export const opinionSummaryBody = z.object({
  byLevel: z.array(z.object({ level: z.enum(opinionLevels), count: z.number().int() })),
  byState: z.array(z.object({ state: z.enum(opinionStates), count: z.number().int() })),
  overdue: z.number().int(),
  /** Per month of finding (Asia/Shanghai), the median minutes from finding to publishing of those published. */
  months: z.array(z.object({ month: z.string(), events: z.number().int(), published: z.number().int(), medianMinutes: z.number().nullable() })),
});
export type OpinionSummary = z.infer<typeof opinionSummaryBody>;
