// 登记防溺水督查 (001 item 12): the day, the waters visited (one town's), who patrolled, what was seen,
// and the findings — each registered at once as a hazard of the school near the water.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { findingKindLabels, findingKinds, type FindingKind, type WaterView } from '../../contracts/drowning.js';
import { useMe } from '../auth.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { toDay } from '../dates.js';
import { useLedgerSave } from '../ledger/ledgerParts.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { DROWNING_KEY, drowningApi } from './drowningApi.js';

interface FindingValues {
  waterId?: number;
  kind?: FindingKind;
  description?: string;
  schoolId?: number;
}
interface Values {
  patrolledOn?: Dayjs;
  waterIds?: number[];
  patrollers?: string;
  summary?: string;
  fileIds?: number[];
  findings?: FindingValues[];
}
const FIELDS = ['patrolledOn', 'waterIds', 'patrollers', 'summary', 'fileIds'] as const;

export function PatrolDrawer({ open, waters, onClose }: { open: boolean; waters: WaterView[]; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const isSchool = me.unit.kind === 'school';
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  const chosen = Form.useWatch('waterIds', form) ?? [];
  const findings = Form.useWatch('findings', form) ?? [];
  const waterOf = (id?: number) => waters.find((w) => w.id === id);

  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: DROWNING_KEY,
    onClose,
    save: (v: Values) =>
      drowningApi.createPatrol({
        patrolledOn: toDay(v.patrolledOn)!,
        waterIds: v.waterIds ?? [],
        patrollers: v.patrollers!.trim(),
        summary: v.summary?.trim() || null,
        fileIds: v.fileIds ?? [],
        findings: (v.findings ?? []).map((f) => ({ waterId: f.waterId!, kind: f.kind!, description: f.description!.trim(), schoolId: f.schoolId })),
      }),
    done: (p) => (p.findings.length ? `督查已登记，${p.findings.length} 个问题已登记为隐患（${p.findings.map((f) => f.hazard.code).join('、')}）` : '督查已登记'),
  });

  return (
    <LedgerDrawer open={open} onClose={onClose} title="登记防溺水督查" width={680} saving={save.isPending} onSave={() => form.submit()} testId="patrol">
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <Space size="middle" wrap align="start">
          <Form.Item name="patrolledOn" label="督查日期" rules={[{ required: true, message: '请选择督查日期' }]}>
            <DatePicker style={{ width: 180 }} data-testid="patrol-day" />
          </Form.Item>
          <Form.Item name="patrollers" label="督查人员" rules={[{ required: true, whitespace: true, message: '请填写督查人员' }]}>
            <Input maxLength={200} placeholder="如 镇街刘、东村赵主任" style={{ width: 320 }} data-testid="patrol-people" />
          </Form.Item>
        </Space>
        <Form.Item name="waterIds" label="督查水域" rules={[{ required: true, message: '请选择督查的水域' }]} extra="一次督查选择同一镇街的水域">
          <Select mode="multiple" optionFilterProp="label" options={waters.map((w) => ({ value: w.id, label: `${w.name}（${w.townName}）` }))} data-testid="patrol-waters" />
        </Form.Item>
        <Form.Item name="summary" label="督查情况">
          <Input.TextArea rows={2} maxLength={2000} placeholder="如 警示牌、救生设施完好，未发现学生下水" />
        </Form.Item>
        <Typography.Text strong>发现的问题（保存后逐条登记为隐患）</Typography.Text>
        <Form.List name="findings">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => {
                const w = waterOf(findings[i]?.waterId);
                return (
                  <Space key={f.key} align="start" wrap style={{ display: 'flex', marginTop: 8 }}>
                    <Form.Item name={[f.name, 'waterId']} rules={[{ required: true, message: '请选择水域' }]}>
                      <Select placeholder="水域" style={{ width: 160 }} options={waters.filter((x) => chosen.includes(x.id)).map((x) => ({ value: x.id, label: x.name }))} data-testid={`finding-water-${i}`} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'kind']} rules={[{ required: true, message: '请选择问题类型' }]}>
                      <Select placeholder="问题类型" style={{ width: 170 }} options={findingKinds.map((k) => ({ value: k, label: findingKindLabels[k] }))} data-testid={`finding-kind-${i}`} />
                    </Form.Item>
                    {!isSchool && w && w.schools.length > 1 && (
                      <Form.Item name={[f.name, 'schoolId']} rules={[{ required: true, message: '请选择隐患所属学校' }]}>
                        <Select placeholder="隐患所属学校" style={{ width: 160 }} options={w.schools.map((s) => ({ value: s.id, label: s.name }))} />
                      </Form.Item>
                    )}
                    <Form.Item name={[f.name, 'description']} rules={[{ required: true, whitespace: true, message: '请描述问题' }]}>
                      <Input maxLength={1000} placeholder="问题描述" style={{ width: 220 }} data-testid={`finding-text-${i}`} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} style={{ marginTop: 8 }} />
                  </Space>
                );
              })}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} style={{ marginTop: 8, marginBottom: 16 }} data-testid="finding-add">
                添加问题
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="fileIds" label="现场照片">
          <PhotoUpload testId="patrol-photos" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}
