// 登记设备 / 修改设备: the school, the kind (fixed once registered: the key and the events belong to
// it), the name, where it hangs, and for a temperature sensor its limit. Registering answers the
// key, shown once in DeviceKeyModal; a stale version reloads the list (useLedgerSave).
import { Form, Input, InputNumber, Select } from 'antd';
import { useEffect } from 'react';
import { iotDeviceKindLabels, iotDeviceKinds, type IotDeviceKind, type IotDeviceView } from '../../contracts/iot.js';
import { CLEAR_WITHIN_MINUTES } from '../../domain/iot.js';
import { useMe } from '../auth.js';
import { numberRule } from '../forms.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { SchoolField, useLedgerSave } from '../ledger/ledgerParts.js';
import { IOT_KEY, iotApi, type DeviceWithKey } from './iotApi.js';

interface Values {
  schoolId?: number;
  kind?: IotDeviceKind;
  name?: string;
  place?: string;
  tempLimitC?: number | null;
}
const FIELDS = ['schoolId', 'kind', 'name', 'place', 'tempLimitC'] as const;

export function DeviceDrawer({ open, device, onClose, onCreated }: { open: boolean; device: IotDeviceView | null; onClose: () => void; onCreated: (d: DeviceWithKey) => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const kind = Form.useWatch('kind', form);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (device) form.setFieldsValue({ schoolId: device.schoolId, kind: device.kind, name: device.name, place: device.place, tempLimitC: device.tempLimitC });
    else form.setFieldsValue({ schoolId: me.unit.kind === 'school' ? me.unit.id : undefined });
  }, [open, device, form, me.unit.kind, me.unit.id]);
  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: IOT_KEY,
    onClose,
    save: async (v: Values) => {
      const tempLimitC = v.kind === 'temperature' ? (v.tempLimitC ?? null) : null;
      if (device) return { device: await iotApi.update(device.id, { version: device.version, name: v.name!.trim(), place: v.place!.trim(), tempLimitC, status: device.status }), key: null };
      const created = await iotApi.create({ schoolId: v.schoolId!, kind: v.kind!, name: v.name!.trim(), place: v.place!.trim(), tempLimitC });
      onCreated(created);
      return created;
    },
    done: (r) => (device ? '设备信息已修改' : `已登记设备“${r.device.name}”`),
  });
  return (
    <LedgerDrawer open={open} onClose={onClose} title={device ? '修改设备' : '登记设备'} width={480} saving={save.isPending} onSave={() => form.submit()} testId="iot-device">
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={device?.schoolName} testId="iot-device-school" />
        <Form.Item name="kind" label="设备类型" rules={[{ required: true, message: '请选择设备类型' }]} extra={device ? '登记后不能更改类型；类型不对请停用后重新登记' : undefined}>
          <Select disabled={!!device} options={iotDeviceKinds.map((k) => ({ value: k, label: iotDeviceKindLabels[k] }))} placeholder="请选择" data-testid="iot-device-kind" />
        </Form.Item>
        <Form.Item name="name" label="设备名称" rules={[{ required: true, whitespace: true, message: '请填写设备名称' }]}>
          <Input maxLength={60} placeholder="如：1号楼烟感-01" data-testid="iot-device-name" />
        </Form.Item>
        <Form.Item name="place" label="安装位置" rules={[{ required: true, whitespace: true, message: '请填写安装位置' }]}>
          <Input maxLength={100} placeholder="如：食堂后厨、配电房、东门门卫室" data-testid="iot-device-place" />
        </Form.Item>
        {kind === 'temperature' && (
          <Form.Item name="tempLimitC" label="温度上限" rules={[{ required: true, message: '请填写温度上限（℃）' }, numberRule(-40, 200, { unit: '℃' })]} extra={`读数高于上限即报警，学校须在 ${CLEAR_WITHIN_MINUTES.over_temperature} 分钟内处置解除，逾期转为隐患`}>
            <InputNumber precision={1} suffix="℃" style={{ width: 180 }} data-testid="iot-device-limit" />
          </Form.Item>
        )}
      </Form>
    </LedgerDrawer>
  );
}
