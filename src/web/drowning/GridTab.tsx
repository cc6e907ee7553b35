// 网格化包靠 (001 item 12): a school keeps its classes with counts and the named teacher covering each
// (no pupil's name anywhere) and sees the classes not yet fully covered; the town and the bureau see
// only numbers — coverage by town and by school.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Popconfirm, Select, Space, Statistic, Table, Tag, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { classGapLabels, createGridClassBody, type CoverageSummary, type GridClassView } from '../../contracts/drowning.js';
import { useCan, useMe } from '../auth.js';
import { EChart, type EChartOption } from '../components/EChart.js';
import { ExportButton } from '../components/ExportButton.js';
import { zodRule } from '../forms.js';
import { useLedgerSave } from '../ledger/ledgerParts.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { staffApi } from '../staff/staffApi.js';
import { DROWNING_KEY, drowningApi } from './drowningApi.js';

const pct = (p: number | null) => (p === null ? '—' : `${p}%`);

interface ClassValues {
  className?: string;
  pupils?: number;
  teacherId?: number | null;
  covered?: number;
}
const FIELDS = ['className', 'pupils', 'teacherId', 'covered'] as const;

function ClassDrawer({ open, year, cls, onClose }: { open: boolean; year: number; cls: GridClassView | null; onClose: () => void }) {
  const [form] = Form.useForm<ClassValues>();
  const me = useMe();
  const staff = useQuery({ queryKey: ['staff', 'list', { schoolId: me.unit.id, pageSize: 200 }], queryFn: () => staffApi.staff({ schoolId: me.unit.id, pageSize: 200 }), enabled: open });
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(cls ? { className: cls.className, pupils: cls.pupils, teacherId: cls.teacherId, covered: cls.covered } : { teacherId: null, covered: 0 });
  }, [open, cls, form]);
  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: DROWNING_KEY,
    onClose,
    save: (v: ClassValues) => {
      const fields = { className: v.className!.trim(), pupils: v.pupils!, teacherId: v.teacherId ?? null, covered: v.covered ?? 0 };
      return cls ? drowningApi.updateClass(cls.id, { version: cls.version, ...fields }) : drowningApi.createClass({ schoolId: me.unit.id, seasonYear: year, ...fields });
    },
    done: (c) => `${c.className}的包靠已保存`,
  });
  return (
    <LedgerDrawer open={open} onClose={onClose} title={cls ? '修改班级包靠' : '登记班级包靠'} width={480} saving={save.isPending} onSave={() => form.submit()} testId="grid">
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title="只登记班级人数和包靠教师，不录入学生姓名。" />
      <Form<ClassValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <Form.Item name="className" label="班级" rules={[{ required: true, whitespace: true, message: '请填写班级' }]}>
          <Input maxLength={50} placeholder="如 三年级（1）班" data-testid="grid-class" />
        </Form.Item>
        <Form.Item name="teacherId" label="包靠教师" extra="从本校教职工中选择；未落实时留空">
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            loading={staff.isLoading}
            options={(staff.data?.items ?? []).filter((s) => !s.leftOn).map((s) => ({ value: s.id, label: s.name }))}
            data-testid="grid-teacher"
          />
        </Form.Item>
        <Space size="middle" wrap align="start">
          <Form.Item name="pupils" label="班级学生数" rules={[{ required: true, message: '请填写班级学生数' }, zodRule(createGridClassBody.shape.pupils)]}>
            <InputNumber precision={0} style={{ width: 160 }} data-testid="grid-pupils" />
          </Form.Item>
          <Form.Item name="covered" label="已包靠人数" rules={[{ required: true, message: '请填写已包靠人数' }, zodRule(createGridClassBody.shape.covered)]}>
            <InputNumber precision={0} style={{ width: 160 }} data-testid="grid-covered" />
          </Form.Item>
        </Space>
      </Form>
    </LedgerDrawer>
  );
}

