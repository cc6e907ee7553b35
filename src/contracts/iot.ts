// Requests and responses of the IoT monitoring (安全生产物联网监控, issue 17; 004 (四)3, 002 area 9):
// a school's devices with a key each, the events they post signed with it, the alerts the rules
// open from them (cleared by the school in time, else a hazard of the register) and the facts of
// the security profile they can prove.
import { z } from 'zod';
import { labelled, pageOf, pageQuery } from './common.js';
import { instantSchema } from './incidents.js';

/** A gateway (网关) is registered like a device: its key signs the batches it posts for the other devices of its school. */
export const iotDeviceKinds = ['smoke', 'temperature', 'alarm_button', 'camera', 'perimeter', 'gateway'] as const;
export type IotDeviceKind = (typeof iotDeviceKinds)[number];
export const iotDeviceKindLabels: Record<IotDeviceKind, string> = {
  smoke: '烟感探测器',
  temperature: '温度传感器',
  alarm_button: '一键报警',
  camera: '摄像头',
  perimeter: '周界报警',
  gateway: '网关',
};

export const iotDeviceStatuses = ['active', 'retired'] as const;
export type IotDeviceStatus = (typeof iotDeviceStatuses)[number];
export const iotDeviceStatusLabels: Record<IotDeviceStatus, string> = { active: '在用', retired: '已停用' };

/** What a device reports: a heartbeat, a smoke alarm, a reading, a test of a one-key alarm, an alarm raised (button pressed, perimeter crossed). */
export const iotEventKinds = ['heartbeat', 'smoke', 'temperature', 'test', 'alarm'] as const;
export type IotEventKind = (typeof iotEventKinds)[number];
export const iotEventKindLabels: Record<IotEventKind, string> = { heartbeat: '心跳', smoke: '烟雾报警', temperature: '温度读数', test: '自检/测试', alarm: '报警' };

export const iotAlertCauses = ['smoke', 'over_temperature', 'alarm', 'test_failed', 'offline'] as const;
export type IotAlertCause = (typeof iotAlertCauses)[number];
export const iotAlertCauseLabels: Record<IotAlertCause, string> = {
  smoke: '烟雾报警',
  over_temperature: '温度超限',
  alarm: '报警触发',
  test_failed: '一键报警测试未通过',
  offline: '摄像头离线',
};

export const iotAlertStates = ['open', 'cleared', 'escalated'] as const;
export type IotAlertState = (typeof iotAlertStates)[number];
export const iotAlertStateLabels: Record<IotAlertState, string> = { open: '待处置', cleared: '已解除', escalated: '已转隐患' };

export const iotClearOutcomes = ['handled', 'false_alarm'] as const;
export type IotClearOutcome = (typeof iotClearOutcomes)[number];
export const iotClearOutcomeLabels: Record<IotClearOutcome, string> = { handled: '已处置', false_alarm: '误报' };
/** How an alert ended: cleared by the school, or an offline camera heard from again. */
export const iotAlertOutcomes = [...iotClearOutcomes, 'recovered'] as const;
export type IotAlertOutcome = (typeof iotAlertOutcomes)[number];
export const iotAlertOutcomeLabels: Record<IotAlertOutcome, string> = { ...iotClearOutcomeLabels, recovered: '设备恢复' };

/** The derived state shown on the device list. */
export const iotDeviceStates = ['online', 'offline', 'alerting', 'never', 'retired'] as const;
export type IotDeviceState = (typeof iotDeviceStates)[number];
export const iotDeviceStateLabels: Record<IotDeviceState, string> = { online: '在线', offline: '离线', alerting: '报警中', never: '未上线', retired: '已停用' };

const text = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `最多 ${max} 字`);
const version = z.number({ error: '请带上版本号' }).int().positive();
const tempLimit = labelled('温度上限', z.number({ error: '请填写温度上限（℃）' }).min(-40, '温度上限不能低于 -40℃').max(200, '温度上限不能高于 200℃').nullable().optional());

