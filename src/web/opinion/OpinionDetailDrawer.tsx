// One public opinion event: what was found, the response flow as steps (起草回应 → 审核通过 → 已发布 →
// 办结) with who and when, the time from finding to publishing against the target (发现后 X 小时 Y 分),
// the linked incident and dispute, and the actions the state and the person's permissions allow:
// the writers draft, publish, close and link; the bureau's approvers approve (002: 在上级部门指导下
// 及时正面发声). A stale version reloads and says so.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, Empty, Form, Grid, Input, InputNumber, Select, Space, Steps, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { opinionOriginLabels, opinionSourceLabels, type OpinionEventView } from '../../contracts/opinion.js';
import { ApiError } from '../api.js';
import { useCan } from '../auth.js';
import { applyServerErrors, numberRule } from '../forms.js';
import { formatDateTime, orDash, withUnit } from '../format.js';
import { beijingInstant, nowLocal } from '../incidents/incidentsApi.js';
import { useInvalidateLedger } from '../ledger/ledgerParts.js';
import { OPINION_KEY, opinionApi } from './opinionApi.js';
import { DISPUTE_KEY, disputesApi } from '../disputes/disputesApi.js';
import { INCIDENTS_KEY, incidentsApi } from '../incidents/incidentsApi.js';
import { useUnitTree } from '../units/tree.js';
import { OpinionLevelTag, OpinionStateTag, timeliness } from './tags.js';

type Action = 'draft' | 'publish' | 'close' | 'link' | null;

interface ActionValues {
  draft?: string;
  publishedAt?: string;
  publishedChannel?: string;
  publishedLink?: string;
  closingNote?: string;
  incidentId?: number | null;
  disputeId?: number | null;
}

const FIELDS = ['draft', 'publishedAt', 'publishedChannel', 'publishedLink', 'closingNote', 'incidentId', 'disputeId'] as const;

function flowStep(r: OpinionEventView): number {
  return { new: 0, responding: 1, approved: 2, published: 3, closed: 4 }[r.state];
}

