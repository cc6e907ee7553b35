// 食品安全: the food safety ledger (000 item 7 月调度、周排查、日管控; 001 item 17 陪餐 and certificates;
// 002 area 3 the traceability platform) — filters above (town, school, stage, kind, days), record and
// correct in a drawer whose fields follow the kind, void with a reason, Excel export. Samples short
// of 125 g or 48 h, certificates expired or expiring, platforms offline are tagged.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DatePicker, Form, Input, InputNumber, Radio, Select, Space, Switch, Tag, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { schoolStageLabels } from '../../contracts/enums.js';
import {
  SAMPLE_MIN_GRAMS,
  SAMPLE_MIN_HOURS,
  certificateTypeLabels,
  foodKindLabels,
  foodKinds,
  foodPersonLabels,
  mealLabels,
  type FoodKind,
  type FoodView,
} from '../../contracts/food.js';
import { recordStatuses, recordStatusLabels } from '../../contracts/ledger.js';
import { sampleShortfall } from '../../domain/food.js';
import { useMe } from '../auth.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { ImportButton } from '../components/ImportButton.js';
import { FileList } from '../components/FileList.js';
import { PageHeader } from '../components/PageHeader.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { daysUntil, fromDay, toDay } from '../dates.js';
import { CreateButton, DayRangeFilter, LedgerDrawer, LedgerList, recordActionsColumn, useFilterKeys, useLedgerDrawers } from '../ledger/ledgerPage.js';
import { PlaceFilters, RecordStatusTag, SchoolField, VoidRecordModal, isDay, schoolColumn, useLedgerSave, useLedgerViewer } from '../ledger/ledgerParts.js';
import { FOOD_KEY, foodApi, type FoodQuery } from './foodApi.js';
import { numberRule } from '../forms.js';

type Values = Partial<Omit<FoodView, 'recordedOn' | 'expiresOn'>> & { recordedOn?: Dayjs; expiresOn?: Dayjs; fileIds?: number[] };
const FIELDS = ['schoolId', 'kind', 'recordedOn', 'person', 'staffChecked', 'staffUnwell', 'samplesKept', 'sampleGrams', 'sampleHours', 'findingCount', 'meal', 'certificateType', 'certificateNo', 'expiresOn', 'brightKitchenOnline', 'traceabilityOnline', 'content', 'fileIds'] as const;
const num = (name: keyof Values, label: string, suffix: string, max: number) => (
  <Form.Item name={name} label={label} rules={[numberRule(0, max, { integer: true }), { required: true, message: `请填写${label}` }]}>
    <InputNumber precision={0} suffix={suffix} style={{ width: 160 }} data-testid={`food-${String(name)}`} />
  </Form.Item>
);