function SchoolGridView({ year }: { year: number }) {
  const can = useCan();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const canWrite = can('drowning.grid');
  const [editing, setEditing] = useState<GridClassView | null>(null);
  const [open, setOpen] = useState(false);
  const [onlyGaps, setOnlyGaps] = useState(false);
  const grid = useQuery({ queryKey: [...DROWNING_KEY, 'grid', year], queryFn: () => drowningApi.grid(year) });
  const remove = useMutation({
    mutationFn: (c: GridClassView) => drowningApi.deleteClass(c.id, c.version),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: DROWNING_KEY });
      message.success('已删除');
    },
  });
  const rows = (grid.data?.classes ?? []).filter((c) => !onlyGaps || c.gap);
  const columns: TableColumnsType<GridClassView> = [
    { title: '班级', dataIndex: 'className' },
    { title: '学生数', dataIndex: 'pupils', align: 'right', width: 90 },
    { title: '包靠教师', dataIndex: 'teacherName', width: 120, render: (v: string | null) => v ?? <Tag color="red">未落实</Tag> },
    { title: '已包靠', dataIndex: 'covered', align: 'right', width: 90 },
    { title: '情况', dataIndex: 'gap', width: 160, render: (g: GridClassView['gap']) => (g ? <Tag color="orange">{classGapLabels[g]}</Tag> : <Tag color="green">全覆盖</Tag>) },
    ...(canWrite
      ? [
          {
            title: '操作',
            key: 'a',
            width: 130,
            render: (_: unknown, c: GridClassView) => (
              <Space>
                <a
                  onClick={() => {
                    setEditing(c);
                    setOpen(true);
                  }}
                  data-testid={`grid-edit-${c.id}`}
                >
                  修改
                </a>
                <Popconfirm title={`删除${c.className}的包靠记录？`} onConfirm={() => remove.mutate(c)}>
                  <a>删除</a>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];
  const cov = grid.data?.coverage;
  return (
    <>
      <Card size="small" style={{ marginBottom: 12 }} loading={grid.isLoading}>
        <Space size="large" wrap>
          <Statistic title="班级" value={cov?.classes ?? 0} />
          <Statistic title="全覆盖班级" value={cov?.classesCovered ?? 0} />
          <Statistic title="学生数" value={cov?.pupils ?? 0} />
          <Statistic title="已包靠" value={cov?.covered ?? 0} />
          <Statistic title="覆盖率" value={pct(cov?.percent ?? null)} />
          {grid.data && <span>汛期：{grid.data.season.startsOn} 至 {grid.data.season.endsOn}（风险日历）</span>}
        </Space>
      </Card>
      <Space wrap style={{ marginBottom: 12, display: 'flex', justifyContent: 'space-between' }}>
        <Select
          style={{ width: 180 }}
          value={onlyGaps ? 'gaps' : 'all'}
          onChange={(v) => setOnlyGaps(v === 'gaps')}
          options={[
            { value: 'all', label: '全部班级' },
            { value: 'gaps', label: '未全覆盖的班级' },
          ]}
          data-testid="grid-filter"
        />
        {canWrite && (
          <Button
            type="primary"
            onClick={() => {
              setEditing(null);
              setOpen(true);
            }}
            data-testid="grid-create"
          >
            登记班级包靠
          </Button>
        )}
      </Space>
      <Table<GridClassView>
        rowKey="id"
        size="middle"
        loading={grid.isLoading}
        dataSource={rows}
        columns={columns}
        pagination={false}
        locale={{ emptyText: onlyGaps ? '所有班级均已全覆盖' : '尚未登记包靠：点击“登记班级包靠”，按班级填写学生数、包靠教师和已包靠人数' }}
        data-testid="grid-classes"
      />
      <ClassDrawer open={open} year={year} cls={editing} onClose={() => setOpen(false)} />
    </>
  );
}

function coverageChart(c: CoverageSummary): EChartOption {
  const names = c.towns.map((t) => t.townName);
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 24, bottom: 40 },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 8 ? 30 : 0 } },
    yAxis: { type: 'value', name: '覆盖率 %', max: 100 },
    series: [{ name: '包靠覆盖率', type: 'bar', itemStyle: { color: '#1677ff' }, data: c.towns.map((t) => t.coverage.percent ?? 0) }],
  };
}

