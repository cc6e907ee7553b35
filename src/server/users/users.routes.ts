import { idParam } from '../../contracts/common.js';
import { roleLabels, unitKindLabels, userStatusLabels, type UnitKind, type UserStatus } from '../../contracts/enums.js';
import { versionBody } from '../../contracts/units.js';
import { createUserBody, updateUserBody, userBody, userListQuery, userPage, userWithPasswordBody } from '../../contracts/users.js';
import { requireAccess } from '../access/access.js';
import type { App } from '../app.js';
import { writeAudit } from '../audit/audit.js';
import { ctxOf } from '../context.js';
import { beijingTime, inBatches, sendXlsx, type Column } from '../excel.js';
import { findUnitInScope } from '../units/units.service.js';
import { createUser, getUser, listUsers, resetPassword, setUserStatus, updateUser, userBatchFetcher, type UserRow } from './users.service.js';

const tags = ['users'];
const exportQuery = userListQuery.omit({ page: true, pageSize: true });

const exportColumns: Column<UserRow>[] = [
  { header: '用户名', width: 20, value: (r) => r.username },
  { header: '姓名', value: (r) => r.displayName },
  { header: '联系电话', value: (r) => r.phone },
  { header: '所属单位', width: 28, value: (r) => r.unitName },
  { header: '单位类型', value: (r) => unitKindLabels[r.unitKind as UnitKind] },
  { header: '角色', width: 24, value: (r) => r.roles.map((k) => roleLabels[k]).join('、') },
  { header: '状态', width: 8, value: (r) => userStatusLabels[r.status as UserStatus] },
  { header: '最近登录', width: 20, value: (r) => beijingTime(r.lastLoginAt) },
];

export default async function userRoutes(app: App) {
  app.get('/users', { schema: { tags, summary: '人员列表', querystring: userListQuery, response: { 200: userPage } } }, (req) =>
    listUsers(ctxOf(req), req.query),
  );

  app.get('/users/export', { schema: { tags, summary: '导出人员（Excel）', querystring: exportQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    requireAccess(ctx.actor, 'user.read');
    const under = req.query.under ? await findUnitInScope(ctx.db, ctx.actor, req.query.under) : undefined;
    await ctx.db.transaction((tx) => writeAudit(tx, ctx, { action: 'export', objectType: 'user', after: { filter: req.query } }));
    return sendXlsx(reply, '人员名单.xlsx', '人员', exportColumns, inBatches(userBatchFetcher(ctx, req.query, under)));
  });

  app.get('/users/:id', { schema: { tags, summary: '人员详情', params: idParam, response: { 200: userBody } } }, (req) =>
    getUser(ctxOf(req), req.params.id),
  );

  app.post(
    '/users',
    { schema: { tags, summary: '新建人员（返回一次性初始密码）', body: createUserBody, response: { 201: userWithPasswordBody } } },
    async (req, reply) => reply.code(201).send(await createUser(ctxOf(req), req.body)),
  );

  app.patch('/users/:id', { schema: { tags, summary: '修改人员（需带版本号）', params: idParam, body: updateUserBody, response: { 200: userBody } } }, (req) =>
    updateUser(ctxOf(req), req.params.id, req.body),
  );

  app.post('/users/:id/disable', { schema: { tags, summary: '停用账号', params: idParam, body: versionBody, response: { 200: userBody } } }, (req) =>
    setUserStatus(ctxOf(req), req.params.id, req.body.version, 'disabled'),
  );

  app.post('/users/:id/enable', { schema: { tags, summary: '启用账号', params: idParam, body: versionBody, response: { 200: userBody } } }, (req) =>
    setUserStatus(ctxOf(req), req.params.id, req.body.version, 'active'),
  );

  app.post(
    '/users/:id/reset-password',
    { schema: { tags, summary: '重置密码（返回一次性密码，并解除锁定）', params: idParam, body: versionBody, response: { 200: userWithPasswordBody } } },
    (req) => resetPassword(ctxOf(req), req.params.id, req.body.version),
  );
}
