// 消防标准化 (000 item 5, 001 item 13): the share of schools accepted by town and by school type with
// the schools not yet accepted (export at top right), the self-assessments and acceptances, the fire
// patrol staff each school names, and the standard's items with its versions (the bureau revises).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Drawer, Empty, Form, Input, Popconfirm, Row, Select, Space, Statistic, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { schoolStageLabels, schoolStages, type SchoolStage } from '../../contracts/enums.js';
import { fireAssessmentStatuses, fireAssessmentStatusLabels, fireSchoolStateLabels, type FireAssessmentView, type FirePatrolView, type FireSchoolRow } from '../../contracts/fire-standard.js';
import { ApiError } from '../api.js';
import { useCan, useMe } from '../auth.js';
import { EChart } from '../components/EChart.js';
import { ExportButton } from '../components/ExportButton.js';
import { PageHeader } from '../components/PageHeader.js';
import { TownFilter } from '../components/TownFilter.js';
import { fromDay, toDay, todayBeijing } from '../dates.js';
import { errorMessage } from '../feedback.js';
import { staffApi } from '../staff/staffApi.js';
import { AssessmentDrawer, FireStatusTag } from './AssessmentDrawer.js';
import { StandardEditor } from './StandardEditor.js';
import { FIRE_KEY, fireApi } from './fireStandardApi.js';

const stateColor = { none: 'default', draft: 'orange', submitted: 'blue', failed: 'red', accepted: 'green' } as const;
const pct = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 10 : 0);

function SummaryTab({ onOpen }: { onOpen: (id: number) => void }) {
  const [townId, setTownId] = useState<number>();
  const [stage, setStage] = useState<SchoolStage>();
  const query = { townId, stage };
  const s = useQuery({ queryKey: [...FIRE_KEY, 'summary', query], queryFn: () => fireApi.summary(query), placeholderData: keepPreviousData });
  const d = s.data;
  const shareBar = (rows: NonNullable<typeof d>['byTown']) => ({
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 20, bottom: 40, top: 40 },
    xAxis: { type: 'category', data: rows.map((r) => r.label) },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [{ name: '达标率', type: 'bar', data: rows.map((r) => pct(r.accepted, r.schools)), label: { show: true, position: 'top', formatter: '{c}%' } }],
  });
  const shareColumns: TableColumnsType<NonNullable<typeof d>['byTown'][number]> = [
    { title: '名称', dataIndex: 'label' },
    { title: '学校数', dataIndex: 'schools', render: (v) => `${v} 所` },
    { title: '已达标', dataIndex: 'accepted', render: (v) => `${v} 所` },
    { title: '待验收', dataIndex: 'submitted', render: (v) => `${v} 所` },
    { title: '验收不达标', dataIndex: 'failed', render: (v) => (v ? <Tag color="red">{v} 所</Tag> : '0 所') },
    { title: '达标率', key: 'share', render: (_, r) => `${pct(r.accepted, r.schools)}%` },
  ];
  const schoolColumns: TableColumnsType<FireSchoolRow> = [
    { title: '学校', dataIndex: 'schoolName' },
    { title: '镇街', dataIndex: 'townName', render: (v) => v ?? '局直属' },
    { title: '学段', dataIndex: 'stage', render: (v: SchoolStage | null) => (v ? schoolStageLabels[v] : '—') },
    { title: '达标情况', dataIndex: 'state', render: (v: FireSchoolRow['state']) => <Tag color={stateColor[v]}>{fireSchoolStateLabels[v]}</Tag> },
    { title: '自评提交日期', dataIndex: 'submittedOn', render: (v) => v ?? '—' },
    { title: '消防巡查人员', dataIndex: 'patrolStaff', render: (v) => (v ? `${v} 人` : <Tag color="orange">未指定</Tag>) },
    { title: '操作', key: 'op', render: (_, r) => (r.latestAssessmentId ? <a onClick={() => onOpen(r.latestAssessmentId!)}>查看自评</a> : null) },
  ];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space wrap>
          <TownFilter value={townId} onChange={setTownId} />
          <Select allowClear placeholder="学校类型" style={{ minWidth: 140 }} value={stage} onChange={setStage} options={schoolStages.filter((x) => x !== 'off_campus').map((k) => ({ value: k, label: schoolStageLabels[k] }))} />
        </Space>
        <ExportButton path="/fire-standard/acceptances/export" query={query} testId="fire-export" />
      </Space>
      {d && (
        <>
          <Row gutter={16}>
            <Col span={6}>
              <Card>
                <Statistic title="学校" value={d.schools} suffix="所" />
              </Card>
            </Col>
            <Col span={6}>
              <Card>
                <Statistic title="已通过达标验收" value={d.accepted} suffix="所" />
              </Card>
            </Col>
            <Col span={6}>
              <Card>
                <Statistic title="达标率" value={pct(d.accepted, d.schools)} suffix="%" />
              </Card>
            </Col>
            <Col span={6}>
              <Card>
                <Statistic title="规则包要求达标日期" value={d.dueOn} />
              </Card>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col span={12}>
              <Card title="按镇街">
                {d.byTown.length > 1 && <EChart option={shareBar(d.byTown)} height={220} />}
                <Table size="small" rowKey="key" pagination={false} columns={shareColumns} dataSource={d.byTown} />
              </Card>
            </Col>
            <Col span={12}>
              <Card title="按学校类型">
                {d.byStage.length > 1 && <EChart option={shareBar(d.byStage)} height={220} />}
                <Table size="small" rowKey="key" pagination={false} columns={shareColumns} dataSource={d.byStage} />
              </Card>
            </Col>
          </Row>
          <Card title={`尚未达标的学校（${d.notAccepted.length} 所）`}>
            <Table
              size="small"
              rowKey="schoolId"
              columns={schoolColumns}
              dataSource={d.notAccepted}
              pagination={{ defaultPageSize: 20, pageSizeOptions: [20, 50, 100], showSizeChanger: true }}
              locale={{ emptyText: <Empty description="所有学校均已通过消防安全标准化达标验收" /> }}
              data-testid="fire-not-accepted"
            />
          </Card>
        </>
      )}
    </Space>
  );
}

