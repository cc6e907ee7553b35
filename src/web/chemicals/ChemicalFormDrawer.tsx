// 登记危险化学品 / 修改: a chemical of a lab store (药品室) with its controlled class (易制毒、易制爆)
// and its two keepers (双人双锁). The balance is not a field: it is computed from the movements.
import { DatePicker, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { controlClasses, controlClassLabels, createChemicalBody, type ChemicalView } from '../../contracts/chemicals.js';
import { useMe } from '../auth.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { fromDay, toDay } from '../dates.js';
import { zodRule } from '../forms.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { SchoolField, useLedgerSave } from '../ledger/ledgerParts.js';
import { CHEMICALS_KEY, chemicalsApi } from './chemicalsApi.js';

interface Values {
  schoolId?: number;
  store?: string;
  name?: string;
  casNo?: string;
  unit?: string;
  controlClass?: ChemicalView['controlClass'];
  storagePlace?: string;
  keeperA?: string;
  keeperB?: string;
  expiresOn?: Dayjs;
  fileIds?: number[];
}

const FIELDS = ['schoolId', 'store', 'name', 'casNo', 'unit', 'controlClass', 'storagePlace', 'keeperA', 'keeperB', 'expiresOn', 'fileIds'] as const;
const UNITS = ['mL', 'L', 'g', 'kg', '瓶'];

export function ChemicalFormDrawer({ open, chemical, onClose }: { open: boolean; chemical?: ChemicalView | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const isSchool = me.unit.kind === 'school';
  const schoolId = Form.useWatch('schoolId', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (chemical) form.setFieldsValue({ ...chemical, casNo: chemical.casNo ?? undefined, expiresOn: fromDay(chemical.expiresOn), fileIds: chemical.files.map((f) => f.id) });
    else form.setFieldsValue({ schoolId: isSchool ? me.unit.id : undefined, controlClass: 'none', unit: 'mL', fileIds: [] });
  }, [open, chemical, form, isSchool, me.unit.id]);

  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: CHEMICALS_KEY,
    onClose,
    save: (v: Values) => {
      const fields = {
        store: v.store!.trim(),
        name: v.name!.trim(),
        casNo: v.casNo?.trim() || null,
        unit: v.unit!.trim(),
        controlClass: v.controlClass ?? 'none',
        storagePlace: v.storagePlace!.trim(),
        keeperA: v.keeperA!.trim(),
        keeperB: v.keeperB!.trim(),
        expiresOn: toDay(v.expiresOn) ?? null,
        fileIds: v.fileIds ?? [],
      };
      return chemical ? chemicalsApi.updateChemical(chemical.id, { version: chemical.version, ...fields }) : chemicalsApi.createChemical({ schoolId: v.schoolId!, ...fields });
    },
    done: (c) => (chemical ? '危险化学品信息已修改' : `已登记 ${c.name}`),
  });

  return (
    <LedgerDrawer open={open} onClose={onClose} title={chemical ? '修改危险化学品' : '登记危险化学品'} width={560} saving={save.isPending} onSave={() => form.submit()} testId="chemical">
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={chemical?.schoolName} testId="chemical-school" />
        <Space size="middle" wrap align="start">
          <Form.Item name="store" label="药品室" rules={[{ required: true, whitespace: true, message: '请填写药品室' }]}>
            <Input maxLength={50} placeholder="如：化学药品室" style={{ width: 200 }} data-testid="chemical-store" />
          </Form.Item>
          <Form.Item name="storagePlace" label="存放位置" rules={[{ required: true, whitespace: true, message: '请填写存放位置' }]}>
            <Input maxLength={100} placeholder="如：3号防爆柜" style={{ width: 200 }} data-testid="chemical-place" />
          </Form.Item>
        </Space>
        <Form.Item name="name" label="药品名称" rules={[{ required: true, whitespace: true, message: '请填写药品名称' }]}>
          <Input maxLength={100} data-testid="chemical-name" />
        </Form.Item>
        <Space size="middle" wrap align="start">
          <Form.Item name="casNo" label="CAS 号" rules={[zodRule(createChemicalBody.shape.casNo)]}>
            <Input maxLength={20} placeholder="如：64-17-5" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="unit" label="计量单位" rules={[{ required: true, whitespace: true, message: '请填写计量单位' }]}>
            <Select options={UNITS.map((u) => ({ value: u, label: u }))} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="controlClass" label="管制类别" extra="易制毒、易制爆化学品须严格管控（002 第2项）">
            <Select options={controlClasses.map((c) => ({ value: c, label: controlClassLabels[c] }))} style={{ width: 140 }} data-testid="chemical-control" />
          </Form.Item>
        </Space>
        <Space size="middle" wrap align="start">
          <Form.Item name="keeperA" label="保管人（第一把锁）" rules={[{ required: true, whitespace: true, message: '请填写保管人' }]}>
            <Input maxLength={50} style={{ width: 160 }} data-testid="chemical-keeper-a" />
          </Form.Item>
          <Form.Item
            name="keeperB"
            label="保管人（第二把锁）"
            dependencies={['keeperA']}
            rules={[
              { required: true, whitespace: true, message: '请填写保管人' },
              ({ getFieldValue }) => ({
                validator: (_, v) => (v && v.trim() === String(getFieldValue('keeperA') ?? '').trim() ? Promise.reject(new Error('双人双锁须由两名不同的保管人分别保管')) : Promise.resolve()),
              }),
            ]}
          >
            <Input maxLength={50} style={{ width: 160 }} data-testid="chemical-keeper-b" />
          </Form.Item>
        </Space>
        <Form.Item name="expiresOn" label="有效期至" extra="过期且仍有结存的药品按危险废物处置">
          <DatePicker style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="fileIds" label="照片/文件" extra={schoolId ? '安全技术说明书（MSDS）、存放照片等' : '请先选择学校，再上传'}>
          <PhotoUpload unitId={schoolId} files={chemical?.files} max={20} disabled={!schoolId} label="上传" testId="chemical-files" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}
