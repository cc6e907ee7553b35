// 排班表: one roster as a day grid (days × 带班领导 / 值班人员). A school officer arranges a day (or
// several at once), removes an entry not yet confirmed, corrects the roster with its version; the
// person on duty confirms their own day; days without cover are flagged red (000 item 4, 003).
import { CheckOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Popconfirm, Radio, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState, type HTMLAttributes } from 'react';
import { useParams } from 'react-router';
import type { DutyDayView, DutyEntryView, DutyRosterDetail } from '../../contracts/duty.js';
import { dutyRoleLabels, type DutyRole } from '../../contracts/rules.js';
import { ApiError } from '../api.js';
import { detailFallback } from '../components/DetailFallback.js';
import { ExportButton } from '../components/ExportButton.js';
import { PageHeader } from '../components/PageHeader.js';
import { showError } from '../feedback.js';
import { applyServerErrors, numberRule } from '../forms.js';
import { fromDay, toDay } from '../dates.js';
import { COMPLIANCE_KEY } from '../ledger/ledgerApi.js';
import { coverTag, DayTags } from './DutyRostersPage.js';
import { DUTY_KEY, dutyApi } from './dutyApi.js';
import { useLedgerViewer } from '../ledger/ledgerParts.js';
import './duty.css';
import { StaffSelect } from '../staff/StaffSelect.js';

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
const weekday = (d: string) => `周${WEEKDAYS[dayjs(d).day()]}`;

function useRosterUpdate(id: number) {
  const queryClient = useQueryClient();
  return (r: DutyRosterDetail) => {
    queryClient.setQueryData([...DUTY_KEY, 'one', id], r);
    void queryClient.invalidateQueries({ queryKey: [...DUTY_KEY, 'list'] });
    void queryClient.invalidateQueries({ queryKey: [...DUTY_KEY, 'cover'] });
    void queryClient.invalidateQueries({ queryKey: [...DUTY_KEY, 'mine'] });
    void queryClient.invalidateQueries({ queryKey: COMPLIANCE_KEY });
  };
}

/** On a stale version or a conflict the roster is read again and the message shown. */
function useRosterError(id: number) {
  const queryClient = useQueryClient();
  return (err: unknown) => {
    if (err instanceof ApiError && (err.status === 409 || err.status === 404)) void queryClient.invalidateQueries({ queryKey: [...DUTY_KEY, 'one', id] });
    showError(err);
  };
}

type Arrange = { who: 'staff' | 'other'; staffId?: number; personName?: string; phone?: string; hours: number; note?: string; span?: [dayjs.Dayjs | undefined, dayjs.Dayjs | undefined]; role: DutyRole };

