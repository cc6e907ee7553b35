// The hazard loop as a state machine: 部署→检查→反馈→整改→查验→评价 (001 item 24).
// reported → assigned → rectifying → submitted → accepted → closed (挂账销号, 001), with acceptance
// sending a fix back, deadline extensions asked and decided, and a false fix found by a follow-up
// (回头看) reopening the hazard (002, summary phase). Every step is signed by a named person whose
// role allows it (签字压责, 001). Pure: the caller passes the person, the hazard and today.
import type { HazardAction, HazardGrade, HazardStatus, Permission, SafetyArea, UnitKind } from '../contracts/enums.js';
import { hazardActionLabels, hazardStatusLabels } from '../contracts/enums.js';
import { deadlineProblem } from './day-ranges.js';
import type { RoleScope } from './roles.js';

export interface HazardActor {
  userId: number;
  permissions: ReadonlySet<Permission>;
  scope: RoleScope;
  unitKind: UnitKind;
  unitId: number;
  unitPath: string;
  /** The safety areas a department owns (empty for other units). */
  areas: readonly SafetyArea[];
}

export interface HazardState {
  status: HazardStatus;
  grade: HazardGrade;
  area: SafetyArea;
  /** Path of the school the hazard is in, '/1/5/23/'. */
  schoolPath: string;
  foundOn: string;
  deadline: string | null;
  responsibleUserId: number | null;
  responsibleDepartmentId: number | null;
  /** Who signed the latest submission for acceptance. */
  submittedById: number | null;
  pendingExtension: { requestedDeadline: string } | null;
}

/** What a step carries; which fields are required depends on the action. */
export interface StepInput {
  comment?: string | null;
  grade?: HazardGrade;
  measures?: string | null;
  deadline?: string | null;
  interimControls?: string | null;
  responsibleUserId?: number | null;
  responsibleDepartmentId?: number | null;
  funds?: number | null;
  evidence?: string | null;
  fileCount?: number;
  requestedDeadline?: string | null;
}

export type Refusal =
  | { kind: 'state'; code: 'HAZARD_INVALID_TRANSITION'; message: string }
  | { kind: 'permission'; code: 'FORBIDDEN'; message: string }
  | { kind: 'input'; code: 'VALIDATION_FAILED'; field: string; message: string };

/** The changes a step makes to the hazard besides its status. */
export interface StepEffect {
  status: HazardStatus;
  grade?: HazardGrade;
  measures?: string;
  deadline?: string;
  interimControls?: string | null;
  responsibleUserId?: number | null;
  responsibleDepartmentId?: number | null;
  funds?: number | null;
  submittedById?: number | null;
  pendingExtension?: { requestedDeadline: string } | null;
  falseFix?: boolean;
}

/** From which states each action may be taken, and where it leads (null: the status stays). */
const moves: Record<HazardAction, { from: readonly HazardStatus[]; to: HazardStatus | null }> = {
  confirm: { from: ['reported'], to: 'assigned' },
  start: { from: ['assigned'], to: 'rectifying' },
  submit: { from: ['rectifying'], to: 'submitted' },
  accept: { from: ['submitted'], to: 'accepted' },
  return: { from: ['submitted'], to: 'rectifying' },
  close: { from: ['accepted'], to: 'closed' },
  request_extension: { from: ['assigned', 'rectifying'], to: null },
  approve_extension: { from: ['assigned', 'rectifying', 'submitted'], to: null },
  refuse_extension: { from: ['assigned', 'rectifying', 'submitted'], to: null },
  reopen: { from: ['accepted', 'closed'], to: 'rectifying' },
};

export const allHazardActions = Object.keys(moves) as HazardAction[];

const isBureauLevel = (a: HazardActor) => a.scope === 'district';
const isOwningDepartment = (a: HazardActor, h: HazardState) => a.scope === 'areas' && ownsArea(a, h);
/** A department owns a hazard of one of its areas, or one it was made responsible for. */
export const ownsArea = (a: Pick<HazardActor, 'areas' | 'unitId'>, h: Pick<HazardState, 'area' | 'responsibleDepartmentId'>) =>
  a.areas.includes(h.area) || h.responsibleDepartmentId === a.unitId;
const isAbove = (a: HazardActor, h: HazardState) => h.schoolPath.startsWith(a.unitPath);

/**
 * Who supervises a hazard (confirms it, accepts or returns the fix, closes it, decides extensions):
 * the bureau (district scope), the department owning its area (areas scope), the town above the
 * school, or the school's own principal. A major hazard is supervised by the bureau and the owning department only (挂牌督办).
 */
export function supervises(a: HazardActor, h: HazardState): boolean {
  if (isBureauLevel(a) || isOwningDepartment(a, h)) return true;
  if (h.grade === 'major') return false;
  return (a.unitKind === 'town' || a.unitKind === 'school') && isAbove(a, h);
}

/** Who rectifies: the people of the school, or the person it was assigned to. */
export function rectifies(a: HazardActor, h: HazardState): boolean {
  return (a.unitKind === 'school' && isAbove(a, h)) || (h.responsibleUserId !== null && h.responsibleUserId === a.userId);
}

function permitted(action: HazardAction, a: HazardActor, h: HazardState): boolean {
  switch (action) {
    case 'confirm':
      return a.permissions.has('hazard.assign') && supervises(a, h);
    case 'start':
    case 'submit':
    case 'request_extension':
      return a.permissions.has('hazard.rectify') && rectifies(a, h);
    case 'accept':
      // Whoever signed the fix does not also accept it.
      return a.permissions.has('hazard.accept') && supervises(a, h) && h.submittedById !== a.userId;
    case 'return':
    case 'close':
    case 'approve_extension':
    case 'refuse_extension':
      return a.permissions.has('hazard.accept') && supervises(a, h);
    case 'reopen':
      // A false fix is found by the district's follow-up (回头看), not by the school or town.
      return (a.permissions.has('hazard.accept') || a.permissions.has('inspection.perform')) && a.scope !== 'unit';
  }
}

