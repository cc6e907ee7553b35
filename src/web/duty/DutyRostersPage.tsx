// 值班带班: the duty rosters (000 item 4: a leader in charge every holiday day; 003: a leader and a
// staff member on 24-hour duty every day of a key period) in the person's scope — for a town or the
// bureau first the key period's cover school by school, then the rosters with filters (kept in the
// address), a new roster for a holiday of the school calendar or a key period, Excel export.
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { App, Card, DatePicker, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { Link, useNavigate } from 'react-router';
import type { DutyRosterView, KeyPeriodCoverView } from '../../contracts/duty.js';
import { ExportButton } from '../components/ExportButton.js';
import { ImportButton } from '../components/ImportButton.js';
import { PageHeader } from '../components/PageHeader.js';
import { positiveInt, useSearchState } from '../components/useSearchState.js';
import { showError } from '../feedback.js';
import { applyServerErrors } from '../forms.js';
import { fromDay, todayBeijing, toDay } from '../dates.js';
import { CAL_KEY, calendarsApi, KP_KEY, type KeyPeriod } from '../rules/rulesApi.js';
import { DUTY_KEY, dutyApi, type DutyQuery } from './dutyApi.js';
import { CreateButton, DayRangeFilter, LedgerList, useFilterKeys } from '../ledger/ledgerPage.js';
import { PlaceFilters, SchoolField, isDay, schoolColumn, useInvalidateLedger, useLedgerViewer } from '../ledger/ledgerParts.js';
import './duty.css';

/** The key period under way, else the next, else the last (as the server picks it). */
export function currentKeyPeriod(list: KeyPeriod[] | undefined, today = todayBeijing()): KeyPeriod | undefined {
  if (!list?.length) return undefined;
  const sorted = [...list].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  return sorted.find((k) => k.startsOn <= today && today <= k.endsOn) ?? sorted.find((k) => k.startsOn > today) ?? sorted[sorted.length - 1];
}

/** A few day tags, the rest counted. */
export function DayTags({ days, color = 'red', max = 4, testId }: { days: string[]; color?: string; max?: number; testId?: string }) {
  if (!days.length) return <Tag color="green">无</Tag>;
  return (
    <span data-testid={testId} title={days.join('、')}>
      {days.slice(0, max).map((d) => (
        <Tag color={color} key={d}>
          {d.slice(5)}
        </Tag>
      ))}
      {days.length > max && <Typography.Text type="secondary">等 {days.length} 天</Typography.Text>}
    </span>
  );
}

export const coverTag = (r: { coveredDays: number; days: number }) => (
  <Tag color={r.coveredDays === r.days ? 'green' : 'red'}>
    {r.coveredDays}/{r.days} 天
  </Tag>
);

type NewRoster = { schoolId?: number; kind: 'holiday' | 'key_period' | 'other'; holiday?: string; keyPeriodId?: number; title: string; span?: [ReturnType<typeof fromDay>, ReturnType<typeof fromDay>]; phone?: string };

function CreateRosterModal({ open, onClose, keyPeriods }: { open: boolean; onClose: () => void; keyPeriods: KeyPeriod[] }) {
  const [form] = Form.useForm<NewRoster>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const invalidate = useInvalidateLedger(DUTY_KEY);
  const { me, isSchool } = useLedgerViewer();
  const kind = Form.useWatch('kind', form);
  const calendars = useQuery({ queryKey: CAL_KEY, queryFn: calendarsApi.list, enabled: open, staleTime: 5 * 60_000 });
  const today = todayBeijing();
  // The holidays of the calendars not yet over (and the last one that ended), newest last.
  const holidays = (calendars.data?.items ?? [])
    .flatMap((c) => c.holidays)
    .filter((h) => h.endsOn >= today || h.endsOn >= fromDay(today)!.subtract(92, 'day').format('YYYY-MM-DD'))
    .sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  const run = useMutation({
    mutationFn: (v: NewRoster) =>
      dutyApi.createRoster({
        schoolId: isSchool ? me.unit.id : v.schoolId!,
        title: v.title.trim(),
        keyPeriodId: v.kind === 'key_period' ? v.keyPeriodId : null,
        startsOn: v.kind === 'key_period' ? null : toDay(v.span?.[0]),
        endsOn: v.kind === 'key_period' ? null : toDay(v.span?.[1]),
        phone: v.phone?.trim() || null,
      }),
    onSuccess: (r) => {
      invalidate();
      message.success('排班表已建立，请按天安排带班领导和值班人员');
      onClose();
      void navigate(`/duty-rosters/${r.id}`);
    },
    onError: (err) => {
      if (!applyServerErrors(form, err, ['schoolId', 'title', 'phone'])) showError(err);
    },
  });
  const pickHoliday = (key: string) => {
    const h = holidays.find((x) => `${x.name}|${x.startsOn}` === key);
    if (h) form.setFieldsValue({ title: `${h.startsOn.slice(0, 4)}年${h.name}值班安排`, span: [fromDay(h.startsOn), fromDay(h.endsOn)] });
  };
  const pickKeyPeriod = (id: number) => {
    const k = keyPeriods.find((x) => x.id === id);
    if (k) form.setFieldsValue({ title: `${k.name}24小时值班带班` });
  };
  return (
    <Modal open={open} title="新建排班表" onCancel={onClose} okText="建立" onOk={() => form.submit()} okButtonProps={{ loading: run.isPending, ...({ 'data-testid': 'duty-create-submit' } as object) }} destroyOnHidden>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ kind: keyPeriods.length ? 'key_period' : 'holiday', schoolId: isSchool ? me.unit.id : undefined }} onFinish={(v) => run.mutate(v)}>
        <SchoolField testId="duty-create-school" />
        <Form.Item name="kind" label="排班类型">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'key_period', label: '重点时段（24小时带班值班）', disabled: !keyPeriods.length },
              { value: 'holiday', label: '节假日（领导带班）' },
              { value: 'other', label: '其他时段' },
            ]}
          />
        </Form.Item>
        {kind === 'key_period' && (
          <Form.Item name="keyPeriodId" label="重点时段" rules={[{ required: true, message: '请选择教育局设定的重点时段' }]} extra="排班范围即该重点时段的起止日期">
            <Select placeholder="请选择" onChange={pickKeyPeriod} options={keyPeriods.map((k) => ({ value: k.id, label: `${k.name}（${k.startsOn} 至 ${k.endsOn}）` }))} data-testid="duty-create-key-period" />
          </Form.Item>
        )}
        {kind === 'holiday' && (
          <Form.Item name="holiday" label="校历中的节假日" extra="选择后自动填入名称和日期">
            <Select
              placeholder="请选择"
              onChange={pickHoliday}
              notFoundContent="校历中没有近期的节假日"
              options={holidays.map((h) => ({ value: `${h.name}|${h.startsOn}`, label: `${h.name}（${h.startsOn} 至 ${h.endsOn}）` }))}
            />
          </Form.Item>
        )}
        <Form.Item name="title" label="排班名称" rules={[{ required: true, whitespace: true, message: '请填写排班名称' }, { max: 100, message: '最多 100 字' }]}>
          <Input placeholder="如：2026年国庆节值班安排" data-testid="duty-create-title" />
        </Form.Item>
        {kind !== 'key_period' && (
          <Form.Item name="span" label="起止日期" rules={[{ required: true, message: '请选择起止日期' }]} extra="一张排班表最多 100 天">
            <DatePicker.RangePicker style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="phone" label="值班电话" extra="值班人员未留电话时使用">
          <Input maxLength={30} placeholder="如：021-60000000" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A town's or the bureau's view of the key period: each school's 24-hour cover (003). */
function KeyPeriodCover({ keyPeriods, townId }: { keyPeriods: KeyPeriod[]; townId?: number }) {
  const [chosen, setChosen] = useState<number | undefined>();
  const kp = chosen ?? currentKeyPeriod(keyPeriods)?.id;
  const cover = useQuery({ queryKey: [...DUTY_KEY, 'cover', kp, townId], queryFn: () => dutyApi.keyPeriodCover({ keyPeriodId: kp, townId }), enabled: kp !== undefined, placeholderData: keepPreviousData });
  type Row = KeyPeriodCoverView['items'][number];
  const short = cover.data?.items.filter((r) => r.uncoveredDays.length) ?? [];
  const columns: TableColumnsType<Row> = [
    ...schoolColumn<Row>(false),
    { title: '已落实', key: 'cover', width: 100, render: (_: unknown, r) => coverTag(r) },
    { title: '未落实的日期', dataIndex: 'uncoveredDays', render: (d: string[]) => <DayTags days={d} /> },
    { title: '待本人确认', dataIndex: 'unconfirmedDays', width: 180, render: (d: string[]) => <DayTags days={d} color="orange" max={3} /> },
    {
      title: '排班表',
      dataIndex: 'rosterIds',
      width: 110,
      render: (ids: number[]) => (ids.length ? ids.map((id) => <Link key={id} to={`/duty-rosters/${id}`} style={{ marginRight: 8 }}>查看</Link>) : <Tag color="red">未排班</Tag>),
    },
  ];
  if (!keyPeriods.length) return null;
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title="重点时段值班覆盖（每天领导24小时带班、工作人员24小时值班，003）"
      extra={<Select style={{ minWidth: 260 }} value={kp} onChange={setChosen} options={keyPeriods.map((k) => ({ value: k.id, label: `${k.name}（${k.startsOn} 至 ${k.endsOn}）` }))} />}
      data-testid="duty-cover"
    >
      {cover.data && (
        <Typography.Paragraph type={short.length ? 'danger' : 'success'}>
          {short.length ? `${short.length} 所学校有未落实的日期（缺人、不足24小时或过期未确认），共 ${cover.data.items.length} 所` : `全部 ${cover.data.items.length} 所学校已落实`}
        </Typography.Paragraph>
      )}
      <Table<Row>
        rowKey="schoolId"
        size="small"
        columns={columns}
        dataSource={[...short, ...(cover.data?.items.filter((r) => !r.uncoveredDays.length) ?? [])]}
        loading={cover.isFetching}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        onRow={(r) => ({ 'data-testid': 'duty-cover-row', className: r.uncoveredDays.length ? 'duty-row-short' : undefined }) as HTMLAttributes<HTMLElement>}
      />
    </Card>
  );
}

export default function DutyRostersPage() {
  const { isSchool, canWrite } = useLedgerViewer();
  const s = useSearchState();
  const [creating, setCreating] = useState(s.get('record') === '1');
  const keyPeriods = useQuery({ queryKey: KP_KEY, queryFn: calendarsApi.keyPeriods, staleTime: 5 * 60_000 });

  const query: DutyQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    keyPeriodId: positiveInt(s.get('keyPeriodId')),
    from: isDay(s.get('from')),
    to: isDay(s.get('to')),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...DUTY_KEY, 'list', query], queryFn: () => dutyApi.rosters(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'keyPeriodId', 'from', 'to']);

  const columns: TableColumnsType<DutyRosterView> = [
    {
      title: '排班表',
      dataIndex: 'title',
      width: 240,
      fixed: 'left',
      render: (v: string, r) => (
        <Link to={`/duty-rosters/${r.id}`} data-testid="duty-open">
          {v}
        </Link>
      ),
    },
    ...schoolColumn<DutyRosterView>(isSchool),
    { title: '起止日期', key: 'span', width: 200, render: (_: unknown, r) => `${r.startsOn} 至 ${r.endsOn}` },
    {
      title: '类型',
      key: 'kind',
      width: 200,
      render: (_: unknown, r) => (r.keyPeriodId ? <Tag color="volcano">重点时段：{r.keyPeriodName}</Tag> : <Tag color="blue">领导带班</Tag>),
    },
    { title: '已落实', key: 'cover', width: 100, render: (_: unknown, r) => coverTag(r) },
    { title: '未落实的日期', dataIndex: 'uncoveredDays', width: 260, render: (d: string[]) => <DayTags days={d} /> },
    { title: '登记人', dataIndex: 'createdByName', width: 90 },
  ];

  return (
    <>
      <PageHeader
        title="值班带班"
        subTitle="节假日每天领导带班（000 第4条）；重点时段每天领导24小时在岗带班、正式工作人员24小时值班（003）；值班由本人确认"
        extra={
          <Space wrap>
            <CreateButton shown={canWrite} onClick={() => setCreating(true)} testId="duty-create">
              新建排班
            </CreateButton>
            <ExportButton path="/duty-rosters/export" query={{ ...query, page: undefined, pageSize: undefined }} testId="duty-export" />
            <ImportButton kind="duty" testId="duty-import" />
          </Space>
        }
      />
      {!isSchool && <KeyPeriodCover keyPeriods={keyPeriods.data?.items ?? []} townId={query.townId} />}
      <LedgerList<DutyRosterView>
        testId="duty"
        rowIdAttr="data-roster-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={clear}
        canWrite={canWrite}
        empty={{ noun: '排班表', hint: '节假日和重点时段前点击“新建排班”，再按天安排带班领导和值班人员' }}
        unit="张"
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="duty-filter-school" />
            <Select
              allowClear
              placeholder="重点时段"
              style={{ minWidth: 200 }}
              value={query.keyPeriodId}
              onChange={(v) => s.set({ keyPeriodId: v })}
              options={keyPeriods.data?.items.map((k) => ({ value: k.id, label: k.name }))}
            />
            <DayRangeFilter from={query.from} to={query.to} />
          </>
        }
      />
      {canWrite && (
        <CreateRosterModal
          open={creating}
          keyPeriods={keyPeriods.data?.items ?? []}
          onClose={() => {
            setCreating(false);
            if (s.get('record')) s.set({ record: undefined }, { keepPage: true });
          }}
        />
      )}
    </>
  );
}
