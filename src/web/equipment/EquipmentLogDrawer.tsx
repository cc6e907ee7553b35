// 维保 / 检验登记: a maintenance entry or a periodic inspection of an item (001 item 19: 一检验, 定期
// 维护保养). An inspection answers its due day (prefilled with the item's current one): done after it
// cannot be recorded as on time (the switch turns off, and the server refuses it naming the field).
import { DatePicker, Form, Input, Radio, Space, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { equipmentLogKindLabels, equipmentLogKinds, type EquipmentView } from '../../contracts/equipment.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { fromDay, toDay } from '../dates.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { useLedgerSave } from '../ledger/ledgerParts.js';
import { EQUIPMENT_KEY, equipmentApi } from './equipmentApi.js';

interface Values {
  kind: (typeof equipmentLogKinds)[number];
  doneOn?: Dayjs;
  doneBy?: string;
  result?: string;
  dueOn?: Dayjs;
  onTime?: boolean;
  nextDueOn?: Dayjs;
  reportNo?: string;
  fileIds?: number[];
}
const FIELDS = ['kind', 'doneOn', 'doneBy', 'result', 'dueOn', 'onTime', 'nextDueOn', 'reportNo', 'fileIds'] as const;

export function EquipmentLogDrawer({ item, onClose }: { item: EquipmentView | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? 'maintenance';
  const doneOn = Form.useWatch('doneOn', form);
  const dueOn = Form.useWatch('dueOn', form);
  const late = !!(doneOn && dueOn && doneOn.isAfter(dueOn, 'day'));

  useEffect(() => {
    if (!item) return;
    form.resetFields();
    form.setFieldsValue({ kind: 'maintenance', doneOn: dayjs(), dueOn: fromDay(item.nextInspectionDueOn), onTime: true, fileIds: [] });
  }, [item, form]);
  useEffect(() => {
    if (late) form.setFieldValue('onTime', false);
  }, [late, form]);

  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: EQUIPMENT_KEY,
    onClose,
    save: (v: Values) =>
      equipmentApi.createLog({
        equipmentId: item!.id,
        kind: v.kind,
        doneOn: toDay(v.doneOn)!,
        doneBy: v.doneBy!.trim(),
        result: v.result?.trim() || null,
        dueOn: v.kind === 'inspection' ? (toDay(v.dueOn) ?? null) : null,
        onTime: v.kind === 'inspection' ? (v.onTime ?? null) : null,
        nextDueOn: v.kind === 'inspection' ? (toDay(v.nextDueOn) ?? null) : null,
        reportNo: v.reportNo?.trim() || null,
        fileIds: v.fileIds ?? [],
      }),
    done: (l) => `已登记${equipmentLogKindLabels[l.kind]}`,
  });

  return (
    <LedgerDrawer open={!!item} onClose={onClose} title={item ? `维保检验：${item.name}` : '维保检验'} width={520} saving={save.isPending} onSave={() => form.submit()} testId="equipment-log">
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <Form.Item name="kind" label="类型">
          <Radio.Group optionType="button" buttonStyle="solid" options={equipmentLogKinds.map((k) => ({ value: k, label: equipmentLogKindLabels[k] }))} />
        </Form.Item>
        <Form.Item name="doneOn" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: 180 }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="doneBy" label={kind === 'inspection' ? '检验机构' : '维保单位或人员'} rules={[{ required: true, whitespace: true, message: '请填写实施单位或人员' }]}>
          <Input maxLength={100} />
        </Form.Item>
        {kind === 'inspection' && (
          <>
            <Space size="middle" wrap align="start">
              <Form.Item name="dueOn" label="应检日期" rules={[{ required: true, message: '请填写应检日期' }]}>
                <DatePicker style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="onTime" label="按期检验" valuePropName="checked" extra={late ? '检验日期晚于应检日期，不能登记为按期' : undefined}>
                <Switch disabled={late} />
              </Form.Item>
            </Space>
            <Space size="middle" wrap align="start">
              <Form.Item name="nextDueOn" label="下次检验日期" rules={[{ required: true, message: '请填写下次检验日期' }]}>
                <DatePicker style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="reportNo" label="检验报告编号">
                <Input maxLength={64} style={{ width: 200 }} />
              </Form.Item>
            </Space>
          </>
        )}
        <Form.Item name="result" label={kind === 'inspection' ? '检验结论' : '维保内容'}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <Form.Item name="fileIds" label="照片/报告">
          <PhotoUpload unitId={item?.schoolId} max={20} testId="equipment-log-files" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}
