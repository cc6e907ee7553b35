// Routes of the IoT monitoring (issue 17). Thin: validate → service → present. The ingestion
// endpoint alone is public (no session, no CSRF: the device's HMAC is the credential), limited per
// device and in body size, and reads its body raw to check the signature before parsing it.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { idParam } from '../../contracts/common.js';
import {
  clearIotAlertBody,
  createIotDeviceBody,
  iotAlertBody,
  iotAlertDetail,
  iotAlertList,
  iotAlertListQuery,
  iotDeviceBody,
  iotDeviceDetail,
  iotDeviceList,
  iotDeviceListQuery,
  iotDeviceWithKeyBody,
  iotGatewayAnswer,
  iotGatewayBody,
  iotIngestAnswer,
  iotIngestBody,
  iotProfileFactsBody,
  iotVersionBody,
  updateIotDeviceBody,
} from '../../contracts/iot.js';
import { DEFAULT_OFFLINE_HOURS } from '../../domain/iot.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { AppError } from '../errors.js';
import { ingestEvents, ingestGatewayEvents, signedBy } from './iot-ingest.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../domain/signed-body.js';
import { DEVICE_HEADER } from './iot-keys.js';
import { clearAlert, createDevice, getAlert, getDevice, listAlerts, listDevices, profileFacts, rotateDeviceKey, updateDevice } from './iot.service.js';

/** 100 events of ~300 bytes each fit with room; anything larger is not a device's batch. */
export const IOT_BODY_LIMIT = 64 * 1024;
/** A gateway's 500 events of ~320 bytes each (the device's uid added) fit with room. */
export const IOT_GATEWAY_BODY_LIMIT = 256 * 1024;

