// 登记 / 修改危险水域 (001 item 12): kind, name, place, map point, warning sign and rescue kit, the
// village responsible and its contact, the schools near it, photos. A town registers its own; the
// bureau names the town.
import { Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import { useEffect } from 'react';
import { createWaterBody, waterKindLabels, waterKinds, type WaterKind, type WaterView } from '../../contracts/drowning.js';
import { useMe } from '../auth.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { zodRule } from '../forms.js';
import { useLedgerSave } from '../ledger/ledgerParts.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { UnitTreeSelect } from '../units/tree.js';
import { DROWNING_KEY, drowningApi } from './drowningApi.js';

interface Values {
  townId?: number;
  kind?: WaterKind;
  name?: string;
  place?: string;
  lat?: number;
  lng?: number;
  warningSign?: boolean;
  rescueKit?: boolean;
  village?: string;
  villageContact?: string;
  villagePhone?: string;
  schoolIds?: number[];
  fileIds?: number[];
}
const FIELDS = ['townId', 'kind', 'name', 'place', 'lat', 'lng', 'warningSign', 'rescueKit', 'village', 'villageContact', 'villagePhone', 'schoolIds', 'fileIds'] as const;
const shape = createWaterBody.shape;

export function WaterDrawer({ open, water, onClose }: { open: boolean; water?: WaterView | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const isTown = me.unit.kind === 'town';
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (water)
      form.setFieldsValue({
        townId: water.townId,
        kind: water.kind,
        name: water.name,
        place: water.place,
        lat: water.lat,
        lng: water.lng,
        warningSign: water.warningSign,
        rescueKit: water.rescueKit,
        village: water.village,
        villageContact: water.villageContact,
        villagePhone: water.villagePhone,
        schoolIds: water.schools.map((s) => s.id),
        fileIds: water.files.map((f) => f.id),
      });
    else form.setFieldsValue({ townId: isTown ? me.unit.id : undefined, schoolIds: [], fileIds: [] });
  }, [open, water, form, isTown, me.unit.id]);

  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: DROWNING_KEY,
    onClose,
    save: (v: Values) => {
      const fields = {
        kind: v.kind!,
        name: v.name!.trim(),
        place: v.place!.trim(),
        lat: v.lat!,
        lng: v.lng!,
        warningSign: v.warningSign!,
        rescueKit: v.rescueKit!,
        village: v.village!.trim(),
        villageContact: v.villageContact!.trim(),
        villagePhone: v.villagePhone!.trim(),
        schoolIds: v.schoolIds ?? [],
        fileIds: v.fileIds ?? [],
      };
      return water ? drowningApi.updateWater(water.id, { version: water.version, ...fields }) : drowningApi.createWater({ townId: v.townId!, ...fields });
    },
    done: (w) => (water ? '危险水域已修改' : `已登记危险水域“${w.name}”`),
  });
  const townId = Form.useWatch('townId', form);

  return (
    <LedgerDrawer open={open} onClose={onClose} title={water ? '修改危险水域' : '登记危险水域'} width={620} saving={save.isPending} onSave={() => form.submit()} testId="water">
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        {!isTown && (
          <Form.Item name="townId" label="所在镇街" rules={[{ required: true, message: '请选择镇街' }]}>
            <UnitTreeSelect disabled={!!water} placeholder="选择镇街" style={{ width: 260 }} selectable={(u) => u.kind === 'town'} data-testid="water-town" />
          </Form.Item>
        )}
        <Space size="middle" wrap align="start">
          <Form.Item name="kind" label="水域类型" rules={[{ required: true, message: '请选择水域类型' }]}>
            <Select style={{ width: 140 }} options={waterKinds.map((k) => ({ value: k, label: waterKindLabels[k] }))} data-testid="water-kind" />
          </Form.Item>
          <Form.Item name="name" label="水域名称" rules={[{ required: true, whitespace: true, message: '请填写水域名称' }]}>
            <Input maxLength={100} placeholder="如 东村大水塘" style={{ width: 260 }} data-testid="water-name" />
          </Form.Item>
        </Space>
        <Form.Item name="place" label="具体位置" rules={[{ required: true, whitespace: true, message: '请填写具体位置' }]}>
          <Input maxLength={200} placeholder="如 东村村委会南 200 米" data-testid="water-place" />
        </Form.Item>
        <Space size="middle" wrap align="start">
          <Form.Item name="lat" label="纬度" rules={[{ required: true, message: '请填写纬度' }, zodRule(shape.lat)]} extra="-90 到 90，如 30.2500">
            <InputNumber precision={6} style={{ width: 180 }} data-testid="water-lat" />
          </Form.Item>
          <Form.Item name="lng" label="经度" rules={[{ required: true, message: '请填写经度' }, zodRule(shape.lng)]} extra="-180 到 180，如 120.1600">
            <InputNumber precision={6} style={{ width: 180 }} data-testid="water-lng" />
          </Form.Item>
        </Space>
        <Space size="large" wrap align="start">
          <Form.Item name="warningSign" label="警示标志" rules={[{ required: true, message: '请选择是否设置警示标志' }]}>
            <Radio.Group options={[{ value: true, label: '已设置' }, { value: false, label: '未设置' }]} data-testid="water-sign" />
          </Form.Item>
          <Form.Item name="rescueKit" label="救生设施（救生圈/竹竿/绳索）" rules={[{ required: true, message: '请选择是否配备救生设施' }]}>
            <Radio.Group options={[{ value: true, label: '已配备' }, { value: false, label: '未配备' }]} data-testid="water-kit" />
          </Form.Item>
        </Space>
        <Space size="middle" wrap align="start">
          <Form.Item name="village" label="责任村（居）" rules={[{ required: true, whitespace: true, message: '请填写责任村（居）' }]}>
            <Input maxLength={100} style={{ width: 160 }} data-testid="water-village" />
          </Form.Item>
          <Form.Item name="villageContact" label="村（居）联系人" rules={[{ required: true, whitespace: true, message: '请填写联系人' }]}>
            <Input maxLength={50} style={{ width: 140 }} data-testid="water-contact" />
          </Form.Item>
          <Form.Item name="villagePhone" label="联系电话" rules={[{ required: true, message: '请填写联系电话' }, zodRule(shape.villagePhone)]}>
            <Input maxLength={20} style={{ width: 160 }} data-testid="water-phone" />
          </Form.Item>
        </Space>
        <Form.Item name="schoolIds" label="附近学校" extra="附近学校可查看该水域，督查发现的问题登记为其隐患">
          <UnitTreeSelect multiple allowClear placeholder="选择本镇街的学校" selectable={(u) => u.kind === 'school' && (!townId || u.parentId === townId)} data-testid="water-schools" />
        </Form.Item>
        <Form.Item name="fileIds" label="现场照片">
          <PhotoUpload files={water?.files} testId="water-photos" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}
