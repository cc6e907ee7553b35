import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fieldLabels } from '../contracts/common.js';
import { zodChinese } from '../contracts/zod-zh.js';
import type { RoleTable } from '../domain/roles.js';
import { loadRoleTable, type Actor } from './access/access.js';
import auditRoutes from './audit/audit.routes.js';
import { loadAuditKey, setAuditKey } from './audit/key.js';
import authRoutes from './auth/auth.routes.js';
import { CSRF_HEADER, SESSION_COOKIE, csrfMatches, lookupSession } from './auth/session.js';
import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import { RETRY_AFTER_SECONDS, httpErrorForDatabase } from './db/errors.js';
import { openStorage, type FileStorage } from './files/storage.js';
import { AppError } from './errors.js';
import { READ_AFTER_WRITE_COOKIE } from './context.js';
import { guardedValidatorCompiler } from './input-guard.js';
import { multipartError } from './multipart.js';
import { responseSerialisers, type ResponseSerialisers } from './serializer.js';
import { applySecurityHeaders, securityHeaders } from './security-headers.js';
import checklistRoutes from './checklists/checklists.routes.js';
import fileRoutes from './files/files.routes.js';
import inspectionRoutes from './inspections/inspections.routes.js';
import hazardRoutes from './hazards/hazards.routes.js';
import drillRoutes from './drills/drills.routes.js';
import ruleRoutes from './rules/rules.routes.js';
import complianceRoutes from './compliance/compliance.routes.js';
import staffRoutes from './staff/staff.routes.js';
import meetingRoutes from './meetings/meetings.routes.js';
import careRoutes from './care/care.routes.js';
import insuranceRoutes from './insurance/insurance.routes.js';
import riskRoutes from './risks/risks.routes.js';
import dutyRoutes from './duty/duty.routes.js';
import letterRoutes from './letters/letters.routes.js';
import complianceActionRoutes from './compliance/compliance-actions.routes.js';
import securityProfileRoutes from './security-profiles/security.routes.js';
import accountabilityRoutes from './accountability/accountability.routes.js';
import assessmentRoutes from './assessment/assessment.routes.js';
import campaignRoutes from './campaigns/campaigns.routes.js';
import notificationRoutes from './notifications/notifications.routes.js';
import importRoutes from './imports/imports.routes.js';
import roleRoutes from './users/roles.routes.js';
import unitRoutes from './units/units.routes.js';
import userRoutes from './users/users.routes.js';
import incidentRoutes from './incidents/incidents.routes.js';
import planRoutes from './plans/plans.routes.js';
import foodRoutes from './food/food.routes.js';
import gateRoutes from './gate/gate.routes.js';
import disputeRoutes from './disputes/disputes.routes.js';
import familyLetterRoutes from './family-letters/family-letters.routes.js';
import labelRoutes from './labels/labels.routes.js';
import opinionRoutes from './opinion/opinion.routes.js';
import iotRoutes from './iot/iot.routes.js';
import healthCheckRoutes from './health-checks/health-checks.routes.js';
import educationRoutes from './education/education.routes.js';
import equipmentRoutes from './equipment/equipment.routes.js';
import chemicalRoutes from './chemicals/chemicals.routes.js';
import jobRoutes from './cluster/jobs.routes.js';
import { trustProxyOption } from './cluster/proxy.js';
import { registerHealth } from './cluster/health.js';
import networkSecurityRoutes from './network-security/network-security.routes.js';
import busRoutes from './buses/buses.routes.js';
import fireStandardRoutes from './fire-standard/fire-standard.routes.js';
import buildingsRoutes from './buildings/buildings.routes.js';
import warningsRoutes from './warnings/warnings.routes.js';
import bullyingRoutes from './bullying/bullying.routes.js';
import emergencyPlansRoutes from './emergency-plans/emergency-plans.routes.js';
import emergencySuppliesRoutes from './emergency-supplies/emergency-supplies.routes.js';
import drowningRoutes from './drowning/drowning.routes.js';
import videoPatrolRoutes from './video-patrol/video-patrol.routes.js';
import inspectionScheduleRoutes from './inspection-schedules/inspection-schedules.routes.js';
import budgetRoutes from './budget/budget.routes.js';
import messageRoutes from './messages/messages.routes.js';
import { setWebHeaders } from './web.js';

z.config(zodChinese());

export type App = FastifyInstance<any, any, any, any, ZodTypeProvider>;

export interface Deps {
  db: Db;
  database: Database;
  config: Config;
  /** Where the bytes of files live (files/storage.ts, chosen from the config). */
  storage: FileStorage;
  roleTable: RoleTable;
  now: () => Date;
  webDir: string | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: Deps;
    /** How this app writes its responses (serializer.ts): which routes kept zod, and why. */
    responseSerialisers: ResponseSerialisers;
  }
  interface FastifyRequest {
    actor: Actor | null;
    csrfToken: string | null;
    sessionId: string | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a session (login, meta). */
    public?: boolean;
    /** Reachable while the password must still be changed. */
    allowPasswordChange?: boolean;
  }
}

