// One risk: its assessment, controls, the review due and why, and its signed steps (004's six
// mechanisms: 辨识、评估、复核、升级上报、转隐患、销号) in a timeline; the buttons the server allows.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Descriptions, Drawer, Form, Input, Modal, Radio, Select, Space, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { hazardGradeLabels, hazardGrades, safetyAreaLabels, type HazardGrade } from '../../contracts/enums.js';
import { riskKindLabels, riskSeasonLabels, riskStepLabels, type RiskAction, type RiskView } from '../../contracts/risks.js';
import { ApiError } from '../api.js';
import { fromDay, todayBeijing, toDay } from '../dates.js';
import { applyServerErrors } from '../forms.js';
import { formatDateTime } from '../format.js';
import { COMPLIANCE_KEY } from '../ledger/ledgerApi.js';
import { LIKELIHOOD_LABELS, scoreOptions, SEVERITY_LABELS } from './RiskFormDrawer.js';
import { RISK_KEY, risksApi } from './risksApi.js';
import { ReviewStateTag, RiskLevelTag } from './tags.js';

type StepAction = Exclude<RiskAction, 'edit'>;
const STEP_TITLES: Record<StepAction, string> = { review: '复核风险', escalate: '升级上报', raise_hazard: '管控失效，转为隐患', retire: '风险销号' };
const STEP_COLOURS: Record<string, string> = { identify: 'blue', assess: 'blue', review: 'green', escalate: 'orange', raise_hazard: 'red', retire: 'gray' };

interface StepValues {
  reviewedOn?: Dayjs;
  foundOn?: Dayjs;
  note?: string;
  likelihood?: number;
  severity?: number;
  hazardGrade?: HazardGrade;
}

function StepModal({ risk, action, onClose }: { risk: RiskView; action: StepAction | null; onClose: () => void }) {
  const [form] = Form.useForm<StepValues>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!action) return;
    form.resetFields();
    form.setFieldsValue({ reviewedOn: fromDay(todayBeijing()), foundOn: fromDay(todayBeijing()), likelihood: risk.likelihood, severity: risk.severity, hazardGrade: risk.level === 'red' ? 'major' : 'general' });
  }, [action, form, risk]);
  const run = useMutation({
    mutationFn: (v: StepValues) => {
      const note = v.note!.trim();
      switch (action) {
        case 'review':
          return risksApi.review(risk.id, { version: risk.version, reviewedOn: toDay(v.reviewedOn)!, note, likelihood: v.likelihood, severity: v.severity });
        case 'escalate':
          return risksApi.escalate(risk.id, { version: risk.version, note });
        case 'raise_hazard':
          return risksApi.hazard(risk.id, { version: risk.version, note, hazardGrade: v.hazardGrade!, foundOn: toDay(v.foundOn)! });
        default:
          return risksApi.retire(risk.id, { version: risk.version, note });
      }
    },
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: RISK_KEY });
      void queryClient.invalidateQueries({ queryKey: COMPLIANCE_KEY });
      message.success(action === 'raise_hazard' ? `已转为隐患 ${r.hazardCode ?? ''}` : `已${STEP_TITLES[action!]}`);
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'STALE_VERSION') {
        void queryClient.invalidateQueries({ queryKey: RISK_KEY });
        message.warning('该风险已被他人修改，已重新加载，请核对后再操作');
        onClose();
        return;
      }
      applyServerErrors(form, err, ['reviewedOn', 'foundOn', 'note', 'likelihood', 'severity', 'hazardGrade']);
    },
  });
  const noteLabel = action === 'review' ? '复核情况' : action === 'escalate' ? '升级原因' : action === 'raise_hazard' ? '管控失效情况' : '销号原因';
  return (
    <Modal open={!!action} title={action ? STEP_TITLES[action] : ''} onCancel={onClose} onOk={() => form.submit()} okText="签字确认" confirmLoading={run.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => run.mutate(v)} data-testid="risk-step-form">
        {action === 'review' && (
          <>
            <Form.Item name="reviewedOn" label="复核日期" rules={[{ required: true, message: '请选择复核日期' }]}>
              <DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') > todayBeijing()} data-testid="risk-reviewed-on" />
            </Form.Item>
            <Space>
              <Form.Item name="likelihood" label="可能性（重新评估）">
                <Select style={{ width: 150 }} options={scoreOptions(LIKELIHOOD_LABELS)} />
              </Form.Item>
              <Form.Item name="severity" label="严重性（重新评估）">
                <Select style={{ width: 150 }} options={scoreOptions(SEVERITY_LABELS)} />
              </Form.Item>
            </Space>
          </>
        )}
        {action === 'raise_hazard' && (
          <>
            <Form.Item name="foundOn" label="发现日期" rules={[{ required: true, message: '请选择发现日期' }]}>
              <DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') > todayBeijing()} />
            </Form.Item>
            <Form.Item name="hazardGrade" label="隐患等级" rules={[{ required: true, message: '请选择隐患等级' }]}>
              <Radio.Group options={hazardGrades.map((g) => ({ value: g, label: hazardGradeLabels[g] }))} />
            </Form.Item>
          </>
        )}
        <Form.Item name="note" label={noteLabel} rules={[{ required: true, whitespace: true, message: `请填写${noteLabel}` }, { max: 1000, message: '最多 1000 字' }]}>
          <Input.TextArea rows={3} data-testid="risk-step-note" />
        </Form.Item>
        <Typography.Text type="secondary">以您的账号签字确认，记入该风险的履历和审计日志。</Typography.Text>
      </Form>
    </Modal>
  );
}