export const createIotDeviceBody = z.strictObject({
  schoolId: z.number({ error: '请选择学校' }).int().positive(),
  kind: z.enum(iotDeviceKinds, { error: '请选择设备类型' }),
  name: text('设备名称', 60),
  place: text('安装位置', 100),
  tempLimitC: tempLimit,
});
export type CreateIotDevice = z.infer<typeof createIotDeviceBody>;

export const updateIotDeviceBody = z.strictObject({
  version,
  name: text('设备名称', 60),
  place: text('安装位置', 100),
  tempLimitC: tempLimit,
  status: z.enum(iotDeviceStatuses, { error: '请选择状态' }),
});
export type UpdateIotDevice = z.infer<typeof updateIotDeviceBody>;

export const iotVersionBody = z.strictObject({ version });

export const iotDeviceBody = z.object({
  id: z.number().int(),
  uid: z.string(),
  schoolId: z.number().int(),
  schoolName: z.string(),
  kind: z.enum(iotDeviceKinds),
  name: z.string(),
  place: z.string(),
  tempLimitC: z.number().nullable(),
  status: z.enum(iotDeviceStatuses),
  state: z.enum(iotDeviceStates),
  lastEventAt: z.string().nullable(),
  lastHeartbeatAt: z.string().nullable(),
  lastTemperatureC: z.number().nullable(),
  lastTestAt: z.string().nullable(),
  lastTestOk: z.boolean().nullable(),
  retentionDays: z.number().int().nullable(),
  openAlerts: z.number().int(),
  keyRotatedAt: z.string(),
  version: z.number().int(),
  canManage: z.boolean(),
});
export type IotDeviceView = z.infer<typeof iotDeviceBody>;

/** The answer to creating a device or rotating its key: the only time the key is shown. */
export const iotDeviceWithKeyBody = z.object({ device: iotDeviceBody, key: z.string() });

export const iotDeviceListQuery = z.object({
  schoolId: z.coerce.number().int().positive().optional(),
  townId: z.coerce.number().int().positive().optional(),
  kind: z.enum(iotDeviceKinds).optional(),
  state: z.enum(iotDeviceStates).optional(),
  ...pageQuery,
});
export type IotDeviceListQuery = z.infer<typeof iotDeviceListQuery>;
export const iotDeviceList = pageOf(iotDeviceBody).extend({ offlineHours: z.number().int() });

export const iotEventBody = z.object({
  id: z.number().int(),
  eventId: z.string(),
  kind: z.enum(iotEventKinds),
  at: z.string(),
  receivedAt: z.string(),
  value: z.number().nullable(),
  ok: z.boolean().nullable(),
  retentionDays: z.number().int().nullable(),
  alertId: z.number().int().nullable(),
});
export type IotEventView = z.infer<typeof iotEventBody>;

export const iotAlertBody = z.object({
  id: z.number().int(),
  deviceId: z.number().int(),
  deviceName: z.string(),
  deviceKind: z.enum(iotDeviceKinds),
  place: z.string(),
  schoolId: z.number().int(),
  schoolName: z.string(),
  cause: z.enum(iotAlertCauses),
  state: z.enum(iotAlertStates),
  openedAt: z.string(),
  dueAt: z.string(),
  lastEventAt: z.string(),
  eventCount: z.number().int(),
  clearedAt: z.string().nullable(),
  clearedByName: z.string().nullable(),
  outcome: z.enum(iotAlertOutcomes).nullable(),
  note: z.string().nullable(),
  hazardId: z.number().int().nullable(),
  hazardCode: z.string().nullable(),
  version: z.number().int(),
  canClear: z.boolean(),
});
export type IotAlertView = z.infer<typeof iotAlertBody>;

export const iotDeviceDetail = z.object({ device: iotDeviceBody, events: z.array(iotEventBody), alerts: z.array(iotAlertBody) });

export const iotAlertListQuery = z.object({
  schoolId: z.coerce.number().int().positive().optional(),
  townId: z.coerce.number().int().positive().optional(),
  state: z.enum(iotAlertStates).optional(),
  ...pageQuery,
});
export type IotAlertListQuery = z.infer<typeof iotAlertListQuery>;
export const iotAlertList = pageOf(iotAlertBody);

