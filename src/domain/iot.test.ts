// Rules of the IoT monitoring at their boundaries (issue 17). 004 (四)3 asks for 安全生产物联网监控
// (温度传感、烟雾报警、视频监控) feeding the platform; 002 area 9 sets the facts the devices can prove
// (一键式紧急报警 100% 完好, 视频图像保存不少于 30 天).
import { describe, expect, it } from 'vitest';
import { iotIngestBody } from '../contracts/iot.js';
import { signatureProblem, signBody } from './signed-body.js';
import {
  ALARM_TEST_VALID_DAYS,
  alarmProofText,
  alertCauseOf,
  CLEAR_WITHIN_MINUTES,
  clearDueAt,
  DEFAULT_OFFLINE_HOURS,
  deviceHazardKey,
  deviceState,
  eventProblem,
  isCameraOffline,
  isClearOverdue,
  profileDifferences,
  profileFactsOf,
  videoProofText,
  type ProfileDevice,
} from './iot.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const now = new Date('2026-12-01T04:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const shanghaiDay = (d: Date) => new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 10);

describe('which event raises an alert (004 (四)3)', () => {
  it('a smoke alarm always does, a heartbeat never', () => {
    expect(alertCauseOf({ kind: 'smoke', tempLimitC: null }, { kind: 'smoke' })).toBe('smoke');
    expect(alertCauseOf({ kind: 'smoke', tempLimitC: null }, { kind: 'heartbeat' })).toBeNull();
    expect(alertCauseOf({ kind: 'camera', tempLimitC: null }, { kind: 'heartbeat' })).toBeNull();
  });
  it('a temperature at the limit does not, 0.1 ℃ over it does; a sensor without a limit only records', () => {
    const sensor = { kind: 'temperature' as const, tempLimitC: 60 };
    expect(alertCauseOf(sensor, { kind: 'temperature', value: 60 })).toBeNull();
    expect(alertCauseOf(sensor, { kind: 'temperature', value: 60.1 })).toBe('over_temperature');
    expect(alertCauseOf(sensor, { kind: 'temperature', value: -5 })).toBeNull();
    expect(alertCauseOf({ kind: 'temperature', tempLimitC: null }, { kind: 'temperature', value: 500 })).toBeNull();
  });
  it('a failed one-key alarm test is a broken alarm (002 area 9); a passed one is not', () => {
    const button = { kind: 'alarm_button' as const, tempLimitC: null };
    expect(alertCauseOf(button, { kind: 'test', ok: false })).toBe('test_failed');
    expect(alertCauseOf(button, { kind: 'test', ok: true })).toBeNull();
  });
  it('a pressed button or a crossed perimeter is an alarm', () => {
    expect(alertCauseOf({ kind: 'alarm_button', tempLimitC: null }, { kind: 'alarm' })).toBe('alarm');
    expect(alertCauseOf({ kind: 'perimeter', tempLimitC: null }, { kind: 'alarm' })).toBe('alarm');
  });
});

describe('which event fits which device', () => {
  it('a device sends only its own kinds of event', () => {
    expect(eventProblem({ kind: 'camera', tempLimitC: null }, { kind: 'smoke' })).toBe('该类设备不会上报此类事件');
    expect(eventProblem({ kind: 'temperature', tempLimitC: 60 }, { kind: 'test', ok: true })).toBe('该类设备不会上报此类事件');
    expect(eventProblem({ kind: 'smoke', tempLimitC: null }, { kind: 'smoke' })).toBeNull();
    expect(eventProblem({ kind: 'camera', tempLimitC: null }, { kind: 'heartbeat', retentionDays: 30 })).toBeNull();
  });
  it('a reading needs its value, a test its result', () => {
    expect(eventProblem({ kind: 'temperature', tempLimitC: 60 }, { kind: 'temperature' })).toContain('value');
    expect(eventProblem({ kind: 'temperature', tempLimitC: 60 }, { kind: 'temperature', value: 0 })).toBeNull();
    expect(eventProblem({ kind: 'alarm_button', tempLimitC: null }, { kind: 'test', ok: null })).toContain('ok');
    expect(eventProblem({ kind: 'alarm_button', tempLimitC: null }, { kind: 'test', ok: false })).toBeNull();
  });
});

