// The rules of the IoT monitoring (安全生产物联网监控, issue 17): which event of which device is an
// alarm, how long the school has to clear it before it becomes a hazard of the register, when a
// camera counts as offline, and what the devices prove about the security profile. 004 (四)3 asks
// schools to build the monitoring (温度传感、烟雾报警、视频监控) and feed the safety platform; 002
// area 9 sets the facts (one-key alarms 100% working, video kept ≥ 30 days). Pure: the clock is passed in.
import type { IotAlertCause, IotDeviceKind, IotDeviceState, IotEventKind } from '../contracts/iot.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A camera without a heartbeat for this long is offline (the district's default; IOT_OFFLINE_HOURS changes it). */
export const DEFAULT_OFFLINE_HOURS = 2;

/**
 * How long the school has to clear an alert (mark it handled or a false alarm, with a note) before
 * it becomes a hazard. The seeds give no number: these are the district's defaults — a fire or an
 * alarm is answered within half an hour, a broken alarm or a dark camera within a working morning.
 */
export const CLEAR_WITHIN_MINUTES: Record<IotAlertCause, number> = {
  smoke: 30,
  over_temperature: 30,
  alarm: 30,
  test_failed: 4 * 60,
  offline: 4 * 60,
};

/** 002 area 9: video kept at least 30 days. */
export const MIN_RETENTION_DAYS = 30;
/** A one-key alarm counts as working when its last test passed within this many days (a monthly test; the district's default). */
export const ALARM_TEST_VALID_DAYS = 31;

export interface DeviceFacts {
  kind: IotDeviceKind;
  tempLimitC: number | null;
}
export interface EventFacts {
  kind: IotEventKind;
  value?: number | null;
  ok?: boolean | null;
}

/** Which events each kind of device may send: anything else is refused, naming the field. */
const EVENTS_OF: Record<IotDeviceKind, readonly IotEventKind[]> = {
  smoke: ['heartbeat', 'smoke', 'test'],
  temperature: ['heartbeat', 'temperature'],
  alarm_button: ['heartbeat', 'test', 'alarm'],
  camera: ['heartbeat'],
  perimeter: ['heartbeat', 'alarm', 'test'],
  // A gateway only says it is alive; what it relays is each device's own event.
  gateway: ['heartbeat'],
};

/** null when the event fits the device, else the reason in Chinese. */
export function eventProblem(device: DeviceFacts, e: EventFacts & { retentionDays?: number | null }): string | null {
  if (!EVENTS_OF[device.kind].includes(e.kind)) return '该类设备不会上报此类事件';
  if (e.kind === 'temperature' && (e.value === undefined || e.value === null)) return '温度读数事件须带 value（℃）';
  if (e.kind === 'test' && (e.ok === undefined || e.ok === null)) return '测试事件须带 ok（是否通过）';
  return null;
}

/** The cause of an alert this event raises, or null (004 (四)3; 002 area 9). */
export function alertCauseOf(device: DeviceFacts, e: EventFacts): IotAlertCause | null {
  switch (e.kind) {
    case 'smoke':
      return 'smoke';
    case 'temperature':
      // Over the device's own limit; a sensor without a limit only records.
      return device.tempLimitC !== null && e.value !== undefined && e.value !== null && e.value > device.tempLimitC ? 'over_temperature' : null;
    case 'test':
      // 002 area 9: one-key alarms installed and working; a failed test is a broken alarm.
      return e.ok === false ? 'test_failed' : null;
    case 'alarm':
      return 'alarm';
    default:
      return null;
  }
}

/** When an alert opened at `openedAt` must be cleared by. */
export const clearDueAt = (cause: IotAlertCause, openedAt: Date) => new Date(openedAt.getTime() + CLEAR_WITHIN_MINUTES[cause] * MINUTE);

/** An open alert not cleared by its due time becomes a hazard. */
export const isClearOverdue = (dueAt: Date, now: Date) => now.getTime() >= dueAt.getTime();

/**
 * A camera is offline when its last heartbeat (or, never heard from, its registration) is older
 * than `hours`. Other kinds report on change only, so they are not judged offline.
 */
export function isCameraOffline(d: { kind: IotDeviceKind; status: string; lastHeartbeatAt: Date | null; createdAt: Date }, now: Date, hours: number): boolean {
  if (d.kind !== 'camera' || d.status !== 'active') return false;
  const since = d.lastHeartbeatAt ?? d.createdAt;
  return now.getTime() - since.getTime() > hours * HOUR;
}

