// The drawers of the school bus ledger: a bus (plate, seats, 行驶证, insurance, 年审), a driver
// (licence, background check, health check), a route with its stops in order (student counts only),
// the daily pre-trip check (出车前检查: items ok / not ok, photos), and a failed item turned into a
// hazard in one step. Field errors from the server go under the field.
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Divider, Form, Input, InputNumber, Radio, Select, Space, Switch } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { backgroundResultLabels, backgroundResults, licenceClasses, preTripItems, type BusView, type CheckView, type DriverView, type RouteView } from '../../contracts/buses.js';
import { hazardGradeLabels, hazardGrades } from '../../contracts/enums.js';
import { useMe } from '../auth.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { fromDay, toDay } from '../dates.js';
import { numberRule } from '../forms.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { SchoolField, useLedgerSave } from '../ledger/ledgerParts.js';
import { BUSES_KEY, busesApi } from './busesApi.js';

const notAhead = (d: Dayjs) => d.isAfter(dayjs(), 'day');

/** The school a new record is for: the person's own, else the one chosen. */
function useSchoolOf(open: boolean, form: { resetFields: () => void }, item: { schoolId: number } | null | undefined) {
  const me = useMe();
  const isSchool = me.unit.kind === 'school';
  useEffect(() => {
    if (!open) return;
    form.resetFields();
  }, [open, form]);
  return item?.schoolId ?? (isSchool ? me.unit.id : undefined);
}

// ---- a bus ---------------------------------------------------------------------------------------

interface BusValues {
  schoolId?: number;
  plate?: string;
  seats?: number;
  licenceNo?: string;
  insuranceExpiresOn?: Dayjs;
  reviewedOn?: Dayjs;
  reviewDueOn?: Dayjs;
  servesFrom?: Dayjs;
  inService?: boolean;
  fileIds?: number[];
}
const BUS_FIELDS = ['schoolId', 'plate', 'seats', 'licenceNo', 'insuranceExpiresOn', 'reviewedOn', 'reviewDueOn', 'servesFrom', 'inService', 'fileIds'] as const;

