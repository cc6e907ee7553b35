// 晨午检: the daily health checks (001 item 16) — per class and session, absent and absent for illness,
// the symptoms seen and each illness absence followed up; filters (town, school, stage, session, ill,
// days), export, record in a drawer. Possible outbreaks (by the rule pack's thresholds) are shown on top.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Form, Input, InputNumber, Radio, Select, Space, Tag, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { schoolStageLabels } from '../../contracts/enums.js';
import { checkSessionLabels, checkSessions, type HealthCheckListQuery, type HealthCheckView, type OutbreakSignalList, type CreateHealthCheck, type UpdateHealthCheck } from '../../contracts/health-checks.js';
import { recordStatuses, recordStatusLabels } from '../../contracts/ledger.js';
import { symptomLabels, symptoms, type Symptom } from '../../domain/health-checks.js';
import { http, type Page } from '../api.js';
import { useCan, useMe } from '../auth.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { ImportButton } from '../components/ImportButton.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { fromDay, toDay } from '../dates.js';
import { voidBody, type QueryOf } from '../ledger/ledgerApi.js';
import { CreateButton, DayRangeFilter, LedgerDrawer, LedgerList, recordActionsColumn, useFilterKeys, useLedgerDrawers } from '../ledger/ledgerPage.js';
import { PlaceFilters, RecordStatusTag, SchoolField, VoidRecordModal, isDay, schoolColumn, useLedgerSave, useLedgerViewer } from '../ledger/ledgerParts.js';
import { numberRule } from '../forms.js';
import { DEFAULT_OUTBREAK } from '../../domain/rules/outbreak-signals.js';
import { outbreakRuleText, useOutbreakThresholds } from './OutbreakThresholdsCard.js';

type Query = QueryOf<Omit<HealthCheckListQuery, 'ill'>> & { ill?: 'true' };
const KEY = ['health-checks'] as const;
const healthApi = {
  list: (q: Query) => http.get<Page<HealthCheckView>>('/health-checks', q),
  signals: () => http.get<OutbreakSignalList>('/health-checks/signals'),
  create: (b: CreateHealthCheck) => http.post<HealthCheckView>('/health-checks', b),
  update: (id: number, b: UpdateHealthCheck) => http.patch<HealthCheckView>(`/health-checks/${id}`, b),
  void: (id: number, version: number, reason: string) => http.post<HealthCheckView>(`/health-checks/${id}/void`, voidBody(version, reason)),
};

interface Values {
  schoolId?: number;
  checkedOn?: Dayjs;
  session?: HealthCheckView['session'];
  className?: string;
  checkerName?: string;
  enrolled?: number;
  absent?: number;
  absentIll?: number;
  symptoms?: Partial<Record<Symptom, number>>;
  illCases?: Array<{ student: string; symptom: Symptom; followUp: string }>;
  note?: string;
}
const FIELDS = ['schoolId', 'checkedOn', 'session', 'className', 'checkerName', 'enrolled', 'absent', 'absentIll', 'symptoms', 'illCases', 'note'] as const;

