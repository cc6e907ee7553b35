// One signed step (签字压责) on a hazard: a dialog with exactly the fields that step needs, sent
// with the version the person read. 400 puts the reason under the field; 409 (someone else acted
// first, or the step is no longer possible) says so and reloads the hazard. The rectification
// (提交验收) can be signed with no network: it waits in the outbox with its photos (issue 17).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo } from 'react';
import { hazardActionLabels, hazardGradeLabels, roleLabels, type HazardAction, type HazardGrade } from '../../contracts/enums.js';
import { transitionBody, type Hazard } from '../../contracts/hazards.js';
import { ApiError, api } from '../api.js';
import { useMe } from '../auth.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { applyServerErrors, zodRule } from '../forms.js';
import { fromDay, toDay, todayBeijing } from '../dates.js';
import { enqueue, hasQueued, isNetworkError } from '../offline/outbox.js';
import { hazardRecord } from '../offline/outbox-rules.js';
import { HAZARDS_KEY, hazardsApi, NOTIFICATIONS_KEY, type HazardDetail, type TransitionRequest } from './hazardsApi.js';
import { GradeTag } from './tags.js';

interface Values {
  comment?: string;
  grade?: HazardGrade;
  measures?: string;
  deadline?: Dayjs;
  interimControls?: string;
  responsibleUserId?: number;
  responsibleDepartmentId?: number;
  funds?: number | null;
  evidence?: string;
  requestedDeadline?: Dayjs;
  fileIds?: number[];
}

const FIELDS = [
  'comment',
  'grade',
  'measures',
  'deadline',
  'interimControls',
  'responsibleUserId',
  'responsibleDepartmentId',
  'funds',
  'evidence',
  'requestedDeadline',
  'fileIds',
] as const;

/** What the comment box is called for each step, and whether the step needs it (hazard-workflow decideStep). */
const commentOf: Record<HazardAction, { label: string; required: boolean; placeholder: string }> = {
  confirm: { label: '交办意见', required: false, placeholder: '可选：对整改的要求' },
  start: { label: '说明', required: false, placeholder: '可选：整改安排' },
  submit: { label: '备注', required: false, placeholder: '可选' },
  accept: { label: '查验意见', required: true, placeholder: '如：现场查验，已按措施整改到位' },
  return: { label: '退回原因', required: true, placeholder: '写明哪里不合格、应如何整改' },
  close: { label: '销号意见', required: false, placeholder: '可选' },
  request_extension: { label: '延期理由', required: true, placeholder: '写明不能按期完成的原因与新的安排' },
  approve_extension: { label: '审批意见', required: false, placeholder: '可选' },
  refuse_extension: { label: '不同意理由', required: true, placeholder: '写明不同意延期的理由' },
  reopen: { label: '回头看发现的问题', required: true, placeholder: '写明复查发现整改不实的情况' },
};

/** The hint above each step's fields: what signing it means. */
const hintOf: Partial<Record<HazardAction, string>> = {
  confirm: '确认隐患属实，明确整改措施、责任人和整改时限后交办学校整改。',
  start: '确认已收到交办，开始整改。',
  submit: '整改完成后写明整改情况并附整改后的照片，提交查验。',
  accept: '经查验整改到位，签字通过。通过后可销号。',
  return: '整改不到位，退回学校重新整改。',
  close: '隐患已整改并查验通过，销号后不再计入在账隐患（挂账销号）。',
  request_extension: '不能在整改时限内完成时申请延期，由查验人审批。',
  reopen: '回头看发现整改不实，隐患重新进入整改并记为弄虚作假。',
};

export interface StepTarget {
  hazard: Hazard;
  action: HazardAction;
}

