// One dispute or petition: what was recorded, the steps of the handling as a timeline (who, when,
// what), and — for the school's leaders, the town and the bureau — 记录办理, 办结 (a petition with the
// petitioner's view of the reply) and 列入风险清单 when it may become a group or over-the-level
// petition (000 item 3). A stale version reloads and says so.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Descriptions, Drawer, Empty, Form, Grid, Input, InputNumber, Radio, Select, Space, Tag, Timeline, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { disputeKindLabels, disputePartiesLabels, petitionChannelLabels, petitionerViewLabels, petitionerViews, type PetitionerView } from '../../contracts/disputes.js';
import { ApiError } from '../api.js';
import { useCan } from '../auth.js';
import { FileList } from '../components/FileList.js';
import { toDay } from '../dates.js';
import { applyServerErrors, numberRule } from '../forms.js';
import { useInvalidateLedger } from '../ledger/ledgerParts.js';
import { RISK_KEY, risksApi } from '../risks/risksApi.js';
import { DisputeStateTag } from './tags.js';
import { DISPUTE_KEY, disputesApi } from './disputesApi.js';

type Action = 'step' | 'conclude' | 'risk' | null;

interface ActionValues {
  on?: Dayjs;
  note?: string;
  concludedOn?: Dayjs;
  conclusion?: string;
  petitionerView?: PetitionerView;
  likelihood?: number;
  severity?: number;
  controls?: string;
  controlOwnerId?: number;
}

const FIELDS = ['on', 'note', 'concludedOn', 'conclusion', 'petitionerView', 'likelihood', 'severity', 'controls', 'controlOwnerId'] as const;

