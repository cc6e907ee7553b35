// Acting on a missed finding from a school's card: 生成隐患 opens a hazard in the hazard loop
// (source 合规检查), 发整改通知 sends the school's principal and safety officer a notice. The server
// evaluates the finding again; a second open hazard for the same period is refused with its code.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Radio, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { ComplianceActionKind, FindingView } from '../../contracts/compliance.js';
import { hazardGradeLabels, hazardGrades, type HazardGrade } from '../../contracts/enums.js';
import { ApiError } from '../api.js';
import { applyServerErrors } from '../forms.js';
import { toDay, todayBeijing } from '../dates.js';
import { COMPLIANCE_ACTIONS_KEY, complianceActionsApi, DUE_CALENDAR_KEY } from './complianceActionsApi.js';
import { COMPLIANCE_KEY } from '../ledger/ledgerApi.js';

export interface ActionTarget {
  finding: FindingView;
  action: ComplianceActionKind;
}

interface Values {
  note?: string;
  deadline?: Dayjs;
  grade: HazardGrade;
}

const FIELDS = ['note', 'deadline', 'grade'] as const;

export function ComplianceActionModal({ target, onClose }: { target: ActionTarget | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const today = todayBeijing();

  const act = useMutation({
    mutationFn: (v: Values) =>
      complianceActionsApi.act({
        unitId: target!.finding.unitId,
        ruleCode: target!.finding.ruleCode,
        action: target!.action,
        note: v.note?.trim() || null,
        deadline: toDay(v.deadline) ?? null,
        grade: target!.action === 'hazard' ? v.grade : undefined,
      }),
    onSuccess: (res) => {
      void queryClient.invalidateQueries({ queryKey: COMPLIANCE_ACTIONS_KEY });
      void queryClient.invalidateQueries({ queryKey: ['hazards'] });
      if (res.hazard) {
        // The card links the hazard in place of the button (a modal's content sits outside the router).
        message.success({ content: <span data-testid="action-hazard-created">已生成隐患 {res.hazard.code}，已登记到隐患台账（待确认），由主管部门确认交办</span>, duration: 6 });
      } else if (res.notice) {
        message.success(`整改通知已发送给学校 ${res.notice.recipients} 人`);
      }
      onClose();
    },
    onError: (err) => {
      applyServerErrors(form, err, FIELDS);
      if (err instanceof ApiError && (err.status === 400 || err.status === 409)) {
        // The finding changed (met now) or a hazard is open already: show the card as it is now.
        void queryClient.invalidateQueries({ queryKey: COMPLIANCE_KEY });
        void queryClient.invalidateQueries({ queryKey: COMPLIANCE_ACTIONS_KEY });
        void queryClient.invalidateQueries({ queryKey: DUE_CALENDAR_KEY });
      }
    },
  });

  if (!target) return null;
  const { finding: f, action } = target;
  const isHazard = action === 'hazard';
  return (
    <Modal
      open
      title={`${isHazard ? '生成隐患' : '发整改通知'} · ${f.unitName}`}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={act.isPending} onClick={() => form.submit()} data-testid="action-submit">
            {isHazard ? '确认生成隐患' : '确认发送'}
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Alert
          type="error"
          showIcon
          title={f.ruleDescription}
          description={
            <>
              {f.period && <Typography.Text type="secondary">{f.period.label}：</Typography.Text>}
              {f.explanation}
            </>
          }
        />
        <Typography.Text type="secondary">
          {isHazard
            ? '将以“合规检查”为来源在隐患台账中登记一条隐患（挂账销号），描述写明规则、未达标原因和依据；同一学校同一规则同一时段只能有一条未销号的隐患。'
            : '将向学校的校长和安全员发送整改通知（站内提醒），写明规则、时段、整改期限和依据。'}
        </Typography.Text>
        <Form<Values> form={form} layout="vertical" initialValues={{ grade: 'general' }} onFinish={(v) => act.mutate(v)} requiredMark={false}>
          {isHazard && (
            <Form.Item name="grade" label="隐患等级">
              <Radio.Group options={hazardGrades.map((g) => ({ value: g, label: hazardGradeLabels[g] }))} />
            </Form.Item>
          )}
          <Form.Item name="deadline" label={isHazard ? '建议整改时限' : '整改期限'} rules={isHazard ? [] : [{ required: true, message: '请选择整改期限' }]}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') < today} data-testid="action-deadline" />
          </Form.Item>
          <Form.Item name="note" label="说明" rules={[{ max: 500, message: '最多 500 字' }]}>
            <Input.TextArea rows={3} maxLength={500} showCount placeholder="给学校的整改要求（可选）" data-testid="action-note" />
          </Form.Item>
        </Form>
      </Space>
    </Modal>
  );
}
