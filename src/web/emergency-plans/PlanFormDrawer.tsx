// 登记应急预案 / 修改（修订）应急预案: the kind, edition, approval, the next revision (pre-filled: a year
// for flood and typhoon and ice and snow, 000 item 10; the district's years otherwise), the rescue
// forces linked (004 item 4) and the staff walked through it (001 item 6).
import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { emergencyPlanKindLabels, emergencyPlanKinds, rescueForceKindLabels, rescueForceKinds, type EmergencyPlanView, type RescueForce } from '../../contracts/emergency-plans.js';
import { defaultRevisionDue, type EmergencyPlanKind } from '../../domain/emergency-plans.js';
import { useMe } from '../auth.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { fromDay, toDay } from '../dates.js';
import { SchoolField, useLedgerSave } from '../ledger/ledgerParts.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { staffApi } from '../staff/staffApi.js';
import { PLANS_KEY, emergencyPlansApi } from './emergencyPlansApi.js';

interface Values {
  schoolId?: number;
  kind?: EmergencyPlanKind;
  edition?: string;
  approvedBy?: string;
  approvedOn?: Dayjs;
  revisionDue?: Dayjs;
  rescueForces?: RescueForce[];
  walkedStaffIds?: number[];
  walkedOn?: Dayjs | null;
  fileIds?: number[];
}
const FIELDS = ['schoolId', 'kind', 'edition', 'approvedBy', 'approvedOn', 'revisionDue', 'rescueForces', 'walkedStaffIds', 'walkedOn', 'fileIds'] as const;

