// 欺凌防治 (issue 22; 001 item 10, 002 area 4, 000 item 13). The school's bullying circle keeps the case
// register (pupils chosen from the students of concern, names masked in the list), the committee with
// its meetings, the help line shown in the header, and the screening of early signs by class. Towns and
// the bureau see the 统计 tab: counts per school, never a name, exported to Excel.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, DatePicker, Descriptions, Drawer, Empty, Form, Input, InputNumber, List, Radio, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  caseReadPurposeLabels,
  caseReadPurposes,
  caseStatusLabels,
  caseStatuses,
  committeeRoleLabels,
  committeeRoles,
  handlingMeasureLabels,
  handlingMeasures,
  pupilRoleLabels,
  reportChannelLabels,
  reportChannels,
  type BullyingCaseView,
  type BullyingSummaryRow,
  type CaseReadPurpose,
  type CaseRow,
} from '../../contracts/bullying.js';
import { ApiError } from '../api.js';
import { ExportButton } from '../components/ExportButton.js';
import { PageHeader } from '../components/PageHeader.js';
import { fromDay, toDay, todayBeijing } from '../dates.js';
import { applyServerErrors, numberRule } from '../forms.js';
import { BULLYING_KEY, bullyingApi } from './bullyingApi.js';
import { useBullyingMe } from './useBullyingMenu.js';

type School = { id: number; name: string };
const drawerWidth = () => Math.min(560, window.innerWidth);
const statusColor: Record<string, string> = { inquiry: 'blue', determined: 'orange', handled: 'cyan', closed: 'green' };

// ---- the case register ----------------------------------------------------------------------------------

const CASE_FIELDS = ['schoolId', 'reportedOn', 'reportChannel', 'reporter', 'occurredOn', 'place', 'caseSummary', 'injury', 'violence'] as const;