describe('escalation when not cleared in time (issue 17: an alert, then a hazard of the register)', () => {
  it('a fire or an alarm has 30 minutes, a broken alarm or a dark camera 4 hours', () => {
    expect(clearDueAt('smoke', now).getTime() - now.getTime()).toBe(30 * MIN);
    expect(clearDueAt('over_temperature', now).getTime() - now.getTime()).toBe(30 * MIN);
    expect(clearDueAt('alarm', now).getTime() - now.getTime()).toBe(30 * MIN);
    expect(clearDueAt('test_failed', now).getTime() - now.getTime()).toBe(4 * HOUR);
    expect(clearDueAt('offline', now).getTime() - now.getTime()).toBe(4 * HOUR);
    expect(CLEAR_WITHIN_MINUTES.smoke).toBe(30);
  });
  it('is overdue at its due time, not a millisecond before', () => {
    const due = clearDueAt('smoke', now);
    expect(isClearOverdue(due, new Date(due.getTime() - 1))).toBe(false);
    expect(isClearOverdue(due, due)).toBe(true);
    expect(isClearOverdue(due, new Date(due.getTime() + MIN))).toBe(true);
  });
});

describe('a camera offline for more than N hours', () => {
  const camera = { kind: 'camera' as const, status: 'active', createdAt: ago(30 * DAY) };
  it('silent exactly N hours is still online; a millisecond more is offline', () => {
    expect(isCameraOffline({ ...camera, lastHeartbeatAt: ago(2 * HOUR) }, now, 2)).toBe(false);
    expect(isCameraOffline({ ...camera, lastHeartbeatAt: ago(2 * HOUR + 1) }, now, 2)).toBe(true);
    expect(DEFAULT_OFFLINE_HOURS).toBe(2);
  });
  it('never heard from counts from its registration', () => {
    expect(isCameraOffline({ ...camera, createdAt: ago(HOUR), lastHeartbeatAt: null }, now, 2)).toBe(false);
    expect(isCameraOffline({ ...camera, createdAt: ago(3 * HOUR), lastHeartbeatAt: null }, now, 2)).toBe(true);
  });
  it('only active cameras are judged: other kinds report on change, a retired one is gone', () => {
    expect(isCameraOffline({ ...camera, kind: 'smoke', lastHeartbeatAt: ago(10 * DAY) }, now, 2)).toBe(false);
    expect(isCameraOffline({ ...camera, status: 'retired', lastHeartbeatAt: ago(10 * DAY) }, now, 2)).toBe(false);
  });
});

describe('the state on the device list', () => {
  const base = { kind: 'camera' as const, status: 'active', createdAt: ago(DAY), lastEventAt: ago(MIN), lastHeartbeatAt: ago(MIN) };
  it('retired first, then alerting, never heard from, offline, online', () => {
    expect(deviceState({ ...base, status: 'retired' }, 3, now, 2)).toBe('retired');
    expect(deviceState(base, 1, now, 2)).toBe('alerting');
    expect(deviceState({ ...base, lastEventAt: null, lastHeartbeatAt: null }, 0, now, 2)).toBe('never');
    expect(deviceState({ ...base, lastEventAt: ago(3 * HOUR), lastHeartbeatAt: ago(3 * HOUR) }, 0, now, 2)).toBe('offline');
    expect(deviceState(base, 0, now, 2)).toBe('online');
  });
  it('a smoke detector silent for days is online: it reports on change', () => {
    expect(deviceState({ ...base, kind: 'smoke', lastEventAt: ago(9 * DAY), lastHeartbeatAt: ago(9 * DAY) }, 0, now, 2)).toBe('online');
  });
});

describe('dedupe per device and cause (issue 17: not one hazard per event)', () => {
  it('the same device and cause share one key; another cause or device does not', () => {
    expect(deviceHazardKey(7, 'smoke')).toBe(deviceHazardKey(7, 'smoke'));
    expect(deviceHazardKey(7, 'smoke')).not.toBe(deviceHazardKey(7, 'test_failed'));
    expect(deviceHazardKey(7, 'smoke')).not.toBe(deviceHazardKey(8, 'smoke'));
    expect(deviceHazardKey(7, 'smoke')).toBe('iot:7:smoke');
  });
});

