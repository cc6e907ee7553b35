// 登记矛盾纠纷 / 登记信访: the register's form (000 item 3, 003). A petition takes its channel, the
// number of petitioners and who brought it; a dispute neither. The due day is the server's, from the
// district's numbers, shown after saving.
import { Checkbox, DatePicker, Form, Input, InputNumber, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { disputeKindLabels, disputePartiesLabels, petitionChannelLabels, type DisputeKind, type DisputeParties, type DisputeView, type PetitionChannel } from '../../contracts/disputes.js';
import { useMe } from '../auth.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { fromDay, toDay } from '../dates.js';
import { numberRule } from '../forms.js';
import { SchoolField, useLedgerSave } from '../ledger/ledgerParts.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { DISPUTE_KEY, disputesApi } from './disputesApi.js';

interface Values {
  schoolId?: number;
  parties?: DisputeParties;
  channel?: PetitionChannel;
  receivedOn?: Dayjs;
  petitioners?: number | null;
  petitionerName?: string;
  summary?: string;
  handlerName?: string;
  mayEscalate?: boolean;
  fileIds?: number[];
}

const FIELDS = ['schoolId', 'parties', 'channel', 'receivedOn', 'petitioners', 'petitionerName', 'summary', 'handlerName', 'mayEscalate', 'fileIds'] as const;
const options = <K extends string>(labels: Record<K, string>) => (Object.entries(labels) as Array<[K, string]>).map(([value, label]) => ({ value, label }));

export function DisputeFormDrawer({ open, kind, record, onClose }: { open: boolean; kind: DisputeKind; record?: DisputeView | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const isSchool = me.unit.kind === 'school';
  const schoolId = Form.useWatch('schoolId', form);
  const k = record?.kind ?? kind;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (record) {
      form.setFieldsValue({
        schoolId: record.schoolId,
        parties: record.parties,
        channel: record.channel ?? undefined,
        receivedOn: fromDay(record.receivedOn),
        petitioners: record.petitioners,
        petitionerName: record.petitionerName ?? undefined,
        summary: record.summary,
        handlerName: record.handlerName,
        mayEscalate: record.mayEscalate,
        fileIds: record.files.map((f) => f.id),
      });
    } else {
      form.setFieldsValue({ schoolId: isSchool ? me.unit.id : undefined, receivedOn: dayjs(), parties: 'school_parent', mayEscalate: false, fileIds: [], ...(k === 'petition' ? { channel: 'visit', petitioners: 1 } : {}) });
    }
  }, [open, record, form, isSchool, me.unit.id, k]);

  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: DISPUTE_KEY,
    onClose,
    save: (v: Values) => {
      const body = {
        parties: v.parties!,
        receivedOn: toDay(v.receivedOn)!,
        summary: v.summary!.trim(),
        handlerName: v.handlerName!.trim(),
        mayEscalate: !!v.mayEscalate,
        fileIds: v.fileIds ?? [],
        ...(k === 'petition' ? { channel: v.channel ?? null, petitioners: v.petitioners ?? null, petitionerName: v.petitionerName?.trim() || null } : {}),
      };
      return record ? disputesApi.update(record.id, { version: record.version, ...body }) : disputesApi.create({ schoolId: v.schoolId!, kind: k, ...body });
    },
    done: (r) => (record ? '登记已修改' : `已登记${disputeKindLabels[r.kind]}，办结期限 ${r.dueOn}`),
  });

  return (
    <LedgerDrawer open={open} onClose={onClose} title={record ? `修改${disputeKindLabels[k]}登记` : `登记${disputeKindLabels[k]}`} width={560} saving={save.isPending} onSave={() => form.submit()} testId="dispute">
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={record?.schoolName} testId="dispute-school" />
        <Form.Item name="receivedOn" label={k === 'petition' ? '受理日期' : '排查发现日期'} rules={[{ required: true, message: '请填写日期' }]}>
          <DatePicker style={{ width: '100%' }} inputReadOnly disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="dispute-received-on" />
        </Form.Item>
        {k === 'petition' && (
          <>
            <Form.Item name="channel" label="信访渠道" rules={[{ required: true, message: '请选择信访渠道' }]}>
              <Select options={options(petitionChannelLabels)} data-testid="dispute-channel" />
            </Form.Item>
            <Form.Item name="petitioners" label="信访人数" rules={[{ required: true, message: '请填写信访人数' }, numberRule(1, 10000, { integer: true })]} extra="5 人及以上为群体访">
              <InputNumber precision={0} suffix="人" style={{ width: 160 }} data-testid="dispute-petitioners" />
            </Form.Item>
            <Form.Item name="petitionerName" label="信访人" extra="多人时填写代表，如“王先生等”">
              <Input maxLength={50} />
            </Form.Item>
          </>
        )}
        <Form.Item name="parties" label="涉及双方" rules={[{ required: true, message: '请选择涉及双方' }]}>
          <Select options={options(disputePartiesLabels)} data-testid="dispute-parties" />
        </Form.Item>
        <Form.Item name="summary" label="事由" rules={[{ required: true, whitespace: true, message: '请填写事由' }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount placeholder="诉求或矛盾的主要内容；不写学生姓名" data-testid="dispute-summary" />
        </Form.Item>
        <Form.Item name="handlerName" label="承办人" rules={[{ required: true, whitespace: true, message: '请填写承办人' }]}>
          <Input maxLength={30} data-testid="dispute-handler" />
        </Form.Item>
        <Form.Item name="mayEscalate" valuePropName="checked" extra="可能引发群访、越级上访的，登记后可一键列入风险清单（000 第3条）">
          <Checkbox data-testid="dispute-may-escalate">可能引发群访、越级上访</Checkbox>
        </Form.Item>
        <Form.Item name="fileIds" label="材料">
          <PhotoUpload unitId={schoolId} files={record?.files} max={20} disabled={!schoolId} label="上传材料" testId="dispute-files" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}