function AssessmentsTab({ onOpen }: { onOpen: (id: number) => void }) {
  const me = useMe();
  const can = useCan();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [townId, setTownId] = useState<number>();
  const [status, setStatus] = useState<FireAssessmentView['status']>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const query = { townId, status, ...page };
  const list = useQuery({ queryKey: [...FIRE_KEY, 'assessments', query], queryFn: () => fireApi.assessments(query), placeholderData: keepPreviousData });
  const isSchool = me.unit.kind === 'school';
  const start = useMutation({
    mutationFn: () => fireApi.start(me.unit.id),
    onSuccess: (a) => {
      qc.invalidateQueries({ queryKey: FIRE_KEY });
      onOpen(a.id);
    },
    // One assessment under way per school: open it rather than only say so.
    onError: (e) => {
      const open = e instanceof ApiError && e.code === 'ASSESSMENT_OPEN' ? (e.details as { assessmentId?: number } | undefined)?.assessmentId : undefined;
      if (open) onOpen(open);
      else message.error(errorMessage(e));
    },
  });
  const columns: TableColumnsType<FireAssessmentView> = [
    { title: '学校', dataIndex: 'schoolName' },
    { title: '镇街', dataIndex: 'townName', render: (v) => v ?? '局直属' },
    { title: '标准版本', dataIndex: 'standardNumber', render: (v) => `第 ${v} 版` },
    { title: '状态', dataIndex: 'status', render: (v) => <FireStatusTag status={v} /> },
    { title: '自评', key: 'answered', render: (_, r) => `${r.answered}/${r.itemCount} 项，不符合 ${r.failing} 项` },
    { title: '提交日期', dataIndex: 'submittedOn', render: (v) => v ?? '—' },
    { title: '验收', key: 'acc', render: (_, r) => (r.acceptedOn ? `${r.acceptedOn} ${r.acceptedByName}` : '—') },
    { title: '操作', key: 'op', render: (_, r) => <a onClick={() => onOpen(r.id)}>{r.actions.includes('edit') ? '继续自评' : r.actions.includes('accept') ? '验收' : '查看'}</a> },
  ];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space wrap>
          <TownFilter value={townId} onChange={setTownId} />
          <Select allowClear placeholder="状态" style={{ minWidth: 140 }} value={status} onChange={setStatus} options={fireAssessmentStatuses.map((k) => ({ value: k, label: fireAssessmentStatusLabels[k] }))} />
        </Space>
        {isSchool && can('fire_standard.assess') && (
          <Button type="primary" onClick={() => start.mutate()} loading={start.isPending} data-testid="fire-start">
            发起自评
          </Button>
        )}
      </Space>
      <Table
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total, pageSizeOptions: [20, 50, 100], showSizeChanger: true, onChange: (p, ps) => setPage({ page: p, pageSize: ps }) }}
        locale={{ emptyText: <Empty description={isSchool ? '尚无自评：点击“发起自评”，按标准逐项自评后提交，申请达标验收' : '暂无学校提交的自评'} /> }}
      />
    </Space>
  );
}