export interface BuildOptions {
  database: Database;
  config: Config;
  /** The file store; absent: the one the config names, over this database (files/storage.ts). */
  storage?: FileStorage;
  now?: () => Date;
  /** The built web UI to serve, if any. */
  webDir?: string | null;
  logger?: boolean;
}

function validationMessage(err: { validation?: Array<{ instancePath?: string; message?: string; params?: { params?: { label?: unknown } } }>; validationContext?: string }) {
  const details = (err.validation ?? []).map((v) => {
    const field = (v.instancePath ?? '').split('/').filter(Boolean).join('.');
    const head = field.split('.')[0];
    // A schema may name a nested field itself (an issue's params.label: '第1个校门 夜间保安人数').
    const own = v.params?.params?.label;
    return { field, label: typeof own === 'string' ? own : (fieldLabels[head] ?? head), message: v.message ?? '无效' };
  });
  const first = details[0];
  const message = first ? (first.field ? `${first.label}：${first.message}` : first.message) : '请求参数有误';
  return { message, details };
}

export async function buildApp(opts: BuildOptions): Promise<App> {
  const { database, config } = opts;
  // main sets it before the demo loader; an app built on its own (tests, bench) sets it here.
  setAuditKey(loadAuditKey(config, { create: true }).key);
  const app = Fastify({
    logger: opts.logger === false ? false : { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: trustProxyOption(config.trustProxy),
    // A request that reaches an open connection while the server closes (SIGTERM, after the drain)
    // is answered as usual, not with Fastify's default 503: the pool stays open until every
    // request has its answer (main.ts shutdown), and a 503 there was an error the person saw (issue 18).
    return503OnClosing: false,
  }).withTypeProvider<ZodTypeProvider>();

  // Every body, query string and path parameter: the contract, and the bounds no contract may forget (input-guard.ts).
  app.setValidatorCompiler(guardedValidatorCompiler);
  // Every response: compiled from its contract, keys the contract does not name dropped (serializer.ts).
  const serialisers = responseSerialisers();
  app.setSerializerCompiler(serialisers.compiler);
  app.decorate('responseSerialisers', serialisers);
  const roleTable = await loadRoleTable(database.db);
  app.decorate('deps', { db: database.db, database, config, storage: opts.storage ?? openStorage(config, database.db), roleTable, now: opts.now ?? (() => new Date()), webDir: opts.webDir ?? null });
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('sessionId', null);

  app.setErrorHandler((err: any, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const { message, details } = validationMessage(err);
      return reply.code(400).send({ error: { code: 'VALIDATION_FAILED', message, details } });
    }
    if (err instanceof AppError) {
      return reply.code(err.statusCode).send({ error: { code: err.code, message: err.message, details: err.details } });
    }
    // The database refused the request (a unique index, a value it cannot store) or is away (503).
    const fromDatabase = httpErrorForDatabase(err);
    if (fromDatabase) {
      if (fromDatabase.statusCode === 503) {
        req.log.warn({ err }, 'database unavailable');
        reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      }
      return reply.code(fromDatabase.statusCode).send({ error: { code: fromDatabase.code, message: fromDatabase.message, details: fromDatabase.details } });
    }
    // A multipart form with more files or fields than a route reads.
    const fromMultipart = multipartError(err);
    if (fromMultipart) {
      return reply.code(fromMultipart.statusCode).send({ error: { code: fromMultipart.code, message: fromMultipart.message, details: fromMultipart.details } });
    }
    if (err.statusCode === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.code === 'FST_REQ_FILE_TOO_LARGE') {
      return reply.code(413).send({ error: { code: 'PAYLOAD_TOO_LARGE', message: '提交的内容过大' } });
    }
    if (err.statusCode === 415) {
      return reply.code(415).send({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '请求格式不受支持，请以 JSON 提交' } });
    }
    if (err.statusCode === 429) {
      return reply.code(429).send({ error: { code: 'TOO_MANY_REQUESTS', message: '请求过于频繁，请稍后再试' } });
    }
    if (err.statusCode && err.statusCode < 500) {
      return reply.code(err.statusCode).send({ error: { code: err.code ?? 'BAD_REQUEST', message: '请求有误，请检查后重试' } });
    }
    req.log.error(err);
    return reply.code(500).send({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试或联系管理员' } });
  });

  // Helmet's headers on every answer, computed once (security-headers.ts).
  const headers = securityHeaders();
  app.addHook('onRequest', (_req, reply, done) => {
    applySecurityHeaders(headers, reply.raw);
    done();
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 10 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: '安校 Anxiao API', version: '1', description: '区教育局与学校的校园安全管理平台接口' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: CSRF_HEADER },
        },
      },
      security: [{ session: [], csrf: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // /livez, /readyz (draining, database away) and /healthz (issue 18).
  registerHealth(app as never, database);

  // Read-your-writes with a replica (issue 18): a write that succeeded sends its person's reads to
  // the primary for the window, on whichever instance they land (ctxOf reads the cookie).
  const readAfterWriteMs = config.database?.readAfterWriteMs ?? 5_000;
  const hasReplica = database.reads !== database.db && readAfterWriteMs > 0;

  await app.register(
    async (api) => {
      if (hasReplica) {
        api.addHook('onSend', async (req, reply) => {
          if (['GET', 'HEAD', 'OPTIONS'].includes(req.method) || reply.statusCode < 200 || reply.statusCode >= 300) return;
          reply.setCookie(READ_AFTER_WRITE_COOKIE, String(app.deps.now().getTime() + readAfterWriteMs), {
            path: '/',
            httpOnly: true,
            sameSite: 'lax',
            secure: config.cookieSecure,
            maxAge: Math.ceil(readAfterWriteMs / 1000),
          });
        });
      }
      api.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
        const routeConfig = req.routeOptions.config;
        if (routeConfig?.public) return;
        const token = req.cookies[SESSION_COOKIE];
        if (!token) throw new AppError(401, 'UNAUTHENTICATED', '请先登录');
        const found = await lookupSession(database.db, roleTable, token, config.sessionIdleMinutes, app.deps.now());
        if (found === 'expired') {
          reply.clearCookie(SESSION_COOKIE, { path: '/' });
          throw new AppError(401, 'SESSION_EXPIRED', `长时间未操作（超过 ${config.sessionIdleMinutes} 分钟），请重新登录`);
        }
        if (found === 'none') throw new AppError(401, 'UNAUTHENTICATED', '请先登录');
        req.actor = found.actor;
        req.csrfToken = found.csrfToken;
        req.sessionId = found.sessionId;
        if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method) && !csrfMatches(found.csrfToken, req.headers[CSRF_HEADER] as string | undefined)) {
          throw new AppError(403, 'CSRF_FAILED', '页面已过期或请求来源不可信，请刷新页面后重试');
        }
        if (found.actor.mustChangePassword && !routeConfig?.allowPasswordChange) {
          throw new AppError(403, 'PASSWORD_CHANGE_REQUIRED', '首次登录或密码已重置，请先修改密码');
        }
      });
      await api.register(authRoutes);
      await api.register(unitRoutes);
      await api.register(userRoutes);
      await api.register(roleRoutes);
      await api.register(auditRoutes);
      await api.register(importRoutes);
      await api.register(checklistRoutes);
      await api.register(fileRoutes);
      await api.register(inspectionRoutes);
      await api.register(hazardRoutes);
      await api.register(notificationRoutes);
      await api.register(campaignRoutes);
      await api.register(drillRoutes);
      await api.register(ruleRoutes);
      await api.register(complianceRoutes);
      await api.register(staffRoutes);
      await api.register(meetingRoutes);
      await api.register(insuranceRoutes);
      await api.register(dutyRoutes);
      await api.register(letterRoutes);
      await api.register(complianceActionRoutes);
      await api.register(securityProfileRoutes);
      await api.register(accountabilityRoutes);
      await api.register(riskRoutes);
      await api.register(assessmentRoutes);
      await api.register(incidentRoutes);
      await api.register(careRoutes);
      await api.register(planRoutes);
      await api.register(foodRoutes);
      await api.register(gateRoutes);
      await api.register(healthCheckRoutes);
      await api.register(educationRoutes);
      await api.register(equipmentRoutes);
      await api.register(chemicalRoutes);
      await api.register(jobRoutes);
      await api.register(networkSecurityRoutes);
      await api.register(busRoutes);
      await api.register(fireStandardRoutes);
      await api.register(disputeRoutes);
      await api.register(opinionRoutes);
      await api.register(buildingsRoutes);
      await api.register(warningsRoutes);
      await api.register(bullyingRoutes);
      await api.register(emergencyPlansRoutes);
      await api.register(emergencySuppliesRoutes);
      await api.register(drowningRoutes);
      await api.register(videoPatrolRoutes);
      await api.register(inspectionScheduleRoutes);
      await api.register(budgetRoutes);
      await api.register(messageRoutes);
      await api.register(familyLetterRoutes);
      await api.register(labelRoutes);
      await api.register(iotRoutes);
    },
    { prefix: '/api/v1' },
  );

  const webDir = opts.webDir ?? null;
  if (webDir && existsSync(path.join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDir, index: false, setHeaders: setWebHeaders });
    const sendApp = (reply: FastifyReply) => reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
    // The bare address is the app too: without this route the static plugin refuses it as a directory listing.
    app.get('/', { schema: { hide: true } }, (_req, reply) => sendApp(reply));
    app.setNotFoundHandler((req, reply) => {
      // Client-side routes get the app; a missing asset or API path is a plain 404.
      if (req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/assets/')) return sendApp(reply);
      return reply.code(404).send({ error: { code: 'NOT_FOUND', message: '接口不存在' } });
    });
  } else {
    app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: { code: 'NOT_FOUND', message: '接口不存在' } }));
  }

  return app;
}
