// The drawers of the network security ledger: the bureau issues a red or yellow card, the school
// answers it with its fix and evidence, the bureau closes it (销号) or sends it back; the monthly
// report; a system or website of the registry. Field errors from the server go under the field.
import { DatePicker, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import {
  cardColorLabels,
  cardColors,
  netsecSystemKindLabels,
  netsecSystemKinds,
  reportIncidentLabels,
  reportIncidents,
  type NetsecCardView,
  type NetsecReportView,
  type NetsecSystemView,
} from '../../contracts/network-security.js';
import { useMe } from '../auth.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { toDay } from '../dates.js';
import { numberRule } from '../forms.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { SchoolField, useLedgerSave } from '../ledger/ledgerParts.js';
import { CARDS_KEY, REPORTS_KEY, SYSTEMS_KEY, netsecApi } from './networkSecurityApi.js';

const opt = (v: string | undefined) => v?.trim() || null;

interface CardValues {
  schoolId?: number;
  color?: 'red' | 'yellow';
  issuedOn?: Dayjs;
  reason?: string;
  fixBy?: Dayjs;
  fileIds?: number[];
}

export function IssueCardDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<CardValues>();
  const schoolId = Form.useWatch('schoolId', form);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ color: 'yellow', issuedOn: dayjs(), fixBy: dayjs().add(7, 'day'), fileIds: [] });
  }, [open, form]);
  const save = useLedgerSave({
    form,
    fields: ['schoolId', 'color', 'issuedOn', 'reason', 'fixBy', 'fileIds'],
    listKey: CARDS_KEY,
    onClose,
    save: (v: CardValues) => netsecApi.issue({ schoolId: v.schoolId!, color: v.color!, issuedOn: toDay(v.issuedOn)!, reason: v.reason!.trim(), fixBy: toDay(v.fixBy)!, fileIds: v.fileIds ?? [] }),
    done: (c) => `已向${c.schoolName}下发${cardColorLabels[c.color]}，学校已收到提醒`,
  });
  return (
    <LedgerDrawer open={open} onClose={onClose} title="下发网络安全红黄牌" width={560} saving={save.isPending} onSave={() => form.submit()} testId="netsec-card">
      <Form<CardValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField testId="netsec-card-school" />
        <Form.Item name="color" label="红黄牌" rules={[{ required: true, message: '请选择红牌或黄牌' }]} extra="黄牌为警示；红牌逾期未销号计入合规检查（000 第8条）">
          <Radio.Group options={cardColors.map((c) => ({ value: c, label: cardColorLabels[c] }))} optionType="button" />
        </Form.Item>
        <Form.Item name="reason" label="问题（下发原因）" rules={[{ required: true, whitespace: true, message: '请填写问题（下发原因）' }]}>
          <Input.TextArea rows={3} maxLength={1000} placeholder="如：学校门户网站后台存在弱口令" data-testid="netsec-card-reason" />
        </Form.Item>
        <Space size="middle" wrap align="start">
          <Form.Item name="issuedOn" label="下发日期" rules={[{ required: true, message: '请选择下发日期' }]}>
            <DatePicker style={{ width: 160 }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="fixBy" label="整改期限" rules={[{ required: true, message: '请选择整改期限' }]}>
            <DatePicker style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Form.Item name="fileIds" label="问题截图或通报">
          <PhotoUpload unitId={schoolId} max={10} disabled={!schoolId} label="上传" testId="netsec-card-files" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}

export function AnswerCardDrawer({ card, onClose }: { card: NetsecCardView | null; onClose: () => void }) {
  const [form] = Form.useForm<{ answer?: string; answerFileIds?: number[] }>();
  useEffect(() => {
    if (!card) return;
    form.resetFields();
    form.setFieldsValue({ answer: card.answer ?? undefined, answerFileIds: card.answerFiles.map((f) => f.id) });
  }, [card, form]);
  const save = useLedgerSave({
    form,
    fields: ['answer', 'answerFileIds'],
    listKey: CARDS_KEY,
    onClose,
    save: (v: { answer?: string; answerFileIds?: number[] }) => netsecApi.answer(card!.id, { version: card!.version, answer: v.answer!.trim(), answerFileIds: v.answerFileIds ?? [] }),
    done: () => '整改情况已提交，待教育局销号',
  });
  return (
    <LedgerDrawer open={!!card} onClose={onClose} title="提交整改情况" width={560} saving={save.isPending} onSave={() => form.submit()} testId="netsec-answer">
      {card && (
        <div style={{ marginBottom: 16 }}>
          {cardColorLabels[card.color]}：{card.reason}（限 {card.fixBy} 前整改）
          {card.returnNote && <div style={{ color: '#cf1322' }}>退回原因：{card.returnNote}</div>}
        </div>
      )}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="answer" label="整改情况" rules={[{ required: true, whitespace: true, message: '请填写整改情况' }]}>
          <Input.TextArea rows={4} maxLength={2000} data-testid="netsec-answer-text" />
        </Form.Item>
        <Form.Item name="answerFileIds" label="整改佐证材料" rules={[{ required: true, type: 'array', min: 1, message: '请上传整改佐证材料' }]}>
          <PhotoUpload unitId={card?.schoolId} files={card?.answerFiles} max={20} label="上传" testId="netsec-answer-files" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}

export function DecideCardDrawer({ card, onClose }: { card: NetsecCardView | null; onClose: () => void }) {
  const [form] = Form.useForm<{ decision?: 'close' | 'return'; note?: string }>();
  useEffect(() => {
    if (!card) return;
    form.resetFields();
    form.setFieldsValue({ decision: 'close' });
  }, [card, form]);
  const save = useLedgerSave({
    form,
    fields: ['decision', 'note'],
    listKey: CARDS_KEY,
    onClose,
    save: (v: { decision?: 'close' | 'return'; note?: string }) => netsecApi.decide(card!.id, { version: card!.version, decision: v.decision!, note: opt(v.note) }),
    done: (c) => (c.state === 'closed' ? '已销号' : '已退回学校重新整改'),
  });
  return (
    <LedgerDrawer open={!!card} onClose={onClose} title="销号或退回" width={560} saving={save.isPending} onSave={() => form.submit()} testId="netsec-decide">
      {card && (
        <div style={{ marginBottom: 16 }}>
          <p>
            {card.schoolName} · {cardColorLabels[card.color]}：{card.reason}
          </p>
          <p>整改情况：{card.answer}</p>
        </div>
      )}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="decision" label="销号或退回" rules={[{ required: true, message: '请选择销号或退回' }]}>
          <Radio.Group options={[{ value: 'close', label: '销号' }, { value: 'return', label: '退回' }]} optionType="button" />
        </Form.Item>
        <Form.Item name="note" label="意见" extra="退回时请写明仍需整改的内容">
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}

interface ReportValues {
  schoolId?: number;
  month?: Dayjs;
  checksDone?: number;
  incidents?: 'none' | 'some';
  incidentCount?: number;
  summary?: string;
  fileIds?: number[];
}

export function ReportDrawer({ open, item, onClose }: { open: boolean; item?: NetsecReportView | null; onClose: () => void }) {
  const [form] = Form.useForm<ReportValues>();
  const me = useMe();
  const schoolId = Form.useWatch('schoolId', form);
  const incidents = Form.useWatch('incidents', form);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (item) form.setFieldsValue({ schoolId: item.schoolId, month: dayjs(`${item.month}-01`), checksDone: item.checksDone, incidents: item.incidents, incidentCount: item.incidentCount, summary: item.summary ?? undefined, fileIds: item.files.map((f) => f.id) });
    else form.setFieldsValue({ schoolId: me.unit.kind === 'school' ? me.unit.id : undefined, month: dayjs(), incidents: 'none', incidentCount: 0, fileIds: [] });
  }, [open, item, form, me.unit.id, me.unit.kind]);
  const save = useLedgerSave({
    form,
    fields: ['schoolId', 'month', 'checksDone', 'incidents', 'incidentCount', 'summary', 'fileIds'],
    listKey: REPORTS_KEY,
    onClose,
    save: (v: ReportValues) => {
      const fields = { checksDone: v.checksDone!, incidents: v.incidents!, incidentCount: v.incidents === 'none' ? 0 : (v.incidentCount ?? 0), summary: opt(v.summary), fileIds: v.fileIds ?? [] };
      return item ? netsecApi.updateReport(item.id, { version: item.version, ...fields }) : netsecApi.createReport({ schoolId: v.schoolId!, month: v.month!.format('YYYY-MM'), ...fields });
    },
    done: (r) => (item ? '月报告已修改' : `${r.month} 网络安全月报告已报送`),
  });
  return (
    <LedgerDrawer open={open} onClose={onClose} title={item ? '修改网络安全月报告' : '报送网络安全月报告'} width={560} saving={save.isPending} onSave={() => form.submit()} testId="netsec-report">
      <Form<ReportValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={item?.schoolName} testId="netsec-report-school" />
        <Space size="middle" wrap align="start">
          <Form.Item name="month" label="月份" rules={[{ required: true, message: '请选择月份' }]}>
            <DatePicker picker="month" disabled={!!item} style={{ width: 140 }} disabledDate={(d) => d.isAfter(dayjs(), 'month')} />
          </Form.Item>
          <Form.Item name="checksDone" label="本月检查次数" rules={[{ required: true, message: '请填写本月检查次数' }, numberRule(0, 1000, { integer: true, unit: '次' })]}>
            <InputNumber precision={0} style={{ width: 120 }} data-testid="netsec-report-checks" />
          </Form.Item>
        </Space>
        <Space size="middle" wrap align="start">
          <Form.Item name="incidents" label="网络安全事件" rules={[{ required: true, message: '请选择有无网络安全事件' }]}>
            <Radio.Group options={reportIncidents.map((k) => ({ value: k, label: reportIncidentLabels[k] }))} optionType="button" />
          </Form.Item>
          {incidents === 'some' && (
            <Form.Item name="incidentCount" label="事件数" rules={[{ required: true, message: '请填写事件数' }, numberRule(1, 1000, { integer: true, unit: '起' })]}>
              <InputNumber precision={0} style={{ width: 100 }} />
            </Form.Item>
          )}
        </Space>
        <Form.Item name="summary" label="情况说明">
          <Input.TextArea rows={3} maxLength={2000} placeholder="本月网站、公众号、系统检查情况，事件的处置经过" />
        </Form.Item>
        <Form.Item name="fileIds" label="月报告文件">
          <PhotoUpload unitId={schoolId} files={item?.files} max={10} disabled={!schoolId} label="上传" testId="netsec-report-files" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}

interface SystemValues {
  schoolId?: number;
  kind?: NetsecSystemView['kind'];
  name?: string;
  address?: string;
  responsiblePerson?: string;
  protectionLevel?: number | null;
  filingNo?: string;
}

export function SystemDrawer({ open, item, onClose }: { open: boolean; item?: NetsecSystemView | null; onClose: () => void }) {
  const [form] = Form.useForm<SystemValues>();
  const me = useMe();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (item) form.setFieldsValue({ ...item, address: item.address ?? undefined, filingNo: item.filingNo ?? undefined });
    else form.setFieldsValue({ schoolId: me.unit.kind === 'school' ? me.unit.id : undefined });
  }, [open, item, form, me.unit.id, me.unit.kind]);
  const save = useLedgerSave({
    form,
    fields: ['schoolId', 'kind', 'name', 'address', 'responsiblePerson', 'protectionLevel', 'filingNo'],
    listKey: SYSTEMS_KEY,
    onClose,
    save: (v: SystemValues) => {
      const fields = { kind: v.kind!, name: v.name!.trim(), address: opt(v.address), responsiblePerson: v.responsiblePerson!.trim(), protectionLevel: v.protectionLevel ?? null, filingNo: opt(v.filingNo) };
      return item ? netsecApi.updateSystem(item.id, { version: item.version, ...fields }) : netsecApi.createSystem({ schoolId: v.schoolId!, ...fields, fileIds: [] });
    },
    done: (s) => (item ? '已修改' : `已登记 ${s.name}`),
  });
  return (
    <LedgerDrawer open={open} onClose={onClose} title={item ? '修改系统或网站' : '登记系统或网站'} width={560} saving={save.isPending} onSave={() => form.submit()} testId="netsec-system">
      <Form<SystemValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={item?.schoolName} testId="netsec-system-school" />
        <Space size="middle" wrap align="start">
          <Form.Item name="kind" label="类别" rules={[{ required: true, message: '请选择系统类别' }]}>
            <Select options={netsecSystemKinds.map((k) => ({ value: k, label: netsecSystemKindLabels[k] }))} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写系统或网站名称' }]}>
            <Input maxLength={100} style={{ width: 260 }} placeholder="如：学校门户网站" />
          </Form.Item>
        </Space>
        <Form.Item name="address" label="网址或入口">
          <Input maxLength={200} placeholder="网址、公众号名称或应用商店名称" />
        </Form.Item>
        <Space size="middle" wrap align="start">
          <Form.Item name="responsiblePerson" label="责任人" rules={[{ required: true, whitespace: true, message: '请填写责任人' }]}>
            <Input maxLength={50} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="protectionLevel" label="等保级别" extra="未定级留空">
            <Select allowClear options={[1, 2, 3, 4, 5].map((l) => ({ value: l, label: `第${'一二三四五'[l - 1]}级` }))} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="filingNo" label="备案号">
            <Input maxLength={64} style={{ width: 200 }} />
          </Form.Item>
        </Space>
      </Form>
    </LedgerDrawer>
  );
}