function PatrolTab() {
  const me = useMe();
  const can = useCan();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [townId, setTownId] = useState<number>();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const list = useQuery({ queryKey: [...FIRE_KEY, 'patrol', townId], queryFn: () => fireApi.patrol({ townId }) });
  const mayName = me.unit.kind === 'school' && can('fire_standard.assess');
  const staff = useQuery({ queryKey: ['staff', 'list', { schoolId: me.unit.id, pageSize: 200 }], queryFn: () => staffApi.staff({ schoolId: me.unit.id, pageSize: 200 }), enabled: open });
  const name = useMutation({
    mutationFn: (v: { staffId: number; patrolArea: string; namedOn: ReturnType<typeof fromDay> }) => fireApi.namePatrol({ schoolId: me.unit.id, staffId: v.staffId, patrolArea: v.patrolArea, namedOn: toDay(v.namedOn)! }),
    onSuccess: (p) => {
      message.success(`已指定${p.staffName}为消防巡查人员`);
      setOpen(false);
      form.resetFields();
      qc.invalidateQueries({ queryKey: FIRE_KEY });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const remove = useMutation({
    mutationFn: (p: FirePatrolView) => fireApi.removePatrol(p.id, p.version),
    onSuccess: () => qc.invalidateQueries({ queryKey: FIRE_KEY }),
    onError: (e) => message.error(errorMessage(e)),
  });
  const columns: TableColumnsType<FirePatrolView> = [
    { title: '学校', dataIndex: 'schoolName' },
    { title: '姓名', dataIndex: 'staffName' },
    { title: '巡查区域', dataIndex: 'patrolArea' },
    { title: '指定日期', dataIndex: 'namedOn' },
    ...(mayName
      ? [
          {
            title: '操作',
            key: 'op',
            render: (_: unknown, r: FirePatrolView) => (
              <Popconfirm title={`取消${r.staffName}的消防巡查人员身份？`} onConfirm={() => remove.mutate(r)}>
                <a>取消</a>
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <TownFilter value={townId} onChange={setTownId} />
        {mayName && (
          <Button type="primary" onClick={() => setOpen(true)}>
            指定巡查人员
          </Button>
        )}
      </Space>
      <Table rowKey="id" columns={columns} dataSource={list.data?.items} loading={list.isFetching} pagination={{ defaultPageSize: 20, pageSizeOptions: [20, 50, 100], showSizeChanger: true }} locale={{ emptyText: <Empty description={mayName ? '学校应配备消防巡查人员（001 第13条）：点击“指定巡查人员”，从教职工中选择' : '暂无消防巡查人员'} /> }} />
      <Drawer open={open} onClose={() => setOpen(false)} title="指定消防巡查人员" width={480} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ namedOn: fromDay(todayBeijing()) }} onFinish={(v) => name.mutate(v)}>
          <Form.Item name="staffId" label="人员（教职工岗位中登记的人员）" rules={[{ required: true, message: '请选择人员' }]}>
            <Select showSearch optionFilterProp="label" loading={staff.isFetching} options={staff.data?.items.map((p) => ({ value: p.id, label: p.name }))} />
          </Form.Item>
          <Form.Item name="patrolArea" label="巡查区域" rules={[{ required: true, whitespace: true, message: '请填写巡查区域' }]}>
            <Input maxLength={200} placeholder="如：教学楼、宿舍楼、食堂、实验室" />
          </Form.Item>
          <Form.Item name="namedOn" label="指定日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={name.isPending}>
            保存
          </Button>
        </Form>
      </Drawer>
    </Space>
  );
}

export default function FireStandardPage() {
  const [openId, setOpenId] = useState<number | null>(null);
  return (
    <div>
      <PageHeader title="消防标准化" subTitle={<Typography.Text type="secondary">学校自评、区教育局达标验收；依据 000 第5条、001 第13条</Typography.Text>} />
      <Tabs
        items={[
          { key: 'summary', label: '达标情况', children: <SummaryTab onOpen={setOpenId} /> },
          { key: 'assessments', label: '自评与验收', children: <AssessmentsTab onOpen={setOpenId} /> },
          { key: 'patrol', label: '消防巡查人员', children: <PatrolTab /> },
          { key: 'standard', label: '标准条目', children: <StandardEditor /> },
        ]}
      />
      <AssessmentDrawer id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}
