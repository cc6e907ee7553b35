// 登记盘点: the school's supplies listed, each with the quantity counted; saving sets the quantities.
import { useQuery } from '@tanstack/react-query';
import { DatePicker, Form, Input, InputNumber, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import type { SupplyView } from '../../contracts/emergency-supplies.js';
import { useMe } from '../auth.js';
import { fromDay, toDay, todayBeijing } from '../dates.js';
import { SchoolField, useLedgerSave } from '../ledger/ledgerParts.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { numberRule } from '../forms.js';
import { SUPPLIES_KEY, emergencySuppliesApi } from './emergencySuppliesApi.js';

interface Values {
  schoolId?: number;
  countedOn?: Dayjs;
  counted?: Record<string, number | null>;
  note?: string;
}

export function StockCheckDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const isSchool = me.unit.kind === 'school';
  const schoolId = Form.useWatch('schoolId', form);
  const supplies = useQuery({
    queryKey: [...SUPPLIES_KEY, 'list', { schoolId, pageSize: 200 }],
    queryFn: () => emergencySuppliesApi.supplies({ schoolId, pageSize: 200 }),
    enabled: open && !!schoolId,
  });
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ schoolId: isSchool ? me.unit.id : undefined, countedOn: fromDay(todayBeijing()) });
  }, [open, form, isSchool, me.unit.id]);

  const save = useLedgerSave({
    form,
    fields: ['schoolId', 'countedOn', 'lines', 'note'],
    listKey: SUPPLIES_KEY,
    onClose,
    save: (v: Values) =>
      emergencySuppliesApi.createStockCheck({
        schoolId: v.schoolId!,
        countedOn: toDay(v.countedOn)!,
        lines: Object.entries(v.counted ?? {})
          .filter(([, n]) => typeof n === 'number')
          .map(([id, n]) => ({ supplyId: Number(id), counted: n as number })),
        note: v.note?.trim() || null,
      }),
    done: (c) => `盘点已登记，${c.lines.length} 项物资数量已按实盘更新`,
  });

  return (
    <LedgerDrawer open={open} onClose={onClose} title="登记盘点" width={680} saving={save.isPending} onSave={() => form.submit()} testId="stock-check">
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField testId="stock-check-school" />
        <Form.Item name="countedOn" label="盘点日期" rules={[{ required: true, message: '请填写盘点日期' }]}>
          <DatePicker style={{ width: 180 }} />
        </Form.Item>
        <Form.Item label="实盘数量" extra="填写清点到的数量；未填写的物资本次不盘点">
          <Table<SupplyView>
            size="small"
            rowKey="id"
            pagination={false}
            loading={supplies.isLoading}
            dataSource={supplies.data?.items ?? []}
            locale={{ emptyText: schoolId ? '该校尚未登记应急物资，请先在物资台账中登记' : '请先选择学校' }}
            columns={[
              { title: '库点', dataIndex: 'depot', width: 120 },
              { title: '物资', dataIndex: 'itemName' },
              { title: '账面数量', key: 'q', width: 100, render: (_: unknown, s) => `${s.quantity} ${s.unit}` },
              {
                title: '实盘数量',
                key: 'c',
                width: 130,
                render: (_: unknown, s) => (
                  <Form.Item name={['counted', String(s.id)]} noStyle rules={[numberRule(0, 1_000_000, { integer: true })]}>
                    <InputNumber precision={0} style={{ width: 110 }} data-testid={`stock-count-${s.id}`} />
                  </Form.Item>
                ),
              },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}
