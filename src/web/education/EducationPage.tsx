// 安全教育活动: the safety education days and each term's first lesson (000 item 15 and the task table),
// boarding schools' evening roll call (001 item 8) and the drowning-prevention letter acknowledged by
// class (001 item 12) — filters (town, school, stage, kind, days), export, record in a drawer whose
// fields follow the kind; an activity picks the education day it is for from the year's list.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DatePicker, Form, Input, InputNumber, Radio, Select, Space, Tag, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { educationKindLabels, educationKinds, type CreateEducation, type EducationKind, type EducationListQuery, type EducationView, type UpdateEducation } from '../../contracts/education.js';
import { schoolStageLabels } from '../../contracts/enums.js';
import { recordStatuses, recordStatusLabels } from '../../contracts/ledger.js';
import { http, type Page } from '../api.js';
import { useMe } from '../auth.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { ImportButton } from '../components/ImportButton.js';
import { FileList } from '../components/FileList.js';
import { PageHeader } from '../components/PageHeader.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { fromDay, toDay } from '../dates.js';
import { voidBody, type QueryOf } from '../ledger/ledgerApi.js';
import { CreateButton, DayRangeFilter, LedgerDrawer, LedgerList, recordActionsColumn, useFilterKeys, useLedgerDrawers } from '../ledger/ledgerPage.js';
import { PlaceFilters, RecordStatusTag, SchoolField, VoidRecordModal, isDay, schoolColumn, useLedgerSave, useLedgerViewer } from '../ledger/ledgerParts.js';
import { numberRule } from '../forms.js';

type Query = QueryOf<EducationListQuery>;
const KEY = ['education-records'] as const;
interface Day {
  key: string;
  name: string;
  startsOn: string;
}
const eduApi = {
  list: (q: Query) => http.get<Page<EducationView>>('/education-records', q),
  days: (year: number) => http.get<{ items: Day[] }>('/education-records/days', { year }),
  create: (b: CreateEducation) => http.post<EducationView>('/education-records', b),
  update: (id: number, b: UpdateEducation) => http.patch<EducationView>(`/education-records/${id}`, b),
  void: (id: number, version: number, reason: string) => http.post<EducationView>(`/education-records/${id}/void`, voidBody(version, reason)),
};

type Values = Partial<Omit<EducationView, 'heldOn'>> & { heldOn?: Dayjs; fileIds?: number[] };
const FIELDS = ['schoolId', 'kind', 'heldOn', 'person', 'educationDay', 'topic', 'classesReached', 'participants', 'dormitory', 'expected', 'present', 'absentWithoutLeave', 'parentsNotified', 'classesTotal', 'classesAcknowledged', 'studentsTotal', 'studentsAcknowledged', 'content', 'fileIds'] as const;
const n = (name: keyof Values, label: string, suffix = '人', required = true) => (
  <Form.Item name={name} label={label} rules={[...(required ? [{ required: true, message: `请填写${label}` }] : []), numberRule(0, 20000, { integer: true })]}>
    <InputNumber precision={0} suffix={suffix} style={{ width: 150 }} />
  </Form.Item>
);