function stateAllows(action: HazardAction, h: HazardState): boolean {
  if (!moves[action].from.includes(h.status)) return false;
  if (action === 'request_extension') return h.pendingExtension === null;
  if (action === 'approve_extension' || action === 'refuse_extension') return h.pendingExtension !== null;
  return true;
}

/** The steps this person may take on this hazard now: what the API returns with each hazard. */
export function availableActions(h: HazardState, a: HazardActor): HazardAction[] {
  return allHazardActions.filter((action) => stateAllows(action, h) && permitted(action, a, h));
}

const text = (s: string | null | undefined) => (s ?? '').trim();
const need = (field: string, message: string): Refusal => ({ kind: 'input', code: 'VALIDATION_FAILED', field, message });

/**
 * Checks one step and says what it changes, or why it is refused: the state first (409), then
 * the person (403), then what they wrote (400).
 */
export function decideStep(h: HazardState, action: HazardAction, a: HazardActor, input: StepInput, today: string): Refusal | StepEffect {
  if (!stateAllows(action, h)) {
    const why =
      action === 'request_extension' && moves[action].from.includes(h.status)
        ? '已有待审批的延期申请'
        : (action === 'approve_extension' || action === 'refuse_extension') && moves[action].from.includes(h.status)
          ? '没有待审批的延期申请'
          : `当前状态为“${hazardStatusLabels[h.status]}”`;
    return { kind: 'state', code: 'HAZARD_INVALID_TRANSITION', message: `${why}，不能执行“${hazardActionLabels[action]}”` };
  }
  if (!permitted(action, a, h)) {
    const message =
      action === 'accept' && h.submittedById === a.userId && supervises(a, h)
        ? '整改提交人不能自己查验，请由其他查验人签字'
        : h.grade === 'major' && ['confirm', 'accept', 'return', 'close'].includes(action)
          ? `重大隐患由区教育局挂牌督办，须由区局或主管科室执行“${hazardActionLabels[action]}”`
          : `您无权对该隐患执行“${hazardActionLabels[action]}”`;
    return { kind: 'permission', code: 'FORBIDDEN', message };
  }
  const to = moves[action].to ?? h.status;
  switch (action) {
    case 'confirm': {
      const grade = input.grade ?? h.grade;
      const deadline = input.deadline ?? null;
      if (!text(input.measures)) return need('measures', '请填写整改措施');
      if (!deadline) return need('deadline', '请填写整改时限');
      if (deadline < h.foundOn) return need('deadline', '整改时限不能早于发现日期');
      if (deadline < today) return need('deadline', '整改时限不能早于今天');
      const far = deadlineProblem(deadline, today);
      if (far) return need('deadline', `整改时限${far}`);
      if (grade === 'major' && !text(input.interimControls)) return need('interimControls', '重大隐患须填写整改期间的临时管控措施');
      if (input.funds !== undefined && input.funds !== null && input.funds < 0) return need('funds', '整改资金不能为负数');
      return {
        status: to,
        grade,
        measures: text(input.measures),
        deadline,
        interimControls: text(input.interimControls) || null,
        ...(input.responsibleUserId !== undefined && { responsibleUserId: input.responsibleUserId }),
        ...(input.responsibleDepartmentId !== undefined && { responsibleDepartmentId: input.responsibleDepartmentId }),
        ...(input.funds !== undefined && { funds: input.funds }),
      };
    }
    case 'submit':
      if (!text(input.evidence)) return need('evidence', '提交验收须写明整改情况');
      if (!input.fileCount) return need('files', '提交验收须附整改后的照片或文件');
      return { status: to, submittedById: a.userId };
    case 'accept':
      if (!text(input.comment)) return need('comment', '请填写查验意见');
      return { status: to };
    case 'return':
      if (!text(input.comment)) return need('comment', '请填写退回原因');
      return { status: to, submittedById: null };
    case 'request_extension': {
      const requested = input.requestedDeadline ?? null;
      if (!text(input.comment)) return need('comment', '请填写延期理由');
      if (!requested) return need('requestedDeadline', '请填写申请延至的日期');
      if (h.deadline && requested <= h.deadline) return need('requestedDeadline', '申请延至的日期须晚于现在的整改时限');
      if (requested < today) return need('requestedDeadline', '申请延至的日期不能早于今天');
      const far = deadlineProblem(requested, today);
      if (far) return need('requestedDeadline', `申请延至的日期${far}`);
      return { status: to, pendingExtension: { requestedDeadline: requested } };
    }
    case 'approve_extension':
      return { status: to, deadline: h.pendingExtension!.requestedDeadline, pendingExtension: null };
    case 'refuse_extension':
      if (!text(input.comment)) return need('comment', '请填写不同意延期的理由');
      return { status: to, pendingExtension: null };
    case 'reopen':
      if (!text(input.comment)) return need('comment', '请写明回头看发现的问题');
      return { status: to, falseFix: true, submittedById: null };
    case 'start':
    case 'close':
      return { status: to };
  }
}

export const isRefusal = (r: Refusal | StepEffect): r is Refusal => 'kind' in r;

/** Overdue is computed, never typed in: past the deadline and not closed (挂账销号). */
export function isOverdue(h: { status: HazardStatus; deadline: string | null }, today: string): boolean {
  return h.status !== 'closed' && h.deadline !== null && h.deadline < today;
}

/** The readable code of a hazard: YH-2024-000123. */
export function hazardCode(year: number, seq: number): string {
  return `YH-${year}-${String(seq).padStart(6, '0')}`;
}
