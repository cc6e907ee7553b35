// The hazard state machine: every action from every status, for each kind of person (001 item 24:
// 部署→检查→反馈→整改→查验→评价; 001: 挂账销号, 签字压责; 002: three classes and 回头看).
import { describe, expect, it } from 'vitest';
import { hazardStatuses, type HazardAction, type HazardStatus, type Permission } from '../contracts/enums.js';
import { allHazardActions, availableActions, decideStep, hazardCode, isOverdue, isRefusal, type HazardActor, type HazardState, type StepInput } from './hazard-workflow.js';

const perms = (...p: Permission[]) => new Set<Permission>(p);
const school: HazardActor = { userId: 10, permissions: perms('hazard.read', 'hazard.report', 'hazard.rectify'), scope: 'unit', unitKind: 'school', unitId: 23, unitPath: '/1/5/23/', areas: [] };
const principal: HazardActor = { ...school, userId: 11, permissions: perms('hazard.read', 'hazard.report', 'hazard.rectify', 'hazard.assign', 'hazard.accept') };
const otherPrincipal: HazardActor = { ...principal, userId: 12, unitId: 24, unitPath: '/1/5/24/' };
const town: HazardActor = { userId: 20, permissions: perms('hazard.read', 'hazard.assign', 'hazard.accept'), scope: 'unit', unitKind: 'town', unitId: 5, unitPath: '/1/5/', areas: [] };
const otherTown: HazardActor = { ...town, userId: 21, unitId: 6, unitPath: '/1/6/' };
const dept: HazardActor = { userId: 30, permissions: perms('hazard.read', 'hazard.assign', 'hazard.accept'), scope: 'areas', unitKind: 'department', unitId: 3, unitPath: '/1/3/', areas: ['fire_chemicals'] };
const otherDept: HazardActor = { ...dept, userId: 31, unitId: 4, unitPath: '/1/4/', areas: ['food_disease'] };
const bureau: HazardActor = { userId: 40, permissions: perms('hazard.read', 'hazard.report', 'hazard.assign', 'hazard.accept'), scope: 'district', unitKind: 'bureau', unitId: 1, unitPath: '/1/', areas: [] };
const leader: HazardActor = { ...bureau, userId: 41, permissions: perms('hazard.read') };
const inspector: HazardActor = { userId: 50, permissions: perms('hazard.read', 'inspection.perform'), scope: 'district', unitKind: 'bureau', unitId: 1, unitPath: '/1/', areas: [] };

const hazard = (over: Partial<HazardState> = {}): HazardState => ({
  status: 'reported',
  grade: 'general',
  area: 'fire_chemicals',
  schoolPath: '/1/5/23/',
  foundOn: '2026-03-05',
  deadline: null,
  responsibleUserId: null,
  responsibleDepartmentId: null,
  submittedById: null,
  pendingExtension: null,
  ...over,
});
const today = '2026-03-10';

// Each action with input that satisfies it, so only state and person decide.
const goodInput: Record<HazardAction, StepInput> = {
  confirm: { measures: '更换灭火器', deadline: '2026-03-31', interimControls: '专人值守' },
  start: {},
  submit: { evidence: '已更换 12 具灭火器', fileCount: 1 },
  accept: { comment: '现场查验合格' },
  return: { comment: '照片看不清' },
  close: {},
  request_extension: { comment: '等待采购', requestedDeadline: '2026-04-30' },
  approve_extension: {},
  refuse_extension: { comment: '不符合延期条件' },
  reopen: { comment: '回头看发现灭火器仍过期' },
};

