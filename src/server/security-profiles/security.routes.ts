// Routes of the security profile ledger (人防、物防、技防, 002 areas 8 and 9). Thin: validate →
// service → present. No PATCH and no DELETE: a correction is recorded as a new profile.
import { idParam } from '../../contracts/common.js';
import { schoolStageLabels } from '../../contracts/enums.js';
import { findingStatusLabels, guardSlotLabels, type GuardSlot } from '../../contracts/rules.js';
import {
  createSecurityProfileBody,
  profileStateLabels,
  schoolProfilePage,
  securityHistoryQuery,
  securityProfileBody,
  securityProfileListQuery,
  securityProfilePage,
  type SchoolProfileView,
} from '../../contracts/security-profiles.js';
import type { App } from '../app.js';
import { writeAudit } from '../audit/audit.js';
import { ctxOf } from '../context.js';
import { sendXlsx, type Column } from '../excel.js';
import { createSecurityProfile, getSecurityProfile, listSchoolProfiles, schoolProfilesForExport, securityProfileHistory } from './security.service.js';

/** One row per gate of a school's latest profile (one row saying 未登记 when it has none). */
type GateRow = { s: SchoolProfileView; gate: { name: string; guards: Record<GuardSlot, number> } | null; first: boolean };

const yesNo = (v: boolean) => (v ? '是' : '否');
const slot = (k: GuardSlot): Column<GateRow> => ({ header: `${guardSlotLabels[k]}（人）`, width: 12, value: (r) => r.gate?.guards[k] ?? null });
/** School-wide values once per school, on its first gate's row. */
const once = (header: string, width: number, value: (s: SchoolProfileView) => string | number | null): Column<GateRow> => ({ header, width, value: (r) => (r.first ? value(r.s) : null) });

const columns: Column<GateRow>[] = [
  { header: '学校', width: 28, value: (r) => r.s.schoolName },
  { header: '镇街', width: 14, value: (r) => r.s.townName },
  { header: '学段', width: 12, value: (r) => (r.s.stage ? schoolStageLabels[r.s.stage] : null) },
  { header: '寄宿制', width: 8, value: (r) => yesNo(r.s.boarding) },
  { header: '登记状态', width: 12, value: (r) => profileStateLabels[r.s.state] },
  { header: '登记日期', width: 12, value: (r) => r.s.profile?.recordedOn ?? null },
  { header: '校门', width: 16, value: (r) => r.gate?.name ?? null },
  slot('school_hours'),
  slot('arrival_peak'),
  slot('dismissal_peak'),
  slot('night'),
  once('一键报警装置（台）', 12, (s) => s.profile?.alarms.installed ?? null),
  once('完好（台）', 10, (s) => s.profile?.alarms.working ?? null),
  once('最近测试日期', 12, (s) => s.profile?.alarms.lastTestedOn ?? null),
  once('视频保存（天）', 12, (s) => s.profile?.video.retentionDays ?? null),
  once('接入教育局', 10, (s) => (s.profile ? yesNo(s.profile.video.linkedToBureau) : null)),
  once('周界报警', 14, (s) => (s.profile ? (s.profile.perimeterAlarm.installed ? (s.profile.perimeterAlarm.armed24h ? '24小时设防' : '未24小时设防') : '未安装') : null)),
  once('未达标项', 60, (s) => s.findings.filter((f) => f.status === 'missed').map((f) => `${f.subject}（${findingStatusLabels[f.status]}）：${f.explanation}`).join('\n') || null),
  once('登记人', 12, (s) => s.profile?.createdByName ?? null),
];

export default async function securityProfileRoutes(app: App) {
  const tags = ['security-profiles'];
  app.get('/security-profiles', { schema: { tags, summary: '人防物防技防：各校最新登记及未达标项', querystring: securityProfileListQuery, response: { 200: schoolProfilePage } } }, (req) =>
    listSchoolProfiles(ctxOf(req), req.query),
  );
  const exportQuery = securityProfileListQuery.omit({ page: true, pageSize: true });
  app.get('/security-profiles/export', { schema: { tags, summary: '导出人防物防技防（Excel，每个校门一行）', querystring: exportQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const schools = await schoolProfilesForExport(ctx, req.query);
    await ctx.db.transaction((tx) => writeAudit(tx, ctx, { action: 'export', objectType: 'security_profile', after: { filter: req.query, schools: schools.length } }));
    async function* rows(): AsyncIterable<GateRow> {
      for (const s of schools) {
        const gates = s.profile?.gates ?? [];
        if (!gates.length) yield { s, gate: null, first: true };
        for (const [i, gate] of gates.entries()) yield { s, gate, first: i === 0 };
      }
    }
    return sendXlsx(reply, '人防物防技防.xlsx', '人防物防技防', columns, rows());
  });
  app.get('/security-profiles/history', { schema: { tags, summary: '一所学校的全部登记（最新在前，以最新一份为准）', querystring: securityHistoryQuery, response: { 200: securityProfilePage } } }, (req) =>
    securityProfileHistory(ctxOf(req), req.query),
  );
  app.get('/security-profiles/:id', { schema: { tags, summary: '一份人防物防技防登记', params: idParam, response: { 200: securityProfileBody } } }, (req) =>
    getSecurityProfile(ctxOf(req), req.params.id),
  );
  app.post('/security-profiles', { schema: { tags, summary: '登记人防物防技防（更正也登记新的一份，以最新一份为准）', body: createSecurityProfileBody, response: { 201: securityProfileBody } } }, async (req, reply) =>
    reply.code(201).send(await createSecurityProfile(ctxOf(req), req.body)),
  );
}
