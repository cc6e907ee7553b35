// 登记来访 / 登记车辆 / 护学岗: the guard's form at the gate (002 area 7 四个一律, 001 item 15), full
// screen on a phone with large fields: a visitor with the ID checked (the number is sent once and
// kept masked), whom they visit and the staff member bringing them in; a vehicle admitted or refused
// with the reason; the day's teachers and guards at arrival and dismissal.
import { Alert, DatePicker, Form, Input, InputNumber, Radio, Space, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { gateKindLabels, type GateKind, type GateView } from '../../contracts/gate.js';
import { useMe } from '../auth.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { fromDay, toDay } from '../dates.js';
import { SchoolField, useLedgerSave } from '../ledger/ledgerParts.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { GATE_KEY, gateApi } from './gateApi.js';
import { numberRule } from '../forms.js';

interface Values {
  schoolId?: number;
  guardName?: string;
  recordedOn?: Dayjs;
  visitorName?: string;
  idNumber?: string;
  idChecked?: boolean;
  phone?: string;
  organisation?: string;
  purpose?: string;
  hostName?: string;
  escortName?: string;
  plate?: string;
  driverName?: string;
  admitted?: boolean;
  refusalReason?: string;
  arrivedAt?: Dayjs;
  arrivalTeachers?: number | null;
  arrivalGuards?: number | null;
  dismissalTeachers?: number | null;
  dismissalGuards?: number | null;
  onDuty?: string;
  note?: string;
  fileIds?: number[];
}

const FIELDS = [
  'schoolId', 'guardName', 'recordedOn', 'visitorName', 'idNumber', 'idChecked', 'phone', 'organisation', 'purpose', 'hostName', 'escortName', 'plate', 'driverName',
  'admitted', 'refusalReason', 'arrivedAt', 'leftAt', 'arrivalTeachers', 'arrivalGuards', 'dismissalTeachers', 'dismissalGuards', 'onDuty', 'note', 'fileIds',
] as const;

const big = { size: 'large' as const };
const trim = (v: string | undefined) => (v?.trim() ? v.trim() : null);

export function GateFormDrawer({ open, kind, record, onClose }: { open: boolean; kind: GateKind; record?: GateView | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const isSchool = me.unit.kind === 'school';
  const schoolId = Form.useWatch('schoolId', form);
  const admitted = Form.useWatch('admitted', form);
  const escort = Form.useWatch('escortName', form);
  const k = record?.kind ?? kind;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (record) {
      form.setFieldsValue({
        ...Object.fromEntries(Object.entries(record).map(([key, v]) => [key, v ?? undefined])),
        recordedOn: fromDay(record.recordedOn),
        arrivedAt: record.arrivedAt ? dayjs(record.arrivedAt) : undefined,
        fileIds: record.files.map((f) => f.id),
      } as Values);
    } else {
      form.setFieldsValue({
        schoolId: isSchool ? me.unit.id : undefined,
        guardName: me.user.displayName,
        recordedOn: dayjs(),
        arrivedAt: dayjs(),
        admitted: true,
        idChecked: true,
        fileIds: [],
      });
    }
  }, [open, record, form, isSchool, me.unit.id, me.user.displayName]);

  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: GATE_KEY,
    onClose,
    save: (v: Values) => {
      const body = {
        guardName: v.guardName!.trim(),
        note: trim(v.note),
        fileIds: v.fileIds ?? [],
        ...(k === 'guard_post'
          ? { recordedOn: toDay(v.recordedOn)!, arrivalTeachers: v.arrivalTeachers ?? null, arrivalGuards: v.arrivalGuards ?? null, dismissalTeachers: v.dismissalTeachers ?? null, dismissalGuards: v.dismissalGuards ?? null, onDuty: trim(v.onDuty) }
          : {
              admitted: v.admitted ?? null,
              refusalReason: v.admitted === false ? trim(v.refusalReason) : null,
              arrivedAt: v.arrivedAt ? v.arrivedAt.format() : null,
              ...(k === 'visitor'
                ? { visitorName: trim(v.visitorName), idChecked: !!v.idChecked, phone: trim(v.phone), organisation: trim(v.organisation), purpose: trim(v.purpose), hostName: trim(v.hostName), escortName: trim(v.escortName), ...(v.idNumber ? { idNumber: v.idNumber.trim() } : {}) }
                : { plate: trim(v.plate), driverName: trim(v.driverName) }),
            }),
      };
      return record ? gateApi.update(record.id, { version: record.version, ...body }) : gateApi.create({ schoolId: v.schoolId!, kind: k, ...body });
    },
    done: (r) => (record ? '登记已修改' : r.kind === 'visitor' ? `已登记来访：${r.visitorName}` : r.kind === 'vehicle' ? `已登记车辆 ${r.plate}（${r.admitted ? '准入' : '拒绝进入'}）` : `已登记 ${r.recordedOn} 护学岗`),
  });

  const title = record ? `修改${gateKindLabels[k]}登记` : k === 'visitor' ? '登记来访人员' : k === 'vehicle' ? '登记车辆' : '登记护学岗';
  return (
    <LedgerDrawer open={open} onClose={onClose} title={title} width={520} saving={save.isPending} onSave={() => form.submit()} testId="gate">
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={record?.schoolName} testId="gate-school" />
        <Form.Item name="guardName" label="值班门卫" rules={[{ required: true, whitespace: true, message: '请填写值班门卫' }]}>
          <Input {...big} maxLength={30} data-testid="gate-guard-name" />
        </Form.Item>
        {k === 'guard_post' ? (
          <>
            <Form.Item name="recordedOn" label="日期" rules={[{ required: true, message: '请填写日期' }]}>
              <DatePicker {...big} style={{ width: '100%' }} inputReadOnly />
            </Form.Item>
            <Space wrap>
              <Form.Item name="arrivalTeachers" label="上学时段教师" rules={[numberRule(0, 50, { integer: true }), { required: true, message: '请填写人数' }]}>
                <InputNumber {...big} precision={0} suffix="人" data-testid="gate-arrival-teachers" />
              </Form.Item>
              <Form.Item name="arrivalGuards" label="上学时段保安" rules={[numberRule(0, 50, { integer: true }), { required: true, message: '请填写人数' }]}>
                <InputNumber {...big} precision={0} suffix="人" />
              </Form.Item>
              <Form.Item name="dismissalTeachers" label="放学时段教师" rules={[numberRule(0, 50, { integer: true }), { required: true, message: '请填写人数' }]}>
                <InputNumber {...big} precision={0} suffix="人" />
              </Form.Item>
              <Form.Item name="dismissalGuards" label="放学时段保安" rules={[numberRule(0, 50, { integer: true }), { required: true, message: '请填写人数' }]}>
                <InputNumber {...big} precision={0} suffix="人" />
              </Form.Item>
            </Space>
            <Form.Item name="onDuty" label="到岗人员">
              <Input {...big} maxLength={200} placeholder="如：李老师、王老师、保安周建国" />
            </Form.Item>
          </>
        ) : (
          <>
            {k === 'visitor' ? (
              <>
                <Form.Item name="visitorName" label="来访人" rules={[{ required: true, whitespace: true, message: '请填写来访人姓名' }]}>
                  <Input {...big} maxLength={30} data-testid="gate-visitor-name" />
                </Form.Item>
                <Form.Item name="idNumber" label="身份证号" extra={record?.idNumberMasked ? `已登记：${record.idNumberMasked}（重新填写才会更改）` : '核验后录入，系统只保存脱敏号码'}>
                  <Input {...big} maxLength={18} inputMode="text" autoComplete="off" data-testid="gate-id-number" />
                </Form.Item>
                <Form.Item name="idChecked" label="已核验证件" valuePropName="checked">
                  <Switch checkedChildren="已核验" unCheckedChildren="未核验" />
                </Form.Item>
                <Form.Item name="phone" label="联系电话">
                  <Input {...big} maxLength={20} inputMode="tel" />
                </Form.Item>
                <Form.Item name="organisation" label="来访单位">
                  <Input {...big} maxLength={100} placeholder="如：学生家长、维修公司" />
                </Form.Item>
                <Form.Item name="purpose" label="事由">
                  <Input {...big} maxLength={200} data-testid="gate-purpose" />
                </Form.Item>
                <Form.Item name="hostName" label="被访人">
                  <Input {...big} maxLength={30} data-testid="gate-host" />
                </Form.Item>
                <Form.Item name="escortName" label="带领教职工" extra="外来人员一律由教职工带入校园（002 第7项）">
                  <Input {...big} maxLength={30} data-testid="gate-escort" />
                </Form.Item>
                {admitted !== false && !escort?.trim() && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message="未填写带领教职工：该来访将被标记为“无教职工带领”" />}
              </>
            ) : (
              <>
                <Form.Item name="plate" label="车牌号" rules={[{ required: true, whitespace: true, message: '请填写车牌号' }]}>
                  <Input {...big} maxLength={12} data-testid="gate-plate" />
                </Form.Item>
                <Form.Item name="driverName" label="驾驶人">
                  <Input {...big} maxLength={30} />
                </Form.Item>
              </>
            )}
            <Form.Item name="admitted" label="是否准入" rules={[{ required: true, message: '请选择准入或拒绝' }]}>
              <Radio.Group size="large" optionType="button" buttonStyle="solid" options={[{ value: true, label: '准入' }, { value: false, label: '拒绝进入' }]} data-testid="gate-admitted" />
            </Form.Item>
            {admitted === false && (
              <Form.Item name="refusalReason" label="拒绝理由" rules={[{ required: true, whitespace: true, message: '请写明拒绝理由' }]}>
                <Input.TextArea rows={2} maxLength={200} placeholder="如：无关车辆，未预约；可疑人员" data-testid="gate-refusal-reason" />
              </Form.Item>
            )}
            <Form.Item name="arrivedAt" label="到达时间" rules={[{ required: true, message: '请填写到达时间' }]}>
              <DatePicker {...big} showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} inputReadOnly />
            </Form.Item>
          </>
        )}
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item name="fileIds" label="照片">
          <PhotoUpload unitId={schoolId} files={record?.files} max={20} disabled={!schoolId} label="拍照" testId="gate-files" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}