/** An alert with the events that raised it, newest first (the hazard's evidence). */
export const iotAlertDetail = z.object({ alert: iotAlertBody, events: z.array(iotEventBody) });

export const clearIotAlertBody = z.strictObject({
  version,
  outcome: z.enum(iotClearOutcomes, { error: '请选择处置结果' }),
  note: labelled('处置说明', text('处置说明', 500)),
});
export type ClearIotAlert = z.infer<typeof clearIotAlertBody>;

// ---- what a device posts (README: 物联网设备接入) ----

export const IOT_BATCH_MAX = 100;

export const iotIncomingEvent = z.strictObject({
  id: z.string({ error: '请填写事件编号' }).trim().min(1, '请填写事件编号').max(64, '事件编号最多 64 个字符').regex(/^[A-Za-z0-9._:-]+$/, '事件编号只能含字母、数字和 . _ : -'),
  kind: z.enum(iotEventKinds, { error: '事件类型无效' }),
  at: instantSchema,
  /** temperature: the reading in ℃. */
  value: z.number({ error: '读数应为数字' }).min(-100, '读数超出范围').max(1000, '读数超出范围').optional(),
  /** test: whether the one-key alarm's test passed. */
  ok: z.boolean({ error: '测试结果应为 true 或 false' }).optional(),
  /** heartbeat of a camera: the days of video its recorder holds. */
  retentionDays: z.number({ error: '存储天数应为整数' }).int('存储天数应为整数').min(0, '存储天数不能为负').max(3650, '存储天数超出范围').optional(),
});
export type IotIncomingEvent = z.infer<typeof iotIncomingEvent>;

export const iotIngestBody = z.strictObject({
  events: z.array(iotIncomingEvent, { error: '请提供事件列表 events' }).min(1, '至少一个事件').max(IOT_BATCH_MAX, `每次最多 ${IOT_BATCH_MAX} 个事件`),
});
export type IotIngest = z.infer<typeof iotIngestBody>;

export const iotIngestAnswer = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  results: z.array(z.object({ id: z.string(), status: z.enum(['accepted', 'duplicate']) })),
});
export type IotIngestAnswer = z.infer<typeof iotIngestAnswer>;

// ---- what a vendor's gateway posts for the devices of its school (README: 物联网设备接入) ----

/** A gateway's batch: the events of many devices, each naming its device. */
export const IOT_GATEWAY_BATCH_MAX = 500;

export const iotGatewayEvent = z.strictObject({
  device: z.string({ error: '请填写设备编号 device' }).regex(/^[0-9a-f]{16}$/, '设备编号 device 应为登记时给出的 16 位编号'),
  ...iotIncomingEvent.shape,
});
export type IotGatewayEvent = z.infer<typeof iotGatewayEvent>;

export const iotGatewayBody = z.strictObject({
  events: z.array(iotGatewayEvent, { error: '请提供事件列表 events' }).min(1, '至少一个事件').max(IOT_GATEWAY_BATCH_MAX, `每次最多 ${IOT_GATEWAY_BATCH_MAX} 个事件`),
});
export type IotGatewayIngest = z.infer<typeof iotGatewayBody>;

/** Per event: stored, a repeat of a stored one, or refused with the reason (the rest of the batch is still taken). */
export const iotGatewayAnswer = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  refused: z.number().int(),
  results: z.array(z.object({ device: z.string(), id: z.string(), status: z.enum(['accepted', 'duplicate', 'refused']), reason: z.string().optional() })),
});
export type IotGatewayAnswer = z.infer<typeof iotGatewayAnswer>;

/** The facts of the security profile the devices prove (002 area 9), beside what the school wrote by hand. */
export const iotProfileFactsBody = z.object({
  alarms: z.object({ installed: z.number().int(), working: z.number().int(), lastTestedOn: z.string().nullable() }).nullable(),
  video: z.object({ cameras: z.number().int(), online: z.number().int(), retentionDays: z.number().int().nullable() }).nullable(),
});
export type IotProfileFacts = z.infer<typeof iotProfileFactsBody>;