export function RiskDetailDrawer({ id, onClose, onEdit }: { id: number | null; onClose: () => void; onEdit: (r: RiskView) => void }) {
  const [action, setAction] = useState<StepAction | null>(null);
  const q = useQuery({ queryKey: [...RISK_KEY, 'detail', id], queryFn: () => risksApi.get(id!), enabled: id !== null });
  const r = q.data;
  const buttons: Array<[RiskAction, string, boolean?]> = [
    ['review', '复核'],
    ['edit', '修改'],
    ['escalate', '升级上报'],
    ['raise_hazard', '转为隐患', true],
    ['retire', '销号'],
  ];
  return (
    <Drawer open={id !== null} onClose={onClose} width={640} title={r ? r.riskName : '风险详情'} destroyOnHidden>
      {r && (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            {buttons
              .filter(([a]) => r.actions.includes(a))
              .map(([a, label, danger]) => (
                <Button key={a} type={a === 'review' ? 'primary' : 'default'} danger={danger} onClick={() => (a === 'edit' ? onEdit(r) : setAction(a as StepAction))} data-testid={`risk-action-${a}`}>
                  {label}
                </Button>
              ))}
          </Space>
          <Descriptions column={2} size="small" bordered data-testid="risk-detail">
            <Descriptions.Item label="学校" span={2}>
              {r.schoolName}
              {r.townName ? `（${r.townName}）` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="排查领域">{safetyAreaLabels[r.area]}</Descriptions.Item>
            <Descriptions.Item label="区域/部位">{r.place}</Descriptions.Item>
            <Descriptions.Item label="风险等级">
              <RiskLevelTag level={r.level} /> 可能性 {r.likelihood} × 严重性 {r.severity} = {r.score}
            </Descriptions.Item>
            <Descriptions.Item label="风险类别">
              {riskKindLabels[r.riskKind]}
              {r.season ? `（${riskSeasonLabels[r.season]}）` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="管控措施" span={2}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{r.controls}</span>
            </Descriptions.Item>
            <Descriptions.Item label="管控责任人">{r.controlOwnerName}</Descriptions.Item>
            <Descriptions.Item label="辨识日期">{r.identifiedOn}</Descriptions.Item>
            <Descriptions.Item label="上次复核">{r.lastReviewedOn}</Descriptions.Item>
            <Descriptions.Item label="下次复核">
              {r.reviewDueOn ? (
                <>
                  <span data-testid="risk-due-on">{r.reviewDueOn} 前</span> <ReviewStateTag state={r.reviewState} />
                  <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{r.reviewReason}</div>
                </>
              ) : (
                <ReviewStateTag state={r.reviewState} />
              )}
            </Descriptions.Item>
            {r.escalatedOn && (
              <Descriptions.Item label="升级上报" span={2}>
                {r.escalatedOn}：{r.escalationNote}
              </Descriptions.Item>
            )}
            {r.hazardId && (
              <Descriptions.Item label="关联隐患" span={2}>
                <Link to={`/hazards/${r.hazardId}`}>{r.hazardCode}</Link>
              </Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            履历
          </Typography.Title>
          <Timeline
            data-testid="risk-steps"
            items={(r.steps ?? []).map((s) => ({
              color: STEP_COLOURS[s.action],
              children: (
                <div>
                  <Typography.Text strong>{riskStepLabels[s.action]}</Typography.Text> {s.on} · {s.actorName}（{s.actorUnitName}）
                  <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>签字时间 {formatDateTime(s.at)}</div>
                  {s.level && <RiskLevelTag level={s.level} />}
                  {s.note && <div>{s.note}</div>}
                  {s.hazardId && <Link to={`/hazards/${s.hazardId}`}>隐患 {s.hazardCode}</Link>}
                </div>
              ),
            }))}
          />
          <StepModal risk={r} action={action} onClose={() => setAction(null)} />
        </>
      )}
    </Drawer>
  );
}
