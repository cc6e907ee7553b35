import { z } from 'zod';
import { pageOf, pageQuery } from './common.js';

// Scheduled jobs and their runs (issue 18), for the administrator.

/** The Chinese name of each scheduled job (src/server/main.ts, care/start.ts). */
export const jobLabels: Record<string, string> = {
  'fail-interrupted-imports': '结束中断的导入',
  'hazard-deadlines': '隐患整改期限与逾期标记',
  'weekly-returns-missing': '专项整治周报未报提醒',
  'incident-daily-missing': '零报告未报提醒',
  'compliance-rollup': '达标情况汇总',
  'audit-checkpoint': '审计日志检查点',
  'purge-idle-sessions': '清理过期会话',
  'purge-login-throttle': '清理登录限流记录',
  'purge-job-runs': '清理定时任务运行记录',
  'compliance-periods': '年度达标记录',
  analyze: '数据库统计信息更新',
  'care-purge': '学生关爱到期记录清除',
  'care-follow-up-reminders': '学生关爱跟进提醒',
  'messages-deliver': '消息推送（企业微信、钉钉、飞书、Webhook、短信）',
  'sweep-orphan-files': '清理未入库的上传文件',
  'iot-escalate': '物联网报警超时转隐患',
  'iot-offline': '摄像头离线检查',
  'duty-unconfirmed': '值班未确认提醒',
  'purge-messages': '清理过期的消息推送记录',
};

export const jobRunResults = ['ok', 'failed'] as const;
export const jobRunResultLabels: Record<(typeof jobRunResults)[number], string> = { ok: '成功', failed: '失败' };

export const jobBody = z.object({
  name: z.string(),
  label: z.string(),
  everyMs: z.number().int(),
  nextDue: z.string(),
  lastStartedAt: z.string().nullable(),
  lastFinishedAt: z.string().nullable(),
  lastResult: z.enum(jobRunResults).nullable(),
  /** The instance running it now, if any. */
  runningOn: z.string().nullable(),
});
export type JobInfo = z.infer<typeof jobBody>;
export const jobList = z.object({ items: z.array(jobBody) });

export const jobRunFilter = z.object({
  job: z.string().trim().max(100).optional(),
  result: z.enum(jobRunResults).optional(),
});
export const jobRunListQuery = jobRunFilter.extend(pageQuery);

export const jobRunBody = z.object({
  id: z.number().int(),
  job: z.string(),
  label: z.string(),
  instance: z.string(),
  startedAt: z.string(),
  durationMs: z.number().int(),
  result: z.enum(jobRunResults),
  error: z.string().nullable(),
});
export type JobRun = z.infer<typeof jobRunBody>;
export const jobRunPage = pageOf(jobRunBody);
