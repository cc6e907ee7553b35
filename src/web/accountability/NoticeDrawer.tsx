// 起草通报 / 修改通报: the title, the reason, what is required, the reply deadline, the units named
// (with a person by name and post when the notice names one), and the records behind it, picked from
// the named units' hazards, false fixes and missed rules.
import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { noticeRecordKindLabels, noticeRecordKinds, type NoticeDetail, type NoticeRecordKind } from '../../contracts/accountability.js';
import { http, type Page } from '../api.js';
import type { Hazard } from '../../contracts/hazards.js';
import type { ComplianceView } from '../../contracts/compliance.js';
import { fromDay, toDay, todayBeijing } from '../dates.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { useLedgerSave } from '../ledger/ledgerParts.js';
import { UnitTreeSelect } from '../units/tree.js';
import { ACCOUNTABILITY_KEY, accountabilityApi } from './accountabilityApi.js';

interface RecordValue {
  kind?: NoticeRecordKind;
  /** `hazard:12` or `compliance_finding:5:drill.monthly`. */
  key?: string;
}
interface Values {
  title?: string;
  reason?: string;
  requirement?: string;
  replyDueOn?: Dayjs;
  units?: number[];
  personName?: string;
  personPost?: string;
  records?: RecordValue[];
}

// The form's field names are the body's, so a server error naming `units.0.unitId` lands under 被通报单位.
const FIELDS = ['title', 'reason', 'requirement', 'replyDueOn', 'units', 'records'] as const;

/** The records of one kind that the named units have, as options. */
function useRecordOptions(kind: NoticeRecordKind | undefined, unitIds: number[]) {
  return useQuery({
    queryKey: [...ACCOUNTABILITY_KEY, 'record-options', kind, unitIds],
    enabled: !!kind && unitIds.length > 0,
    queryFn: async () => {
      const out: Array<{ value: string; label: string }> = [];
      for (const unitId of unitIds.slice(0, 20)) {
        if (kind === 'compliance_finding') {
          const c = await http.get<ComplianceView>('/compliance', { unitId, status: 'missed', pageSize: 100 });
          for (const f of c.items) out.push({ value: `compliance_finding:${f.unitId}:${f.ruleCode}`, label: `${f.unitName}：${f.explanation}` });
        } else if (kind === 'incident') {
          const i = await http.get<Page<{ id: number; code: string; unitName: string; headline: string }>>('/incidents', { unitId, pageSize: 100 });
          for (const x of i.items) out.push({ value: `incident:${x.id}`, label: `${x.code} ${x.unitName}：${x.headline}` });
        } else {
          const h = await http.get<Page<Hazard>>('/hazards', { schoolId: unitId, pageSize: 100 });
          for (const x of h.items) {
            if (kind === 'false_fix' && !x.falseFix) continue;
            out.push({ value: `${kind}:${x.id}`, label: `${x.code} ${x.schoolName}：${x.description}` });
          }
        }
      }
      return out;
    },
    meta: { silent: true },
  });
}

function RecordRow({ name, unitIds, remove }: { name: number; unitIds: number[]; remove: () => void }) {
  const form = Form.useFormInstance<Values>();
  const kind = Form.useWatch(['records', name, 'kind'], form) as NoticeRecordKind | undefined;
  const options = useRecordOptions(kind, unitIds);
  return (
    <Space align="start" style={{ display: 'flex' }} wrap>
      <Form.Item name={[name, 'kind']} rules={[{ required: true, message: '请选择记录类型' }]} style={{ marginBottom: 8 }}>
        <Select
          style={{ width: 220 }}
          placeholder="记录类型"
          options={noticeRecordKinds.map((k) => ({ value: k, label: noticeRecordKindLabels[k] }))}
          onChange={() => form.setFieldValue(['records', name, 'key'], undefined)}
          data-testid={`notice-record-kind-${name}`}
        />
      </Form.Item>
      <Form.Item name={[name, 'key']} rules={[{ required: true, message: '请选择记录' }]} style={{ marginBottom: 8 }}>
        <Select
          style={{ width: 380 }}
          showSearch
          optionFilterProp="label"
          placeholder={unitIds.length ? '选择被通报单位的记录' : '请先选择被通报单位'}
          loading={options.isFetching}
          options={options.data ?? []}
          notFoundContent={options.isFetching ? '加载中…' : '被通报单位没有此类记录'}
          data-testid={`notice-record-${name}`}
        />
      </Form.Item>
      <Button onClick={remove}>移除</Button>
    </Space>
  );
}