/** The school's current staff, to pick who was walked through the plan. */
function WalkedStaffSelect({ schoolId, value, onChange }: { schoolId?: number; value?: number[]; onChange?: (v: number[]) => void }) {
  const q = useQuery({
    queryKey: ['staff', 'list', { schoolId, pageSize: 200 }],
    queryFn: () => staffApi.staff({ schoolId, pageSize: 200 }),
    enabled: !!schoolId,
  });
  return (
    <Select
      mode="multiple"
      allowClear
      value={value}
      onChange={onChange}
      disabled={!schoolId}
      loading={q.isLoading}
      placeholder={schoolId ? '选择已组织熟悉本预案的教职工' : '请先选择学校'}
      optionFilterProp="label"
      options={(q.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
      maxTagCount={12}
      data-testid="plan-walked-staff"
    />
  );
}

export function PlanFormDrawer({ open, plan, onClose }: { open: boolean; plan?: EmergencyPlanView | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const isSchool = me.unit.kind === 'school';
  const schoolId = Form.useWatch('schoolId', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (plan) {
      form.setFieldsValue({
        schoolId: plan.schoolId,
        kind: plan.kind,
        edition: plan.edition,
        approvedBy: plan.approvedBy,
        approvedOn: fromDay(plan.approvedOn),
        revisionDue: fromDay(plan.revisionDue),
        rescueForces: plan.rescueForces,
        walkedStaffIds: plan.walkedStaff.map((s) => s.id),
        walkedOn: plan.walkedOn ? fromDay(plan.walkedOn) : null,
        fileIds: plan.files.map((f) => f.id),
      });
    } else form.setFieldsValue({ schoolId: isSchool ? me.unit.id : undefined, rescueForces: [], walkedStaffIds: [], fileIds: [] });
  }, [open, plan, form, isSchool, me.unit.id]);

  // The next revision follows the approval unless set by hand.
  const prefill = () => {
    const { kind, approvedOn, revisionDue } = form.getFieldsValue(['kind', 'approvedOn', 'revisionDue']);
    if (kind && approvedOn && !form.isFieldTouched('revisionDue')) form.setFieldValue('revisionDue', fromDay(defaultRevisionDue(kind, toDay(approvedOn)!)));
    else if (!revisionDue && kind && approvedOn) form.setFieldValue('revisionDue', fromDay(defaultRevisionDue(kind, toDay(approvedOn)!)));
  };

  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: PLANS_KEY,
    onClose,
    save: (v: Values) => {
      const fields = {
        edition: v.edition!.trim(),
        approvedBy: v.approvedBy!.trim(),
        approvedOn: toDay(v.approvedOn)!,
        revisionDue: toDay(v.revisionDue)!,
        rescueForces: (v.rescueForces ?? []).map((f) => ({ ...f, name: f.name.trim(), contact: f.contact.trim(), phone: f.phone.trim() })),
        walkedStaffIds: v.walkedStaffIds ?? [],
        walkedOn: v.walkedOn ? toDay(v.walkedOn)! : null,
        fileIds: v.fileIds ?? [],
      };
      return plan ? emergencyPlansApi.updatePlan(plan.id, { version: plan.version, ...fields }) : emergencyPlansApi.createPlan({ schoolId: v.schoolId!, kind: v.kind!, ...fields });
    },
    done: (p) => (plan ? '应急预案已修改' : `已登记${emergencyPlanKindLabels[p.kind]}应急预案`),
  });

  return (
    <LedgerDrawer open={open} onClose={onClose} title={plan ? '修改应急预案' : '登记应急预案'} width={640} saving={save.isPending} onSave={() => form.submit()} testId="plan">
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} onValuesChange={(c) => ('kind' in c || 'approvedOn' in c) && prefill()} scrollToFirstError>
        <SchoolField editingName={plan?.schoolName} testId="plan-school" />
        <Space size="middle" wrap align="start">
          <Form.Item name="kind" label="预案类型" rules={[{ required: true, message: '请选择预案类型' }]}>
            <Select style={{ width: 220 }} disabled={!!plan} options={emergencyPlanKinds.map((k) => ({ value: k, label: emergencyPlanKindLabels[k] }))} data-testid="plan-kind" />
          </Form.Item>
          <Form.Item name="edition" label="预案版本" rules={[{ required: true, whitespace: true, message: '请填写预案版本' }]}>
            <Input maxLength={50} placeholder="如 2026版" style={{ width: 160 }} data-testid="plan-edition" />
          </Form.Item>
          <Form.Item name="approvedBy" label="审批人" rules={[{ required: true, whitespace: true, message: '请填写审批人' }]}>
            <Input maxLength={50} style={{ width: 160 }} data-testid="plan-approved-by" />
          </Form.Item>
        </Space>
        <Space size="middle" wrap align="start">
          <Form.Item name="approvedOn" label="批准日期" rules={[{ required: true, message: '请填写批准日期' }]}>
            <DatePicker style={{ width: 180 }} data-testid="plan-approved-on" />
          </Form.Item>
          <Form.Item name="revisionDue" label="下次修订日期" rules={[{ required: true, message: '请填写下次修订日期' }]} extra="防汛防台风、冰冻雨雪预案每年修订（000 第10项）">
            <DatePicker style={{ width: 180 }} data-testid="plan-revision-due" />
          </Form.Item>
        </Space>
        <Form.Item label="联动救援力量" extra="与学校周边派出所、消防救援站、医院建立应急联动（004 第4项）">
          <Form.List name="rescueForces">
            {(items, { add, remove }) => (
              <>
                {items.map((f) => (
                  <Space key={f.key} align="start" wrap>
                    <Form.Item name={[f.name, 'forceKind']} rules={[{ required: true, message: '请选择类别' }]}>
                      <Select style={{ width: 120 }} options={rescueForceKinds.map((k) => ({ value: k, label: rescueForceKindLabels[k] }))} placeholder="类别" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: '请填写单位名称' }]}>
                      <Input placeholder="单位名称" maxLength={100} style={{ width: 160 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'contact']} rules={[{ required: true, whitespace: true, message: '请填写联系人' }]}>
                      <Input placeholder="联系人" maxLength={50} style={{ width: 100 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'phone']} rules={[{ required: true, whitespace: true, message: '请填写电话' }]}>
                      <Input placeholder="电话" maxLength={20} style={{ width: 140 }} />
                    </Form.Item>
                    <Button type="link" danger onClick={() => remove(f.name)}>
                      删除
                    </Button>
                  </Space>
                ))}
                <Button onClick={() => add({ forceKind: 'police' })} data-testid="plan-add-force">
                  添加救援力量
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="walkedStaffIds" label="熟悉预案的教职工" extra="组织学习、培训后勾选（001 第6条：提高师生对应急预案的熟悉程度）">
          <WalkedStaffSelect schoolId={schoolId} />
        </Form.Item>
        <Form.Item name="walkedOn" label="熟悉培训日期">
          <DatePicker style={{ width: 180 }} data-testid="plan-walked-on" />
        </Form.Item>
        <Form.Item name="fileIds" label="预案文本" extra={schoolId ? '预案文本、批准文件（PDF 或照片）' : '请先选择学校，再上传'}>
          <PhotoUpload unitId={schoolId} files={plan?.files} max={20} disabled={!schoolId} label="上传" testId="plan-files" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}
