// 心理筛查 (001 item 9: 小学高年级及初中、高中段学生每学期开展1次全员心理筛查): the school records
// each class's screening (counts per result band, never names); the 统计 tab shows, per school,
// this semester's coverage and the students of concern as counts — what towns and the bureau see,
// with an Excel export of counts only.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Drawer, Empty, Form, Input, InputNumber, Row, Select, Space, Statistic, Table, Tabs, Tag, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { screeningBandLabels, screeningBands, type CareSummaryRow, type ScreeningView } from '../../contracts/care.js';
import { ExportButton } from '../components/ExportButton.js';
import { PageHeader } from '../components/PageHeader.js';
import { fromDay, toDay, todayBeijing } from '../dates.js';
import { applyServerErrors, numberRule } from '../forms.js';
import { CARE_KEY, careApi } from './careApi.js';
import { useCareMe } from './useCareMenu.js';

const FIELDS = ['schoolId', 'studentGrade', 'className', 'screenedOn', 'instrument', 'screened', 'notScreened', 'notScreenedReason', 'bands'] as const;

function ScreeningDrawer({ open, schools, onClose }: { open: boolean; schools: Array<{ id: number; name: string }>; onClose: () => void }) {
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (v: Record<string, any>) =>
      careApi.createScreening({
        schoolId: v.schoolId,
        studentGrade: v.studentGrade,
        className: v.className,
        screenedOn: toDay(v.screenedOn as Dayjs)!,
        instrument: v.instrument,
        screened: v.screened ?? 0,
        notScreened: v.notScreened ?? 0,
        notScreenedReason: v.notScreenedReason || null,
        bands: { none: v.none ?? 0, attention: v.attention ?? 0, concern: v.concern ?? 0, crisis: v.crisis ?? 0 },
      }),
    onSuccess: () => (void qc.invalidateQueries({ queryKey: CARE_KEY }), onClose(), form.resetFields()),
    onError: (err) => applyServerErrors(form, err, FIELDS),
  });
  return (
    <Drawer open={open} onClose={onClose} title="登记班级心理筛查" width={Math.min(520, window.innerWidth)} destroyOnHidden extra={<Button type="primary" loading={save.isPending} onClick={() => form.submit()}>保存</Button>}>
      <Form form={form} layout="vertical" initialValues={{ schoolId: schools[0]?.id, screenedOn: fromDay(todayBeijing()), notScreened: 0, none: 0, attention: 0, concern: 0, crisis: 0 }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="schoolId" label="学校" hidden={schools.length <= 1} rules={[{ required: true, message: '请选择学校' }]}>
          <Select options={schools.map((s) => ({ value: s.id, label: s.name }))} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="studentGrade" label="年级" rules={[{ required: true, message: '请选择年级' }]} style={{ width: '50%' }}>
            <Select options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `${i + 1}年级` }))} />
          </Form.Item>
          <Form.Item name="className" label="班级" rules={[{ required: true, whitespace: true, message: '请填写班级' }]} style={{ width: '50%' }}>
            <Input placeholder="如：1班" />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="screenedOn" label="筛查日期" rules={[{ required: true, message: '请选择筛查日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="instrument" label="筛查量表" rules={[{ required: true, whitespace: true, message: '请填写筛查量表' }]}>
          <Input placeholder="如：MHT 心理健康诊断测验" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="screened" label="已筛查人数" rules={[numberRule(0, Infinity), { required: true, message: '请填写已筛查人数' }]} style={{ width: '50%' }}>
            <InputNumber addonAfter="人" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="notScreened" label="未筛查人数" style={{ width: '50%' }} rules={[numberRule(0, Infinity)]}>
            <InputNumber addonAfter="人" style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="notScreenedReason" label="未筛查原因">
          <Input placeholder="如：病假 1 人" />
        </Form.Item>
        <Form.Item label="筛查结果分档（人数之和须等于已筛查人数；个人结果只为需要跟进的学生建档）" name="bands" style={{ marginBottom: 0 }}>
          <Row gutter={8}>
            {screeningBands.map((b) => (
              <Col span={12} key={b}>
                <Form.Item name={b} label={screeningBandLabels[b]} rules={[numberRule(0, Infinity)]}>
                  <InputNumber addonAfter="人" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function ScreeningsTab({ schools }: { schools: Array<{ id: number; name: string }> }) {
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const q = useQuery({ queryKey: [...CARE_KEY, 'screenings', page], queryFn: () => careApi.screenings(page), placeholderData: keepPreviousData });
  const columns: TableColumnsType<ScreeningView> = [
    { title: '学校', dataIndex: 'schoolName' },
    { title: '年级班级', render: (_, r) => `${r.studentGrade}年级${r.className}` },
    { title: '筛查日期', dataIndex: 'screenedOn' },
    { title: '量表', dataIndex: 'instrument' },
    { title: '已筛/未筛', render: (_, r) => `${r.screened} / ${r.notScreened} 人` },
    ...screeningBands.map((b) => ({ title: screeningBandLabels[b], render: (_: unknown, r: ScreeningView) => `${r.bands[b]} 人` })),
  ];
  return (
    <>
      {schools.length > 0 && (
        <Space style={{ marginBottom: 12 }}>
          <Button type="primary" onClick={() => setCreating(true)}>
            登记班级筛查
          </Button>
        </Space>
      )}
      <Table rowKey="id" size="middle" columns={columns} dataSource={q.data?.items ?? []} loading={q.isFetching} scroll={{ x: 'max-content' }} locale={{ emptyText: <Empty description={schools.length ? '本学期尚未登记心理筛查：点击“登记班级筛查”按班级填写' : '暂无心理筛查记录'} /> }} pagination={{ current: page.page, pageSize: page.pageSize, total: q.data?.total ?? 0, onChange: (p, s) => setPage({ page: p, pageSize: s }) }} />
      <ScreeningDrawer open={creating} schools={schools} onClose={() => setCreating(false)} />
    </>
  );
}

function SummaryTab() {
  const q = useQuery({ queryKey: [...CARE_KEY, 'summary'], queryFn: () => careApi.summary({}) });
  const s = q.data;
  const columns: TableColumnsType<CareSummaryRow> = [
    { title: '学校', dataIndex: 'schoolName', fixed: 'left' },
    { title: '镇街', dataIndex: 'townName', render: (v: string | null) => v ?? '—' },
    { title: '筛查年级', render: (_, r) => (r.requiredGrades ? <Tag color={r.screenedGrades >= r.requiredGrades ? 'green' : 'orange'}>{r.screenedGrades}/{r.requiredGrades}</Tag> : '不适用') },
    { title: '已筛查学生', dataIndex: 'studentsScreened', render: (v: number) => `${v} 人` },
    { title: '在册重点学生', dataIndex: 'openRecords', render: (v: number) => `${v} 人` },
    { title: '随访逾期', dataIndex: 'overdueFollowUps', render: (v: number) => (v ? <Tag color="red">{v} 人</Tag> : '0 人') },
    { title: '已结案', dataIndex: 'closedRecords', render: (v: number) => `${v} 人` },
    { title: '到期已清除', dataIndex: 'purgedRecords', render: (v: number) => `${v} 人` },
  ];
  return (
    <>
      <Row gutter={12} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6}>
          <Card size="small" data-testid="care-total-open" data-value={s?.totals.openRecords ?? ''}>
            <Statistic title="在册重点学生" value={s?.totals.openRecords ?? 0} suffix="人" valueStyle={{ fontSize: 22 }} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" data-testid="care-total-overdue" data-value={s?.totals.overdueFollowUps ?? ''}>
            <Statistic title="随访逾期" value={s?.totals.overdueFollowUps ?? 0} suffix="人" valueStyle={{ fontSize: 22, color: s?.totals.overdueFollowUps ? '#cf1322' : undefined }} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="本学期已筛查年级" value={s?.totals.screenedGrades ?? 0} suffix={`/ ${s?.totals.requiredGrades ?? 0}`} valueStyle={{ fontSize: 22 }} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="本学期已筛查学生" value={s?.totals.studentsScreened ?? 0} suffix="人" valueStyle={{ fontSize: 22 }} />
          </Card>
        </Col>
      </Row>
      <Table rowKey="schoolId" size="middle" columns={columns} dataSource={s?.items ?? []} loading={q.isFetching} scroll={{ x: 'max-content' }} pagination={{ pageSizeOptions: [20, 50, 100], defaultPageSize: 20 }} locale={{ emptyText: '范围内暂无学校' }} />
    </>
  );
}

export default function CareScreeningsPage() {
  const me = useCareMe().data;
  const [tab, setTab] = useState<string | undefined>();
  if (!me) return null;
  const schools = me.schools.map((s) => ({ id: s.id, name: s.name }));
  const items = [
    ...(schools.length || me.canSummary ? [{ key: 'screenings', label: '筛查记录', children: <ScreeningsTab schools={schools} /> }] : []),
    ...(me.canSummary ? [{ key: 'summary', label: '统计', children: <SummaryTab /> }] : []),
  ];
  const current = tab ?? (schools.length ? 'screenings' : 'summary');
  return (
    <>
      <PageHeader
        title="心理筛查"
        subTitle={me.canSummary ? '每学期对小学高年级及初中、高中段学生开展1次全员心理筛查（001 第9条）；统计只含人数，不含姓名' : '每学期对小学高年级及初中、高中段学生开展1次全员心理筛查（001 第9条）'}
        extra={current === 'summary' && me.canSummary ? <ExportButton path="/care/summary/export" query={{}} testId="care-summary-export" /> : undefined}
      />
      <Tabs activeKey={current} onChange={setTab} items={items} />
    </>
  );
}
