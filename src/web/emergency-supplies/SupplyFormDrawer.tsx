// 登记 / 修改应急物资: store, item, quantity and unit, the minimum kept, location, purchase and expiry (000 item 4).
import { DatePicker, Form, Input, InputNumber, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { createSupplyBody, type SupplyView } from '../../contracts/emergency-supplies.js';
import { useMe } from '../auth.js';
import { zodRule } from '../forms.js';
import { fromDay, toDay } from '../dates.js';
import { SchoolField, useLedgerSave } from '../ledger/ledgerParts.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { SUPPLIES_KEY, emergencySuppliesApi } from './emergencySuppliesApi.js';

interface Values {
  schoolId?: number;
  depot?: string;
  itemName?: string;
  quantity?: number;
  unit?: string;
  minimum?: number;
  shelf?: string;
  purchasedOn?: Dayjs | null;
  expiresOn?: Dayjs | null;
}
const FIELDS = ['schoolId', 'depot', 'itemName', 'quantity', 'unit', 'minimum', 'shelf', 'purchasedOn', 'expiresOn'] as const;

export function SupplyFormDrawer({ open, supply, onClose }: { open: boolean; supply?: SupplyView | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const isSchool = me.unit.kind === 'school';
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (supply)
      form.setFieldsValue({
        schoolId: supply.schoolId,
        depot: supply.depot,
        itemName: supply.itemName,
        quantity: supply.quantity,
        unit: supply.unit,
        minimum: supply.minimum,
        shelf: supply.shelf ?? '',
        purchasedOn: supply.purchasedOn ? fromDay(supply.purchasedOn) : null,
        expiresOn: supply.expiresOn ? fromDay(supply.expiresOn) : null,
      });
    else form.setFieldsValue({ schoolId: isSchool ? me.unit.id : undefined, depot: '应急物资储备室' });
  }, [open, supply, form, isSchool, me.unit.id]);

  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: SUPPLIES_KEY,
    onClose,
    save: (v: Values) => {
      const fields = {
        depot: v.depot!.trim(),
        itemName: v.itemName!.trim(),
        quantity: v.quantity!,
        unit: v.unit!.trim(),
        minimum: v.minimum!,
        shelf: v.shelf?.trim() || null,
        purchasedOn: v.purchasedOn ? toDay(v.purchasedOn)! : null,
        expiresOn: v.expiresOn ? toDay(v.expiresOn)! : null,
      };
      return supply ? emergencySuppliesApi.updateSupply(supply.id, { version: supply.version, ...fields }) : emergencySuppliesApi.createSupply({ schoolId: v.schoolId!, ...fields, fileIds: [] });
    },
    done: (s) => (supply ? '应急物资已修改' : `已登记${s.itemName}`),
  });

  return (
    <LedgerDrawer open={open} onClose={onClose} title={supply ? '修改应急物资' : '登记应急物资'} width={560} saving={save.isPending} onSave={() => form.submit()} testId="supply">
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={supply?.schoolName} testId="supply-school" />
        <Space size="middle" wrap align="start">
          <Form.Item name="depot" label="存放库点" rules={[{ required: true, whitespace: true, message: '请填写存放库点' }]}>
            <Input maxLength={50} style={{ width: 200 }} data-testid="supply-depot" />
          </Form.Item>
          <Form.Item name="itemName" label="物资名称" rules={[{ required: true, whitespace: true, message: '请填写物资名称' }]}>
            <Input maxLength={100} placeholder="如 应急手电筒、急救包、沙袋" style={{ width: 240 }} data-testid="supply-item" />
          </Form.Item>
        </Space>
        <Space size="middle" wrap align="start">
          <Form.Item name="quantity" label="数量" rules={[{ required: true, message: '请填写数量' }, zodRule(createSupplyBody.shape.quantity)]}>
            <InputNumber precision={0} style={{ width: 140 }} data-testid="supply-quantity" />
          </Form.Item>
          <Form.Item name="unit" label="计量单位" rules={[{ required: true, whitespace: true, message: '请填写计量单位' }]}>
            <Input maxLength={10} placeholder="个、箱、只" style={{ width: 100 }} data-testid="supply-unit" />
          </Form.Item>
          <Form.Item name="minimum" label="最低储备" rules={[{ required: true, message: '请填写最低储备' }, zodRule(createSupplyBody.shape.minimum)]}>
            <InputNumber precision={0} style={{ width: 140 }} data-testid="supply-minimum" />
          </Form.Item>
        </Space>
        <Form.Item name="shelf" label="存放位置">
          <Input maxLength={100} placeholder="如 一楼东侧储物柜" />
        </Form.Item>
        <Space size="middle" wrap align="start">
          <Form.Item name="purchasedOn" label="购置日期">
            <DatePicker style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="expiresOn" label="有效期至" extra="无保质期的物资可不填">
            <DatePicker style={{ width: 180 }} data-testid="supply-expires-on" />
          </Form.Item>
        </Space>
      </Form>
    </LedgerDrawer>
  );
}
