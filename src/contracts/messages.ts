// Messages out (issue 17): the channels a district or unit sends its reminders through (WeCom,
// DingTalk and Feishu group robots, a signed webhook, SMS), and the log of every send. A channel's
// address, signing secret and key are written, never read back: answers carry only a hint.
import { z } from 'zod';
import { labelled, pageOf, pageQuery } from './common.js';
import { notificationKinds, notificationKindLabels } from './enums.js';

export const channelKinds = ['wecom', 'dingtalk', 'feishu', 'webhook', 'sms'] as const;
export type ChannelKind = (typeof channelKinds)[number];
export const channelKindLabels: Record<ChannelKind, string> = {
  wecom: '企业微信群机器人',
  dingtalk: '钉钉群机器人',
  feishu: '飞书群机器人',
  webhook: '通用 Webhook',
  sms: '短信',
};

export const channelStatuses = ['active', 'failing', 'disabled'] as const;
export type ChannelStatus = (typeof channelStatuses)[number];
export const channelStatusLabels: Record<ChannelStatus, string> = { active: '正常', failing: '连续失败，已暂停', disabled: '已停用' };

/** What a channel may carry: the in-app reminder kinds. A test send is logged as 'test'. */
export const messageKindLabels: Record<string, string> = { ...notificationKindLabels, test: '测试消息' };

const url = z.url({ error: '请填写有效地址（http:// 或 https://）', protocol: /^https?$/ }).max(2000, '最多 2000 字');
const secret = z.string().trim().min(1, '不能为空').max(500, '最多 500 字');
const version = z.number({ error: '请带上版本号' }).int().positive();

const common = {
  name: labelled('渠道名称', z.string({ error: '请填写渠道名称' }).trim().min(1, '请填写渠道名称').max(100, '最多 100 字')),
  kinds: labelled('推送的提醒类型', z.array(z.enum(notificationKinds, { error: '不是可推送的提醒类型' })).min(1, '至少选择一种提醒类型').max(notificationKinds.length)),
  includeBelow: labelled('含下级单位', z.boolean({ error: '请选择是或否' })),
};
const secrets = {
  url: labelled('接收地址', url.optional()),
  secret: labelled('签名密钥', secret.optional()),
  key: labelled('短信接口密钥', secret.optional()),
};

export const channelCreate = z.object({
  unitId: labelled('所属单位', z.number({ error: '请选择所属单位' }).int().positive()),
  kind: labelled('渠道类型', z.enum(channelKinds, { error: '请选择渠道类型' })),
  ...common,
  ...secrets,
});
export type ChannelCreate = z.infer<typeof channelCreate>;

/** An edit: a secret left out keeps the one stored; `enabled: true` also resumes a failing channel. */
export const channelUpdate = z.object({
  version: labelled('版本号', version),
  name: common.name.optional(),
  kinds: common.kinds.optional(),
  includeBelow: common.includeBelow.optional(),
  enabled: labelled('启用', z.boolean({ error: '请选择是或否' }).optional()),
  ...secrets,
});
export type ChannelUpdate = z.infer<typeof channelUpdate>;

export const channelBody = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(channelKinds),
  unitId: z.number(),
  unitName: z.string(),
  includeBelow: z.boolean(),
  kinds: z.array(z.string()),
  /** The address's host only ('qyapi.weixin.qq.com/…'); the token in it is never shown. */
  urlHint: z.string(),
  secretSet: z.boolean(),
  keySet: z.boolean(),
  status: z.enum(channelStatuses),
  consecutiveFailures: z.number(),
  failingSince: z.string().nullable(),
  lastOkAt: z.string().nullable(),
  lastError: z.string().nullable(),
  pending: z.number(),
  version: z.number(),
});
export type Channel = z.infer<typeof channelBody>;
export const channelList = z.object({ items: z.array(channelBody) });

export const testResult = z.object({ ok: z.boolean(), httpStatus: z.number().nullable(), error: z.string().nullable(), durationMs: z.number(), channel: channelBody });
export type TestResult = z.infer<typeof testResult>;

export const attemptQuery = z.object({
  ...pageQuery,
  channelId: z.coerce.number().int().positive().optional(),
  ok: z.enum(['true', 'false']).optional(),
});
export const attemptBody = z.object({
  id: z.number(),
  at: z.string(),
  channelId: z.number(),
  channelName: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  title: z.string().nullable(),
  attempt: z.number(),
  ok: z.boolean(),
  httpStatus: z.number().nullable(),
  error: z.string().nullable(),
  durationMs: z.number(),
});
export type Attempt = z.infer<typeof attemptBody>;
export const attemptPage = pageOf(attemptBody);