function FoodFormDrawer({ open, record, onClose }: { open: boolean; record: FoodView | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const isSchool = me.unit.kind === 'school';
  const schoolId = Form.useWatch('schoolId', form);
  const kind = (Form.useWatch('kind', form) ?? record?.kind ?? 'daily_check') as FoodKind;
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (record) form.setFieldsValue({ ...record, recordedOn: fromDay(record.recordedOn), expiresOn: fromDay(record.expiresOn), fileIds: record.files.map((f) => f.id) } as Values);
    else form.setFieldsValue({ schoolId: isSchool ? me.unit.id : undefined, kind: 'daily_check', recordedOn: dayjs(), sampleGrams: SAMPLE_MIN_GRAMS, sampleHours: SAMPLE_MIN_HOURS, fileIds: [] });
  }, [open, record, form, isSchool, me.unit.id]);
  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: FOOD_KEY,
    onClose,
    save: (v: Values) => {
      const body = {
        recordedOn: toDay(v.recordedOn)!,
        person: v.person!.trim(),
        staffChecked: v.staffChecked ?? null,
        staffUnwell: v.staffUnwell ?? null,
        samplesKept: v.samplesKept ?? null,
        sampleGrams: v.sampleGrams ?? null,
        sampleHours: v.sampleHours ?? null,
        findingCount: v.findingCount ?? null,
        meal: v.meal ?? null,
        certificateType: v.certificateType ?? null,
        certificateNo: v.certificateNo?.trim() || null,
        expiresOn: toDay(v.expiresOn) ?? null,
        brightKitchenOnline: v.brightKitchenOnline ?? null,
        traceabilityOnline: v.traceabilityOnline ?? null,
        content: v.content?.trim() || null,
        fileIds: v.fileIds ?? [],
      };
      return record ? foodApi.update(record.id, { version: record.version, ...body }) : foodApi.create({ schoolId: v.schoolId!, kind, ...body });
    },
    done: (r) => (record ? '记录已修改' : `已登记${foodKindLabels[r.kind]}（${r.recordedOn}）`),
  });
  return (
    <LedgerDrawer open={open} onClose={onClose} title={record ? `修改${foodKindLabels[record.kind]}记录` : '登记食品安全记录'} width={600} saving={save.isPending} onSave={() => form.submit()} testId="food">
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={record?.schoolName} testId="food-school" />
        <Form.Item name="kind" label="记录类型" rules={[{ required: true, message: '请选择记录类型' }]}>
          <Radio.Group disabled={!!record} optionType="button" options={foodKinds.map((k) => ({ value: k, label: foodKindLabels[k] }))} data-testid="food-kind" />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="recordedOn" label={kind === 'certificate' ? '发证日期' : '日期'} rules={[{ required: true, message: '请填写日期' }]}>
            <DatePicker style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="person" label={foodPersonLabels[kind]} rules={[{ required: true, whitespace: true, message: `请填写${foodPersonLabels[kind]}` }]}>
            <Input maxLength={50} style={{ width: 220 }} data-testid="food-person" />
          </Form.Item>
        </Space>
        {kind === 'daily_check' && (
          <Space wrap align="start">
            {num('staffChecked', '晨检从业人员数', '人', 1000)}
            {num('staffUnwell', '身体不适人员数', '人', 1000)}
            {num('samplesKept', '留样份数', '份', 200)}
            {num('sampleGrams', '每份留样克数', '克', 5000)}
            {num('sampleHours', '留样时长', '小时', 720)}
          </Space>
        )}
        {kind === 'weekly_check' && num('findingCount', '发现问题数', '项', 1000)}
        {kind === 'accompanied_meal' && (
          <Form.Item name="meal" label="餐次" rules={[{ required: true, message: '请选择餐次' }]}>
            <Radio.Group optionType="button" options={Object.entries(mealLabels).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        )}
        {kind === 'certificate' && (
          <Space wrap align="start">
            <Form.Item name="certificateType" label="证照类型" rules={[{ required: true, message: '请选择证照类型' }]}>
              <Select style={{ width: 180 }} options={Object.entries(certificateTypeLabels).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item name="certificateNo" label="证照编号">
              <Input maxLength={64} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="expiresOn" label="有效期至" rules={[{ required: true, message: '请填写有效期至' }]}>
              <DatePicker style={{ width: 180 }} />
            </Form.Item>
          </Space>
        )}
        {kind === 'platform_status' && (
          <Space wrap>
            <Form.Item name="brightKitchenOnline" label="明厨亮灶在线" valuePropName="checked" initialValue={true}>
              <Switch checkedChildren="在线" unCheckedChildren="离线" />
            </Form.Item>
            <Form.Item name="traceabilityOnline" label="“阳光午餐”追溯平台在线" valuePropName="checked" initialValue={true}>
              <Switch checkedChildren="在线" unCheckedChildren="离线" />
            </Form.Item>
          </Space>
        )}
        <Form.Item name="content" label={kind === 'monthly_dispatch' ? '月调度报告' : kind === 'weekly_check' ? '发现的问题和整改要求' : '记录内容'}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="food-content" />
        </Form.Item>
        <Form.Item name="fileIds" label="照片和文件" extra={schoolId ? '检查表、留样照片、证照扫描件' : '请先选择学校，再上传'}>
          <PhotoUpload unitId={schoolId} files={record?.files} max={20} disabled={!schoolId} label="上传" testId="food-files" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}

function summary(r: FoodView) {
  switch (r.kind) {
    case 'daily_check':
      return `晨检 ${r.staffChecked} 人（不适 ${r.staffUnwell} 人），留样 ${r.samplesKept} 份 ${r.sampleGrams ?? 0} 克 ${r.sampleHours ?? 0} 小时`;
    case 'weekly_check':
      return `发现问题 ${r.findingCount} 项${r.content ? `：${r.content}` : ''}`;
    case 'accompanied_meal':
      return `${r.meal ? mealLabels[r.meal] : ''}陪餐${r.content ? `：${r.content}` : ''}`;
    case 'certificate':
      return `${r.certificateType ? certificateTypeLabels[r.certificateType] : ''} ${r.certificateNo ?? ''}，有效期至 ${r.expiresOn}`;
    case 'platform_status':
      return `明厨亮灶${r.brightKitchenOnline ? '在线' : '离线'}，追溯平台${r.traceabilityOnline ? '在线' : '离线'}`;
    default:
      return r.content ?? '';
  }
}

function Flag({ r }: { r: FoodView }) {
  if (r.status !== 'recorded') return null;
  if (r.kind === 'daily_check') {
    const short = sampleShortfall(r, SAMPLE_MIN_GRAMS, SAMPLE_MIN_HOURS);
    return short ? <Tag color="orange">{short}</Tag> : null;
  }
  if (r.kind === 'certificate' && r.expiresOn) {
    const left = daysUntil(r.expiresOn);
    return left < 0 ? <Tag color="red">已过期</Tag> : left <= 30 ? <Tag color="orange">{left} 天后到期</Tag> : null;
  }
  if (r.kind === 'platform_status' && (!r.brightKitchenOnline || !r.traceabilityOnline)) return <Tag color="red">平台离线</Tag>;
  return null;
}

export default function FoodPage() {
  const { isSchool, canWrite } = useLedgerViewer();
  const s = useSearchState();
  const d = useLedgerDrawers<FoodView>();
  const query: FoodQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    stage: pick(s.get('stage'), Object.keys(schoolStageLabels) as Array<keyof typeof schoolStageLabels>),
    kind: pick(s.get('kind'), foodKinds),
    from: isDay(s.get('from')),
    to: isDay(s.get('to')),
    status: pick(s.get('status'), recordStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...FOOD_KEY, 'list', query], queryFn: () => foodApi.list(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'stage', 'kind', 'from', 'to', 'status']);
  const columns: TableColumnsType<FoodView> = [
    ...schoolColumn<FoodView>(isSchool),
    { title: '日期', dataIndex: 'recordedOn', width: 110 },
    { title: '类型', dataIndex: 'kind', width: 110, render: (v: FoodKind) => foodKindLabels[v] },
    { title: '内容', key: 'summary', width: 380, ellipsis: true, render: (_: unknown, r) => <span title={summary(r)}>{summary(r)} <Flag r={r} /></span> },
    { title: '负责人', dataIndex: 'person', width: 110 },
    { title: '照片和文件', dataIndex: 'files', width: 110, render: (f: FoodView['files']) => <FileList files={f} size={32} empty="—" /> },
    { title: '状态', dataIndex: 'status', width: 80, render: (v: FoodView['status'], r) => <RecordStatusTag status={v} voidReason={r.voidReason} /> },
    { title: '登记人', dataIndex: 'createdByName', width: 90 },
    ...recordActionsColumn<FoodView>({ canWrite, testId: 'food', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];
  return (
    <>
      <PageHeader
        title="食品安全"
        subTitle="月调度、周排查、日管控，校长陪餐，证照在有效期内，明厨亮灶和追溯平台在线（000 第7条、001 第17条、002 第3项）"
        extra={
          <Space wrap>
            <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="food-create">
              登记记录
            </CreateButton>
            <ExportButton path="/food-records/export" query={query} testId="food-export" />
            <ImportButton kind="food" testId="food-import" />
          </Space>
        }
      />
      <LedgerList<FoodView>
        testId="food"
        rowIdAttr="data-food-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={clear}
        canWrite={canWrite}
        empty={{ noun: '食品安全记录', hint: '每个上学日点击“登记记录”填写日管控；每周一次周排查、每月一次月调度，并登记陪餐和证照' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="food-filter-school" />
            {!isSchool && <EnumFilter placeholder="学段" labels={schoolStageLabels} value={query.stage} onChange={(v) => s.set({ stage: v })} />}
            <EnumFilter placeholder="记录类型" labels={foodKindLabels} value={query.kind} onChange={(v) => s.set({ kind: v })} />
            <DayRangeFilter from={query.from} to={query.to} />
            <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          </>
        }
      />
      <FoodFormDrawer open={d.drawerOpen} record={d.editing} onClose={d.closeDrawer} />
      <VoidRecordModal<FoodView>
        record={d.voiding}
        title="作废食品安全记录"
        describe={(r) => `${r.schoolName} · ${foodKindLabels[r.kind]}（${r.recordedOn}）。作废后记录保留留痕，但不再计入达标。`}
        onVoid={(r, reason) => foodApi.void(r.id, r.version, reason)}
        listKey={FOOD_KEY}
        done="记录已作废，不再计入达标"
        testId="food"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}
