// 周报 (002 附件4, 周报机制): weeks × responsible departments, each return submitted, a draft, due
// this week or missing (flagged to the safety centre). A department officer opens its return for
// the week: the figures drafted from that week's data are shown read-only, the texts are edited,
// saved and submitted; a saved return exports to Excel.
import { DownloadOutlined, EditOutlined, FileTextOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Drawer, Empty, Form, Grid, Input, Skeleton, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { safetyAreaLabels } from '../../contracts/enums.js';
import { addDays, weekStart } from '../../domain/dates.js';
import { apiUrl } from '../api.js';
import { useMe } from '../auth.js';
import { applyServerErrors } from '../forms.js';
import { formatDateTime } from '../format.js';
import { useSearchState } from '../components/useSearchState.js';
import { todayBeijing } from '../dates.js';
import { CAMPAIGNS_KEY, campaignsApi, type CampaignDetail, type WeeklyReturn } from './campaignsApi.js';

type ReturnStatus = WeeklyReturn['status'];

const statusText: Record<ReturnStatus, string> = { submitted: '已提交', draft: '草稿', due: '待报送', missing: '未报' };
const statusColor: Record<ReturnStatus, string> = { submitted: 'green', draft: 'blue', due: 'orange', missing: 'red' };

export function ReturnStatusTag({ status }: { status: ReturnStatus }) {
  return (
    <Tag color={statusColor[status]} data-testid="weekly-status" data-status={status}>
      {statusText[status]}
    </Tag>
  );
}

const md = (d: string) => `${Number(d.slice(5, 7))}/${Number(d.slice(8, 10))}`;
const weekLabel = (w: string, end: string) => `${md(w)}–${md(end)}`;

interface Target {
  week: string;
  departmentId: number;
  departmentName: string;
}

export function WeeklyTab({ campaign }: { campaign: CampaignDetail }) {
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const [open, setOpen] = useState<Target | null>(null);
  const list = useQuery({ queryKey: [...CAMPAIGNS_KEY, 'weekly', campaign.id], queryFn: () => campaignsApi.weeklyReturns(campaign.id) });
  const thisWeek = weekStart(todayBeijing());

  const byKey = useMemo(() => new Map((list.data?.items ?? []).map((r) => [`${r.departmentId}:${r.weekStart}`, r])), [list.data]);
  const weeks = useMemo(() => [...(list.data?.weeks ?? [])].reverse(), [list.data]);
  const departments = list.data?.departments ?? [];
  const missing = (list.data?.items ?? []).filter((r) => r.status === 'missing').length;
  const myDept = me.unit.kind === 'department' ? departments.find((d) => d.id === me.unit.id) : undefined;
  const mine = myDept ? byKey.get(`${myDept.id}:${thisWeek}`) : undefined;

  // A reminder links here with ?week=: the department's return for that week opens; for the
  // bureau that week's column is marked.
  const s = useSearchState();
  const linkedWeek = s.get('week');
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current || !linkedWeek || !myDept || !byKey.has(`${myDept.id}:${linkedWeek}`)) return;
    opened.current = true;
    setOpen({ week: linkedWeek, departmentId: myDept.id, departmentName: myDept.name });
  }, [linkedWeek, myDept, byKey]);

  if (list.isPending) return <Skeleton active />;
  if (list.isError) return <Alert type="error" showIcon title="周报加载失败" action={<Button onClick={() => void list.refetch()}>重试</Button>} />;

  if (!campaign.weeklyReturnWeeks.length) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本专项整治没有需要报送周报的阶段（专项整治、组织实施、集中攻坚阶段实行周报）" />;
  }
  if (!weeks.length) {
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={`周报从 ${campaign.weeklyReturnWeeks[0]} 所在周开始报送，届时各责任部门每周报送一次`}
      />
    );
  }

  type Row = { id: number; name: string };
  const columns: TableColumnsType<Row> = [
    { title: '责任部门', dataIndex: 'name', width: 140, fixed: 'left', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    ...weeks.map((w) => ({
      title: (
        <span title={`${w} 至 ${addDays(w, 6)}`} style={w === thisWeek ? { color: '#1d5fd6', fontWeight: 600 } : undefined}>
          {weekLabel(w, addDays(w, 6))}
          {w === thisWeek && <div style={{ fontSize: 12 }}>本周</div>}
        </span>
      ),
      key: w,
      width: 96,
      className: w === linkedWeek ? 'weekly-cell weekly-cell-linked' : 'weekly-cell',
      render: (_: unknown, d: Row) => {
        const r = byKey.get(`${d.id}:${w}`);
        if (!r) return '—';
        return (
          <Button
            type="link"
            size="small"
            className="weekly-cell-btn"
            onClick={() => setOpen({ week: w, departmentId: d.id, departmentName: d.name })}
            data-testid="weekly-cell"
            data-week={w}
            data-department-id={d.id}
          >
            <ReturnStatusTag status={r.status} />
          </Button>
        );
      },
    })),
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {myDept && (
        <Card size="small" className="hazard-actions-card" data-testid="weekly-mine">
          <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
            <span>
              <FileTextOutlined /> 本周（{weekLabel(thisWeek, addDays(thisWeek, 6))}）{myDept.name}周报：
              {mine ? <ReturnStatusTag status={mine.status} /> : <Typography.Text type="secondary">本周不在周报阶段</Typography.Text>}
            </span>
            {mine && (
              <Button
                type="primary"
                icon={mine.actions.includes('edit') ? <EditOutlined /> : undefined}
                onClick={() => setOpen({ week: thisWeek, departmentId: myDept.id, departmentName: myDept.name })}
                data-testid="weekly-open-mine"
              >
                {mine.actions.includes('edit') ? '填写本周周报' : '查看本周周报'}
              </Button>
            )}
          </Space>
        </Card>
      )}
      {missing > 0 && campaign.status !== 'finished' && me.scope === 'district' && (
        <Alert type="warning" showIcon title={`有 ${missing} 份周报逾期未报，已提示局安全管理中心`} description="红色“未报”为该周已结束仍未提交的部门，可点击查看并督促报送。" />
      )}
      <Card size="small" title="周报报送情况" extra={<Typography.Text type="secondary">点击单元格查看或填写</Typography.Text>}>
        <Table<Row>
          rowKey="id"
          size="small"
          className="weekly-grid"
          columns={columns}
          dataSource={departments}
          pagination={false}
          scroll={{ x: 'max-content' }}
          sticky={screens.md}
          data-testid="weekly-grid"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本专项整治没有需要报送周报的责任部门" /> }}
        />
      </Card>
      <WeeklyReturnDrawer campaign={campaign} target={open} onClose={() => setOpen(null)} />
    </Space>
  );
}