function EducationDrawer({ open, record, onClose }: { open: boolean; record: EducationView | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const isSchool = me.unit.kind === 'school';
  const schoolId = Form.useWatch('schoolId', form);
  const kind = (Form.useWatch('kind', form) ?? record?.kind ?? 'activity') as EducationKind;
  const heldOn = Form.useWatch('heldOn', form);
  const year = (heldOn ?? dayjs()).year();
  const days = useQuery({ queryKey: [...KEY, 'days', year], queryFn: () => eduApi.days(year), enabled: open });
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (record) form.setFieldsValue({ ...record, heldOn: fromDay(record.heldOn), fileIds: record.files.map((f) => f.id) } as Values);
    else form.setFieldsValue({ schoolId: isSchool ? me.unit.id : undefined, kind: 'activity', heldOn: dayjs(), fileIds: [] });
  }, [open, record, form, isSchool, me.unit.id]);
  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: KEY,
    onClose,
    save: (v: Values) => {
      const body = {
        heldOn: toDay(v.heldOn)!,
        person: v.person!.trim(),
        educationDay: v.educationDay ?? null,
        topic: v.topic?.trim() || null,
        classesReached: v.classesReached ?? null,
        participants: v.participants ?? null,
        dormitory: v.dormitory?.trim() || null,
        expected: v.expected ?? null,
        present: v.present ?? null,
        absentWithoutLeave: v.absentWithoutLeave ?? null,
        parentsNotified: v.parentsNotified ?? null,
        classesTotal: v.classesTotal ?? null,
        classesAcknowledged: v.classesAcknowledged ?? null,
        studentsTotal: v.studentsTotal ?? null,
        studentsAcknowledged: v.studentsAcknowledged ?? null,
        content: v.content?.trim() || null,
        fileIds: v.fileIds ?? [],
      };
      return record ? eduApi.update(record.id, { version: record.version, ...body }) : eduApi.create({ schoolId: v.schoolId!, kind, ...body });
    },
    done: (r) => `已登记${educationKindLabels[r.kind]}（${r.heldOn}）`,
  });
  return (
    <LedgerDrawer open={open} onClose={onClose} title={record ? `修改${educationKindLabels[record.kind]}` : '登记安全教育记录'} width={600} saving={save.isPending} onSave={() => form.submit()} testId="education">
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={record?.schoolName} testId="education-school" />
        <Form.Item name="kind" label="记录类型" rules={[{ required: true, message: '请选择记录类型' }]}>
          <Radio.Group disabled={!!record} optionType="button" options={educationKinds.map((k) => ({ value: k, label: educationKindLabels[k] }))} />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="heldOn" label="日期" rules={[{ required: true, message: '请填写日期' }]}>
            <DatePicker style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="person" label={kind === 'roll_call' ? '点名人' : '负责人'} rules={[{ required: true, whitespace: true, message: '请填写负责人' }]}>
            <Input maxLength={50} style={{ width: 200 }} />
          </Form.Item>
        </Space>
        {kind === 'activity' && (
          <>
            <Form.Item name="educationDay" label="教育日" rules={[{ required: true, message: '请选择教育日' }]} extra="前后 7 天内开展即算如期（000 第15条）">
              <Select
                showSearch
                optionFilterProp="label"
                loading={days.isFetching}
                options={[...(days.data?.items ?? []).map((d) => ({ value: d.key, label: `${d.name}（${d.startsOn}）` })), { value: 'other', label: '其他主题活动' }]}
              />
            </Form.Item>
            <Form.Item name="topic" label="活动主题" rules={[{ required: true, whitespace: true, message: '请填写活动主题' }]}>
              <Input maxLength={100} />
            </Form.Item>
            <Space wrap>
              {n('classesReached', '覆盖班级数', '个')}
              {n('participants', '参加人数', '人', false)}
            </Space>
          </>
        )}
        {kind === 'roll_call' && (
          <>
            <Form.Item name="dormitory" label="宿舍" rules={[{ required: true, whitespace: true, message: '请填写宿舍' }]}>
              <Input maxLength={30} />
            </Form.Item>
            <Space wrap>
              {n('expected', '应到人数')}
              {n('present', '实到人数')}
              {n('absentWithoutLeave', '未请假缺勤人数')}
              {n('parentsNotified', '当天已通知家长人数')}
            </Space>
          </>
        )}
        {kind === 'drowning_letter' && (
          <Space wrap>
            {n('classesTotal', '班级数', '个')}
            {n('classesAcknowledged', '已回执班级数', '个')}
            {n('studentsTotal', '学生数', '人', false)}
            {n('studentsAcknowledged', '已回执学生数', '人', false)}
          </Space>
        )}
        <Form.Item name="content" label="记录内容">
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="fileIds" label="活动照片和文件">
          <PhotoUpload unitId={schoolId} files={record?.files} max={20} disabled={!schoolId} label="上传" testId="education-files" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}