export function OpinionDetailDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const screens = Grid.useBreakpoint();
  const can = useCan();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateLedger(OPINION_KEY);
  const [action, setAction] = useState<Action>(null);
  const [form] = Form.useForm<ActionValues>();
  const record = useQuery({ queryKey: [...OPINION_KEY, 'one', id], queryFn: () => opinionApi.get(id!), enabled: id !== null });
  const r = record.data;

  useEffect(() => {
    setAction(null);
    form.resetFields();
  }, [id, form]);

  const onDone = (saved: OpinionEventView, said: string) => {
    queryClient.setQueryData([...OPINION_KEY, 'one', id], saved);
    invalidate();
    message.success(said);
    setAction(null);
    form.resetFields();
  };
  const onError = (err: unknown) => {
    if (err instanceof ApiError && err.code === 'STALE_VERSION') {
      void record.refetch();
      invalidate();
      message.warning('该舆情已被他人处理，已重新加载，请核对后再提交');
      return;
    }
    if (!applyServerErrors(form, err, FIELDS) && err instanceof ApiError) message.error(err.message);
  };

  const act = useMutation({
    mutationFn: async (v: ActionValues) => {
      const version = r!.version;
      if (action === 'draft') return opinionApi.draft(r!.id, { version, draft: v.draft!.trim() });
      if (action === 'publish') return opinionApi.publish(r!.id, { version, publishedAt: beijingInstant(v.publishedAt!), publishedChannel: v.publishedChannel!.trim(), publishedLink: v.publishedLink?.trim() || null });
      if (action === 'close') return opinionApi.close(r!.id, { version, closingNote: v.closingNote!.trim() });
      return opinionApi.link(r!.id, { version, incidentId: v.incidentId ?? null, disputeId: v.disputeId ?? null });
    },
    onSuccess: (saved) => onDone(saved, action === 'draft' ? '回应口径已保存，待教育局审核' : action === 'publish' ? '已登记发布' : action === 'close' ? '已办结' : '关联已保存'),
    onError,
  });
  const approve = useMutation({
    mutationFn: () => opinionApi.approve(r!.id, r!.version),
    onSuccess: (saved) => onDone(saved, '回应口径已审核通过'),
    onError,
  });

  const open = (a: Action) => {
    form.resetFields();
    form.setFieldsValue({ draft: r?.draft ?? undefined, publishedAt: nowLocal(), incidentId: r?.incidentId ?? null, disputeId: r?.disputeId ?? null });
    setAction(a);
  };
  const canManage = can('opinion.manage') && r && r.state !== 'closed';
  const canApprove = can('opinion.approve') && r?.state === 'responding';

  return (
    <Drawer open={id !== null} onClose={onClose} size={screens.sm ? 680 : '100%'} title={r ? `舆情 · ${r.unitName}` : '舆情'} destroyOnHidden>
      {!r ? (
        <Empty description={record.isError ? '舆情不存在或无权查看' : '加载中…'} />
      ) : (
        <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="opinion-detail">
          {r.overdue && <Alert type="error" showIcon message={`未在时限内发布回应（${r.level === 'general' ? '一般' : r.level === 'major' ? '较大' : '重大'}舆情时限：发现后 ${r.targetMinutes >= 60 ? `${r.targetMinutes / 60} 小时` : `${r.targetMinutes} 分钟`}，截至 ${formatDateTime(r.dueAt)}）`} />}
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="状态">
              <Space wrap>
                <OpinionStateTag state={r.state} overdue={r.overdue} />
                <OpinionLevelTag level={r.level} />
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label="标题">
              <a href={r.link} target="_blank" rel="noreferrer noopener">{r.title}</a>
            </Descriptions.Item>
            <Descriptions.Item label="来源">{opinionSourceLabels[r.source]} · {opinionOriginLabels[r.origin]}{r.externalId ? `（编号 ${r.externalId}）` : ''}</Descriptions.Item>
            <Descriptions.Item label="涉及单位">{r.unitName}{r.unitToAssign && <Typography.Text type="warning">（监测推送未匹配单位，待指派）</Typography.Text>}</Descriptions.Item>
            <Descriptions.Item label="发现时间">{formatDateTime(r.foundAt)}</Descriptions.Item>
            <Descriptions.Item label="回应时限">{formatDateTime(r.dueAt)}</Descriptions.Item>
            <Descriptions.Item label="回应用时">{r.timelinessMinutes === null ? '尚未发布' : timeliness(r.timelinessMinutes)}</Descriptions.Item>
            <Descriptions.Item label="传播量">{withUnit(r.reach, '次')}</Descriptions.Item>
            <Descriptions.Item label="摘要">{orDash(r.summary)}</Descriptions.Item>
            <Descriptions.Item label="关联">
              <Space wrap>
                {r.incidentId ? <Link to={`/incidents/${r.incidentId}`}>突发事件 #{r.incidentId}</Link> : null}
                {r.disputeId ? <Link to={`/disputes?open=${r.disputeId}`}>矛盾纠纷/信访 #{r.disputeId}</Link> : null}
                {!r.incidentId && !r.disputeId && '—'}
              </Space>
            </Descriptions.Item>
          </Descriptions>

          <div>
            <Typography.Title level={5}>回应处置</Typography.Title>
            <Steps
              direction="vertical"
              size="small"
              current={flowStep(r)}
              data-testid="opinion-flow"
              items={[
                { title: '登记', description: `${formatDateTime(r.createdAt)} ${r.createdByName ?? '监测推送'}` },
                { title: '起草回应', description: r.draft ? <><div style={{ whiteSpace: 'pre-wrap' }}>{r.draft}</div><Typography.Text type="secondary">{r.draftedByName} {formatDateTime(r.draftedAt)}</Typography.Text></> : '尚未起草' },
                { title: '审核通过', description: r.approvedAt ? `${r.approvedByName} ${formatDateTime(r.approvedAt)}` : '待教育局审核' },
                { title: '已发布', description: r.publishedAt ? <>{formatDateTime(r.publishedAt)} · {r.publishedChannel}{r.publishedLink && <> · <a href={r.publishedLink} target="_blank" rel="noreferrer noopener">查看</a></>}</> : '尚未发布' },
                { title: '办结', description: r.closedAt ? `${formatDateTime(r.closedAt)} ${r.closingNote ?? ''}` : '—' },
              ]}
            />
          </div>

          {!action && (canManage || canApprove) && (
            <Space wrap>
              {canManage && r.state !== 'published' && (
                <Button type={r.state === 'new' ? 'primary' : 'default'} onClick={() => open('draft')} data-testid="opinion-draft">
                  {r.draft ? '修改口径' : '起草回应'}
                </Button>
              )}
              {canApprove && (
                <Button type="primary" loading={approve.isPending} onClick={() => approve.mutate()} data-testid="opinion-approve">
                  审核通过
                </Button>
              )}
              {canManage && r.state === 'approved' && (
                <Button type="primary" onClick={() => open('publish')} data-testid="opinion-publish">
                  登记发布
                </Button>
              )}
              {canManage && <Button onClick={() => open('link')} data-testid="opinion-link-open">关联事件</Button>}
              {canManage && <Button onClick={() => open('close')} data-testid="opinion-close">办结</Button>}
            </Space>
          )}
          {r.state === 'approved' && action === 'draft' && <Alert type="warning" showIcon message="审核通过后修改口径，须重新审核" />}

          {canManage && action && (
            <Form<ActionValues> form={form} layout="vertical" onFinish={(v) => act.mutate(v)} data-testid="opinion-action-form">
              {action === 'draft' && (
                <Form.Item name="draft" label="回应口径" rules={[{ required: true, whitespace: true, message: '请填写回应口径' }]}>
                  <Input.TextArea rows={6} maxLength={5000} showCount placeholder="拟对外发布的回应内容" data-testid="opinion-draft-text" />
                </Form.Item>
              )}
              {action === 'publish' && (
                <>
                  <Form.Item name="publishedAt" label="发布时间（北京时间）" rules={[{ required: true, message: '请填写发布时间' }]}>
                    <Input type="datetime-local" max={nowLocal()} data-testid="opinion-published-at" />
                  </Form.Item>
                  <Form.Item name="publishedChannel" label="发布渠道" rules={[{ required: true, whitespace: true, message: '请填写发布渠道' }]}>
                    <Input maxLength={100} placeholder="如：学校微信公众号、区教育局官方微博" data-testid="opinion-published-channel" />
                  </Form.Item>
                  <Form.Item name="publishedLink" label="发布链接" rules={[{ type: 'url', message: '请填写有效链接（http:// 或 https://）' }]}>
                    <Input maxLength={1000} placeholder="https://" />
                  </Form.Item>
                </>
              )}
              {action === 'close' && (
                <Form.Item name="closingNote" label="办结说明" rules={[{ required: true, whitespace: true, message: '请填写办结说明' }]}>
                  <Input.TextArea rows={3} maxLength={1000} placeholder="如：舆情已平息，相关诉求已处理" data-testid="opinion-closing-note" />
                </Form.Item>
              )}
              {action === 'link' && <LinkFields unitId={r.unitId} />}
              <Space>
                <Button onClick={() => setAction(null)}>取消</Button>
                <Button type="primary" htmlType="submit" loading={act.isPending} data-testid="opinion-action-submit">
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

/**
 * The incident and the dispute an event may link to, chosen from the unit's own (its subtree): the
 * 50 latest of each the person may read, searchable; someone who cannot read one of them types its
 * number instead. The server checks the link either way (same district and the person's scope).
 */
function LinkFields({ unitId }: { unitId: number }) {
  const can = useCan();
  const tree = useUnitTree();
  const unit = tree.data?.items.find((u) => u.id === unitId);
  const place = unit?.kind === 'school' ? { schoolId: unitId } : unit?.kind === 'town' ? { townId: unitId } : {};
  const incidents = useQuery({ queryKey: [...INCIDENTS_KEY, 'link-options', unitId], queryFn: () => incidentsApi.list({ unitId, page: 1, pageSize: 50 }), enabled: can('incident.read') });
  const disputes = useQuery({ queryKey: [...DISPUTE_KEY, 'link-options', unitId], queryFn: () => disputesApi.list({ ...place, page: 1, pageSize: 50 }), enabled: can('dispute.read') && !!unit });
  const number = <InputNumber precision={0} style={{ width: 180 }} />;
  const picker = (options: Array<{ value: number; label: string }> | undefined, loading: boolean, empty: string, testId: string) => (
    <Select allowClear showSearch optionFilterProp="label" style={{ width: 300 }} placeholder="不关联则留空" loading={loading} options={options} notFoundContent={empty} data-testid={testId} />
  );
  return (
    <Space wrap align="start">
      <Form.Item name="incidentId" label="关联突发事件" rules={[numberRule(1, 2_000_000_000, { integer: true })]}>
        {can('incident.read')
          ? picker(
              incidents.data?.items.map((i) => ({ value: i.id, label: `${i.code} ${i.occurredAt.slice(0, 10)} ${i.headline}` })),
              incidents.isFetching,
              '该单位没有突发事件记录',
              'opinion-link-incident',
            )
          : number}
      </Form.Item>
      <Form.Item name="disputeId" label="关联矛盾纠纷/信访" rules={[numberRule(1, 2_000_000_000, { integer: true })]}>
        {can('dispute.read')
          ? picker(
              disputes.data?.items.map((d) => ({ value: d.id, label: `${d.kind === 'petition' ? '信访' : '纠纷'} ${d.receivedOn} ${d.schoolName ?? ''} ${d.summary.slice(0, 30)}` })),
              disputes.isFetching,
              '该单位没有矛盾纠纷、信访记录',
              'opinion-link-dispute',
            )
          : number}
      </Form.Item>
    </Space>
  );
}
