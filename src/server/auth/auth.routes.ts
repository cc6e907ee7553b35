import { loginBody, changePasswordBody, meBody, metaBody } from '../../contracts/auth.js';
import { okBody } from '../../contracts/common.js';
import type { App } from '../app.js';
import { writeAudit } from '../audit/audit.js';
import { actorOf, ctxOf } from '../context.js';
import { AppError } from '../errors.js';
import { countLoginAttempt, throttleKeys } from '../cluster/login-throttle.js';
import { changePassword, describeMe, login } from './auth.service.js';
import { demoAccounts } from './demo-accounts.js';
import { SESSION_COOKIE, deleteSession, lookupSession } from './session.js';

export default async function authRoutes(app: App) {
  const { config } = app.deps;
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.cookieSecure };

  app.get(
    '/meta',
    { config: { public: true }, schema: { tags: ['auth'], summary: '系统信息（是否演示模式、演示账号）', response: { 200: metaBody } } },
    async () => ({ demo: config.demo, demoAccounts: config.demo ? demoAccounts : [] }),
  );

  app.post(
    '/auth/login',
    {
      config: { public: true },
      schema: { tags: ['auth'], summary: '登录', security: [], body: loginBody, response: { 200: meBody } },
    },
    async (req, reply) => {
      const { db, roleTable, now } = app.deps;
      // Counted in the database, per client address and per username, across all instances (issue 18).
      try {
        await countLoginAttempt(db, throttleKeys(req.ip ?? null, req.body.username), config.loginRatePerMinute, now());
      } catch (err) {
        const retryAfter = (err as AppError).details as { retryAfter?: number } | undefined;
        if (err instanceof AppError && retryAfter?.retryAfter) reply.header('retry-after', String(retryAfter.retryAfter));
        throw err;
      }
      const session = await login(db, {
        ...req.body,
        ip: req.ip ?? null,
        userAgent: req.headers['user-agent'] ?? null,
        now: now(),
      });
      reply.setCookie(SESSION_COOKIE, session.token, cookieOptions);
      const found = await lookupSession(db, roleTable, session.token, config.sessionIdleMinutes, now());
      if (typeof found === 'string') throw new Error('session vanished right after login');
      return describeMe(db, found.actor, session.csrfToken, config.sessionIdleMinutes);
    },
  );

  app.post(
    '/auth/logout',
    { config: { allowPasswordChange: true }, schema: { tags: ['auth'], summary: '退出登录', response: { 200: okBody } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      await ctx.db.transaction(async (tx) => {
        await deleteSession(tx, req.cookies[SESSION_COOKIE]!);
        await writeAudit(tx, ctx, { action: 'logout', objectType: 'session', objectId: ctx.actor.id });
      });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/me',
    { config: { allowPasswordChange: true }, schema: { tags: ['auth'], summary: '当前用户、单位、角色与权限', response: { 200: meBody } } },
    async (req) => describeMe(app.deps.db, actorOf(req), req.csrfToken!, config.sessionIdleMinutes),
  );

  app.post(
    '/auth/password',
    {
      config: { allowPasswordChange: true },
      schema: { tags: ['auth'], summary: '修改本人密码', body: changePasswordBody, response: { 200: okBody } },
    },
    async (req) => {
      await changePassword(ctxOf(req), req.body.currentPassword, req.body.newPassword, req.sessionId!);
      return { ok: true as const };
    },
  );
}
