// Routes of the emergency plans and the emergency team (应急预案、应急队伍; issue 21).
// Thin: validate → service → present. Shaped like the insurance routes.
import { idParam } from '../../contracts/common.js';
import {
  createEmergencyPlanBody,
  createTeamMemberBody,
  emergencyPlanBody,
  emergencyPlanKindLabels,
  emergencyPlanListQuery,
  emergencyPlanPage,
  rescueForceKindLabels,
  teamMemberBody,
  teamMemberListQuery,
  teamMemberPage,
  teamRoleLabels,
  updateEmergencyPlanBody,
  updateTeamMemberBody,
  type EmergencyPlanView,
  type TeamMemberView,
} from '../../contracts/emergency-plans.js';
import { voidRecordBody } from '../../contracts/ledger.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { sendXlsx, type Column } from '../excel.js';
import { exportLedger, place, recorded } from '../ledger/ledger-export.js';
import {
  addTeamMember,
  createEmergencyPlan,
  getEmergencyPlan,
  listEmergencyPlans,
  listTeamMembers,
  planBatchFetcher,
  planFilter,
  teamBatchFetcher,
  teamFilter,
  updateEmergencyPlan,
  updateTeamMember,
  voidEmergencyPlan,
  voidTeamMember,
} from './emergency-plans.service.js';

const planColumns: Column<EmergencyPlanView>[] = [
  ...place<EmergencyPlanView>(),
  { header: '预案类型', width: 18, value: (p) => emergencyPlanKindLabels[p.kind] },
  { header: '预案版本', width: 12, value: (p) => p.edition },
  { header: '审批人', width: 12, value: (p) => p.approvedBy },
  { header: '批准日期', width: 12, value: (p) => p.approvedOn },
  { header: '下次修订日期', width: 12, value: (p) => p.revisionDue },
  { header: '联动救援力量', width: 40, value: (p) => p.rescueForces.map((f) => `${rescueForceKindLabels[f.forceKind]}：${f.name}（${f.contact} ${f.phone}）`).join('；') },
  { header: '熟悉预案人数', width: 10, value: (p) => p.walkedStaff.length },
  { header: '熟悉培训日期', width: 12, value: (p) => p.walkedOn },
  { header: '演练次数', width: 8, value: (p) => p.drillsCount },
  ...recorded<EmergencyPlanView>(),
];

const teamColumns: Column<TeamMemberView>[] = [
  ...place<TeamMemberView>(),
  { header: '姓名', width: 12, value: (m) => m.staffName },
  { header: '队伍职务', width: 14, value: (m) => teamRoleLabels[m.teamRole] },
  { header: '职责', width: 30, value: (m) => m.duty },
  { header: '联系电话', width: 16, value: (m) => m.phone },
  ...recorded<TeamMemberView>(),
];

export default async function emergencyPlansRoutes(app: App) {
  const tags = ['emergency-plans'];
  const planExport = emergencyPlanListQuery.omit({ page: true, pageSize: true });
  app.get('/emergency-plans', { schema: { tags, summary: '应急预案台账', querystring: emergencyPlanListQuery, response: { 200: emergencyPlanPage } } }, (req) => listEmergencyPlans(ctxOf(req), req.query));
  app.get('/emergency-plans/export', { schema: { tags, summary: '导出应急预案台账（Excel）', querystring: planExport } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'emergency_plan', () => planFilter(ctx, req.query), (w) => planBatchFetcher(ctx, w));
    return sendXlsx(reply, '应急预案台账.xlsx', '应急预案', planColumns, rows);
  });
  app.get('/emergency-plans/:id', { schema: { tags, summary: '应急预案', params: idParam, response: { 200: emergencyPlanBody } } }, (req) => getEmergencyPlan(ctxOf(req), req.params.id));
  app.post('/emergency-plans', { schema: { tags, summary: '登记应急预案', body: createEmergencyPlanBody, response: { 201: emergencyPlanBody } } }, async (req, reply) =>
    reply.code(201).send(await createEmergencyPlan(ctxOf(req), req.body)),
  );
  app.patch('/emergency-plans/:id', { schema: { tags, summary: '修改应急预案（修订、熟悉人员；需带版本号）', params: idParam, body: updateEmergencyPlanBody, response: { 200: emergencyPlanBody } } }, (req) =>
    updateEmergencyPlan(ctxOf(req), req.params.id, req.body),
  );
  app.post('/emergency-plans/:id/void', { schema: { tags, summary: '作废应急预案', params: idParam, body: voidRecordBody, response: { 200: emergencyPlanBody } } }, (req) =>
    voidEmergencyPlan(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );

  const teamExport = teamMemberListQuery.omit({ page: true, pageSize: true });
  app.get('/emergency-team', { schema: { tags, summary: '应急队伍', querystring: teamMemberListQuery, response: { 200: teamMemberPage } } }, (req) => listTeamMembers(ctxOf(req), req.query));
  app.get('/emergency-team/export', { schema: { tags, summary: '导出应急队伍（Excel）', querystring: teamExport } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'emergency_team_member', () => teamFilter(ctx, req.query), (w) => teamBatchFetcher(ctx, w));
    return sendXlsx(reply, '应急队伍.xlsx', '应急队伍', teamColumns, rows);
  });
  app.post('/emergency-team', { schema: { tags, summary: '加入应急队伍', body: createTeamMemberBody, response: { 201: teamMemberBody } } }, async (req, reply) =>
    reply.code(201).send(await addTeamMember(ctxOf(req), req.body)),
  );
  app.patch('/emergency-team/:id', { schema: { tags, summary: '修改应急队伍成员（需带版本号）', params: idParam, body: updateTeamMemberBody, response: { 200: teamMemberBody } } }, (req) =>
    updateTeamMember(ctxOf(req), req.params.id, req.body),
  );
  app.post('/emergency-team/:id/void', { schema: { tags, summary: '移出应急队伍（保留留痕）', params: idParam, body: voidRecordBody, response: { 200: teamMemberBody } } }, (req) =>
    voidTeamMember(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );
}