/** The state the device list shows. */
export function deviceState(
  d: { kind: IotDeviceKind; status: string; lastHeartbeatAt: Date | null; lastEventAt: Date | null; createdAt: Date },
  openAlerts: number,
  now: Date,
  offlineHours: number,
): IotDeviceState {
  if (d.status !== 'active') return 'retired';
  if (openAlerts > 0) return 'alerting';
  if (!d.lastEventAt && !d.lastHeartbeatAt) return 'never';
  if (d.kind === 'camera' && isCameraOffline(d, now, offlineHours)) return 'offline';
  return 'online';
}

/** The item key of the one open hazard per device and cause (issue 17: not one per event). */
export const deviceHazardKey = (deviceId: number, cause: IotAlertCause) => `iot:${deviceId}:${cause}`;

export interface ProfileDevice {
  kind: IotDeviceKind;
  status: string;
  lastHeartbeatAt: Date | null;
  lastTestAt: Date | null;
  lastTestOk: boolean | null;
  retentionDays: number | null;
  createdAt: Date;
}

/**
 * What a school's active devices prove for the security profile (002 area 9): one-key alarms
 * installed and working (the last test passed within ALARM_TEST_VALID_DAYS), and the video kept —
 * the shortest retention any online camera reports, counting an offline or silent camera as 0. A
 * kind the school has no device of proves nothing (null): the hand-filled profile stands.
 */
export function profileFactsOf(devices: ProfileDevice[], now: Date, offlineHours: number, shanghaiDay: (d: Date) => string) {
  const active = devices.filter((d) => d.status === 'active');
  const buttons = active.filter((d) => d.kind === 'alarm_button');
  const cameras = active.filter((d) => d.kind === 'camera');
  const validFrom = now.getTime() - ALARM_TEST_VALID_DAYS * 24 * HOUR;
  const working = buttons.filter((d) => d.lastTestOk === true && d.lastTestAt !== null && d.lastTestAt.getTime() >= validFrom);
  const lastTest = working.reduce<Date | null>((m, d) => (m === null || d.lastTestAt! > m ? d.lastTestAt : m), null);
  const online = cameras.filter((d) => !isCameraOffline(d, now, offlineHours) && d.lastHeartbeatAt !== null);
  return {
    alarms: buttons.length ? { installed: buttons.length, working: working.length, lastTestedOn: lastTest ? shanghaiDay(lastTest) : null } : null,
    video: cameras.length
      ? { cameras: cameras.length, online: online.length, retentionDays: online.length === cameras.length ? Math.min(...online.map((d) => d.retentionDays ?? 0)) : 0 }
      : null,
  };
}

/** What the security profile shows beside the typed facts (issue 17): the devices' proof in words. */
export function alarmProofText(a: { installed: number; working: number; lastTestedOn: string | null }) {
  return `设备证明：一键报警 ${a.working}/${a.installed} 台测试正常${a.lastTestedOn ? `（最近 ${a.lastTestedOn}）` : '（31 天内无通过的测试）'}`;
}
export function videoProofText(v: { cameras: number; online: number; retentionDays: number | null }) {
  return `设备证明：摄像头 ${v.online}/${v.cameras} 台在线，${v.online === v.cameras ? `最短保存 ${v.retentionDays ?? 0} 天` : '有摄像头离线，保存天数按 0 天计'}`;
}

/**
 * Where the school's typed profile and its devices disagree (issue 17: "say so when they differ"),
 * in words, or null. The alarms differ when the count installed or working differs; the video when
 * the days differ. A kind without devices proves nothing, so it never differs.
 */
export function profileDifferences(
  typed: { alarms: { installed: number; working: number }; video: { retentionDays: number } },
  proven: { alarms: { installed: number; working: number } | null; video: { retentionDays: number | null } | null },
) {
  const a = proven.alarms;
  const v = proven.video;
  return {
    alarms:
      a && (a.installed !== typed.alarms.installed || a.working !== typed.alarms.working)
        ? `与填报不一致：填报 ${typed.alarms.installed} 台、完好 ${typed.alarms.working} 台，设备接入 ${a.installed} 台、测试正常 ${a.working} 台`
        : null,
    video: v && (v.retentionDays ?? 0) !== typed.video.retentionDays ? `与填报不一致：填报保存 ${typed.video.retentionDays} 天，设备证明 ${v.retentionDays ?? 0} 天` : null,
  };
}
