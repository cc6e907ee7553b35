// 定期检查 (issue 17): a checklist scheduled to recur for a set of schools — the monthly 消防安全检查日
// (001 item 13), the canteen's daily check, a town's weekly check during a campaign, twice in each
// key period. Each occurrence becomes an ordinary inspection on its day in the task lists; the
// schedule shows which were done, done late or missed.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Drawer, Empty, Form, Input, InputNumber, Select, Space, Table, Tag, TreeSelect as AntTreeSelect, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { inspectionKindLabels } from '../../contracts/enums.js';
import {
  occurrenceStateLabels,
  scheduleCadenceLabels,
  scheduleCadences,
  scheduleStatusLabels,
  scheduleStatuses,
  type OccurrenceState,
  type OccurrenceView,
  type ScheduleCadence,
  type ScheduleKind,
  type ScheduleView,
} from '../../contracts/inspection-schedules.js';
import { useMe } from '../auth.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, useSearchState } from '../components/useSearchState.js';
import { showError } from '../feedback.js';
import { applyServerErrors, numberRule } from '../forms.js';
import { schoolTree } from '../inspections/CreateInspectionDrawer.js';
import { INSPECTIONS_KEY, inspectionsApi } from '../inspections/inspectionsApi.js';
import { useInspectionOptions } from '../inspections/SelfCheckButton.js';
import { CreateButton } from '../ledger/ledgerPage.js';
import { useUnitTree } from '../units/tree.js';
import { SCHEDULES_KEY, schedulesApi } from './inspectionSchedulesApi.js';