export function HazardStepModal({ target, onClose, onDone }: { target: StepTarget | null; onClose: () => void; onDone?: (h: HazardDetail) => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe();
  const hazard = target?.hazard;
  const action = target?.action;
  const today = todayBeijing();

  const grade = Form.useWatch('grade', form) ?? hazard?.grade;

  const assignees = useQuery({
    queryKey: ['hazards', 'assignees', hazard?.id],
    queryFn: () => hazardsApi.assignees(hazard!.id),
    enabled: action === 'confirm' && !!hazard,
    meta: { silent: true },
  });
  // Departments the person can see (a school sees none: the area's department stays responsible).
  const departments = useQuery({
    queryKey: ['units', 'list', { kind: 'department', status: 'active', pageSize: 200 }],
    queryFn: () => api.units({ kind: 'department', status: 'active', pageSize: 200 }),
    enabled: action === 'confirm' && me.scope !== 'unit',
    meta: { silent: true },
  });

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    if (target.action === 'confirm') {
      const h = target.hazard;
      form.setFieldsValue({
        grade: h.grade,
        measures: h.measures ?? undefined,
        deadline: fromDay(h.deadline),
        interimControls: h.interimControls ?? undefined,
        responsibleUserId: h.responsibleUserId ?? undefined,
        responsibleDepartmentId: h.responsibleDepartmentId ?? undefined,
        funds: h.funds,
      });
    }
  }, [target, form]);

  const reload = () => {
    void queryClient.invalidateQueries({ queryKey: HAZARDS_KEY });
    void queryClient.invalidateQueries({ queryKey: ['home'] });
  };

  // One key per signing: sent again after a lost answer, the server knows the step (issue 17).
  const stepKey = useMemo(() => (target ? crypto.randomUUID() : ''), [target]);

  const sign = useMutation({
    // Signed with no signal too: a rectification then goes to the outbox.
    networkMode: 'always',
    mutationFn: async (v: Values): Promise<HazardDetail | null> => {
      const h = hazard!;
      const body: TransitionRequest = { action: action!, version: h.version, comment: v.comment?.trim() || null, stepKey };
      switch (action) {
        case 'confirm':
          Object.assign(body, {
            grade: v.grade,
            measures: v.measures?.trim(),
            deadline: toDay(v.deadline),
            interimControls: v.interimControls?.trim() || null,
            responsibleUserId: v.responsibleUserId ?? null,
            // Left out when the person cannot choose: the area's department stays.
            responsibleDepartmentId: v.responsibleDepartmentId,
            funds: v.funds ?? null,
          });
          break;
        case 'submit':
          Object.assign(body, { evidence: v.evidence?.trim(), fileIds: v.fileIds ?? [] });
          break;
        case 'request_extension':
          body.requestedDeadline = toDay(v.requestedDeadline);
          break;
      }
      if (action !== 'submit') return hazardsApi.transition(h.id, body);
      const toOutbox = async () => {
        await enqueue({
          kind: 'rectify',
          userId: me.user.id,
          hazardId: h.id,
          version: h.version,
          title: `${h.code} ${h.schoolName} · 整改反馈`,
          evidence: body.evidence ?? '',
          comment: body.comment ?? null,
          fileIds: body.fileIds ?? [],
          stepKey,
          seenStepId: 'steps' in h ? Math.max(0, ...(h as HazardDetail).steps.map((s) => s.id)) : 0,
        });
        return null;
      };
      // Earlier work on this hazard still waits: this one goes behind it, to keep the order.
      if (await hasQueued(me.user.id, hazardRecord(h.id))) return toOutbox();
      try {
        return await hazardsApi.transition(h.id, body);
      } catch (err) {
        if (isNetworkError(err)) return toOutbox();
        throw err;
      }
    },
    onSuccess: (detail) => {
      if (!detail) {
        message.success('已签字，当前无网络：整改反馈和照片已保存在手机上，网络恢复后自动同步');
        onClose();
        return;
      }
      queryClient.setQueryData(['hazards', 'detail', detail.id], detail);
      reload();
      void queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
      message.success(`已签字：${hazardActionLabels[action!]}（${detail.code}）`);
      onDone?.(detail);
      onClose();
    },
    onError: (err) => {
      applyServerErrors(form, err, FIELDS);
      if (err instanceof ApiError) {
        // The workflow names a missing file 'files'; the form's field is the upload.
        const files = err.fieldErrors.filter((f) => f.field === 'files');
        if (files.length) form.setFields([{ name: 'fileIds', errors: files.map((f) => f.message) }]);
        if (err.status === 409 || err.status === 403 || err.status === 404) {
          // Someone else acted first, or the step is no longer the person's: show the hazard as it is now.
          reload();
          onClose();
        }
      }
    },
  });

  if (!hazard || !action) return <Modal open={false} />;
  const comment = commentOf[action];
  const minDeadline = hazard.foundOn > today ? hazard.foundOn : today;

  return (
    <Modal
      open
      title={`${hazardActionLabels[action]} · ${hazard.code}`}
      onCancel={onClose}
      width={640}
      mask={{ closable: false }}
      destroyOnHidden
      className="hazard-step-modal"
      footer={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button
            type="primary"
            danger={action === 'return' || action === 'refuse_extension' || action === 'reopen'}
            loading={sign.isPending}
            onClick={() => form.submit()}
            data-testid="step-submit"
          >
            签字提交
          </Button>
        </Space>
      }
    >
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label="隐患">
          <Space size={4} wrap>
            <GradeTag grade={hazard.grade} />
            <Typography.Text>{hazard.schoolName}</Typography.Text>
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: 320 }}>
              {hazard.description}
            </Typography.Text>
          </Space>
        </Descriptions.Item>
        {hazard.deadline && <Descriptions.Item label="整改时限">{hazard.deadline}</Descriptions.Item>}
        {(action === 'approve_extension' || action === 'refuse_extension') && hazard.pendingDeadline && (
          <Descriptions.Item label="申请延至">
            <Typography.Text strong>{hazard.pendingDeadline}</Typography.Text>
          </Descriptions.Item>
        )}
      </Descriptions>
      {hintOf[action] && <Alert type="info" showIcon title={hintOf[action]} style={{ marginBottom: 16 }} />}

      <Form<Values> form={form} layout="vertical" onFinish={(v) => sign.mutate(v)} scrollToFirstError>
        {action === 'confirm' && (
          <>
            <Form.Item name="grade" label="隐患等级" extra={grade === 'major' ? '重大隐患由区教育局挂牌督办，查验与销号须由区局或主管科室签字。' : undefined}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={(Object.keys(hazardGradeLabels) as HazardGrade[]).map((g) => ({ value: g, label: hazardGradeLabels[g] }))}
              />
            </Form.Item>
            <Form.Item name="measures" label="整改措施" rules={[{ required: true, whitespace: true, message: '请填写整改措施' }]}>
              <Input.TextArea rows={3} maxLength={2000} showCount placeholder="具体怎么整改" data-testid="step-measures" />
            </Form.Item>
            <Form.Item
              name="deadline"
              label="整改时限"
              rules={[{ required: true, message: '请填写整改时限' }]}
              extra={`不早于发现日期 ${hazard.foundOn} 和今天`}
            >
              <DatePicker
                style={{ width: '100%' }}
                inputReadOnly
                disabledDate={(d) => d.format('YYYY-MM-DD') < minDeadline}
                data-testid="step-deadline"
              />
            </Form.Item>
            <Form.Item
              name="interimControls"
              label="临时管控措施"
              rules={grade === 'major' ? [{ required: true, whitespace: true, message: '重大隐患须填写整改期间的临时管控措施' }] : []}
              extra={grade === 'major' ? '重大隐患必填：整改完成前如何防止发生事故' : '整改完成前的防范措施（一般隐患可不填）'}
            >
              <Input.TextArea rows={2} maxLength={2000} data-testid="step-interim" />
            </Form.Item>
            <Form.Item name="responsibleUserId" label="整改责任人" extra="学校的人员；不指定时由学校校长和安全员负责">
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                loading={assignees.isPending}
                placeholder="选择学校的责任人"
                notFoundContent={assignees.isPending ? '加载中…' : '该校暂无可选人员'}
                options={assignees.data?.items.map((u) => ({
                  value: u.id,
                  label: `${u.displayName}${u.roles.length ? `（${u.roles.map((r) => roleLabels[r]).join('、')}）` : ''}`,
                }))}
                data-testid="step-responsible"
              />
            </Form.Item>
            {me.scope !== 'unit' && (departments.data?.items.length ?? 0) > 0 && (
              <Form.Item name="responsibleDepartmentId" label="责任部门" extra="默认为该领域的主管科室">
                <Select
                  showSearch
                  optionFilterProp="label"
                  options={departments.data?.items.map((d) => ({ value: d.id, label: d.name }))}
                  data-testid="step-department"
                />
              </Form.Item>
            )}
            <Form.Item name="funds" label="整改资金" rules={[zodRule(transitionBody.shape.funds)]}>
              <InputNumber precision={2} style={{ width: '100%' }} suffix="元" placeholder="如需资金，填写预计金额" />
            </Form.Item>
          </>
        )}

        {action === 'submit' && (
          <>
            <Form.Item name="evidence" label="整改情况" rules={[{ required: true, whitespace: true, message: '提交验收须写明整改情况' }]}>
              <Input.TextArea rows={4} maxLength={2000} showCount placeholder="做了哪些整改、何时完成" data-testid="step-evidence" />
            </Form.Item>
            <Form.Item
              name="fileIds"
              label="整改后照片或文件"
              rules={[{ required: true, type: 'array', min: 1, message: '提交验收须附整改后的照片或文件' }]}
              extra="可用手机直接拍照；支持 JPG、PNG、WebP、HEIC、PDF，每个不超过 20 MB"
            >
              <PhotoUpload unitId={hazard.schoolId} max={20} testId="step-photos" keepOffline />
            </Form.Item>
          </>
        )}

        {action === 'request_extension' && (
          <Form.Item
            name="requestedDeadline"
            label="申请延至"
            rules={[{ required: true, message: '请填写申请延至的日期' }]}
            extra={hazard.deadline ? `须晚于现在的整改时限 ${hazard.deadline}` : undefined}
          >
            <DatePicker
              style={{ width: '100%' }}
              inputReadOnly
              disabledDate={(d) => {
                const day = d.format('YYYY-MM-DD');
                return day < today || (!!hazard.deadline && day <= hazard.deadline);
              }}
              data-testid="step-requested-deadline"
            />
          </Form.Item>
        )}

        <Form.Item
          name="comment"
          label={comment.label}
          rules={comment.required ? [{ required: true, whitespace: true, message: `请填写${comment.label}` }] : []}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount placeholder={comment.placeholder} data-testid="step-comment" />
        </Form.Item>
      </Form>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        签字人：{me.user.displayName}（{me.unit.name}），签字时间以提交时为准，签字记录不可修改。
      </Typography.Text>
    </Modal>
  );
}

/** The step buttons of a hazard, from its `actions`. */
export function HazardActionButtons({
  hazard,
  onAction,
  size,
  block,
  rowActions,
}: {
  hazard: Hazard;
  onAction: (t: StepTarget) => void;
  size?: 'small' | 'middle' | 'large';
  block?: boolean;
  /** In a list row: the everyday steps only; a follow-up's reopening is done from the detail page. */
  rowActions?: boolean;
}) {
  const actions = rowActions ? hazard.actions.filter((a) => a !== 'reopen') : hazard.actions;
  if (!actions.length) return null;
  const primary: HazardAction[] = ['confirm', 'start', 'submit', 'accept', 'close', 'approve_extension'];
  const danger: HazardAction[] = ['return', 'refuse_extension', 'reopen'];
  return (
    <>
      {actions.map((a) => (
        <Button
          key={a}
          size={size}
          block={block}
          type={primary.includes(a) ? 'primary' : 'default'}
          danger={danger.includes(a)}
          onClick={(e) => {
            e.stopPropagation();
            onAction({ hazard, action: a });
          }}
          data-testid={`hazard-action-${a}`}
        >
          {hazardActionLabels[a]}
        </Button>
      ))}
    </>
  );
}