describe('the state machine: which action is possible from which status (001 item 24)', () => {
  const from: Record<HazardAction, HazardStatus[]> = {
    confirm: ['reported'],
    start: ['assigned'],
    submit: ['rectifying'],
    accept: ['submitted'],
    return: ['submitted'],
    close: ['accepted'],
    request_extension: ['assigned', 'rectifying'],
    approve_extension: ['assigned', 'rectifying', 'submitted'],
    refuse_extension: ['assigned', 'rectifying', 'submitted'],
    reopen: ['accepted', 'closed'],
  };
  const to: Record<HazardAction, HazardStatus | null> = {
    confirm: 'assigned', start: 'rectifying', submit: 'submitted', accept: 'accepted', return: 'rectifying', close: 'closed',
    request_extension: null, approve_extension: null, refuse_extension: null, reopen: 'rectifying',
  };
  // A person who may do everything: the bureau for supervising, with rectify rights and a school path.
  const anyone: HazardActor = { ...bureau, permissions: perms('hazard.assign', 'hazard.accept', 'hazard.rectify'), userId: 99 };
  const rectifier: HazardActor = { ...school };
  for (const status of hazardStatuses) {
    for (const action of allHazardActions) {
      const extension = action === 'approve_extension' || action === 'refuse_extension' ? { requestedDeadline: '2026-04-30' } : null;
      const h = hazard({ status, deadline: '2026-03-31', pendingExtension: extension, submittedById: 10 });
      const who = ['start', 'submit', 'request_extension'].includes(action) ? rectifier : anyone;
      const allowed = from[action].includes(status);
      it(`${action} from ${status}: ${allowed ? 'allowed' : 'refused with 409'}`, () => {
        const r = decideStep(h, action, who, goodInput[action], today);
        if (allowed) {
          expect(isRefusal(r)).toBe(false);
          expect((r as { status: HazardStatus }).status).toBe(to[action] ?? status);
          expect(availableActions(h, who)).toContain(action);
        } else {
          expect(r).toMatchObject({ kind: 'state', code: 'HAZARD_INVALID_TRANSITION' });
          expect(availableActions(h, who)).not.toContain(action);
        }
      });
    }
  }
});

describe('who signs each step (签字压责, 001)', () => {
  const at = (status: HazardStatus, over: Partial<HazardState> = {}) =>
    hazard({ status, deadline: '2026-03-31', submittedById: status === 'submitted' ? 10 : null, ...over });

  it('a general hazard is confirmed by the school principal, its town, the department of its area or the bureau', () => {
    for (const who of [principal, town, dept, bureau]) expect(availableActions(at('reported'), who)).toContain('confirm');
    for (const who of [school, otherPrincipal, otherTown, otherDept, leader, inspector]) expect(availableActions(at('reported'), who)).not.toContain('confirm');
  });

  it('a department supervises the hazards of its areas, or those it is made responsible for', () => {
    expect(availableActions(at('submitted', { area: 'food_disease' }), dept)).toEqual([]);
    expect(availableActions(at('submitted', { area: 'food_disease', responsibleDepartmentId: 3 }), dept)).toEqual(['accept', 'return']);
  });

  it('a major hazard is confirmed, accepted and closed by the bureau or the owning department only (挂牌督办)', () => {
    const major = { grade: 'major' as const };
    for (const who of [principal, town]) {
      expect(availableActions(at('reported', major), who)).toEqual([]);
      expect(availableActions(at('submitted', major), who)).toEqual([]);
      const r = decideStep(at('submitted', major), 'accept', who, goodInput.accept, today);
      expect(r).toMatchObject({ kind: 'permission', message: expect.stringContaining('挂牌督办') });
    }
    expect(availableActions(at('submitted', major), dept)).toEqual(['accept', 'return']);
    expect(availableActions(at('accepted', major), bureau)).toEqual(['close', 'reopen']);
  });

  it('the school rectifies: starts, submits and asks for more time; the town and bureau do not', () => {
    expect(availableActions(at('assigned'), school)).toEqual(['start', 'request_extension']);
    expect(availableActions(at('rectifying'), school)).toEqual(['submit', 'request_extension']);
    for (const who of [town, dept, bureau, otherPrincipal]) expect(availableActions(at('rectifying'), who)).toEqual([]);
  });

  it('a person outside the school who was assigned the hazard may rectify it', () => {
    const assignee: HazardActor = { ...otherPrincipal, userId: 77 };
    expect(availableActions(at('rectifying', { responsibleUserId: 77 }), assignee)).toEqual(['submit', 'request_extension']);
  });

  it('whoever submitted the fix cannot accept it; another supervisor can', () => {
    const h = at('submitted', { submittedById: principal.userId });
    expect(availableActions(h, principal)).toEqual(['return']);
    expect(decideStep(h, 'accept', principal, goodInput.accept, today)).toMatchObject({ kind: 'permission', message: expect.stringContaining('不能自己查验') });
    expect(availableActions(h, town)).toEqual(['accept', 'return']);
  });

  it('a leader who only reads sees no steps; a district inspector may reopen after a follow-up', () => {
    for (const s of hazardStatuses) expect(availableActions(at(s), leader)).toEqual([]);
    expect(availableActions(at('closed'), inspector)).toEqual(['reopen']);
    expect(availableActions(at('closed'), town)).toEqual([]);
  });
});