function HealthCheckDrawer({ open, record, onClose }: { open: boolean; record: HealthCheckView | null; onClose: () => void }) {
  const thresholds = useOutbreakThresholds();
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const isSchool = me.unit.kind === 'school';
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (record) form.setFieldsValue({ ...record, checkedOn: fromDay(record.checkedOn), note: record.note ?? undefined, illCases: record.illCases as Values['illCases'] });
    else form.setFieldsValue({ schoolId: isSchool ? me.unit.id : undefined, checkedOn: dayjs(), session: dayjs().hour() < 11 ? 'morning' : 'noon', checkerName: me.user.displayName, absent: 0, absentIll: 0, illCases: [] });
  }, [open, record, form, isSchool, me]);
  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: KEY,
    onClose,
    save: (v: Values) => {
      const body = {
        checkedOn: toDay(v.checkedOn)!,
        session: v.session!,
        className: v.className!.trim(),
        checkerName: v.checkerName!.trim(),
        enrolled: v.enrolled!,
        absent: v.absent ?? 0,
        absentIll: v.absentIll ?? 0,
        symptoms: Object.fromEntries(Object.entries(v.symptoms ?? {}).filter(([, n]) => typeof n === 'number' && n > 0)),
        illCases: v.illCases ?? [],
        note: v.note?.trim() || null,
      };
      return record ? healthApi.update(record.id, { version: record.version, ...body }) : healthApi.create({ schoolId: v.schoolId!, ...body, fileIds: [] });
    },
    done: (r) => `已登记 ${r.className} ${r.checkedOn} ${checkSessionLabels[r.session]}`,
  });
  return (
    <LedgerDrawer open={open} onClose={onClose} title={record ? '修改晨午检记录' : '登记晨午检'} width={620} saving={save.isPending} onSave={() => form.submit()} testId="health">
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={record?.schoolName} testId="health-school" />
        <Space wrap align="start">
          <Form.Item name="checkedOn" label="检查日期" rules={[{ required: true, message: '请填写检查日期' }]}>
            <DatePicker style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="session" label="检查时段" rules={[{ required: true, message: '请选择晨检或午检' }]}>
            <Radio.Group optionType="button" options={checkSessions.map((s) => ({ value: s, label: checkSessionLabels[s] }))} />
          </Form.Item>
          <Form.Item name="className" label="班级" rules={[{ required: true, whitespace: true, message: '请填写班级' }]}>
            <Input maxLength={30} style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="checkerName" label="检查人" rules={[{ required: true, whitespace: true, message: '请填写检查人' }]}>
            <Input maxLength={30} style={{ width: 130 }} />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="enrolled" label="应到人数" rules={[numberRule(1, 500, { integer: true }), { required: true, message: '请填写应到人数' }]}>
            <InputNumber precision={0} suffix="人" />
          </Form.Item>
          <Form.Item name="absent" label="缺勤人数" rules={[numberRule(0, 500, { integer: true }), { required: true, message: '请填写缺勤人数' }]}>
            <InputNumber precision={0} suffix="人" />
          </Form.Item>
          <Form.Item name="absentIll" label="因病缺勤人数" rules={[numberRule(0, 500, { integer: true }), { required: true, message: '请填写因病缺勤人数' }]}>
            <InputNumber precision={0} suffix="人" />
          </Form.Item>
        </Space>
        <Form.Item label="在校学生症状人数" extra={`${outbreakRuleText(thresholds.data ?? DEFAULT_OUTBREAK)}，将提示校医和教育局疑似聚集性疫情`}>
          <Space wrap>
            {symptoms.map((s) => (
              <Form.Item key={s} name={['symptoms', s]} noStyle rules={[numberRule(0, 500, { integer: true })]}>
                <InputNumber precision={0} addonBefore={symptomLabels[s]} style={{ width: 130 }} />
              </Form.Item>
            ))}
          </Space>
        </Form.Item>
        <Form.Item label="因病缺课追踪" name="illCases" rules={[{ validator: async () => undefined }]}>
          <Form.List name="illCases">
            {(items, { add, remove }) => (
              <>
                {items.map((f) => (
                  <Space key={f.key} align="start" wrap>
                    <Form.Item name={[f.name, 'student']} rules={[{ required: true, message: '请填写学生姓名' }]}>
                      <Input placeholder="学生姓名" maxLength={30} style={{ width: 110 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'symptom']} rules={[{ required: true, message: '请选择症状' }]}>
                      <Select placeholder="症状" style={{ width: 100 }} options={symptoms.map((s) => ({ value: s, label: symptomLabels[s] }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'followUp']} rules={[{ required: true, message: '请填写追踪情况' }]}>
                      <Input placeholder="就诊、诊断、返校情况" maxLength={200} style={{ width: 240 }} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} style={{ marginTop: 8 }} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ symptom: 'fever' })}>
                  添加因病缺勤学生
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}

const symptomText = (r: HealthCheckView) =>
  Object.entries(r.symptoms)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${symptomLabels[s as Symptom] ?? s} ${n}`)
    .join('、') || '—';

export default function HealthChecksPage() {
  const thresholds = useOutbreakThresholds();
  const { isSchool } = useLedgerViewer();
  const can = useCan();
  const canWrite = can('health_check.record');
  const s = useSearchState();
  const d = useLedgerDrawers<HealthCheckView>();
  const query: Query = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    stage: pick(s.get('stage'), Object.keys(schoolStageLabels) as Array<keyof typeof schoolStageLabels>),
    session: pick(s.get('session'), checkSessions),
    ill: s.get('ill') === 'true' ? 'true' : undefined,
    from: isDay(s.get('from')),
    to: isDay(s.get('to')),
    status: pick(s.get('status'), recordStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...KEY, 'list', query], queryFn: () => healthApi.list(query), placeholderData: keepPreviousData });
  const signals = useQuery({ queryKey: [...KEY, 'signals'], queryFn: healthApi.signals });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'stage', 'session', 'ill', 'from', 'to', 'status']);
  const columns: TableColumnsType<HealthCheckView> = [
    ...schoolColumn<HealthCheckView>(isSchool),
    { title: '日期', dataIndex: 'checkedOn', width: 110 },
    { title: '时段', dataIndex: 'session', width: 70, render: (v: HealthCheckView['session']) => checkSessionLabels[v] },
    { title: '班级', dataIndex: 'className', width: 110 },
    { title: '应到 / 缺勤 / 因病', key: 'counts', width: 140, render: (_: unknown, r) => `${r.enrolled} / ${r.absent} / ${r.absentIll}` },
    { title: '症状', key: 'symptoms', width: 150, render: (_: unknown, r) => symptomText(r) },
    { title: '因病缺课追踪', key: 'ill', width: 300, ellipsis: true, render: (_: unknown, r) => r.illCases.map((c) => `${c.student}（${symptomLabels[c.symptom as Symptom] ?? c.symptom}）${c.followUp}`).join('；') || '—' },
    { title: '检查人', dataIndex: 'checkerName', width: 90 },
    { title: '状态', dataIndex: 'status', width: 80, render: (v: HealthCheckView['status'], r) => <RecordStatusTag status={v} voidReason={r.voidReason} /> },
    ...recordActionsColumn<HealthCheckView>({ canWrite, testId: 'health', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];
  return (
    <>
      <PageHeader
        title="晨午检"
        subTitle="严格落实晨午检、因病缺课缺勤追踪上报制度，早发现、早报告、早处置（001 第16条）"
        extra={
          <Space wrap>
            <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="health-create">
              登记晨午检
            </CreateButton>
            <ExportButton path="/health-checks/export" query={query} testId="health-export" />
            <ImportButton kind="health_checks" testId="health-import" />
          </Space>
        }
      />
      {!!signals.data?.items.length && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={`疑似聚集性疫情（近 ${(thresholds.data ?? DEFAULT_OUTBREAK).schoolDays} 天晨午检）`}
          description={signals.data.items.map((x, i) => (
            <div key={i} data-testid="outbreak-signal">
              <Tag color="red">{x.schoolName}</Tag>
              {x.message}
            </div>
          ))}
        />
      )}
      <LedgerList<HealthCheckView>
        testId="health"
        rowIdAttr="data-health-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={clear}
        canWrite={canWrite}
        empty={{ noun: '晨午检记录', hint: '每个上学日每班登记晨检和午检，因病缺勤的学生逐一登记追踪情况' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="health-filter-school" />
            {!isSchool && <EnumFilter placeholder="学段" labels={schoolStageLabels} value={query.stage} onChange={(v) => s.set({ stage: v })} />}
            <EnumFilter placeholder="时段" labels={checkSessionLabels} value={query.session} onChange={(v) => s.set({ session: v })} />
            <EnumFilter placeholder="全部班级记录" labels={{ true: '仅看有因病缺勤' }} value={query.ill} onChange={(v) => s.set({ ill: v })} minWidth={140} />
            <DayRangeFilter from={query.from} to={query.to} />
            <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          </>
        }
      />
      <HealthCheckDrawer open={d.drawerOpen} record={d.editing} onClose={d.closeDrawer} />
      <VoidRecordModal<HealthCheckView>
        record={d.voiding}
        title="作废晨午检记录"
        describe={(r) => `${r.schoolName} · ${r.className} ${r.checkedOn} ${checkSessionLabels[r.session]}。作废后记录保留留痕。`}
        onVoid={(r, reason) => healthApi.void(r.id, r.version, reason)}
        listKey={KEY}
        done="晨午检记录已作废"
        testId="health"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}