export function BusDrawer({ open, item, onClose }: { open: boolean; item?: BusView | null; onClose: () => void }) {
  const [form] = Form.useForm<BusValues>();
  const own = useSchoolOf(open, form, item);
  const schoolId = Form.useWatch('schoolId', form) ?? own;
  useEffect(() => {
    if (!open) return;
    if (item)
      form.setFieldsValue({
        schoolId: item.schoolId,
        plate: item.plate,
        seats: item.seats,
        licenceNo: item.licenceNo,
        insuranceExpiresOn: fromDay(item.insuranceExpiresOn),
        reviewedOn: fromDay(item.reviewedOn),
        reviewDueOn: fromDay(item.reviewDueOn),
        servesFrom: fromDay(item.servesFrom),
        inService: item.inService,
        fileIds: item.files.map((f) => f.id),
      });
    else form.setFieldsValue({ schoolId: own, inService: true, servesFrom: dayjs(), fileIds: [] });
  }, [open, item, form, own]);
  const save = useLedgerSave({
    form,
    fields: BUS_FIELDS,
    listKey: BUSES_KEY,
    onClose,
    save: (v: BusValues) => {
      const f = {
        plate: v.plate!.trim(),
        seats: v.seats!,
        licenceNo: v.licenceNo!.trim(),
        insuranceExpiresOn: toDay(v.insuranceExpiresOn)!,
        reviewedOn: toDay(v.reviewedOn) ?? null,
        reviewDueOn: toDay(v.reviewDueOn)!,
        servesFrom: toDay(v.servesFrom)!,
        inService: v.inService ?? true,
        fileIds: v.fileIds ?? [],
      };
      return item ? busesApi.updateBus(item.id, { version: item.version, ...f }) : busesApi.createBus({ schoolId: v.schoolId!, ...f });
    },
    done: (b) => (item ? `校车 ${b.plate} 已修改` : `已登记校车 ${b.plate}`),
  });
  return (
    <LedgerDrawer open={open} onClose={onClose} title={item ? '修改校车' : '登记校车'} width={560} saving={save.isPending} onSave={() => form.submit()} testId="bus">
      <Form<BusValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={item?.schoolName} testId="bus-school" />
        <Space size="middle" wrap align="start">
          <Form.Item name="plate" label="车牌号" rules={[{ required: true, whitespace: true, message: '请填写车牌号' }]}>
            <Input maxLength={16} style={{ width: 160 }} placeholder="如：沪A·X1234" data-testid="bus-plate" />
          </Form.Item>
          <Form.Item name="seats" label="核定座位数" rules={[{ required: true, message: '请填写座位数' }, numberRule(1, 100, { integer: true, unit: ' 座' })]}>
            <InputNumber style={{ width: 120 }} addonAfter="座" data-testid="bus-seats" />
          </Form.Item>
          <Form.Item name="inService" label="在用" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Space size="middle" wrap align="start">
          <Form.Item name="licenceNo" label="行驶证号" rules={[{ required: true, whitespace: true, message: '请填写行驶证号' }]}>
            <Input maxLength={64} style={{ width: 200 }} data-testid="bus-licence" />
          </Form.Item>
          <Form.Item name="insuranceExpiresOn" label="保险到期日" rules={[{ required: true, message: '请填写保险到期日' }]}>
            <DatePicker style={{ width: 160 }} data-testid="bus-insurance" />
          </Form.Item>
        </Space>
        <Divider plain>年度审验（年审）</Divider>
        <Space size="middle" wrap align="start">
          <Form.Item name="reviewedOn" label="最近年审日期">
            <DatePicker style={{ width: 160 }} disabledDate={notAhead} />
          </Form.Item>
          <Form.Item name="reviewDueOn" label="年审到期日" rules={[{ required: true, message: '请填写年审到期日' }]} extra="到期前 30 天提示；开学前完成年度复核（000 任务分解表第3项）">
            <DatePicker style={{ width: 160 }} data-testid="bus-review-due" />
          </Form.Item>
        </Space>
        <Form.Item name="servesFrom" label="开始运营日期" rules={[{ required: true, message: '请填写开始运营日期' }]} extra="自该日起每个上学日须做出车前检查">
          <DatePicker style={{ width: 160 }} data-testid="bus-serves-from" />
        </Form.Item>
        <Form.Item name="fileIds" label="证照照片" extra={schoolId ? '行驶证、校车标牌、保险单、年审凭证等' : '请先选择学校，再上传'}>
          <PhotoUpload unitId={schoolId} files={item?.files} max={20} disabled={!schoolId} label="上传" testId="bus-files" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}

// ---- a driver ------------------------------------------------------------------------------------

interface DriverValues {
  schoolId?: number;
  name?: string;
  licenceClass?: DriverView['licenceClass'];
  licenceExpiresOn?: Dayjs;
  backgroundCheckedOn?: Dayjs;
  backgroundResult?: DriverView['backgroundResult'];
  healthCheckedOn?: Dayjs;
  active?: boolean;
  fileIds?: number[];
}
const DRIVER_FIELDS = ['schoolId', 'name', 'licenceClass', 'licenceExpiresOn', 'backgroundCheckedOn', 'backgroundResult', 'healthCheckedOn', 'active', 'fileIds'] as const;

export function DriverDrawer({ open, item, onClose }: { open: boolean; item?: DriverView | null; onClose: () => void }) {
  const [form] = Form.useForm<DriverValues>();
  const own = useSchoolOf(open, form, item);
  const schoolId = Form.useWatch('schoolId', form) ?? own;
  useEffect(() => {
    if (!open) return;
    if (item)
      form.setFieldsValue({
        schoolId: item.schoolId,
        name: item.name,
        licenceClass: item.licenceClass,
        licenceExpiresOn: fromDay(item.licenceExpiresOn),
        backgroundCheckedOn: fromDay(item.backgroundCheckedOn),
        backgroundResult: item.backgroundResult ?? undefined,
        healthCheckedOn: fromDay(item.healthCheckedOn),
        active: item.active,
        fileIds: item.files.map((f) => f.id),
      });
    else form.setFieldsValue({ schoolId: own, active: true, licenceClass: 'A1', fileIds: [] });
  }, [open, item, form, own]);
  const save = useLedgerSave({
    form,
    fields: DRIVER_FIELDS,
    listKey: BUSES_KEY,
    onClose,
    save: (v: DriverValues) => {
      const f = {
        name: v.name!.trim(),
        licenceClass: v.licenceClass!,
        licenceExpiresOn: toDay(v.licenceExpiresOn)!,
        backgroundCheckedOn: toDay(v.backgroundCheckedOn) ?? null,
        backgroundResult: v.backgroundResult ?? null,
        healthCheckedOn: toDay(v.healthCheckedOn) ?? null,
        active: v.active ?? true,
        fileIds: v.fileIds ?? [],
      };
      return item ? busesApi.updateDriver(item.id, { version: item.version, ...f }) : busesApi.createDriver({ schoolId: v.schoolId!, ...f });
    },
    done: (d) => (item ? `驾驶人 ${d.name} 已修改` : `已登记驾驶人 ${d.name}`),
  });
  return (
    <LedgerDrawer open={open} onClose={onClose} title={item ? '修改校车驾驶人' : '登记校车驾驶人'} width={560} saving={save.isPending} onSave={() => form.submit()} testId="bus-driver">
      <Form<DriverValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={item?.schoolName} testId="bus-driver-school" />
        <Space size="middle" wrap align="start">
          <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
            <Input maxLength={50} style={{ width: 140 }} data-testid="bus-driver-name" />
          </Form.Item>
          <Form.Item name="active" label="在岗" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Space size="middle" wrap align="start">
          <Form.Item name="licenceClass" label="准驾车型" rules={[{ required: true, message: '请选择准驾车型' }]}>
            <Select style={{ width: 120 }} options={licenceClasses.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
          <Form.Item name="licenceExpiresOn" label="驾驶证有效期至" rules={[{ required: true, message: '请填写驾驶证有效期' }]}>
            <DatePicker style={{ width: 160 }} data-testid="bus-driver-licence" />
          </Form.Item>
        </Space>
        <Divider plain>资格审查（001 第14条）</Divider>
        <Space size="middle" wrap align="start">
          <Form.Item name="backgroundCheckedOn" label="背景审查日期">
            <DatePicker style={{ width: 160 }} disabledDate={notAhead} />
          </Form.Item>
          <Form.Item name="backgroundResult" label="背景审查结果" extra="只记录结果，不记录具体内容">
            <Radio.Group options={backgroundResults.map((r) => ({ value: r, label: backgroundResultLabels[r] }))} optionType="button" />
          </Form.Item>
        </Space>
        <Form.Item name="healthCheckedOn" label="体检日期">
          <DatePicker style={{ width: 160 }} disabledDate={notAhead} />
        </Form.Item>
        <Form.Item name="fileIds" label="证件照片" extra={schoolId ? '驾驶证、体检证明等' : '请先选择学校，再上传'}>
          <PhotoUpload unitId={schoolId} files={item?.files} max={20} disabled={!schoolId} label="上传" testId="bus-driver-files" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}

// ---- bus and driver choices of a school ------------------------------------------------------------

function useSchoolBuses(schoolId: number | undefined) {
  return useQuery({ queryKey: [...BUSES_KEY, 'choices', schoolId], queryFn: () => busesApi.buses({ schoolId, pageSize: 200 }), enabled: !!schoolId });
}
function useSchoolDrivers(schoolId: number | undefined) {
  return useQuery({ queryKey: [...BUSES_KEY, 'driver-choices', schoolId], queryFn: () => busesApi.drivers({ schoolId, pageSize: 200 }), enabled: !!schoolId });
}

// ---- a route ---------------------------------------------------------------------------------------

interface RouteValues {
  schoolId?: number;
  busId?: number;
  name?: string;
  stops?: Array<{ name?: string; students?: number }>;
}

export function RouteDrawer({ open, item, onClose }: { open: boolean; item?: RouteView | null; onClose: () => void }) {
  const [form] = Form.useForm<RouteValues>();
  const own = useSchoolOf(open, form, item);
  const schoolId = Form.useWatch('schoolId', form) ?? own;
  const stops = Form.useWatch('stops', form) ?? [];
  const buses = useSchoolBuses(schoolId);
  useEffect(() => {
    if (!open) return;
    if (item) form.setFieldsValue({ schoolId: item.schoolId, busId: item.busId, name: item.name, stops: item.stops });
    else form.setFieldsValue({ schoolId: own, stops: [{ name: '', students: 0 }] });
  }, [open, item, form, own]);
  const save = useLedgerSave({
    form,
    fields: ['schoolId', 'busId', 'name', 'stops'],
    listKey: BUSES_KEY,
    onClose,
    save: (v: RouteValues) => {
      const list = (v.stops ?? []).map((s) => ({ name: (s.name ?? '').trim(), students: s.students ?? 0 }));
      return item ? busesApi.updateRoute(item.id, { version: item.version, name: v.name!.trim(), stops: list }) : busesApi.createRoute({ busId: v.busId!, name: v.name!.trim(), stops: list, fileIds: [] });
    },
    done: (r) => `线路 ${r.name} 已保存，乘车 ${r.studentCount} 人`,
  });
  const total = stops.reduce((a, s) => a + (s?.students ?? 0), 0);
  const seats = buses.data?.items.find((b) => b.id === form.getFieldValue('busId'))?.seats;
  return (
    <LedgerDrawer open={open} onClose={onClose} title={item ? '修改校车线路' : '登记校车线路'} width={560} saving={save.isPending} onSave={() => form.submit()} testId="bus-route">
      <Form<RouteValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={item?.schoolName} testId="bus-route-school" />
        <Space size="middle" wrap align="start">
          <Form.Item name="busId" label="校车" rules={[{ required: true, message: '请选择校车' }]}>
            <Select style={{ width: 180 }} disabled={!!item || !schoolId} loading={buses.isFetching} options={buses.data?.items.map((b) => ({ value: b.id, label: `${b.plate}（${b.seats} 座）` }))} placeholder={schoolId ? '请选择' : '请先选择学校'} data-testid="bus-route-bus" />
          </Form.Item>
          <Form.Item name="name" label="线路名称" rules={[{ required: true, whitespace: true, message: '请填写线路名称' }]}>
            <Input maxLength={50} style={{ width: 200 }} placeholder="如：东线（早）" data-testid="bus-route-name" />
          </Form.Item>
        </Space>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message="按乘车顺序填写站点和每站乘车人数；只记人数，不记学生姓名" />
        <Form.List name="stops">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="start">
                  <span style={{ lineHeight: '32px', width: 24 }}>{i + 1}.</span>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: '请填写站点名称' }]}>
                    <Input maxLength={50} placeholder="站点名称" style={{ width: 220 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'students']} rules={[{ required: true, message: '请填写人数' }, numberRule(0, 100, { integer: true, unit: ' 人' })]}>
                    <InputNumber addonAfter="人" style={{ width: 120 }} />
                  </Form.Item>
                  {fields.length > 1 && <MinusCircleOutlined style={{ marginTop: 9 }} onClick={() => remove(f.name)} />}
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', students: 0 })} disabled={fields.length >= 50}>
                添加站点
              </Button>
            </>
          )}
        </Form.List>
        <div style={{ marginTop: 12, color: seats !== undefined && total > seats ? '#cf1322' : undefined }}>
          乘车人数合计 {total} 人{seats !== undefined ? `，核定 ${seats} 座` : ''}
        </div>
      </Form>
    </LedgerDrawer>
  );
}