function NewCaseDrawer({ open, schools, onClose, onCreated }: { open: boolean; schools: School[]; onClose: () => void; onCreated: (id: number) => void }) {
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const schoolId = Form.useWatch('schoolId', form) ?? schools[0]?.id;
  const pupils = useQuery({ queryKey: [...BULLYING_KEY, 'pupils', schoolId], queryFn: () => bullyingApi.pupils(schoolId), enabled: open && Boolean(schoolId) });
  const save = useMutation({
    mutationFn: (v: Record<string, any>) =>
      bullyingApi.createCase({
        schoolId: v.schoolId,
        reportedOn: toDay(v.reportedOn as Dayjs)!,
        reportChannel: v.reportChannel,
        reporter: v.reporter,
        occurredOn: toDay(v.occurredOn as Dayjs)!,
        place: v.place,
        caseSummary: v.caseSummary,
        injury: Boolean(v.injury),
        violence: Boolean(v.violence),
        pupils: [...(v.targets ?? []).map((id: number) => ({ careRecordId: id, pupilRole: 'target' as const })), ...(v.actors ?? []).map((id: number) => ({ careRecordId: id, pupilRole: 'actor' as const }))],
      }),
    onSuccess: (c) => (void qc.invalidateQueries({ queryKey: BULLYING_KEY }), form.resetFields(), onClose(), onCreated(c.id)),
    onError: (err) => {
      applyServerErrors(form, err, CASE_FIELDS);
      // The pupils are chosen in two selects: a problem with them is shown under the first.
      const pupil = err instanceof ApiError ? err.fieldErrors.find((f) => f.field.startsWith('pupils')) : undefined;
      if (pupil) form.setFields([{ name: 'targets', errors: [pupil.message] }]);
    },
  });
  const options = (pupils.data?.items ?? []).map((p) => ({ value: p.careRecordId, label: `${p.maskedName}（${p.grade}年级${p.className}）` }));
  return (
    <Drawer open={open} onClose={onClose} title="登记欺凌事件" width={drawerWidth()} destroyOnHidden extra={<Button type="primary" size="large" loading={save.isPending} onClick={() => form.submit()} data-testid="bullying-case-save">保存</Button>}>
      <Form form={form} layout="vertical" initialValues={{ schoolId: schools[0]?.id, reportedOn: fromDay(todayBeijing()), occurredOn: fromDay(todayBeijing()), reportChannel: 'teacher', injury: false, violence: false }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="schoolId" label="学校" hidden={schools.length <= 1} rules={[{ required: true, message: '请选择学校' }]}>
          <Select options={schools.map((s) => ({ value: s.id, label: s.name }))} />
        </Form.Item>
        <Form.Item name="reportChannel" label="报告渠道" rules={[{ required: true, message: '请选择报告渠道' }]}>
          <Select options={reportChannels.map((k) => ({ value: k, label: reportChannelLabels[k] }))} />
        </Form.Item>
        <Form.Item name="reporter" label="报告人" rules={[{ required: true, whitespace: true, message: '请填写报告人' }]}>
          <Input placeholder="如：班主任李老师；匿名求助" data-testid="bullying-reporter" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="occurredOn" label="发生日期" rules={[{ required: true, message: '请选择发生日期' }]} style={{ width: '50%' }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="reportedOn" label="报告日期" rules={[{ required: true, message: '请选择报告日期' }]} style={{ width: '50%' }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="place" label="发生地点" rules={[{ required: true, whitespace: true, message: '请填写发生地点' }]}>
          <Input placeholder="如：教学楼二楼厕所" data-testid="bullying-place" />
        </Form.Item>
        <Form.Item name="caseSummary" label="事件经过（加密保存）" rules={[{ required: true, whitespace: true, message: '请填写事件经过' }]}>
          <Input.TextArea rows={3} data-testid="bullying-summary" />
        </Form.Item>
        <Form.Item name="targets" label="被欺凌学生（从本校重点学生中选择）" rules={[{ required: true, message: '请至少选择一名被欺凌学生' }]} extra={options.length ? undefined : '本校重点学生台账中还没有学生：请先在“重点学生包靠”中建档，再登记事件'}>
          <Select mode="multiple" options={options} optionFilterProp="label" data-testid="bullying-targets" />
        </Form.Item>
        <Form.Item name="actors" label="实施欺凌学生">
          <Select mode="multiple" options={options} optionFilterProp="label" />
        </Form.Item>
        <Space>
          <Form.Item name="injury" valuePropName="checked">
            <Checkbox>有人受伤</Checkbox>
          </Form.Item>
          <Form.Item name="violence" valuePropName="checked">
            <Checkbox>涉及暴力</Checkbox>
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary">有人受伤或涉及暴力的事件将同时报告为突发事件（欺凌与暴力），按时限续报。</Typography.Paragraph>
      </Form>
    </Drawer>
  );
}

function StepForm({ c, step, onDone }: { c: BullyingCaseView; step: 'determine' | 'handle' | 'follow_up' | 'close'; onDone: (v: BullyingCaseView) => void }) {
  const [form] = Form.useForm();
  const save = useMutation({
    mutationFn: (v: Record<string, any>) => {
      if (step === 'determine') return bullyingApi.determine(c.id, { version: c.version, isBullying: v.isBullying, reasons: v.reasons });
      if (step === 'handle')
        return bullyingApi.handle(c.id, { version: c.version, handledOn: toDay(v.handledOn)!, handlingMeasures: v.handlingMeasures ?? [], admonishedBy: v.admonishedBy || null, socialWorker: v.socialWorker || null, handlingNote: v.handlingNote });
      if (step === 'follow_up') return bullyingApi.followUp(c.id, { version: c.version, followUpOn: toDay(v.followUpOn)!, caseFollowUpNote: v.caseFollowUpNote });
      return bullyingApi.close(c.id, { version: c.version, closedOn: toDay(v.closedOn)! });
    },
    onSuccess: (v) => (form.resetFields(), onDone(v)),
    onError: (err) => {
      applyServerErrors(form, err, ['isBullying', 'reasons', 'handledOn', 'handlingMeasures', 'admonishedBy', 'socialWorker', 'handlingNote', 'followUpOn', 'caseFollowUpNote', 'closedOn']);
    },
  });
  const today = fromDay(todayBeijing());
  const title = { determine: '认定（委员会成员签署）', handle: '处置', follow_up: '回访', close: '结案' }[step];
  return (
    <Card size="small" title={title} style={{ marginTop: 12 }}>
      <Form form={form} layout="vertical" initialValues={{ handledOn: today, followUpOn: today, closedOn: today }} onFinish={(v) => save.mutate(v)}>
        {step === 'determine' && (
          <>
            <Form.Item name="isBullying" label="是否构成欺凌" rules={[{ required: true, message: '请选择是否构成欺凌' }]}>
              <Radio.Group data-testid="bullying-is-bullying" options={[{ value: true, label: '构成欺凌' }, { value: false, label: '不构成欺凌' }]} />
            </Form.Item>
            <Form.Item name="reasons" label="认定理由" rules={[{ required: true, whitespace: true, message: '请填写认定理由' }]}>
              <Input.TextArea rows={3} data-testid="bullying-reasons" />
            </Form.Item>
          </>
        )}
        {step === 'handle' && (
          <>
            <Form.Item name="handledOn" label="处置日期" rules={[{ required: true, message: '请选择处置日期' }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="handlingMeasures" label="处置措施" rules={[{ required: true, message: '请至少选择一项处置措施' }]}>
              <Checkbox.Group options={handlingMeasures.map((m) => ({ value: m, label: handlingMeasureLabels[m] }))} />
            </Form.Item>
            <Form.Item name="admonishedBy" label="实施训诫的法治副校长（选训诫时必填）">
              <Input />
            </Form.Item>
            <Form.Item name="socialWorker" label="青少年社工（姓名或机构，选社工介入时必填）">
              <Input />
            </Form.Item>
            <Form.Item name="handlingNote" label="处置情况" rules={[{ required: true, whitespace: true, message: '请填写处置情况' }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </>
        )}
        {step === 'follow_up' && (
          <>
            <Form.Item name="followUpOn" label="回访日期" rules={[{ required: true, message: '请选择回访日期' }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="caseFollowUpNote" label="回访情况" rules={[{ required: true, whitespace: true, message: '请填写回访情况' }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        )}
        {step === 'close' && (
          <Form.Item name="closedOn" label="结案日期" rules={[{ required: true, message: '请选择结案日期' }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={save.isPending} size="large" block data-testid={`bullying-step-${step}`}>
          {step === 'determine' ? '签署认定' : '保存'}
        </Button>
      </Form>
    </Card>
  );
}

function CaseDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const qc = useQueryClient();
  const [purpose, setPurpose] = useState<CaseReadPurpose | undefined>();
  const [step, setStep] = useState<'determine' | 'handle' | 'follow_up' | 'close' | null>(null);
  const q = useQuery({ queryKey: [...BULLYING_KEY, 'case', id, purpose], queryFn: () => bullyingApi.case(id!, purpose!), enabled: Boolean(id && purpose), gcTime: 0 });
  const c = q.data;
  const done = (v: BullyingCaseView) => {
    qc.setQueryData([...BULLYING_KEY, 'case', id, purpose], v);
    void qc.invalidateQueries({ queryKey: [...BULLYING_KEY, 'cases'] });
    setStep(null);
  };
  const close = () => (setPurpose(undefined), setStep(null), onClose());
  return (
    <Drawer open={id !== null} onClose={close} title="欺凌事件" width={drawerWidth()} destroyOnHidden>
      {!purpose && (
        <Form layout="vertical">
          <Form.Item label="查阅目的（记入审计日志）" required>
            <Select data-testid="bullying-purpose" placeholder="请选择查阅目的" options={caseReadPurposes.map((p) => ({ value: p, label: caseReadPurposeLabels[p] }))} onChange={(v) => setPurpose(v)} />
          </Form.Item>
        </Form>
      )}
      {c && (
        <>
          {c.inquiryOverdueDays > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={`调查已逾期 ${c.inquiryOverdueDays} 天（期限 ${c.inquiryDueOn}，规则包：${c.inquiryDays} 日内完成调查认定）`} />}
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="状态">
              <Tag color={statusColor[c.status]} data-testid="bullying-case-status">{caseStatusLabels[c.status]}</Tag>
              {c.incidentId && <Tag color="red">已报告突发事件</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="报告">{`${c.reportedOn} ${reportChannelLabels[c.reportChannel]}：${c.reporter}`}</Descriptions.Item>
            <Descriptions.Item label="发生">{`${c.occurredOn} ${c.place}${c.injury ? '，有人受伤' : ''}${c.violence ? '，涉及暴力' : ''}`}</Descriptions.Item>
            <Descriptions.Item label="事件经过">{c.caseSummary}</Descriptions.Item>
            <Descriptions.Item label="涉及学生">{c.pupils.map((p) => `${pupilRoleLabels[p.pupilRole]}：${p.studentName || p.maskedName}${p.grade === null ? '' : `（${p.grade}年级${p.className}）`}`).join('；')}</Descriptions.Item>
            <Descriptions.Item label="调查期限">{c.inquiryDueOn}</Descriptions.Item>
            {c.determination && (
              <Descriptions.Item label="认定">{`${c.determination.isBullying ? '构成欺凌' : '不构成欺凌'}。${c.determination.reasons}（${committeeRoleLabels[c.determination.committeeRole]} ${c.determination.byName} 签署于 ${c.determination.at.slice(0, 10)}）`}</Descriptions.Item>
            )}
            {c.handling && (
              <Descriptions.Item label="处置">
                {`${c.handling.handledOn} ${c.handling.measures.map((m) => handlingMeasureLabels[m]).join('、')}${c.handling.admonishedBy ? `；训诫：${c.handling.admonishedBy}` : ''}${c.handling.socialWorker ? `；社工：${c.handling.socialWorker}` : ''}。${c.handling.note}`}
              </Descriptions.Item>
            )}
            {c.followUps.length > 0 && <Descriptions.Item label="回访">{c.followUps.map((f) => `${f.heldOn} ${f.byName}：${f.note}`).join('；')}</Descriptions.Item>}
            {c.closedOn && <Descriptions.Item label="结案">{c.closedOn}</Descriptions.Item>}
          </Descriptions>
          <Space wrap style={{ marginTop: 12 }}>
            {c.actions.map((a) => (
              <Button key={a} size="large" data-testid={`bullying-action-${a}`} onClick={() => setStep(a)} type={step === a ? 'primary' : 'default'}>
                {{ determine: '认定', handle: '处置', follow_up: '回访', close: '结案' }[a]}
              </Button>
            ))}
          </Space>
          {c.status === 'inquiry' && !c.actions.includes('determine') && <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>认定须由本校欺凌治理委员会成员签署。</Typography.Paragraph>}
          {step && <StepForm c={c} step={step} onDone={done} />}
        </>
      )}
    </Drawer>
  );
}

function CasesTab({ schools }: { schools: School[] }) {
  const [filters, setFilters] = useState<{ status?: string; overdue?: string; determination?: string }>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const q = useQuery({ queryKey: [...BULLYING_KEY, 'cases', filters, page], queryFn: () => bullyingApi.cases({ ...filters, ...page }), placeholderData: keepPreviousData });
  const columns: TableColumnsType<CaseRow> = [
    { title: '报告日期', dataIndex: 'reportedOn' },
    { title: '学校', dataIndex: 'schoolName' },
    { title: '涉及学生', render: (_, r) => r.pupils.map((p) => `${p.maskedName}（${pupilRoleLabels[p.pupilRole].replace('学生', '')}）`).join('、') },
    { title: '状态', render: (_, r) => <Tag color={statusColor[r.status]}>{caseStatusLabels[r.status]}</Tag> },
    { title: '认定', render: (_, r) => (r.isBullying === null ? '—' : r.isBullying ? <Tag color="red">构成欺凌</Tag> : <Tag>不构成欺凌</Tag>) },
    { title: '调查期限', render: (_, r) => (r.inquiryOverdueDays > 0 ? <Tag color="red">{`${r.inquiryDueOn} 逾期 ${r.inquiryOverdueDays} 天`}</Tag> : r.inquiryDueOn) },
    { title: '操作', render: (_, r) => <Button type="link" onClick={() => setOpen(r.id)}>查看</Button> },
  ];
  return (
    <>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <Select allowClear placeholder="状态" style={{ width: 120 }} options={caseStatuses.map((s) => ({ value: s, label: caseStatusLabels[s] }))} onChange={(v) => (setFilters({ ...filters, status: v }), setPage({ ...page, page: 1 }))} />
          <Select allowClear placeholder="认定结论" style={{ width: 140 }} options={[{ value: 'bullying', label: '构成欺凌' }, { value: 'not_bullying', label: '不构成欺凌' }, { value: 'pending', label: '待认定' }]} onChange={(v) => setFilters({ ...filters, determination: v })} />
          <Select allowClear placeholder="调查期限" style={{ width: 140 }} options={[{ value: 'true', label: '已逾期' }, { value: 'false', label: '未逾期' }]} onChange={(v) => setFilters({ ...filters, overdue: v })} />
        </Space>
        {schools.length > 0 && (
          <Button type="primary" size="large" onClick={() => setCreating(true)} data-testid="bullying-new-case">
            登记欺凌事件
          </Button>
        )}
      </Space>
      <Table rowKey="id" size="middle" columns={columns} dataSource={q.data?.items ?? []} loading={q.isFetching} scroll={{ x: 'max-content' }} onRow={(r) => ({ onClick: () => setOpen(r.id) })} locale={{ emptyText: <Empty description="暂无欺凌事件：学生、家长、教师或求助电话反映的事件，点击“登记欺凌事件”登记" /> }} pagination={{ current: page.page, pageSize: page.pageSize, pageSizeOptions: [20, 50, 100], total: q.data?.total ?? 0, onChange: (p, s) => setPage({ page: p, pageSize: s }) }} />
      <NewCaseDrawer open={creating} schools={schools} onClose={() => setCreating(false)} onCreated={(id) => setOpen(id)} />
      <CaseDrawer id={open} onClose={() => setOpen(null)} />
    </>
  );
}

// ---- the committee, meetings and the help line -------------------------------------------------------------

function CommitteeTab({ schoolId }: { schoolId: number }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: [...BULLYING_KEY, 'committee', schoolId], queryFn: () => bullyingApi.committee(schoolId) });
  const [memberForm] = Form.useForm();
  const [meetingForm] = Form.useForm();
  const [lineForm] = Form.useForm();
  const refresh = () => void qc.invalidateQueries({ queryKey: BULLYING_KEY });
  const appoint = useMutation({ mutationFn: (v: any) => bullyingApi.appoint(v), onSuccess: () => (memberForm.resetFields(), refresh()), onError: (e) => void applyServerErrors(memberForm, e, ['userId', 'committeeRole']) });
  const remove = useMutation({ mutationFn: (id: number) => bullyingApi.remove(id), onSuccess: refresh });
  const meeting = useMutation({
    mutationFn: (v: any) => bullyingApi.createMeeting({ schoolId, meetingOn: toDay(v.meetingOn)!, meetingTopic: v.meetingTopic, attendees: v.attendees }),
    onSuccess: () => (meetingForm.resetFields(), refresh()),
    onError: (e) => void applyServerErrors(meetingForm, e, ['meetingOn', 'meetingTopic', 'attendees']),
  });
  const line = useMutation({
    mutationFn: (v: any) => bullyingApi.putHelpLine({ version: q.data?.helpLine?.version ?? 0, helpLinePhone: v.helpLinePhone, helpLineHours: v.helpLineHours, contacts: [{ name: v.contactName, post: v.contactPost, phone: v.contactPhone }] }),
    onSuccess: refresh,
    onError: (e) => void applyServerErrors(lineForm, e, ['helpLinePhone', 'helpLineHours', 'contacts']),
  });
  const v = q.data;
  if (!v) return null;
  const first = v.helpLine?.contacts[0];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title="欺凌治理委员会成员（001 第10条）">
        <List
          dataSource={v.members}
          locale={{ emptyText: v.canManage ? '尚未任命委员会成员：在下方选择本校教职工任命' : '尚未任命委员会成员' }}
          renderItem={(m) => (
            <List.Item actions={v.canManage ? [<Button key="r" type="link" danger onClick={() => remove.mutate(m.id)}>免去</Button>] : []}>
              {m.displayName} <Tag>{committeeRoleLabels[m.committeeRole]}</Tag>
            </List.Item>
          )}
        />
        {v.canManage && (
          <Form form={memberForm} layout="inline" onFinish={(x) => appoint.mutate(x)}>
            <Form.Item name="userId" rules={[{ required: true, message: '请选择人员' }]}>
              <Select placeholder="本校教职工" style={{ width: 160 }} options={v.candidates.map((c) => ({ value: c.id, label: c.displayName }))} showSearch optionFilterProp="label" />
            </Form.Item>
            <Form.Item name="committeeRole" rules={[{ required: true, message: '请选择委员会职务' }]}>
              <Select placeholder="职务" style={{ width: 130 }} options={committeeRoles.map((r) => ({ value: r, label: committeeRoleLabels[r] }))} />
            </Form.Item>
            <Button htmlType="submit" loading={appoint.isPending}>任命</Button>
          </Form>
        )}
      </Card>
      <Card size="small" title="委员会会议">
        <Table rowKey="id" size="small" pagination={false} dataSource={v.meetings} locale={{ emptyText: '暂无会议记录：每学期至少召开一次，研究苗头排摸与事件处置' }} columns={[{ title: '日期', dataIndex: 'heldOn' }, { title: '议题', dataIndex: 'topic' }, { title: '参会', dataIndex: 'attendees', render: (n: number) => `${n} 人` }, { title: '登记人', dataIndex: 'createdByName' }]} />
        {v.canRecordMeeting && (
          <Form form={meetingForm} layout="inline" style={{ marginTop: 8 }} initialValues={{ meetingOn: fromDay(todayBeijing()) }} onFinish={(x) => meeting.mutate(x)}>
            <Form.Item name="meetingOn" rules={[{ required: true, message: '请选择会议日期' }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="meetingTopic" rules={[{ required: true, whitespace: true, message: '请填写会议议题' }]}>
              <Input placeholder="会议议题" />
            </Form.Item>
            <Form.Item name="attendees" rules={[{ required: true, message: '请填写参会人数' }, numberRule(1, 100, { integer: true, unit: '人' })]}>
              <InputNumber placeholder="参会人数" addonAfter="人" />
            </Form.Item>
            <Button htmlType="submit" loading={meeting.isPending}>登记会议</Button>
          </Form>
        )}
      </Card>
      <Card size="small" title="学生求助电话和联系人（002 第4项）">
        {v.helpLine ? (
          <Typography.Paragraph>{`求助电话 ${v.helpLine.phone}（${v.helpLine.hours}）；联系人：${v.helpLine.contacts.map((c) => `${c.name}（${c.post}）${c.phone}`).join('、')}`}</Typography.Paragraph>
        ) : (
          <Typography.Paragraph type="warning">尚未设立学生求助电话{v.canManage ? '：请在下方填写并公布' : ''}</Typography.Paragraph>
        )}
        {v.canManage && (
          <Form form={lineForm} layout="vertical" initialValues={{ helpLinePhone: v.helpLine?.phone, helpLineHours: v.helpLine?.hours, contactName: first?.name, contactPost: first?.post, contactPhone: first?.phone }} onFinish={(x) => line.mutate(x)}>
            <Space wrap>
              <Form.Item name="helpLinePhone" label="求助电话" rules={[{ required: true, message: '请填写求助电话' }]}>
                <Input />
              </Form.Item>
              <Form.Item name="helpLineHours" label="接听时间" rules={[{ required: true, message: '请填写接听时间' }]}>
                <Input placeholder="如：工作日 7:30–17:30" />
              </Form.Item>
              <Form.Item name="contactName" label="联系人" rules={[{ required: true, message: '请填写联系人姓名' }]}>
                <Input />
              </Form.Item>
              <Form.Item name="contactPost" label="职务" rules={[{ required: true, message: '请填写联系人职务' }]}>
                <Input />
              </Form.Item>
              <Form.Item name="contactPhone" label="联系人电话" rules={[{ required: true, message: '请填写联系人电话' }]}>
                <Input />
              </Form.Item>
            </Space>
            <Button htmlType="submit" loading={line.isPending}>保存求助电话</Button>
          </Form>
        )}
      </Card>
    </Space>
  );
}

// ---- screening of early signs ------------------------------------------------------------------------------

function ScreeningsTab({ schools }: { schools: School[] }) {
  const qc = useQueryClient();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const q = useQuery({ queryKey: [...BULLYING_KEY, 'screenings', page], queryFn: () => bullyingApi.screenings(page), placeholderData: keepPreviousData });
  const save = useMutation({
    mutationFn: (v: any) => bullyingApi.createScreening({ schoolId: v.schoolId, screeningOn: toDay(v.screeningOn)!, studentGrade: v.studentGrade, className: v.className, pupilsScreened: v.pupilsScreened, signsFound: v.signsFound, followUpNeeded: v.followUpNeeded }),
    onSuccess: () => (void qc.invalidateQueries({ queryKey: BULLYING_KEY }), form.resetFields(), setCreating(false)),
    onError: (e) => void applyServerErrors(form, e, ['schoolId', 'screeningOn', 'studentGrade', 'className', 'pupilsScreened', 'signsFound', 'followUpNeeded']),
  });
  return (
    <>
      {schools.length > 0 && (
        <Space style={{ marginBottom: 12 }}>
          <Button type="primary" onClick={() => setCreating(true)}>登记班级排摸</Button>
        </Space>
      )}
      <Table
        rowKey="id"
        size="middle"
        dataSource={q.data?.items ?? []}
        loading={q.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={schools.length ? '本学期尚未排摸：每学期按班级排摸欺凌、敲诈、性侵等苗头（000 第13条），点击“登记班级排摸”' : '暂无排摸记录'} /> }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: q.data?.total ?? 0, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={[
          { title: '学校', dataIndex: 'schoolName' },
          { title: '年级班级', render: (_, r) => `${r.studentGrade}年级${r.className}` },
          { title: '排摸日期', dataIndex: 'screeningOn' },
          { title: '排摸人数', dataIndex: 'pupilsScreened', render: (n: number) => `${n} 人` },
          { title: '发现苗头', dataIndex: 'signsFound', render: (n: number) => (n ? <Tag color="orange">{n} 人</Tag> : '0 人') },
          { title: '需跟进', dataIndex: 'followUpNeeded', render: (n: number) => `${n} 人` },
        ]}
      />
      <Drawer open={creating} onClose={() => setCreating(false)} title="登记班级欺凌苗头排摸" width={drawerWidth()} destroyOnHidden extra={<Button type="primary" loading={save.isPending} onClick={() => form.submit()}>保存</Button>}>
        <Form form={form} layout="vertical" initialValues={{ schoolId: schools[0]?.id, screeningOn: fromDay(todayBeijing()), signsFound: 0, followUpNeeded: 0 }} onFinish={(v) => save.mutate(v)}>
          <Form.Item name="schoolId" label="学校" hidden={schools.length <= 1} rules={[{ required: true, message: '请选择学校' }]}>
            <Select options={schools.map((s) => ({ value: s.id, label: s.name }))} />
          </Form.Item>
          <Form.Item name="studentGrade" label="年级" rules={[{ required: true, message: '请选择年级' }]}>
            <Select options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `${i + 1}年级` }))} />
          </Form.Item>
          <Form.Item name="className" label="班级" rules={[{ required: true, whitespace: true, message: '请填写班级' }]}>
            <Input placeholder="如：1班" />
          </Form.Item>
          <Form.Item name="screeningOn" label="排摸日期" rules={[{ required: true, message: '请选择排摸日期' }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="pupilsScreened" label="排摸人数" rules={[{ required: true, message: '请填写排摸人数' }, numberRule(1, 10000, { integer: true, unit: '人' })]}>
            <InputNumber addonAfter="人" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="signsFound" label="发现苗头人数" rules={[numberRule(0, 10000, { integer: true, unit: '人' })]}>
            <InputNumber addonAfter="人" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="followUpNeeded" label="需跟进人数（需跟进的学生请在重点学生台账建档并登记事件）" rules={[numberRule(0, 10000, { integer: true, unit: '人' })]}>
            <InputNumber addonAfter="人" style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Drawer>
    </>
  );
}

// ---- counts upward ----------------------------------------------------------------------------------------

function SummaryTab() {
  const q = useQuery({ queryKey: [...BULLYING_KEY, 'summary'], queryFn: () => bullyingApi.summary({}) });
  const columns: TableColumnsType<BullyingSummaryRow> = [
    { title: '学校', dataIndex: 'schoolName', fixed: 'left' },
    { title: '镇街', dataIndex: 'townName', render: (v: string | null) => v ?? '—' },
    { title: '委员会', dataIndex: 'committeeMembers', render: (n: number) => (n ? `${n} 人` : <Tag color="orange">未组建</Tag>) },
    { title: '求助电话', dataIndex: 'helpLine', render: (b: boolean) => (b ? <Tag color="green">已设立</Tag> : <Tag color="orange">未设立</Tag>) },
    { title: '本学期排摸', render: (_, r) => (r.screenedClasses ? `${r.screenedClasses} 个班，苗头 ${r.signsFound} 人` : <Tag color="orange">未排摸</Tag>) },
    ...caseStatuses.map((k) => ({ title: caseStatusLabels[k], render: (_: unknown, r: BullyingSummaryRow) => `${r.byStatus[k] ?? 0} 件` })),
    { title: '构成欺凌', dataIndex: 'bullying', render: (n: number) => `${n} 件` },
    { title: '调查逾期', dataIndex: 'overdueInquiries', render: (n: number) => (n ? <Tag color="red">{n} 件</Tag> : '0 件') },
  ];
  return <Table rowKey="schoolId" size="middle" columns={columns} dataSource={q.data?.items ?? []} loading={q.isFetching} scroll={{ x: 'max-content' }} pagination={{ pageSizeOptions: [20, 50, 100], defaultPageSize: 20 }} locale={{ emptyText: '范围内暂无学校' }} />;
}

export default function BullyingPage() {
  const me = useBullyingMe().data;
  const [tab, setTab] = useState<string | undefined>();
  const schools: School[] = me ? [...me.schools] : [];
  const own = schools[0]?.id;
  const line = useQuery({ queryKey: [...BULLYING_KEY, 'committee', own], queryFn: () => bullyingApi.committee(own!), enabled: Boolean(own) }).data?.helpLine;
  if (!me) return null;
  const items = [
    ...(schools.length ? [{ key: 'cases', label: '事件台账', children: <CasesTab schools={schools} /> }] : []),
    ...(own ? [{ key: 'committee', label: '委员会与求助电话', children: <CommitteeTab schoolId={own} /> }] : []),
    ...(schools.length || me.canSummary ? [{ key: 'screenings', label: '苗头排摸', children: <ScreeningsTab schools={schools} /> }] : []),
    ...(me.canSummary ? [{ key: 'summary', label: '统计', children: <SummaryTab /> }] : []),
  ];
  const current = tab ?? items[0]?.key;
  return (
    <>
      <PageHeader
        title="欺凌防治"
        subTitle={line ? `学生求助电话 ${line.phone}（${line.hours}）` : '早摸排、早发现、早处置（001 第10条）；本校以外只见数字，不见姓名'}
        extra={current === 'summary' && me.canSummary ? <ExportButton path="/bullying/summary/export" query={{}} testId="bullying-summary-export" /> : undefined}
      />
      {!me.keyReady && <Alert type="error" showIcon message="服务器未配置加密密钥，暂不能登记或查阅欺凌事件" style={{ marginBottom: 12 }} />}
      {items.length ? <Tabs activeKey={current} onChange={setTab} items={items} /> : <Empty description="您不在任何学校的欺凌防治范围内" />}
    </>
  );
}
