// 登记演练 / 修改演练: a school records its own drills; a town or the bureau picks the school.
import { useQuery } from '@tanstack/react-query';
import { DatePicker, Form, Input, InputNumber, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { createDrillBody, type Drill } from '../../contracts/drills.js';
import { emergencyPlanKindLabels } from '../../contracts/emergency-plans.js';
import { drillKindLabels, drillKinds, type DrillKind } from '../../contracts/rules.js';
import { useMe } from '../auth.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { fromDay, toDay, todayBeijing } from '../dates.js';
import { PLANS_KEY, emergencyPlansApi } from '../emergency-plans/emergencyPlansApi.js';
import { zodRule } from '../forms.js';
import { SchoolField, useLedgerSave } from '../ledger/ledgerParts.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { DRILLS_KEY, drillsApi } from './drillsApi.js';

interface Values {
  schoolId?: number;
  heldOn?: Dayjs;
  kind?: DrillKind;
  emergencyPlanId?: number | null;
  participants?: number;
  evacuationSeconds?: number | null;
  observers?: string;
  problems?: string;
  fileIds?: number[];
}

const FIELDS = ['schoolId', 'heldOn', 'kind', 'emergencyPlanId', 'participants', 'evacuationSeconds', 'observers', 'problems', 'fileIds'] as const;

export function DrillFormDrawer({ open, drill, onClose }: { open: boolean; /** Editing this drill, else a new one. */ drill?: Drill | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const isSchool = me.unit.kind === 'school';
  const schoolId = Form.useWatch('schoolId', form);
  const today = todayBeijing();
  // The school's plans in force, to name the one the drill exercised (000 task table 7).
  const plans = useQuery({ queryKey: [...PLANS_KEY, 'for-drill', schoolId], queryFn: () => emergencyPlansApi.plans({ schoolId, pageSize: 100 }), enabled: open && Boolean(schoolId) });

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (drill) {
      form.setFieldsValue({
        schoolId: drill.schoolId,
        heldOn: fromDay(drill.heldOn),
        kind: drill.kind,
        emergencyPlanId: drill.emergencyPlanId,
        participants: drill.participants,
        evacuationSeconds: drill.evacuationSeconds,
        observers: drill.observers ?? undefined,
        problems: drill.problems ?? undefined,
        fileIds: drill.files.map((f) => f.id),
      });
    } else {
      form.setFieldsValue({ schoolId: isSchool ? me.unit.id : undefined, heldOn: fromDay(today), fileIds: [] });
    }
  }, [open, drill, form, isSchool, me.unit.id, today]);

  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: DRILLS_KEY,
    onClose,
    save: (v: Values) => {
      const fields = {
        heldOn: toDay(v.heldOn)!,
        kind: v.kind!,
        emergencyPlanId: v.emergencyPlanId ?? null,
        participants: v.participants!,
        evacuationSeconds: v.evacuationSeconds ?? null,
        observers: v.observers?.trim() || null,
        problems: v.problems?.trim() || null,
        fileIds: v.fileIds ?? [],
      };
      return drill ? drillsApi.updateDrill(drill.id, { version: drill.version, ...fields }) : drillsApi.createDrill({ schoolId: v.schoolId!, ...fields });
    },
    done: (d) => (drill ? '演练记录已修改' : `已登记 ${d.heldOn} 的${drillKindLabels[d.kind]}演练`),
  });

  return (
    <LedgerDrawer open={open} onClose={onClose} title={drill ? '修改演练记录' : '登记应急疏散演练'} width={560} saving={save.isPending} onSave={() => form.submit()} testId="drill">
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        // A plan belongs to its school: another school chosen, the plan is chosen again.
        onValuesChange={(changed: Partial<Values>) => 'schoolId' in changed && form.setFieldValue('emergencyPlanId', null)}
        scrollToFirstError
      >
        <SchoolField editingName={drill?.schoolName} testId="drill-school" />
        <Space size="middle" wrap style={{ width: '100%' }} className="drill-form-row">
          <Form.Item name="heldOn" label="演练日期" rules={[{ required: true, message: '请填写演练日期' }]}>
            <DatePicker style={{ width: 200 }} inputReadOnly disabledDate={(d) => d.format('YYYY-MM-DD') > today} data-testid="drill-held-on" />
          </Form.Item>
          <Form.Item name="kind" label="演练类型" rules={[{ required: true, message: '请选择演练类型' }]}>
            <Select
              style={{ width: 240 }}
              placeholder="请选择"
              options={drillKinds.map((k) => ({ value: k, label: drillKindLabels[k] }))}
              data-testid="drill-kind"
            />
          </Form.Item>
        </Space>
        <Form.Item name="emergencyPlanId" label="演练的应急预案" extra={schoolId && plans.data?.total === 0 ? '本校还没有登记应急预案，可在“应急管理 → 应急预案”中登记' : '演练检验的是哪一份预案；没有对应预案可不选'}>
          <Select
            allowClear
            style={{ width: '100%' }}
            placeholder={schoolId ? '请选择' : '请先选择学校'}
            disabled={!schoolId}
            loading={plans.isFetching}
            options={(plans.data?.items ?? []).map((p) => ({ value: p.id, label: `${emergencyPlanKindLabels[p.kind]}（${p.edition}，${p.approvedOn} 批准）` }))}
            data-testid="drill-plan"
          />
        </Form.Item>
        <Space size="middle" wrap>
          <Form.Item name="participants" label="参加人数" rules={[{ required: true, message: '请填写参加人数' }, zodRule(createDrillBody.shape.participants)]}>
            <InputNumber precision={0} suffix="人" style={{ width: 200 }} data-testid="drill-participants" />
          </Form.Item>
          <Form.Item name="evacuationSeconds" label="疏散用时" extra="从发出警报到全部人员到达安全区域" rules={[zodRule(createDrillBody.shape.evacuationSeconds)]}>
            <InputNumber precision={0} suffix="秒" style={{ width: 200 }} data-testid="drill-evacuation" />
          </Form.Item>
        </Space>
        <Form.Item name="observers" label="外部观摩人员" extra="如属地消防救援站、派出所、家长代表">
          <Input maxLength={500} placeholder="没有可不填" data-testid="drill-observers" />
        </Form.Item>
        <Form.Item name="problems" label="发现的问题" extra="演练中暴露的问题；需要整改的，保存后在列表中点“上报隐患”">
          <Input.TextArea rows={3} maxLength={2000} showCount data-testid="drill-problems" />
        </Form.Item>
        <Form.Item name="fileIds" label="现场照片" extra={schoolId ? '可用手机直接拍照；每个不超过 20 MB，最多 20 个' : '请先选择学校，再拍照或上传'}>
          <PhotoUpload unitId={schoolId} files={drill?.files} max={20} disabled={!schoolId} testId="drill-photos" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}
