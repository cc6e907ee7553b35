// 校历: the district's school calendars (two semesters and the holidays of each school year), from
// which the rules' semesters, holiday duty and summer months come, and the key periods (重点时段,
// 003) the bureau declares. The bureau (rules.manage) edits; a stale version answers 409.
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Drawer, Empty, Form, Grid, Input, Modal, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import type { SchoolCalendarView } from '../../contracts/rules.js';
import { ApiError } from '../api.js';
import { useCan } from '../auth.js';
import { PageHeader } from '../components/PageHeader.js';
import { useSearchState } from '../components/useSearchState.js';
import { applyServerErrors } from '../forms.js';
import { fromDay, toDay, todayBeijing } from '../dates.js';
import { COMPLIANCE_KEY } from '../ledger/ledgerApi.js';
import { CAL_KEY, calendarsApi, KP_KEY, type KeyPeriod } from './rulesApi.js';

type Range = [Dayjs | null, Dayjs | null] | null | undefined;
const span = (r: Range) => ({ startsOn: toDay(r?.[0]) ?? '', endsOn: toDay(r?.[1]) ?? '' });
const range = (s: { startsOn: string; endsOn: string }): [Dayjs, Dayjs] => [fromDay(s.startsOn)!, fromDay(s.endsOn)!];

interface CalendarValues {
  schoolYear: string;
  first: Range;
  second: Range;
  holidays: Array<{ name: string; dates: Range }>;
}

/** The school year a day falls in, from 1 August: '2026-2027'. */
function schoolYearOf(day: string): string {
  const y = Number(day.slice(0, 4)) - (day.slice(5) < '08-01' ? 1 : 0);
  return `${y}-${y + 1}`;
}

/** The school years a new calendar may be for: this one, the next, the last — those without one. */
function nextYears(years: string[]): string[] {
  const current = schoolYearOf(todayBeijing());
  const y = Number(current.slice(0, 4));
  return [current, `${y + 1}-${y + 2}`, `${y - 1}-${y}`].filter((x) => !years.includes(x));
}

function CalendarDrawer({ open, calendar, years, onClose }: { open: boolean; calendar: SchoolCalendarView | null; years: string[]; onClose: () => void }) {
  const [form] = Form.useForm<CalendarValues>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const screens = Grid.useBreakpoint();
  const save = useMutation({
    mutationFn: (v: CalendarValues) =>
      calendarsApi.put(v.schoolYear, {
        semesters: [span(v.first), span(v.second)],
        holidays: (v.holidays ?? []).map((h) => ({ name: h.name?.trim() ?? '', ...span(h.dates) })),
        version: calendar?.version,
      }),
    onSuccess: (c) => {
      void queryClient.invalidateQueries({ queryKey: CAL_KEY });
      void queryClient.invalidateQueries({ queryKey: COMPLIANCE_KEY });
      message.success(`${c.schoolYear}学年校历已保存，达标情况按新校历评价`);
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409) {
        void queryClient.invalidateQueries({ queryKey: CAL_KEY });
        onClose();
      }
      // Semester errors come as semesters.0.startsOn: shown on the first/second semester fields.
      if (err instanceof ApiError) {
        const fields = err.fieldErrors
          .map((fe) => ({ name: fe.field.startsWith('semesters.0') ? 'first' : fe.field.startsWith('semesters.1') ? 'second' : null, errors: [fe.message] }))
          .filter((f): f is { name: 'first' | 'second'; errors: string[] } => f.name !== null);
        if (fields.length) form.setFields(fields);
      }
      applyServerErrors(form, err, ['schoolYear']);
    },
  });
  // Filled at each opening from the calendar shown (or the next school year without one).
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      calendar
        ? {
            schoolYear: calendar.schoolYear,
            first: range(calendar.semesters[0]),
            second: range(calendar.semesters[1]),
            holidays: calendar.holidays.map((h) => ({ name: h.name, dates: range(h) })),
          }
        : { schoolYear: nextYears(years)[0], holidays: [] },
    );
  }, [open, calendar, years, form]);
  const next = useMemo(() => nextYears(years), [years]);

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={calendar ? `修改 ${calendar.schoolYear} 学年校历` : '新建学年校历'}
      size={screens.sm ? 640 : '100%'}
      forceRender
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="calendar-submit">
            保存
          </Button>
        </Space>
      }
    >
      <Form<CalendarValues>
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        scrollToFirstError
      >
        <Form.Item name="schoolYear" label="学年" rules={[{ required: true, message: '请选择学年' }]}>
          <Select disabled={!!calendar} options={(calendar ? [calendar.schoolYear] : next).map((y) => ({ value: y, label: `${y}学年` }))} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="first" label="第一学期" rules={[{ required: true, message: '请填写第一学期的起止日期' }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="second" label="第二学期" rules={[{ required: true, message: '请填写第二学期的起止日期' }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Typography.Text strong>节假日</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          节假日期间每天须安排领导带班（000 第4条）；整月在假期中的月份不评价每月演练。
        </Typography.Paragraph>
        <Form.List name="holidays">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
                    <Input placeholder="如：国庆节" maxLength={50} style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'dates']} rules={[{ required: true, message: '请填写起止日期' }]}>
                    <DatePicker.RangePicker />
                  </Form.Item>
                  <Button type="link" danger onClick={() => remove(f.name)}>
                    删除
                  </Button>
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ name: '', dates: null })} disabled={fields.length >= 60}>
                添加节假日
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}