interface TextValues {
  progress?: string;
  problems?: string;
  nextSteps?: string;
}

function WeeklyReturnDrawer({ campaign, target, onClose }: { campaign: CampaignDetail; target: Target | null; onClose: () => void }) {
  const [form] = Form.useForm<TextValues>();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const screens = Grid.useBreakpoint();
  const draft = useQuery({
    queryKey: [...CAMPAIGNS_KEY, 'weekly-draft', campaign.id, target?.week, target?.departmentId],
    queryFn: () => campaignsApi.weeklyReturnDraft(campaign.id, target!.week, target!.departmentId),
    enabled: target !== null,
    staleTime: 0,
    gcTime: 0,
  });
  const r = draft.data;
  const editable = !!r && r.actions.includes('edit');

  useEffect(() => {
    if (!r) return;
    form.setFieldsValue({ progress: r.progress ?? '', problems: r.problems ?? '', nextSteps: r.nextSteps ?? '' });
  }, [r, form]);

  const save = useMutation({
    mutationFn: async ({ v, submit }: { v: TextValues; submit: boolean }) => {
      const texts = { progress: v.progress ?? null, problems: v.problems ?? null, nextSteps: v.nextSteps ?? null, submit };
      if (r?.id && r.version) return campaignsApi.updateWeeklyReturn(campaign.id, r.id, { ...texts, version: r.version });
      return campaignsApi.saveWeeklyReturn(campaign.id, { week: target!.week, departmentId: target!.departmentId, ...texts });
    },
    onSuccess: (saved, { submit }) => {
      void queryClient.invalidateQueries({ queryKey: [...CAMPAIGNS_KEY, 'weekly', campaign.id] });
      queryClient.setQueryData([...CAMPAIGNS_KEY, 'weekly-draft', campaign.id, target?.week, target?.departmentId], saved);
      message.success(submit ? '周报已提交' : '已保存草稿');
      if (submit) onClose();
    },
    onError: (err) => {
      applyServerErrors(form, err, ['progress', 'problems', 'nextSteps']);
      void draft.refetch();
    },
  });

  const submit = async () => {
    const v = await form.validateFields();
    modal.confirm({
      title: '提交周报',
      content: '提交后不能再修改，将报送局安全管理中心。确认提交？',
      okText: '提交',
      cancelText: '取消',
      onOk: () => save.mutateAsync({ v, submit: true }),
    });
  };

  const f = r?.figures;
  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      title={target ? `${target.departmentName} · ${target.week} 至 ${addDays(target.week, 6)} 周报` : ''}
      size={screens.md ? 760 : '100%'}
      footer={
        r && (
          <Space style={{ float: 'right' }} wrap>
            {r.id && r.actions.includes('export') && (
              <Button icon={<DownloadOutlined />} href={apiUrl(`/campaigns/${campaign.id}/weekly-returns/${r.id}/export`)} data-testid="weekly-export">
                导出 Excel
              </Button>
            )}
            <Button onClick={onClose}>关闭</Button>
            {editable && (
              <>
                <Button loading={save.isPending && !save.variables?.submit} onClick={() => void form.validateFields().then((v) => save.mutate({ v, submit: false }))} data-testid="weekly-save">
                  保存草稿
                </Button>
                <Button type="primary" loading={save.isPending && save.variables?.submit} onClick={() => void submit()} data-testid="weekly-submit">
                  提交
                </Button>
              </>
            )}
          </Space>
        )
      }
    >
      {draft.isPending && <Skeleton active />}
      {draft.isError && <Alert type="error" showIcon title="周报加载失败" action={<Button onClick={() => void draft.refetch()}>重试</Button>} />}
      {r && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="weekly-drawer">
          <Space wrap>
            <ReturnStatusTag status={r.status} />
            {r.status === 'submitted' && (
              <Typography.Text type="secondary">
                {r.submittedByName} 于 {formatDateTime(r.submittedAt)} 提交
              </Typography.Text>
            )}
            {r.status !== 'submitted' && <Typography.Text type="secondary">以下数据按该周隐患的签字记录自动生成，提交时按最新数据重新计算</Typography.Text>}
          </Space>
          {f ? (
            <Card size="small" title="本周数据" data-testid="weekly-figures">
              <Space wrap size={24}>
                <Statistic title="本周新增" value={f.newCount} suffix="条" />
                <Statistic title="本周整改验收" value={f.rectifiedCount} suffix="条" />
                <Statistic title="本周销号" value={f.closedCount} suffix="条" />
                <Statistic title="累计排查" value={f.totalCount} suffix="条" />
                <Statistic title="累计销号" value={f.closedTotal} suffix="条" />
                <Statistic title="未销号" value={f.openCount} suffix="条" />
                <Statistic title="其中逾期" value={f.overdueCount} suffix="条" styles={{ content: f.overdueCount ? { color: '#cf1322' } : undefined }} />
              </Space>
              <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
                <Descriptions.Item label="负责领域">{f.areas.length ? f.areas.map((a) => safetyAreaLabels[a]).join('、') : '—'}</Descriptions.Item>
              </Descriptions>
              {f.byArea.length > 0 && (
                <Table
                  rowKey="area"
                  size="small"
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  dataSource={f.byArea}
                  columns={[
                    { title: '领域', dataIndex: 'area', render: (v: keyof typeof safetyAreaLabels) => safetyAreaLabels[v] },
                    { title: '新增', dataIndex: 'newCount' },
                    { title: '验收', dataIndex: 'rectifiedCount' },
                    { title: '销号', dataIndex: 'closedCount' },
                    { title: '未销号', dataIndex: 'openCount' },
                    { title: '逾期', dataIndex: 'overdueCount' },
                  ]}
                />
              )}
              {f.overdue.length > 0 && (
                <div style={{ marginTop: 8 }}>
                  <Typography.Text type="danger">逾期隐患：</Typography.Text>
                  <Space size={[8, 4]} wrap>
                    {f.overdue.slice(0, 30).map((o) => (
                      <Link key={o.id} to={`/hazards/${o.id}`}>
                        {o.code}（{o.schoolName}）
                      </Link>
                    ))}
                    {f.overdue.length > 30 && <span>等 {f.overdue.length} 条</span>}
                  </Space>
                </div>
              )}
            </Card>
          ) : (
            <Alert type="info" showIcon title="该周报没有数据" />
          )}
          <Form<TextValues> form={form} layout="vertical" disabled={!editable} data-testid="weekly-form">
            <Form.Item name="progress" label="工作推进情况" rules={[{ max: 4000, message: '最多 4000 字' }]}>
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={4000} data-testid="weekly-progress" />
            </Form.Item>
            <Form.Item name="problems" label="存在问题" rules={[{ max: 4000, message: '最多 4000 字' }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={4000} data-testid="weekly-problems" />
            </Form.Item>
            <Form.Item name="nextSteps" label="下周工作计划" rules={[{ max: 4000, message: '最多 4000 字' }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={4000} placeholder="如：督促逾期隐患整改，开展回头看" data-testid="weekly-next-steps" />
            </Form.Item>
          </Form>
          {!editable && r.status !== 'submitted' && <Typography.Text type="secondary">只有该部门人员或局安全管理中心可以填写本周报。</Typography.Text>}
        </Space>
      )}
    </Drawer>
  );
}
