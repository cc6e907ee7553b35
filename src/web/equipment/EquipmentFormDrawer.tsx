// 登记特种设备 / 修改: an item with 三落实 (安全责任人、维保单位、安全管理员), 两有证 (使用登记证、作业人员证),
// 一检验 (the next inspection day) and 一预案 (the emergency plan file), 001 item 19.
import { DatePicker, Divider, Form, Input, Select, Space, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { equipmentKindLabels, equipmentKinds, type EquipmentView } from '../../contracts/equipment.js';
import { useMe } from '../auth.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { fromDay, toDay } from '../dates.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { SchoolField, useLedgerSave } from '../ledger/ledgerParts.js';
import { EQUIPMENT_KEY, equipmentApi } from './equipmentApi.js';

interface Values {
  schoolId?: number;
  kind?: EquipmentView['kind'];
  name?: string;
  location?: string;
  inService?: boolean;
  responsiblePerson?: string;
  maintenanceUnit?: string;
  safetyManager?: string;
  registrationNo?: string;
  operatorName?: string;
  operatorCertNo?: string;
  operatorCertExpiresOn?: Dayjs;
  inspectionDueOn?: Dayjs;
  planFileIds?: number[];
  fileIds?: number[];
}
const FIELDS = ['schoolId', 'kind', 'name', 'location', 'inService', 'responsiblePerson', 'maintenanceUnit', 'safetyManager', 'registrationNo', 'operatorName', 'operatorCertNo', 'operatorCertExpiresOn', 'inspectionDueOn', 'planFileIds', 'fileIds'] as const;
const opt = (v: string | undefined) => v?.trim() || null;

export function EquipmentFormDrawer({ open, item, onClose }: { open: boolean; item?: EquipmentView | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const isSchool = me.unit.kind === 'school';
  const schoolId = Form.useWatch('schoolId', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (item) {
      form.setFieldsValue({
        ...Object.fromEntries(Object.entries(item).map(([k, v]) => [k, v ?? undefined])),
        operatorCertExpiresOn: fromDay(item.operatorCertExpiresOn),
        inspectionDueOn: fromDay(item.inspectionDueOn),
        planFileIds: item.planFiles.map((f) => f.id),
        fileIds: item.files.map((f) => f.id),
      });
    } else form.setFieldsValue({ schoolId: isSchool ? me.unit.id : undefined, inService: true, planFileIds: [], fileIds: [] });
  }, [open, item, form, isSchool, me.unit.id]);

  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: EQUIPMENT_KEY,
    onClose,
    save: (v: Values) => {
      const fields = {
        kind: v.kind!,
        name: v.name!.trim(),
        location: opt(v.location),
        inService: v.inService ?? true,
        responsiblePerson: opt(v.responsiblePerson),
        maintenanceUnit: opt(v.maintenanceUnit),
        safetyManager: opt(v.safetyManager),
        registrationNo: opt(v.registrationNo),
        operatorName: opt(v.operatorName),
        operatorCertNo: opt(v.operatorCertNo),
        operatorCertExpiresOn: toDay(v.operatorCertExpiresOn) ?? null,
        inspectionDueOn: toDay(v.inspectionDueOn)!,
        planFileIds: v.planFileIds ?? [],
        fileIds: v.fileIds ?? [],
      };
      return item ? equipmentApi.update(item.id, { version: item.version, ...fields }) : equipmentApi.create({ schoolId: v.schoolId!, ...fields });
    },
    done: (e) => (item ? '特种设备信息已修改' : `已登记 ${e.name}`),
  });

  return (
    <LedgerDrawer open={open} onClose={onClose} title={item ? '修改特种设备' : '登记特种设备'} width={600} saving={save.isPending} onSave={() => form.submit()} testId="equipment">
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={item?.schoolName} testId="equipment-school" />
        <Space size="middle" wrap align="start">
          <Form.Item name="kind" label="设备类别" rules={[{ required: true, message: '请选择设备类别' }]}>
            <Select options={equipmentKinds.map((k) => ({ value: k, label: equipmentKindLabels[k] }))} style={{ width: 160 }} data-testid="equipment-kind" />
          </Form.Item>
          <Form.Item name="name" label="设备名称" rules={[{ required: true, whitespace: true, message: '请填写设备名称' }]}>
            <Input maxLength={100} style={{ width: 240 }} placeholder="如：教学楼1号电梯" data-testid="equipment-name" />
          </Form.Item>
        </Space>
        <Space size="middle" wrap align="start">
          <Form.Item name="location" label="安装位置">
            <Input maxLength={100} style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="inService" label="在用" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Divider plain>三落实</Divider>
        <Space size="middle" wrap align="start">
          <Form.Item name="responsiblePerson" label="安全责任人">
            <Input maxLength={50} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="safetyManager" label="安全管理员">
            <Input maxLength={50} style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Form.Item name="maintenanceUnit" label="维保单位">
          <Input maxLength={100} placeholder="有资质的维护保养单位" />
        </Form.Item>
        <Divider plain>两有证</Divider>
        <Form.Item name="registrationNo" label="使用登记证编号">
          <Input maxLength={64} style={{ width: 240 }} />
        </Form.Item>
        <Space size="middle" wrap align="start">
          <Form.Item name="operatorName" label="作业人员">
            <Input maxLength={50} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="operatorCertNo" label="作业人员证编号">
            <Input maxLength={64} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="operatorCertExpiresOn" label="作业人员证有效期至">
            <DatePicker style={{ width: 160 }} disabledDate={(d) => !item && d.isBefore(dayjs(), 'day')} />
          </Form.Item>
        </Space>
        <Divider plain>一检验、一预案</Divider>
        <Form.Item name="inspectionDueOn" label="下次检验日期" rules={[{ required: true, message: '请填写下次定期检验日期' }]} extra="以检验报告上的下次检验日期为准；登记定期检验后自动更新">
          <DatePicker style={{ width: 180 }} data-testid="equipment-due" />
        </Form.Item>
        <Form.Item name="planFileIds" label="应急预案" extra={schoolId ? '该设备的专项应急预案文件' : '请先选择学校，再上传'}>
          <PhotoUpload unitId={schoolId} files={item?.planFiles} max={5} disabled={!schoolId} label="上传预案" testId="equipment-plan" />
        </Form.Item>
        <Form.Item name="fileIds" label="证照照片" extra="使用登记证、作业人员证、设备铭牌等">
          <PhotoUpload unitId={schoolId} files={item?.files} max={20} disabled={!schoolId} label="上传" testId="equipment-files" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}