describe('what the devices prove for the security profile (002 area 9)', () => {
  const button = (over: Partial<ProfileDevice> = {}): ProfileDevice => ({
    kind: 'alarm_button',
    status: 'active',
    lastHeartbeatAt: ago(HOUR),
    lastTestAt: ago(DAY),
    lastTestOk: true,
    retentionDays: null,
    createdAt: ago(90 * DAY),
    ...over,
  });
  const cam = (over: Partial<ProfileDevice> = {}): ProfileDevice => ({ ...button(), kind: 'camera', lastTestAt: null, lastTestOk: null, retentionDays: 30, lastHeartbeatAt: ago(MIN), ...over });

  it('no device of a kind proves nothing: the typed profile stands', () => {
    expect(profileFactsOf([], now, 2, shanghaiDay)).toEqual({ alarms: null, video: null });
    expect(profileFactsOf([button({ status: 'retired' }), cam({ status: 'retired' })], now, 2, shanghaiDay)).toEqual({ alarms: null, video: null });
  });
  it(`an alarm works when its last test passed within ${ALARM_TEST_VALID_DAYS} days, to the millisecond`, () => {
    const facts = profileFactsOf([button({ lastTestAt: ago(ALARM_TEST_VALID_DAYS * DAY) }), button({ lastTestAt: ago(ALARM_TEST_VALID_DAYS * DAY + 1) })], now, 2, shanghaiDay);
    expect(facts.alarms).toEqual({ installed: 2, working: 1, lastTestedOn: shanghaiDay(ago(ALARM_TEST_VALID_DAYS * DAY)) });
  });
  it('a failed or never-run test is not working; the latest passed test gives the day (Shanghai)', () => {
    const facts = profileFactsOf([button({ lastTestOk: false }), button({ lastTestAt: null, lastTestOk: null }), button({ lastTestAt: new Date('2026-11-30T17:00:00Z') })], now, 2, shanghaiDay);
    expect(facts.alarms).toEqual({ installed: 3, working: 1, lastTestedOn: '2026-12-01' });
  });
  it('video kept is the shortest any online camera reports; an offline or silent camera counts as 0', () => {
    expect(profileFactsOf([cam({ retentionDays: 45 }), cam({ retentionDays: 30 })], now, 2, shanghaiDay).video).toEqual({ cameras: 2, online: 2, retentionDays: 30 });
    expect(profileFactsOf([cam(), cam({ retentionDays: null })], now, 2, shanghaiDay).video).toEqual({ cameras: 2, online: 2, retentionDays: 0 });
    expect(profileFactsOf([cam(), cam({ lastHeartbeatAt: ago(2 * HOUR + 1) })], now, 2, shanghaiDay).video).toEqual({ cameras: 2, online: 1, retentionDays: 0 });
    expect(profileFactsOf([cam({ lastHeartbeatAt: null, createdAt: ago(MIN) })], now, 2, shanghaiDay).video).toEqual({ cameras: 1, online: 0, retentionDays: 0 });
  });

  it('says what the devices prove in words', () => {
    expect(alarmProofText({ installed: 3, working: 3, lastTestedOn: '2026-12-01' })).toBe('设备证明：一键报警 3/3 台测试正常（最近 2026-12-01）');
    expect(alarmProofText({ installed: 2, working: 0, lastTestedOn: null })).toContain('0/2');
    expect(videoProofText({ cameras: 4, online: 4, retentionDays: 30 })).toBe('设备证明：摄像头 4/4 台在线，最短保存 30 天');
    expect(videoProofText({ cameras: 4, online: 3, retentionDays: 0 })).toContain('3/4 台在线');
  });
  it('says so when the typed profile and the devices differ, and not when they agree or nothing is proven', () => {
    const typed = { alarms: { installed: 3, working: 3 }, video: { retentionDays: 30 } };
    expect(profileDifferences(typed, { alarms: { installed: 3, working: 3 }, video: { retentionDays: 30 } })).toEqual({ alarms: null, video: null });
    expect(profileDifferences(typed, { alarms: null, video: null })).toEqual({ alarms: null, video: null });
    const d = profileDifferences(typed, { alarms: { installed: 3, working: 2 }, video: { retentionDays: 15 } });
    expect(d.alarms).toBe('与填报不一致：填报 3 台、完好 3 台，设备接入 3 台、测试正常 2 台');
    expect(d.video).toBe('与填报不一致：填报保存 30 天，设备证明 15 天');
    expect(profileDifferences(typed, { alarms: { installed: 4, working: 3 }, video: null }).alarms).toContain('设备接入 4 台');
  });
});

describe("README's worked example (物联网设备接入)", () => {
  it('the signature printed there is the one the server computes, and the body is a valid batch', () => {
    const body = '{"events":[{"id":"gw1-000187","kind":"smoke","at":"2026-12-01T10:15:28+08:00"}]}';
    expect(signBody('kJ3vX9q2LmR8tY5wZ1aB4cD7eF0gH6iJ2kL5mN8oP1Q', '1796091330', body)).toBe('e27bfcce9851d35654556760a173e236a8f45df990b5d278f188f31c3ce4b49d');
    expect(iotIngestBody.safeParse(JSON.parse(body)).success).toBe(true);
    expect(signatureProblem('kJ3vX9q2LmR8tY5wZ1aB4cD7eF0gH6iJ2kL5mN8oP1Q', { timestamp: '1796091330', signature: 'sha256=e27bfcce9851d35654556760a173e236a8f45df990b5d278f188f31c3ce4b49d' }, body, new Date(1796091330_000))).toBeNull();
  });
});