function summary(r: EducationView) {
  if (r.kind === 'activity') return `${r.topic ?? ''}，覆盖 ${r.classesReached ?? 0} 个班${r.participants ? `、${r.participants} 人` : ''}`;
  if (r.kind === 'roll_call') return `${r.dormitory}：应到 ${r.expected}，实到 ${r.present}，未请假缺勤 ${r.absentWithoutLeave}，已通知家长 ${r.parentsNotified}`;
  return `回执 ${r.classesAcknowledged}/${r.classesTotal} 个班${r.studentsTotal ? `，${r.studentsAcknowledged}/${r.studentsTotal} 人` : ''}`;
}

export default function EducationPage() {
  const { isSchool, canWrite } = useLedgerViewer();
  const s = useSearchState();
  const d = useLedgerDrawers<EducationView>();
  const query: Query = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    stage: pick(s.get('stage'), Object.keys(schoolStageLabels) as Array<keyof typeof schoolStageLabels>),
    kind: pick(s.get('kind'), educationKinds),
    from: isDay(s.get('from')),
    to: isDay(s.get('to')),
    status: pick(s.get('status'), recordStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...KEY, 'list', query], queryFn: () => eduApi.list(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'stage', 'kind', 'from', 'to', 'status']);
  const columns: TableColumnsType<EducationView> = [
    ...schoolColumn<EducationView>(isSchool),
    { title: '日期', dataIndex: 'heldOn', width: 110 },
    { title: '类型', dataIndex: 'kind', width: 130, render: (v: EducationKind) => educationKindLabels[v] },
    { title: '内容', key: 'summary', width: 380, ellipsis: true, render: (_: unknown, r) => <span>{summary(r)} {r.kind === 'roll_call' && (r.parentsNotified ?? 0) < (r.absentWithoutLeave ?? 0) && <Tag color="red">未通知家长</Tag>}{r.kind === 'drowning_letter' && (r.classesAcknowledged ?? 0) < (r.classesTotal ?? 0) && <Tag color="orange">回执未齐</Tag>}</span> },
    { title: '负责人', dataIndex: 'person', width: 100 },
    { title: '照片', dataIndex: 'files', width: 100, render: (f: EducationView['files']) => <FileList files={f} size={32} empty="—" /> },
    { title: '状态', dataIndex: 'status', width: 80, render: (v: EducationView['status'], r) => <RecordStatusTag status={v} voidReason={r.voidReason} /> },
    ...recordActionsColumn<EducationView>({ canWrite, testId: 'education', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];
  return (
    <>
      <PageHeader
        title="安全教育活动"
        subTitle="安全教育日和开学第一课如期开展；寄宿生晚点名、未请假缺勤当天通知家长；防溺水告家长书逐班回执（000 第15条、001 第8条、第12条）"
        extra={
          <Space wrap>
            <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="education-create">
              登记记录
            </CreateButton>
            <ExportButton path="/education-records/export" query={query} testId="education-export" />
            <ImportButton kind="education" testId="education-import" />
          </Space>
        }
      />
      <LedgerList<EducationView>
        testId="education"
        rowIdAttr="data-education-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={clear}
        canWrite={canWrite}
        empty={{ noun: '安全教育记录', hint: '开展安全教育日活动或开学第一课后点击“登记记录”，寄宿制学校每晚登记点名' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="education-filter-school" />
            {!isSchool && <EnumFilter placeholder="学段" labels={schoolStageLabels} value={query.stage} onChange={(v) => s.set({ stage: v })} />}
            <EnumFilter placeholder="记录类型" labels={educationKindLabels} value={query.kind} onChange={(v) => s.set({ kind: v })} />
            <DayRangeFilter from={query.from} to={query.to} />
            <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          </>
        }
      />
      <EducationDrawer open={d.drawerOpen} record={d.editing} onClose={d.closeDrawer} />
      <VoidRecordModal<EducationView>
        record={d.voiding}
        title="作废安全教育记录"
        describe={(r) => `${r.schoolName} · ${educationKindLabels[r.kind]}（${r.heldOn}）。作废后记录保留留痕，但不再计入达标。`}
        onVoid={(r, reason) => eduApi.void(r.id, r.version, reason)}
        listKey={KEY}
        done="记录已作废"
        testId="education"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}