describe('what each step must carry', () => {
  const confirm = (input: StepInput, over: Partial<HazardState> = {}) => decideStep(hazard(over), 'confirm', bureau, input, today);

  it('confirming needs measures and a deadline no earlier than the found date or today', () => {
    expect(confirm({ deadline: '2026-03-31' })).toMatchObject({ field: 'measures' });
    expect(confirm({ measures: 'x' })).toMatchObject({ field: 'deadline' });
    expect(confirm({ measures: 'x', deadline: '2026-03-01' })).toMatchObject({ field: 'deadline', message: '整改时限不能早于发现日期' });
    expect(confirm({ measures: 'x', deadline: '2026-03-09' })).toMatchObject({ field: 'deadline', message: '整改时限不能早于今天' });
    expect(confirm({ measures: 'x', deadline: '2026-03-10' })).toMatchObject({ status: 'assigned', deadline: '2026-03-10' });
  });

  it('a deadline lies within three years (issue 11 item 1: 004 的三年行动 is the longest drive)', () => {
    expect(confirm({ measures: 'x', deadline: '2029-03-10' })).toMatchObject({ status: 'assigned', deadline: '2029-03-10' });
    expect(confirm({ measures: 'x', deadline: '2029-03-11' })).toMatchObject({ field: 'deadline', message: '整改时限不能晚于 2029-03-10（3 年内）' });
    expect(confirm({ measures: 'x', deadline: '2099-12-31' })).toMatchObject({ field: 'deadline' });
    const ask = (requestedDeadline: string) => decideStep(hazard({ status: 'assigned', deadline: '2026-03-31' }), 'request_extension', school, { comment: '材料未到', requestedDeadline }, today);
    expect(ask('2029-03-11')).toMatchObject({ field: 'requestedDeadline', message: '申请延至的日期不能晚于 2029-03-10（3 年内）' });
  });

  it('a major hazard needs interim controls while it is fixed (001)', () => {
    expect(confirm({ measures: 'x', deadline: '2026-03-31', grade: 'major' })).toMatchObject({ field: 'interimControls' });
    expect(confirm({ measures: 'x', deadline: '2026-03-31', grade: 'major', interimControls: '封闭该区域' })).toMatchObject({ status: 'assigned', grade: 'major' });
  });

  it('funds cannot be negative', () => {
    expect(confirm({ measures: 'x', deadline: '2026-03-31', funds: -1 })).toMatchObject({ field: 'funds' });
  });

  it('submitting for acceptance needs text and at least one photo or file', () => {
    const h = hazard({ status: 'rectifying', deadline: '2026-03-31' });
    expect(decideStep(h, 'submit', school, { fileCount: 1 }, today)).toMatchObject({ field: 'evidence' });
    expect(decideStep(h, 'submit', school, { evidence: '已整改', fileCount: 0 }, today)).toMatchObject({ field: 'files' });
    expect(decideStep(h, 'submit', school, { evidence: '已整改', fileCount: 2 }, today)).toEqual({ status: 'submitted', submittedById: 10 });
  });

  it('sending back needs a reason, and clears who submitted', () => {
    const h = hazard({ status: 'submitted', deadline: '2026-03-31', submittedById: 10 });
    expect(decideStep(h, 'return', town, { comment: ' ' }, today)).toMatchObject({ field: 'comment' });
    expect(decideStep(h, 'return', town, { comment: '不合格' }, today)).toEqual({ status: 'rectifying', submittedById: null });
  });

  it('an extension asks for a later date with a reason; approval moves the deadline, refusal keeps it', () => {
    const h = hazard({ status: 'rectifying', deadline: '2026-03-31' });
    expect(decideStep(h, 'request_extension', school, { requestedDeadline: '2026-04-30' }, today)).toMatchObject({ field: 'comment' });
    expect(decideStep(h, 'request_extension', school, { comment: 'x', requestedDeadline: '2026-03-31' }, today)).toMatchObject({ field: 'requestedDeadline' });
    const asked = decideStep(h, 'request_extension', school, { comment: 'x', requestedDeadline: '2026-04-30' }, today);
    expect(asked).toEqual({ status: 'rectifying', pendingExtension: { requestedDeadline: '2026-04-30' } });
    const pending = { ...h, pendingExtension: { requestedDeadline: '2026-04-30' } };
    expect(decideStep(pending, 'request_extension', school, goodInput.request_extension, today)).toMatchObject({ kind: 'state', message: expect.stringContaining('已有待审批') });
    expect(decideStep(pending, 'approve_extension', town, {}, today)).toEqual({ status: 'rectifying', deadline: '2026-04-30', pendingExtension: null });
    expect(decideStep(pending, 'refuse_extension', town, {}, today)).toMatchObject({ field: 'comment' });
    expect(decideStep(pending, 'refuse_extension', town, { comment: '理由不足' }, today)).toEqual({ status: 'rectifying', pendingExtension: null });
    expect(decideStep(h, 'approve_extension', town, {}, today)).toMatchObject({ kind: 'state', message: expect.stringContaining('没有待审批') });
  });

  it('a follow-up that fails reopens the hazard and marks it a false fix (002: 弄虚作假 → 通报)', () => {
    const h = hazard({ status: 'closed', deadline: '2026-03-31' });
    expect(decideStep(h, 'reopen', inspector, {}, today)).toMatchObject({ field: 'comment' });
    expect(decideStep(h, 'reopen', inspector, goodInput.reopen, today)).toEqual({ status: 'rectifying', falseFix: true, submittedById: null });
  });

  it('the state is checked before the person, and the person before the input', () => {
    expect(decideStep(hazard({ status: 'closed' }), 'confirm', leader, {}, today)).toMatchObject({ kind: 'state' });
    expect(decideStep(hazard(), 'confirm', leader, {}, today)).toMatchObject({ kind: 'permission' });
  });
});

describe('overdue is computed (挂账销号)', () => {
  it('is past the deadline and not closed', () => {
    expect(isOverdue({ status: 'rectifying', deadline: '2026-03-09' }, today)).toBe(true);
    expect(isOverdue({ status: 'rectifying', deadline: '2026-03-10' }, today)).toBe(false);
    expect(isOverdue({ status: 'accepted', deadline: '2026-03-01' }, today)).toBe(true);
    expect(isOverdue({ status: 'closed', deadline: '2026-03-01' }, today)).toBe(false);
    expect(isOverdue({ status: 'reported', deadline: null }, today)).toBe(false);
  });
});

describe('hazard codes', () => {
  it('read YH-year-six digits', () => {
    expect(hazardCode(2024, 123)).toBe('YH-2024-000123');
    expect(hazardCode(2026, 1234567)).toBe('YH-2026-1234567');
  });
});