function CoverageView({ year }: { year: number }) {
  const c = useQuery({ queryKey: [...DROWNING_KEY, 'coverage', year], queryFn: () => drowningApi.coverage(year) });
  const [onlyShort, setOnlyShort] = useState(false);
  const schools = (c.data?.schools ?? []).filter((s) => !onlyShort || !s.covered100);
  return (
    <>
      <Card size="small" loading={c.isLoading} title={c.data ? `${year} 年汛期（${c.data.season.startsOn} 至 ${c.data.season.endsOn}）包靠覆盖率：${pct(c.data.total.percent)}` : '包靠覆盖率'} style={{ marginBottom: 12 }}>
        {c.data && c.data.towns.length > 0 && <EChart option={coverageChart(c.data)} height={220} />}
        <Table
          rowKey={(t) => String(t.townId ?? 0)}
          size="small"
          pagination={false}
          dataSource={c.data?.towns ?? []}
          locale={{ emptyText: '范围内暂无学校' }}
          data-testid="coverage-towns"
          columns={[
            { title: '镇街', dataIndex: 'townName' },
            { title: '学校数', dataIndex: 'schools', align: 'right' },
            { title: '全覆盖学校', dataIndex: 'schoolsCovered', align: 'right' },
            { title: '学生数', key: 'p', align: 'right', render: (_: unknown, t) => t.coverage.pupils },
            { title: '已包靠', key: 'c', align: 'right', render: (_: unknown, t) => t.coverage.covered },
            { title: '覆盖率', key: 'r', align: 'right', render: (_: unknown, t) => pct(t.coverage.percent) },
          ]}
        />
      </Card>
      <Space style={{ marginBottom: 12, display: 'flex', justifyContent: 'space-between' }}>
        <Select
          style={{ width: 200 }}
          value={onlyShort ? 'short' : 'all'}
          onChange={(v) => setOnlyShort(v === 'short')}
          options={[
            { value: 'all', label: '全部学校' },
            { value: 'short', label: '未全覆盖的学校' },
          ]}
          data-testid="coverage-filter"
        />
        <ExportButton path="/drowning/coverage/export" query={{ year }} testId="coverage-export" />
      </Space>
      <Table
        rowKey="schoolId"
        size="middle"
        loading={c.isLoading}
        dataSource={schools}
        pagination={{ pageSize: 20 }}
        locale={{ emptyText: onlyShort ? '所有学校均已全覆盖' : '范围内暂无学校' }}
        data-testid="coverage-schools"
        columns={[
          { title: '学校', dataIndex: 'schoolName' },
          { title: '镇街', dataIndex: 'townName', render: (v: string | null) => v ?? '局直属' },
          { title: '班级', key: 'k', align: 'right', render: (_: unknown, s) => `${s.coverage.classesCovered} / ${s.coverage.classes}` },
          { title: '学生数', key: 'p', align: 'right', render: (_: unknown, s) => s.coverage.pupils },
          { title: '已包靠', key: 'c', align: 'right', render: (_: unknown, s) => s.coverage.covered },
          { title: '覆盖率', key: 'r', align: 'right', render: (_: unknown, s) => pct(s.coverage.percent) },
          {
            title: '情况',
            dataIndex: 'covered100',
            render: (ok: boolean, s) => (ok ? <Tag color="green">全覆盖</Tag> : s.coverage.classes ? <Tag color="orange">未全覆盖</Tag> : <Tag color="red">未登记</Tag>),
          },
        ]}
      />
    </>
  );
}

export function GridTab({ year }: { year: number }) {
  const me = useMe();
  return me.unit.kind === 'school' ? <SchoolGridView year={year} /> : <CoverageView year={year} />;
}