export function NoticeDrawer({ open, notice, onClose, onSaved }: { open: boolean; notice?: NoticeDetail | null; onClose: () => void; onSaved?: (n: NoticeDetail) => void }) {
  const [form] = Form.useForm<Values>();
  const unitIds = (Form.useWatch('units', form) as number[] | undefined) ?? [];

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (notice) {
      const person = notice.units.find((u) => u.personName);
      form.setFieldsValue({
        title: notice.title,
        reason: notice.reason,
        requirement: notice.requirement ?? undefined,
        replyDueOn: fromDay(notice.replyDueOn),
        units: notice.units.map((u) => u.unitId),
        personName: person?.personName ?? undefined,
        personPost: person?.personPost ?? undefined,
        records: notice.records.map((r) => ({ kind: r.kind, key: r.kind === 'compliance_finding' ? `${r.kind}:${r.refId}:${r.refKey}` : `${r.kind}:${r.refId}` })),
      });
    }
  }, [open, notice, form]);

  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: ACCOUNTABILITY_KEY,
    onClose,
    save: (v: Values) => {
      const ids = v.units ?? [];
      const body = {
        title: v.title?.trim() ?? '',
        reason: v.reason?.trim() ?? '',
        requirement: v.requirement?.trim() || null,
        replyDueOn: toDay(v.replyDueOn) ?? '',
        // The person named (if any) is of the first unit: a notice naming people names one unit's.
        units: ids.map((unitId, i) => ({ unitId, personName: i === 0 ? v.personName?.trim() || null : null, personPost: i === 0 ? v.personPost?.trim() || null : null })),
        records: (v.records ?? []).map((r) => {
          const [kind, id, ...rule] = (r.key ?? '').split(':');
          return { kind: kind as NoticeRecordKind, id: Number(id), ruleCode: rule.length ? rule.join(':') : undefined };
        }),
      };
      return notice ? accountabilityApi.updateNotice(notice.id, { version: notice.version, ...body }) : accountabilityApi.createNotice(body);
    },
    done: (n) => {
      onSaved?.(n);
      return notice ? '通报已修改' : `已起草通报 ${n.code}，请提交区教育局审核签发`;
    },
  });

  return (
    <LedgerDrawer open={open} onClose={onClose} title={notice ? `修改通报 ${notice.code}` : '起草通报'} width={760} saving={save.isPending} onSave={() => form.validateFields().then((v) => save.mutate(v))} testId="notice">
      <Form form={form} layout="vertical" requiredMark>
        <Form.Item name="title" label="通报标题" rules={[{ required: true, message: '请填写通报标题' }, { max: 200, message: '最多 200 字' }]}>
          <Input placeholder="如：关于××学校重大火灾隐患逾期未整改的通报" data-testid="notice-title" />
        </Form.Item>
        <Form.Item name="units" label="被通报单位" rules={[{ required: true, message: '请选择被通报单位' }]}>
          <UnitTreeSelect
            multiple
            placeholder="选择学校、镇街或科室（可多选）"
            selectable={(u) => (u.kind === 'school' || u.kind === 'town' || u.kind === 'department') && u.status === 'active'}
            data-testid="notice-units"
          />
        </Form.Item>
        <Space wrap>
          <Form.Item name="personName" label="被通报人（如有）" tooltip="通报点名到人时填写，仅姓名和职务，属第一个被通报单位">
            <Input style={{ width: 200 }} maxLength={50} />
          </Form.Item>
          <Form.Item name="personPost" label="职务">
            <Input style={{ width: 200 }} maxLength={50} />
          </Form.Item>
        </Space>
        <Form.Item name="reason" label="通报事由" rules={[{ required: true, message: '请填写通报事由' }]}>
          <Input.TextArea rows={4} maxLength={5000} showCount data-testid="notice-reason" />
        </Form.Item>
        <Form.Item name="requirement" label="整改要求">
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Form.Item name="replyDueOn" label="回复期限" rules={[{ required: true, message: '请选择回复期限' }]}>
          <DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') < todayBeijing()} data-testid="notice-due" />
        </Form.Item>
        <Typography.Text strong>通报依据</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          引用被通报单位的隐患、回头看发现的虚假整改或未达标项，通报中保留其当时的内容。
        </Typography.Paragraph>
        <Form.List name="records">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <RecordRow key={f.key} name={f.name} unitIds={unitIds} remove={() => remove(f.name)} />
              ))}
              <Button onClick={() => add({})} data-testid="notice-add-record">
                添加通报依据
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </LedgerDrawer>
  );
}