function KeyPeriodModal({ open, period, onClose }: { open: boolean; period: KeyPeriod | null; onClose: () => void }) {
  const [form] = Form.useForm<{ name: string; dates: Range }>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: { name: string; dates: Range }) => {
      const body = { name: v.name.trim(), ...span(v.dates) };
      return period ? calendarsApi.updateKeyPeriod(period.id, { ...body, version: period.version }) : calendarsApi.createKeyPeriod(body);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: KP_KEY });
      void queryClient.invalidateQueries({ queryKey: COMPLIANCE_KEY });
      message.success('重点时段已保存');
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409) {
        void queryClient.invalidateQueries({ queryKey: KP_KEY });
        onClose();
      }
      if (err instanceof ApiError && err.fieldErrors.some((f) => f.field === 'startsOn' || f.field === 'endsOn')) {
        form.setFields([{ name: 'dates', errors: err.fieldErrors.map((f) => f.message) }]);
      }
      applyServerErrors(form, err, ['name']);
    },
  });
  return (
    <Modal open={open} title={period ? '修改重点时段' : '设定重点时段'} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">重点时段内每天须领导 24 小时在岗带班、工作人员 24 小时值班，并组织不少于 2 次消防安全专项检查（003）。</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={period ? { name: period.name, dates: range(period) } : undefined}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写重点时段名称' }]}>
          <Input maxLength={100} placeholder="如：春节及全国两会期间" />
        </Form.Item>
        <Form.Item name="dates" label="起止日期" rules={[{ required: true, message: '请填写起止日期' }]}>
          <DatePicker.RangePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function CalendarPage() {
  const can = useCan();
  const s = useSearchState();
  const canEdit = can('rules.manage');
  const cals = useQuery({ queryKey: CAL_KEY, queryFn: calendarsApi.list });
  const kps = useQuery({ queryKey: KP_KEY, queryFn: calendarsApi.keyPeriods });
  const [drawer, setDrawer] = useState<{ calendar: SchoolCalendarView | null } | null>(null);
  const [kp, setKp] = useState<{ period: KeyPeriod | null } | null>(null);

  const items = useMemo(() => cals.data?.items ?? [], [cals.data]);
  const years = useMemo(() => items.map((c) => c.schoolYear), [items]);
  const wanted = s.get('year') ?? (years.includes(schoolYearOf(todayBeijing())) ? schoolYearOf(todayBeijing()) : years[years.length - 1]);
  const cal = items.find((c) => c.schoolYear === wanted);

  const rows = cal
    ? [
        { key: 's1', kind: '学期', name: '第一学期', ...cal.semesters[0] },
        { key: 's2', kind: '学期', name: '第二学期', ...cal.semesters[1] },
        ...cal.holidays.map((h, i) => ({ key: `h${i}`, kind: '节假日', ...h })),
      ]
    : [];
  const columns: TableColumnsType<(typeof rows)[number]> = [
    { title: '类别', dataIndex: 'kind', width: 90 },
    { title: '名称', dataIndex: 'name', width: 160 },
    { title: '开始日期', dataIndex: 'startsOn', width: 120 },
    { title: '结束日期', dataIndex: 'endsOn', width: 120 },
  ];
  const kpColumns: TableColumnsType<KeyPeriod> = [
    { title: '名称', dataIndex: 'name', width: 240 },
    { title: '开始日期', dataIndex: 'startsOn', width: 120 },
    { title: '结束日期', dataIndex: 'endsOn', width: 120 },
    ...(canEdit
      ? [
          {
            title: '操作',
            key: 'a',
            width: 80,
            render: (_: unknown, p: KeyPeriod) => (
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setKp({ period: p })}>
                修改
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title="校历"
        subTitle="学期、节假日与重点时段：每学期、每月与节假日的规则按此评价"
        extra={
          canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ calendar: null })} data-testid="calendar-create">
              新建学年校历
            </Button>
          )
        }
      />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card
          size="small"
          title={
            <Space>
              <span>学年校历</span>
              {years.length > 0 && (
                <Select
                  size="small"
                  value={cal?.schoolYear}
                  onChange={(v) => s.set({ year: v })}
                  options={[...years].reverse().map((y) => ({ value: y, label: `${y}学年` }))}
                  style={{ width: 150 }}
                />
              )}
            </Space>
          }
          extra={
            canEdit &&
            cal && (
              <Button size="small" icon={<EditOutlined />} onClick={() => setDrawer({ calendar: cal })}>
                修改
              </Button>
            )
          }
        >
          {cal ? (
            <Table rowKey="key" size="small" columns={columns} dataSource={rows} pagination={false} />
          ) : (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={cals.isPending ? '加载中…' : canEdit ? '尚未设置校历。点击“新建学年校历”填写两个学期和节假日' : '教育局尚未设置校历'}
            />
          )}
        </Card>
        <Card
          size="small"
          title="重点时段（003）"
          extra={
            canEdit && (
              <Button size="small" icon={<PlusOutlined />} onClick={() => setKp({ period: null })}>
                设定重点时段
              </Button>
            )
          }
        >
          <Table<KeyPeriod>
            rowKey="id"
            size="small"
            columns={kpColumns}
            dataSource={kps.data?.items}
            loading={kps.isPending}
            pagination={false}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未设定重点时段" /> }}
          />
        </Card>
      </Space>
      <CalendarDrawer open={!!drawer} calendar={drawer?.calendar ?? null} years={years} onClose={() => setDrawer(null)} />
      <KeyPeriodModal open={!!kp} period={kp?.period ?? null} onClose={() => setKp(null)} />
    </>
  );
}