export function DisputeDetailDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const screens = Grid.useBreakpoint();
  const can = useCan();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateLedger(DISPUTE_KEY);
  const [action, setAction] = useState<Action>(null);
  const [form] = Form.useForm<ActionValues>();
  const record = useQuery({ queryKey: [...DISPUTE_KEY, 'one', id], queryFn: () => disputesApi.get(id!), enabled: id !== null });
  const r = record.data;
  const owners = useQuery({ queryKey: [...RISK_KEY, 'owners', r?.schoolId], queryFn: () => risksApi.owners(r!.schoolId), enabled: action === 'risk' && !!r });

  useEffect(() => {
    setAction(null);
    form.resetFields();
  }, [id, form]);

  const act = useMutation({
    mutationFn: async (v: ActionValues) => {
      const version = r!.version;
      if (action === 'step') return disputesApi.step(r!.id, { version, on: toDay(v.on)!, note: v.note!.trim() });
      if (action === 'conclude') return disputesApi.conclude(r!.id, { version, concludedOn: toDay(v.concludedOn)!, conclusion: v.conclusion!.trim(), petitionerView: r!.kind === 'petition' ? (v.petitionerView ?? null) : null });
      return disputesApi.risk(r!.id, { version, likelihood: v.likelihood!, severity: v.severity!, controls: v.controls!.trim(), controlOwnerId: v.controlOwnerId! });
    },
    onSuccess: (saved) => {
      queryClient.setQueryData([...DISPUTE_KEY, 'one', id], saved);
      invalidate();
      message.success(action === 'step' ? '已记录办理情况' : action === 'conclude' ? '已办结' : '已列入风险清单');
      setAction(null);
      form.resetFields();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'STALE_VERSION') {
        void record.refetch();
        invalidate();
        message.warning('该记录已被他人办理，已重新加载，请核对后再提交');
        return;
      }
      applyServerErrors(form, err, FIELDS);
    },
  });

  const open = (a: Action) => {
    form.resetFields();
    form.setFieldsValue({ on: dayjs(), concludedOn: dayjs(), likelihood: 3, severity: 3 });
    setAction(a);
  };
  const canManage = can('dispute.manage') && r?.status === 'recorded' && !r.concludedOn;

  return (
    <Drawer open={id !== null} onClose={onClose} size={screens.sm ? 640 : '100%'} title={r ? `${disputeKindLabels[r.kind]} · ${r.schoolName}` : '矛盾纠纷与信访'} destroyOnHidden>
      {!r ? (
        <Empty description={record.isError ? '记录不存在或无权查看' : '加载中…'} />
      ) : (
        <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="dispute-detail">
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="状态">
              <Space wrap>
                <DisputeStateTag state={r.state} />
                {r.group && <Tag color="red">群体访</Tag>}
                {r.mayEscalate && <Tag color="volcano">可能引发群访、越级上访</Tag>}
                {r.riskId && <Link to={`/risks?open=${r.riskId}`}>已列入风险清单</Link>}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={r.kind === 'petition' ? '受理日期' : '发现日期'}>{r.receivedOn}</Descriptions.Item>
            <Descriptions.Item label="办结期限">{r.dueOn}</Descriptions.Item>
            {r.kind === 'petition' && (
              <Descriptions.Item label="信访渠道与人数">
                {r.channel ? petitionChannelLabels[r.channel] : '—'} · {r.petitioners} 人{r.petitionerName ? ` · ${r.petitionerName}` : ''}
              </Descriptions.Item>
            )}
            <Descriptions.Item label="涉及双方">{disputePartiesLabels[r.parties]}</Descriptions.Item>
            <Descriptions.Item label="事由">{r.summary}</Descriptions.Item>
            <Descriptions.Item label="承办人">{r.handlerName}</Descriptions.Item>
            <Descriptions.Item label="材料">
              <FileList files={r.files} size={40} empty="—" />
            </Descriptions.Item>
          </Descriptions>

          <div>
            <Typography.Title level={5}>办理过程</Typography.Title>
            {r.steps.length === 0 && !r.concludedOn ? (
              <Typography.Text type="secondary">尚未记录办理情况</Typography.Text>
            ) : (
              <Timeline
                data-testid="dispute-steps"
                items={[
                  { color: 'gray', children: `${r.receivedOn} 登记（${r.createdByName}）` },
                  ...r.steps.map((s) => ({ color: 'blue', children: `${s.on} ${s.byName}：${s.note}` })),
                  ...(r.concludedOn ? [{ color: 'green', children: `${r.concludedOn} 办结：${r.conclusion}${r.petitionerView ? `（信访人评价：${petitionerViewLabels[r.petitionerView]}）` : ''}` }] : []),
                ]}
              />
            )}
          </div>

          {canManage && !action && (
            <Space wrap>
              <Button type="primary" onClick={() => open('step')} data-testid="dispute-add-step">记录办理</Button>
              <Button onClick={() => open('conclude')} data-testid="dispute-conclude">办结</Button>
              {!r.riskId && can('risk.manage') && (
                <Button danger onClick={() => open('risk')} data-testid="dispute-to-risk">列入风险清单</Button>
              )}
            </Space>
          )}

          {canManage && action && (
            <Form<ActionValues> form={form} layout="vertical" onFinish={(v) => act.mutate(v)} data-testid="dispute-action-form">
              {action === 'step' && (
                <>
                  <Form.Item name="on" label="办理日期" rules={[{ required: true, message: '请填写办理日期' }]}>
                    <DatePicker inputReadOnly style={{ width: '100%' }} />
                  </Form.Item>
                  <Form.Item name="note" label="办理情况" rules={[{ required: true, whitespace: true, message: '请填写办理情况' }]}>
                    <Input.TextArea rows={3} maxLength={500} placeholder="如：约谈双方、调解、核查、书面答复前的沟通" data-testid="dispute-step-note" />
                  </Form.Item>
                </>
              )}
              {action === 'conclude' && (
                <>
                  <Form.Item name="concludedOn" label="办结日期" rules={[{ required: true, message: '请填写办结日期' }]}>
                    <DatePicker inputReadOnly style={{ width: '100%' }} />
                  </Form.Item>
                  <Form.Item name="conclusion" label={r.kind === 'petition' ? '答复意见' : '化解情况'} rules={[{ required: true, whitespace: true, message: '请填写办结情况' }]}>
                    <Input.TextArea rows={3} maxLength={1000} data-testid="dispute-conclusion" />
                  </Form.Item>
                  {r.kind === 'petition' && (
                    <Form.Item name="petitionerView" label="信访人评价" rules={[{ required: true, message: '请选择信访人对答复的评价' }]}>
                      <Radio.Group optionType="button" options={petitionerViews.map((v) => ({ value: v, label: petitionerViewLabels[v] }))} data-testid="dispute-petitioner-view" />
                    </Form.Item>
                  )}
                </>
              )}
              {action === 'risk' && (
                <>
                  <Space wrap>
                    <Form.Item name="likelihood" label="可能性（1–5）" rules={[{ required: true, message: '请填写可能性' }, numberRule(1, 5, { integer: true })]}>
                      <InputNumber precision={0} />
                    </Form.Item>
                    <Form.Item name="severity" label="严重程度（1–5）" rules={[{ required: true, message: '请填写严重程度' }, numberRule(1, 5, { integer: true })]}>
                      <InputNumber precision={0} />
                    </Form.Item>
                  </Space>
                  <Form.Item name="controls" label="管控措施" rules={[{ required: true, whitespace: true, message: '请填写管控措施' }]}>
                    <Input.TextArea rows={2} maxLength={500} placeholder="如：校长约谈、每日跟踪、关键节点专人盯守" data-testid="dispute-risk-controls" />
                  </Form.Item>
                  <Form.Item name="controlOwnerId" label="管控责任人" rules={[{ required: true, message: '请选择管控责任人' }]}>
                    <Select
                      showSearch
                      optionFilterProp="label"
                      loading={owners.isFetching}
                      options={(owners.data?.items ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
                      notFoundContent={owners.isFetching ? '加载中…' : '该校暂无可选人员'}
                      data-testid="dispute-risk-owner"
                    />
                  </Form.Item>
                </>
              )}
              <Space>
                <Button onClick={() => setAction(null)}>取消</Button>
                <Button type="primary" htmlType="submit" loading={act.isPending} data-testid="dispute-action-submit">
                  提交
                </Button>
              </Space>
            </Form>
          )}
        </Space>
      )}
    </Drawer>
  );
}