export default async function iotRoutes(app: App) {
  const tags = ['iot'];
  const hours = () => app.deps.config.iotOfflineHours ?? DEFAULT_OFFLINE_HOURS;
  app.get('/iot/devices', { schema: { tags, summary: '物联网设备', querystring: iotDeviceListQuery, response: { 200: iotDeviceList } } }, (req) => listDevices(ctxOf(req), req.query, hours()));
  app.get('/iot/devices/:id', { schema: { tags, summary: '设备详情（最近事件与报警）', params: idParam, response: { 200: iotDeviceDetail } } }, (req) => getDevice(ctxOf(req), req.params.id, hours()));
  app.post('/iot/devices', { schema: { tags, summary: '登记设备（密钥只显示这一次）', body: createIotDeviceBody, response: { 201: iotDeviceWithKeyBody } } }, async (req, reply) =>
    reply.code(201).send(await createDevice(ctxOf(req), req.body, hours())),
  );
  app.patch('/iot/devices/:id', { schema: { tags, summary: '修改或停用设备（需带版本号）', params: idParam, body: updateIotDeviceBody, response: { 200: iotDeviceBody } } }, (req) =>
    updateDevice(ctxOf(req), req.params.id, req.body, hours()),
  );
  app.post('/iot/devices/:id/rotate-key', { schema: { tags, summary: '更换设备密钥（新密钥只显示这一次）', params: idParam, body: iotVersionBody, response: { 200: iotDeviceWithKeyBody } } }, (req) =>
    rotateDeviceKey(ctxOf(req), req.params.id, req.body.version, hours()),
  );
  app.get('/iot/alerts', { schema: { tags, summary: '物联网报警', querystring: iotAlertListQuery, response: { 200: iotAlertList } } }, (req) => listAlerts(ctxOf(req), req.query));
  app.get('/iot/alerts/:id', { schema: { tags, summary: '报警详情（触发它的事件）', params: idParam, response: { 200: iotAlertDetail } } }, (req) => getAlert(ctxOf(req), req.params.id));
  app.post('/iot/alerts/:id/clear', { schema: { tags, summary: '解除报警（已处置或误报，须填说明）', params: idParam, body: clearIotAlertBody, response: { 200: iotAlertBody } } }, (req) =>
    clearAlert(ctxOf(req), req.params.id, req.body),
  );
  app.get('/iot/profile-facts', { schema: { tags, summary: '设备证明的技防事实（一键报警、视频保存）', querystring: z.object({ schoolId: z.coerce.number({ error: '请选择学校' }).int().positive() }), response: { 200: iotProfileFactsBody } } }, (req) =>
    profileFacts(ctxOf(req), req.query.schoolId, hours()),
  );

  // Ingestion, in its own context: its body is read as the raw text the signature covers.
  const cacheMs = (app.deps.config.iotDeviceCacheSeconds ?? 30) * 1000;
  await app.register(async (hook) => {
    hook.removeAllContentTypeParsers();
    hook.addContentTypeParser('*', { parseAs: 'string', bodyLimit: IOT_GATEWAY_BODY_LIMIT }, (_req, body, done) => done(null, body));
    /** The sender verified (401 alike for an unknown or retired device, a bad or stale signature, the wrong endpoint), then the body parsed. */
    const signed = async <T>(req: FastifyRequest, schema: z.ZodType<T>, gateway: boolean) => {
      const { db, now } = req.server.deps;
      const raw = typeof req.body === 'string' ? req.body : '';
      const at = now();
      const uid = req.headers[DEVICE_HEADER];
      const found = await signedBy(db, uid, { signature: req.headers[SIGNATURE_HEADER] as string | undefined, timestamp: req.headers[TIMESTAMP_HEADER] as string | undefined }, raw, at, cacheMs);
      const problem = found.problem ?? ((found.device.kind === 'gateway') !== gateway ? (gateway ? 'not a gateway' : 'a gateway posts to /iot/gateway-events') : null);
      if (problem || !found.device) {
        req.log.warn({ reason: problem, device: typeof uid === 'string' ? uid.slice(0, 64) : null, ip: req.ip, bytes: raw.length }, 'iot event refused');
        throw new AppError(401, 'BAD_SIGNATURE', '设备未登记、已停用，或签名无效、已过期');
      }
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw new AppError(400, 'VALIDATION_FAILED', '请求体不是有效的 JSON');
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        const details = parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
        throw new AppError(400, 'VALIDATION_FAILED', `${details[0].field}：${details[0].message}`, details);
      }
      return { device: found.device, body: parsed.data, at };
    };
    hook.post(
      '/iot/events',
      {
        bodyLimit: IOT_BODY_LIMIT,
        config: {
          public: true,
          // Per device, not per address: a school's devices often share one carrier address.
          rateLimit: { max: app.deps.config.iotRatePerMinute ?? 120, timeWindow: 60_000, keyGenerator: (req) => `iot:${String(req.headers[DEVICE_HEADER] ?? req.ip).slice(0, 64)}` },
        },
        schema: { tags, summary: '设备上报事件（HMAC 签名，按事件编号幂等）', security: [], response: { 200: iotIngestAnswer } },
      },
      async (req) => {
        const { device, body, at } = await signed(req, iotIngestBody, false);
        return ingestEvents(req.server.deps.db, device, body, at);
      },
    );
    hook.post(
      '/iot/gateway-events',
      {
        bodyLimit: IOT_GATEWAY_BODY_LIMIT,
        config: {
          public: true,
          // Per gateway: one request carries up to 500 events of its school's devices.
          rateLimit: { max: app.deps.config.iotGatewayRatePerMinute ?? 600, timeWindow: 60_000, keyGenerator: (req) => `iot-gw:${String(req.headers[DEVICE_HEADER] ?? req.ip).slice(0, 64)}` },
        },
        schema: { tags, summary: '网关代所在学校的设备批量上报（网关密钥签名，逐个事件受理或拒绝）', security: [], response: { 200: iotGatewayAnswer } },
      },
      async (req) => {
        const { device, body, at } = await signed(req, iotGatewayBody, true);
        return ingestGatewayEvents(req.server.deps.db, device, body, at, cacheMs);
      },
    );
  });
}