/** 安排值班: one day and role from the grid, or a run of days at once; days already arranged are skipped. */
function ArrangeModal({ roster, target, onClose }: { roster: DutyRosterDetail; target: { date?: string; role: DutyRole } | null; onClose: () => void }) {
  const [form] = Form.useForm<Arrange>();
  const who = Form.useWatch('who', form);
  const update = useRosterUpdate(roster.id);
  const { message } = App.useApp();
  const run = useMutation({
    mutationFn: (v: Arrange) => {
      const from = target?.date ?? toDay(v.span?.[0])!;
      const to = target?.date ?? toDay(v.span?.[1])!;
      // One cell of the grid fixes the role; the batch form chooses it.
      const role = target?.date ? target.role : v.role;
      const days = roster.dayList.filter((d) => d.date >= from && d.date <= to && !d[role]).map((d) => d.date);
      if (!days.length) throw new ApiError(400, 'NOTHING', `所选日期的${dutyRoleLabels[role]}都已安排`);
      return dutyApi.addEntries(roster.id, {
        entries: days.map((dutyOn) => ({
          dutyOn,
          role,
          staffId: v.who === 'staff' ? v.staffId : null,
          personName: v.who === 'other' ? v.personName?.trim() : null,
          phone: v.phone?.trim() || null,
          hours: v.hours,
          note: v.note?.trim() || null,
        })),
      });
    },
    onSuccess: (r) => {
      update(r);
      message.success('已安排');
      onClose();
    },
    onError: (err) => {
      // entries.0.hours → hours: the message names the field (值班时长…); a day covered twice names the day.
      const field = err instanceof ApiError ? ((err.details as Array<{ field?: string }> | undefined)?.[0]?.field ?? '').split('.').pop() : undefined;
      const map: Record<string, 'hours' | 'staffId' | 'personName' | 'phone' | 'note'> = { hours: 'hours', staffId: 'staffId', userId: 'staffId', personName: 'personName', phone: 'phone', note: 'note' };
      if (field && map[field] && err instanceof ApiError) form.setFields([{ name: map[field], errors: [err.message.replace(/^[^：]+：/, '')] }]);
      else if (!applyServerErrors(form, err, [])) showError(err);
    },
  });
  const defaults: Partial<Arrange> = { who: 'staff', hours: 24, role: target?.role ?? 'leader', span: [fromDay(roster.startsOn), fromDay(roster.endsOn)] };
  return (
    <Modal
      open={!!target}
      title={target?.date ? `安排${dutyRoleLabels[target.role]}（${target.date} ${weekday(target.date)}）` : '批量安排值班'}
      onCancel={onClose}
      okText="安排"
      onOk={() => form.submit()}
      okButtonProps={{ loading: run.isPending, ...({ 'data-testid': 'duty-arrange-submit' } as object) }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={defaults} onFinish={(v) => run.mutate(v)}>
        {!target?.date && (
          <>
            <Form.Item name="role" label="角色">
              <Radio.Group optionType="button" options={(['leader', 'staff'] as const).map((r) => ({ value: r, label: dutyRoleLabels[r] }))} />
            </Form.Item>
            <Form.Item name="span" label="日期" rules={[{ required: true, message: '请选择日期' }]} extra="已安排该角色的日期会跳过">
              <DatePicker.RangePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') < roster.startsOn || d.format('YYYY-MM-DD') > roster.endsOn} />
            </Form.Item>
          </>
        )}
        <Form.Item name="who" label="值班人">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'staff', label: '本校教职工' },
              { value: 'other', label: '其他人员' },
            ]}
          />
        </Form.Item>
        {who === 'other' ? (
          <Form.Item name="personName" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]} extra="没有系统账号的人员无法在系统中确认值班">
            <Input maxLength={50} data-testid="duty-arrange-name" />
          </Form.Item>
        ) : (
          <Form.Item name="staffId" label="教职工" rules={[{ required: true, message: '请选择教职工' }]} extra="在“教职工岗位”中登记并关联账号的人员可在首页确认值班">
            <StaffSelect schoolId={roster.schoolId} testId="duty-arrange-person" />
          </Form.Item>
        )}
        <Space size="large" align="start">
          <Form.Item
            name="hours"
            label="值班时长（小时）"
            rules={[{ required: true, message: '请填写值班时长' }, numberRule(0.5, 24, { unit: ' 小时' })]}
            extra={roster.requiresStaff ? '重点时段须 24 小时' : undefined}
          >
            <InputNumber step={0.5} style={{ width: 140 }} data-testid="duty-arrange-hours" />
          </Form.Item>
          <Form.Item name="phone" label="联系电话" extra="不填则用账号或排班表的电话">
            <Input maxLength={30} style={{ width: 200 }} />
          </Form.Item>
        </Space>
        <Form.Item name="note" label="备注">
          <Input maxLength={200} placeholder="如：白班 8:00-20:00" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EditRosterModal({ roster, open, onClose }: { roster: DutyRosterDetail; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{ title: string; span: [dayjs.Dayjs, dayjs.Dayjs]; phone?: string }>();
  const update = useRosterUpdate(roster.id);
  const onError = useRosterError(roster.id);
  const run = useMutation({
    mutationFn: (v: { title: string; span: [dayjs.Dayjs, dayjs.Dayjs]; phone?: string }) =>
      dutyApi.updateRoster(roster.id, { version: roster.version, title: v.title.trim(), startsOn: toDay(v.span[0]), endsOn: toDay(v.span[1]), phone: v.phone?.trim() || null }),
    onSuccess: (r) => {
      update(r);
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'STALE_VERSION') {
        onError(err);
        onClose();
      } else if (!applyServerErrors(form, err, ['title', 'phone'])) showError(err);
    },
  });
  return (
    <Modal open={open} title="修改排班表" onCancel={onClose} okText="保存" onOk={() => form.submit()} okButtonProps={{ loading: run.isPending }} destroyOnHidden>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ title: roster.title, span: [fromDay(roster.startsOn), fromDay(roster.endsOn)], phone: roster.phone ?? undefined }} onFinish={(v) => run.mutate(v)}>
        <Form.Item name="title" label="排班名称" rules={[{ required: true, whitespace: true, message: '请填写排班名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="span" label="起止日期" rules={[{ required: true, message: '请选择起止日期' }]} extra="缩短范围前，请先删除范围外已安排的值班">
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="phone" label="值班电话">
          <Input maxLength={30} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EntryCell({ roster, day, role, canWrite, onArrange }: { roster: DutyRosterDetail; day: DutyDayView; role: DutyRole; canWrite: boolean; onArrange: () => void }) {
  const e: DutyEntryView | null = day[role];
  const update = useRosterUpdate(roster.id);
  const onError = useRosterError(roster.id);
  const { message } = App.useApp();
  const confirm = useMutation({
    mutationFn: () => dutyApi.confirmEntry(roster.id, e!.id, e!.version),
    onSuccess: (r) => {
      update(r);
      message.success('已确认值班');
    },
    onError,
  });
  const remove = useMutation({ mutationFn: () => dutyApi.deleteEntry(roster.id, e!.id, e!.version), onSuccess: update, onError });
  const required = role === 'leader' || roster.requiresStaff;
  if (!e) {
    return (
      <Space size={4} data-testid={`duty-cell-${role}`}>
        {required ? <Tag color="red">未安排</Tag> : <Typography.Text type="secondary">—</Typography.Text>}
        {canWrite && (
          <Button size="small" type="link" icon={<PlusOutlined />} onClick={onArrange} data-testid={`duty-arrange-${role}`}>
            安排
          </Button>
        )}
      </Space>
    );
  }
  const short = e.hours < roster.minHours;
  return (
    <div data-testid={`duty-cell-${role}`}>
      <Space size={4} wrap>
        <Typography.Text strong>{e.personName}</Typography.Text>
        <Tag color={short ? 'red' : undefined}>{e.hours} 小时</Tag>
        {e.confirmedAt ? (
          <Tag color="green" title={`${e.confirmedByName ?? ''} ${dayjs(e.confirmedAt).format('MM-DD HH:mm')}`}>
            已确认
          </Tag>
        ) : (
          <Tag color="orange">待本人确认</Tag>
        )}
      </Space>
      <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
        {e.phone ?? ''}
        {e.note ? ` · ${e.note}` : ''}
      </div>
      <Space size={0}>
        {e.canConfirm && (
          <Button size="small" type="link" icon={<CheckOutlined />} loading={confirm.isPending} onClick={() => confirm.mutate()} data-testid="duty-confirm">
            确认值班
          </Button>
        )}
        {canWrite && !e.confirmedAt && (
          <Popconfirm title={`删除 ${day.date} 的${dutyRoleLabels[role]}安排？`} okText="删除" okButtonProps={{ danger: true }} onConfirm={() => remove.mutate()}>
            <Button size="small" type="link" danger icon={<DeleteOutlined />} loading={remove.isPending} data-testid="duty-delete">
              删除
            </Button>
          </Popconfirm>
        )}
      </Space>
    </div>
  );
}

export default function DutyRosterPage() {
  const params = useParams();
  const id = Number(params.id);
  const valid = Number.isInteger(id) && id > 0;
  const { canWrite, isSchool } = useLedgerViewer();
  const [arranging, setArranging] = useState<{ date?: string; role: DutyRole } | null>(null);
  const [editing, setEditing] = useState(false);
  const detail = useQuery({ queryKey: [...DUTY_KEY, 'one', id], queryFn: () => dutyApi.roster(id), enabled: valid });
  const fallback = detailFallback(detail, valid, { name: '排班表', back: '/duty-rosters', backLabel: '返回值班带班' });
  if (fallback || !detail.data) return fallback;
  const r = detail.data;

  const columns: TableColumnsType<DutyDayView> = [
    {
      title: '日期',
      dataIndex: 'date',
      width: 150,
      render: (d: string, day) => (
        <span>
          {d} {weekday(d)}
          {day.holiday && (
            <div>
              <Tag color="blue">{day.holiday}</Tag>
            </div>
          )}
        </span>
      ),
    },
    { title: dutyRoleLabels.leader, key: 'leader', width: 280, render: (_: unknown, day) => <EntryCell roster={r} day={day} role="leader" canWrite={canWrite} onArrange={() => setArranging({ date: day.date, role: 'leader' })} /> },
    {
      title: r.requiresStaff ? dutyRoleLabels.staff : `${dutyRoleLabels.staff}（节假日可不排）`,
      key: 'staff',
      width: 280,
      render: (_: unknown, day) => <EntryCell roster={r} day={day} role="staff" canWrite={canWrite} onArrange={() => setArranging({ date: day.date, role: 'staff' })} />,
    },
    {
      title: '落实情况',
      key: 'state',
      width: 200,
      render: (_: unknown, day) =>
        day.covered ? (
          <Tag color="green" data-testid="duty-day-state">
            已落实
          </Tag>
        ) : (
          <span data-testid="duty-day-state">
            {day.problems.map((p) => (
              <Tag color="red" key={p}>
                {p}
              </Tag>
            ))}
          </span>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={r.title}
        subTitle={r.keyPeriodId ? `重点时段：${r.keyPeriodName}，每天领导24小时在岗带班、正式工作人员24小时值班（003）` : '节假日每天安排领导带班（000 第4条）'}
        extra={
          <Space wrap>
            {canWrite && (
              <>
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setArranging({ role: 'leader' })} data-testid="duty-arrange-batch">
                  批量安排
                </Button>
                <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="duty-edit">
                  修改
                </Button>
              </>
            )}
            <ExportButton path="/duty-rosters/export" query={{ rosterId: r.id }} testId="duty-roster-export" />
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          {!isSchool && <Descriptions.Item label="学校">{r.schoolName}{r.townName ? `（${r.townName}）` : ''}</Descriptions.Item>}
          <Descriptions.Item label="起止日期">
            {r.startsOn} 至 {r.endsOn}（{r.days} 天）
          </Descriptions.Item>
          <Descriptions.Item label="已落实">{coverTag(r)}</Descriptions.Item>
          <Descriptions.Item label="值班电话">{r.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="登记人">{r.createdByName}</Descriptions.Item>
        </Descriptions>
        {r.uncoveredDays.length > 0 ? (
          <Alert
            type="error"
            showIcon
            data-testid="duty-uncovered"
            message={`${r.uncoveredDays.length} 天未落实`}
            description={
              <>
                <DayTags days={r.uncoveredDays} max={10} />
                <div style={{ marginTop: 4 }}>缺带班领导{r.requiresStaff ? '或值班人员、不足24小时' : ''}，或两天前的值班尚未由本人确认。</div>
              </>
            }
          />
        ) : (
          <Alert type="success" showIcon message="每天均已落实" data-testid="duty-uncovered" />
        )}
      </Card>
      <Card size="small" title="按天排班">
        <Table<DutyDayView>
          rowKey="date"
          size="small"
          columns={columns}
          dataSource={r.dayList}
          pagination={r.dayList.length > 31 ? { pageSize: 31, showSizeChanger: false } : false}
          scroll={{ x: 'max-content' }}
          rowClassName={(day) => (day.covered ? '' : 'duty-row-short')}
          onRow={(day) => ({ 'data-testid': 'duty-day', 'data-day': day.date, 'data-covered': String(day.covered) }) as HTMLAttributes<HTMLElement>}
        />
      </Card>
      {canWrite && <ArrangeModal roster={r} target={arranging} onClose={() => setArranging(null)} />}
      {canWrite && <EditRosterModal roster={r} open={editing} onClose={() => setEditing(false)} />}
    </>
  );
}