interface Values {
  title?: string;
  kind?: ScheduleKind;
  cadence?: ScheduleCadence;
  weekday?: number;
  monthDay?: number;
  startsOn?: Dayjs;
  endsOn?: Dayjs | null;
  schoolIds?: number[];
  inspectorIds?: number[];
  checklistTemplateId?: number;
}
const FIELDS = ['title', 'kind', 'cadence', 'weekday', 'monthDay', 'startsOn', 'endsOn', 'schoolIds', 'inspectorIds', 'checklistTemplateId'] as const;
const WEEKDAYS = ['星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];
const stateColors: Record<OccurrenceState, string> = { planned: 'processing', done: 'success', late: 'warning', missed: 'error', failed: 'error' };

function ScheduleDrawer({ open, kinds, onClose }: { open: boolean; kinds: ScheduleKind[]; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isSchool = me.unit.kind === 'school';
  const options = useInspectionOptions(open);
  const tree = useUnitTree(open && !isSchool);
  const treeData = useMemo(() => schoolTree(tree.data?.items ?? []), [tree.data]);
  const kind = Form.useWatch('kind', form);
  const cadence = Form.useWatch('cadence', form);
  const [who, setWho] = useState('');
  const candidates = useQuery({
    queryKey: [...INSPECTIONS_KEY, 'candidates', 'schedule', who],
    queryFn: () => inspectionsApi.candidates({ q: who || undefined }),
    enabled: open && !!kind && kind !== 'self_check',
  });

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ kind: kinds[0], cadence: 'monthly', monthDay: 9, startsOn: dayjs(), title: '消防安全检查日' });
  }, [open, kinds, form]);

  const save = useMutation({
    mutationFn: (v: Values) =>
      schedulesApi.create({
        title: v.title?.trim() ?? '',
        kind: v.kind!,
        cadence: v.cadence!,
        weekday: v.cadence === 'weekly' ? (v.weekday ?? null) : null,
        monthDay: v.cadence === 'monthly' ? (v.monthDay ?? null) : null,
        startsOn: v.startsOn!.format('YYYY-MM-DD'),
        endsOn: v.endsOn ? v.endsOn.format('YYYY-MM-DD') : null,
        checklistTemplateId: v.checklistTemplateId ?? null,
        schoolIds: isSchool ? [] : (v.schoolIds ?? []),
        inspectorIds: v.kind === 'self_check' ? [] : (v.inspectorIds ?? []),
      }),
    onSuccess: (s) => {
      void queryClient.invalidateQueries({ queryKey: SCHEDULES_KEY });
      void queryClient.invalidateQueries({ queryKey: INSPECTIONS_KEY });
      message.success(`已安排定期检查“${s.title}”${s.recent.open ? '，今天的检查已生成' : s.nextOn ? `，下次 ${s.nextOn}` : ''}`);
      onClose();
    },
    onError: (err) => applyServerErrors(form, err, FIELDS),
  });

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title="安排定期检查"
      size={560}
      forceRender
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="schedule-submit">
            保存
          </Button>
        </Space>
      }
    >
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} requiredMark="optional" scrollToFirstError>
        <Form.Item name="title" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
          <Input maxLength={100} placeholder="如：消防安全检查日、食堂每日检查" data-testid="schedule-title" />
        </Form.Item>
        <Form.Item
          name="kind"
          label="检查类型"
          rules={[{ required: true, message: '请选择检查类型' }]}
          extra={kind === 'self_check' ? '到期当天为每所学校生成一次本校自查，由学校有检查权限的在岗人员执行。' : '到期当天生成一次检查任务，包含所选全部学校。'}
        >
          <Select options={kinds.map((k) => ({ value: k, label: inspectionKindLabels[k] }))} data-testid="schedule-kind" />
        </Form.Item>
        <Form.Item name="cadence" label="周期" rules={[{ required: true, message: '请选择周期' }]} extra={cadence === 'daily' ? '周一至周五每天一次。' : cadence === 'key_period' ? '教育局设定的每个重点时段内两次：第一天和中间一天。' : undefined}>
          <Select options={scheduleCadences.map((c) => ({ value: c, label: scheduleCadenceLabels[c] }))} data-testid="schedule-cadence" />
        </Form.Item>
        {cadence === 'weekly' && (
          <Form.Item name="weekday" label="每周哪天" rules={[{ required: true, message: '请选择星期几' }]}>
            <Select options={WEEKDAYS.map((label, i) => ({ value: i + 1, label }))} data-testid="schedule-weekday" />
          </Form.Item>
        )}
        {cadence === 'monthly' && (
          <Form.Item name="monthDay" label="每月几日" rules={[numberRule(1, 28, { integer: true, unit: ' 日' }), { required: true, message: '请填写 1–28 日中的一天' }]} extra="1–28 日，每个月都有这一天。">
            <InputNumber style={{ width: '100%' }} data-testid="schedule-month-day" />
          </Form.Item>
        )}
        <Space.Compact block>
          <Form.Item name="startsOn" label="开始日期" rules={[{ required: true, message: '请选择开始日期' }]} style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="endsOn" label="结束日期" style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        {!isSchool && (
          <Form.Item name="schoolIds" label="被检查学校" rules={[{ required: true, type: 'array', min: 1, message: '请选择被检查学校' }]}>
            <TreeSelect treeData={treeData} loading={tree.isPending} />
          </Form.Item>
        )}
        {kind && kind !== 'self_check' && (
          <Form.Item name="inspectorIds" label="检查人员" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一名检查人员' }]}>
            <Select
              mode="multiple"
              showSearch
              filterOption={false}
              onSearch={setWho}
              loading={candidates.isFetching}
              options={(candidates.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.unitName}）` }))}
              placeholder="输入姓名搜索"
            />
          </Form.Item>
        )}
        <Form.Item name="checklistTemplateId" label="检查表模板" extra="不选则用本区内置检查表（幼儿园用幼儿园检查表）。">
          <Select allowClear options={(options.data?.checklists ?? []).map((c) => ({ value: c.id, label: `${c.name}${c.builtin ? '（内置）' : ''} · ${c.itemCount} 项` }))} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function TreeSelect({ treeData, loading, value, onChange }: { treeData: ReturnType<typeof schoolTree>; loading: boolean; value?: number[]; onChange?: (v: number[]) => void }) {
  return (
    <AntTreeSelect<number[]>
      value={value}
      onChange={onChange}
      treeData={treeData}
      treeCheckable
      showCheckedStrategy={AntTreeSelect.SHOW_CHILD}
      showSearch
      treeNodeFilterProp="title"
      maxTagCount={6}
      loading={loading}
      placeholder="勾选学校，勾选镇街即选中其全部学校"
      data-testid="schedule-schools"
    />
  );
}

function OccurrencesDrawer({ schedule, onClose }: { schedule: ScheduleView | null; onClose: () => void }) {
  const [page, setPage] = useState(1);
  useEffect(() => setPage(1), [schedule?.id]);
  const list = useQuery({
    queryKey: [...SCHEDULES_KEY, 'occurrences', schedule?.id, page],
    queryFn: () => schedulesApi.occurrences(schedule!.id, { page, pageSize: 20 }),
    enabled: !!schedule,
    placeholderData: keepPreviousData,
  });
  const columns: TableColumnsType<OccurrenceView> = [
    { title: '日期', dataIndex: 'occursOn', width: 110 },
    { title: '学校', dataIndex: 'schoolName' },
    {
      title: '检查任务',
      dataIndex: 'inspectionCode',
      width: 160,
      render: (code: string | null, r) => (code && r.inspectionId ? <Link to={`/inspections/${r.inspectionId}`}>{code}</Link> : '—'),
    },
    {
      title: '完成情况',
      dataIndex: 'state',
      width: 170,
      render: (s: OccurrenceState, r) => (
        <Space direction="vertical" size={0}>
          <Tag color={stateColors[s]}>{occurrenceStateLabels[s]}</Tag>
          {r.submittedOn && <Typography.Text type="secondary">提交于 {r.submittedOn}</Typography.Text>}
          {r.problem && <Typography.Text type="danger">{r.problem}</Typography.Text>}
        </Space>
      ),
    },
  ];
  return (
    <Drawer open={!!schedule} onClose={onClose} title={schedule ? `${schedule.title} · ${schedule.cadenceText}` : ''} size={640}>
      <Table<OccurrenceView>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        columns={columns}
        locale={{ emptyText: <Empty description="还没有到期的检查：到期当天自动生成检查任务" /> }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        data-testid="schedule-occurrences"
      />
    </Drawer>
  );
}

export default function InspectionSchedulesPage() {
  const s = useSearchState();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [viewing, setViewing] = useState<ScheduleView | null>(null);
  const status = pick(s.get('status'), scheduleStatuses);
  const options = useQuery({ queryKey: [...SCHEDULES_KEY, 'options'], queryFn: schedulesApi.options, staleTime: 5 * 60_000 });
  const list = useQuery({
    queryKey: [...SCHEDULES_KEY, 'list', status, s.page, s.pageSize],
    queryFn: () => schedulesApi.list({ status, page: s.page, pageSize: s.pageSize }),
    placeholderData: keepPreviousData,
  });
  const toggle = useMutation({
    mutationFn: (r: ScheduleView) => schedulesApi.update(r.id, { version: r.version, status: r.status === 'active' ? 'stopped' : 'active' }),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: SCHEDULES_KEY });
      message.success(r.status === 'active' ? `“${r.title}”已恢复，从今天起按期生成` : `“${r.title}”已停止`);
    },
    onError: showError,
  });
  const kinds = options.data?.kinds ?? [];
  const columns: TableColumnsType<ScheduleView> = [
    { title: '名称', dataIndex: 'title', render: (t: string, r) => <a onClick={() => setViewing(r)}>{t}</a> },
    { title: '检查类型', dataIndex: 'kind', width: 110, render: (k: ScheduleKind) => inspectionKindLabels[k] },
    { title: '周期', dataIndex: 'cadenceText', width: 130 },
    { title: '安排单位', dataIndex: 'organizerName', width: 150 },
    { title: '学校', dataIndex: 'schoolCount', width: 70, render: (n: number) => `${n} 所` },
    { title: '下次', dataIndex: 'nextOn', width: 110, render: (d: string | null) => d ?? '—' },
    {
      title: '近 30 天',
      key: 'recent',
      width: 190,
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          <Tag color="success">完成 {r.recent.done}</Tag>
          {r.recent.missed > 0 && <Tag color="error">漏检 {r.recent.missed}</Tag>}
          {r.recent.open > 0 && <Tag color="processing">待检 {r.recent.open}</Tag>}
        </Space>
      ),
    },
    { title: '状态', dataIndex: 'status', width: 80, render: (v: ScheduleView['status']) => <Tag color={v === 'active' ? 'green' : 'default'}>{scheduleStatusLabels[v]}</Tag> },
    {
      title: '操作',
      key: 'actions',
      width: 150,
      render: (_: unknown, r) => (
        <Space size={4}>
          <Button size="small" type="link" onClick={() => setViewing(r)}>
            各次检查
          </Button>
          {r.canEdit && (
            <Button size="small" type="link" danger={r.status === 'active'} loading={toggle.isPending && toggle.variables?.id === r.id} onClick={() => toggle.mutate(r)}>
              {r.status === 'active' ? '停止' : '恢复'}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title="定期检查"
        subTitle="按周期自动生成检查任务：每月“消防安全检查日”（001 第13条）、食堂每日检查、专项整治期间每周检查、重点时段两次检查；到期未完成记为漏检"
        extra={
          <CreateButton shown={kinds.length > 0} onClick={() => setCreating(true)} testId="schedule-create">
            安排定期检查
          </CreateButton>
        }
      />
      <Space style={{ marginBottom: 12 }} wrap>
        <EnumFilter placeholder="状态" labels={scheduleStatusLabels} value={status} onChange={(v) => s.set({ status: v })} />
      </Space>
      <Table<ScheduleView>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        columns={columns}
        scroll={{ x: 1000 }}
        locale={{ emptyText: <Empty description={kinds.length ? '还没有定期检查：点击“安排定期检查”，如每月 9 日消防安全检查日' : '还没有涉及本单位的定期检查'} /> }}
        pagination={{ current: s.page, pageSize: s.pageSize, total: list.data?.total ?? 0, onChange: (page, pageSize) => s.set({ page: String(page), pageSize: String(pageSize) }) }}
        data-testid="schedule-list"
      />
      <ScheduleDrawer open={creating} kinds={kinds} onClose={() => setCreating(false)} />
      <OccurrencesDrawer schedule={viewing} onClose={() => setViewing(null)} />
    </>
  );
}