// ---- the daily pre-trip check -------------------------------------------------------------------

interface CheckValues {
  schoolId?: number;
  busId?: number;
  driverId?: number;
  checkedOn?: Dayjs;
  items?: Array<{ name: string; ok: boolean; note?: string }>;
  fileIds?: number[];
}

export function CheckDrawer({ open, item, onClose }: { open: boolean; item?: CheckView | null; onClose: () => void }) {
  const [form] = Form.useForm<CheckValues>();
  const own = useSchoolOf(open, form, item);
  const schoolId = Form.useWatch('schoolId', form) ?? own;
  const items = Form.useWatch('items', form) ?? [];
  const buses = useSchoolBuses(schoolId);
  const drivers = useSchoolDrivers(schoolId);
  useEffect(() => {
    if (!open) return;
    if (item) form.setFieldsValue({ schoolId: item.schoolId, busId: item.busId, driverId: item.driverId, checkedOn: fromDay(item.checkedOn), items: item.items.map((i) => ({ name: i.name, ok: i.ok, note: i.note ?? undefined })), fileIds: item.files.map((f) => f.id) });
    else form.setFieldsValue({ schoolId: own, checkedOn: dayjs(), items: preTripItems.map((name) => ({ name, ok: true })), fileIds: [] });
  }, [open, item, form, own]);
  const save = useLedgerSave({
    form,
    fields: ['schoolId', 'busId', 'driverId', 'checkedOn', 'items', 'fileIds'],
    listKey: BUSES_KEY,
    onClose,
    save: (v: CheckValues) => {
      const list = (v.items ?? []).map((i) => ({ name: i.name, ok: i.ok, note: i.note?.trim() || null }));
      return item
        ? busesApi.updateCheck(item.id, { version: item.version, driverId: v.driverId, items: list, fileIds: v.fileIds ?? [] })
        : busesApi.createCheck({ busId: v.busId!, driverId: v.driverId!, checkedOn: toDay(v.checkedOn)!, items: list, fileIds: v.fileIds ?? [] });
    },
    done: (c) => (c.failedCount ? `已登记，${c.failedCount} 项不合格：请立即处置，可在列表中一键生成隐患` : '已登记出车前检查，全部正常'),
  });
  const failed = items.filter((i) => i && !i.ok).length;
  return (
    <LedgerDrawer open={open} onClose={onClose} title={item ? '修改出车前检查' : '登记出车前检查'} width={600} saving={save.isPending} onSave={() => form.submit()} testId="bus-check">
      <Form<CheckValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={item?.schoolName} testId="bus-check-school" />
        <Space size="middle" wrap align="start">
          <Form.Item name="busId" label="校车" rules={[{ required: true, message: '请选择校车' }]}>
            <Select style={{ width: 160 }} disabled={!!item || !schoolId} loading={buses.isFetching} options={buses.data?.items.filter((b) => b.inService).map((b) => ({ value: b.id, label: b.plate }))} placeholder={schoolId ? '请选择' : '请先选择学校'} data-testid="bus-check-bus" />
          </Form.Item>
          <Form.Item name="driverId" label="驾驶人" rules={[{ required: true, message: '请选择驾驶人' }]}>
            <Select style={{ width: 140 }} disabled={!schoolId} loading={drivers.isFetching} options={drivers.data?.items.filter((d) => d.active).map((d) => ({ value: d.id, label: d.name }))} placeholder="请选择" data-testid="bus-check-driver" />
          </Form.Item>
          <Form.Item name="checkedOn" label="检查日期" rules={[{ required: true, message: '请选择检查日期' }]}>
            <DatePicker style={{ width: 150 }} disabled={!!item} disabledDate={notAhead} />
          </Form.Item>
        </Space>
        <Divider plain>检查项目（不合格的请说明情况）</Divider>
        <Form.List name="items">
          {(fields) =>
            fields.map((f, i) => (
              <Space key={f.key} align="start" wrap>
                <Form.Item name={[f.name, 'name']} hidden>
                  <Input />
                </Form.Item>
                <span style={{ lineHeight: '32px', width: 220, display: 'inline-block' }}>{form.getFieldValue(['items', f.name, 'name'])}</span>
                <Form.Item name={[f.name, 'ok']}>
                  <Radio.Group optionType="button" buttonStyle="solid" options={[{ value: true, label: '正常' }, { value: false, label: '不合格' }]} data-testid={`bus-check-item-${i}`} />
                </Form.Item>
                {items[i] && !items[i].ok && (
                  <Form.Item name={[f.name, 'note']}>
                    <Input maxLength={200} placeholder="情况说明" style={{ width: 200 }} />
                  </Form.Item>
                )}
              </Space>
            ))
          }
        </Form.List>
        {failed > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`${failed} 项不合格：校车不得“带病上路”（001 第14条），保存后可一键生成隐患`} />}
        <Form.Item name="fileIds" label="检查照片" extra={schoolId ? '车辆外观、仪表、不合格部位等' : '请先选择学校，再上传'}>
          <PhotoUpload unitId={schoolId} files={item?.files} max={20} disabled={!schoolId} label="拍照或上传" testId="bus-check-photos" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}

// ---- a failed item turned into a hazard ----------------------------------------------------------

interface HazardValues {
  item?: string;
  grade?: 'general' | 'major';
  note?: string;
}

export function CheckHazardDrawer({ check, onClose }: { check: CheckView | null; onClose: () => void }) {
  const [form] = Form.useForm<HazardValues>();
  const open = !!check;
  const raised = new Set(check?.hazards.map((h) => h.item));
  const choices = check?.items.filter((i) => !i.ok && !raised.has(i.name)) ?? [];
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ item: choices[0]?.name, grade: 'general' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, check?.id, form]);
  const save = useLedgerSave({
    form,
    fields: ['item', 'grade', 'note'],
    listKey: BUSES_KEY,
    onClose,
    save: (v: HazardValues) => busesApi.raiseHazard(check!.id, { version: check!.version, item: v.item!, grade: v.grade!, note: v.note?.trim() || null }),
    done: (c) => `已生成隐患 ${c.hazards.find((h) => h.item === form.getFieldValue('item'))?.hazardCode ?? ''}，可在隐患台账中跟踪整改`,
  });
  return (
    <LedgerDrawer open={open} onClose={onClose} title="不合格项目生成隐患" width={480} saving={save.isPending} onSave={() => form.submit()} testId="bus-check-hazard">
      {check && (
        <Form<HazardValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <p>
            {check.schoolName} · {check.busPlate} · {check.checkedOn} 出车前检查
          </p>
          <Form.Item name="item" label="不合格项目" rules={[{ required: true, message: '请选择检查项目' }]}>
            <Select options={choices.map((i) => ({ value: i.name, label: i.note ? `${i.name}（${i.note}）` : i.name }))} data-testid="bus-check-hazard-item" />
          </Form.Item>
          <Form.Item name="grade" label="隐患等级" rules={[{ required: true, message: '请选择隐患等级' }]}>
            <Radio.Group options={hazardGrades.map((g) => ({ value: g, label: hazardGradeLabels[g] }))} optionType="button" />
          </Form.Item>
          <Form.Item name="note" label="补充说明">
            <Input.TextArea maxLength={1000} rows={3} placeholder="如：已停运，改派备用车" />
          </Form.Item>
        </Form>
      )}
    </LedgerDrawer>
  );
}
