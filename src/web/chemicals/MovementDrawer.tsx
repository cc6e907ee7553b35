// 出入库登记: one movement of a chemical — purchase (审批人、供应单位), issue for use (领用人、班级),
// return of an issue, disposal of waste (危废处置单位、转移联单号) or a count (盘点). The balance is
// shown as computed by the server, and follows once saved; a quantity beyond it is refused there
// and the message shows under the field.
import { useQuery } from '@tanstack/react-query';
import { Alert, DatePicker, Form, Input, InputNumber, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { chemicalMovementKindLabels, chemicalMovementKinds, controlClassLabels, type ChemicalView } from '../../contracts/chemicals.js';
import { useMe } from '../auth.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { toDay } from '../dates.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { useLedgerSave } from '../ledger/ledgerParts.js';
import { CHEMICALS_KEY, chemicalsApi } from './chemicalsApi.js';
import { numberRule } from '../forms.js';

type Kind = (typeof chemicalMovementKinds)[number];
interface Values {
  kind: Kind;
  occurredOn?: Dayjs;
  quantity?: number | null;
  handledBy?: string;
  approvedBy?: string;
  supplier?: string;
  recipient?: string;
  className?: string;
  purpose?: string;
  issueId?: number;
  contractor?: string;
  manifestNo?: string;
  note?: string;
  fileIds?: number[];
}
const FIELDS = ['kind', 'occurredOn', 'quantity', 'handledBy', 'approvedBy', 'supplier', 'recipient', 'className', 'purpose', 'issueId', 'contractor', 'manifestNo', 'note', 'fileIds'] as const;
// The order a lab technician meets them in a day's work.
const KIND_ORDER: Kind[] = ['issue', 'return', 'purchase', 'disposal', 'count'];

/** The issues of the chemical with what is still out, for a return. */
function useOpenIssues(chemicalId: number | undefined) {
  const q = useQuery({
    queryKey: [...CHEMICALS_KEY, 'open-issues', chemicalId],
    enabled: !!chemicalId,
    queryFn: async () => {
      const [issues, returns] = await Promise.all([
        chemicalsApi.movements({ chemicalId, kind: 'issue', pageSize: 200 }),
        chemicalsApi.movements({ chemicalId, kind: 'return', pageSize: 200 }),
      ]);
      const back = new Map<number, number>();
      for (const r of returns.items) if (r.issueId) back.set(r.issueId, (back.get(r.issueId) ?? 0) + r.quantity);
      return issues.items.map((i) => ({ ...i, out: Math.round((i.quantity - (back.get(i.id) ?? 0)) * 1000) / 1000 })).filter((i) => i.out > 0);
    },
  });
  return q.data ?? [];
}

export function MovementDrawer({ chemical, onClose }: { chemical: ChemicalView | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const kind = Form.useWatch('kind', form) ?? 'issue';
  const open = !!chemical;
  const openIssues = useOpenIssues(open && kind === 'return' ? chemical!.id : undefined);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ kind: 'issue', occurredOn: dayjs(), handledBy: me.user.displayName, fileIds: [] });
  }, [open, form, me.user.displayName]);

  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: CHEMICALS_KEY,
    onClose,
    save: (v: Values) =>
      chemicalsApi.createMovement({
        chemicalId: chemical!.id,
        kind: v.kind,
        occurredOn: toDay(v.occurredOn)!,
        quantity: v.quantity ?? 0,
        handledBy: v.handledBy!.trim(),
        approvedBy: v.approvedBy?.trim() || null,
        supplier: v.supplier?.trim() || null,
        recipient: v.recipient?.trim() || null,
        className: v.className?.trim() || null,
        purpose: v.purpose?.trim() || null,
        issueId: v.issueId ?? null,
        contractor: v.contractor?.trim() || null,
        manifestNo: v.manifestNo?.trim() || null,
        note: v.note?.trim() || null,
        fileIds: v.fileIds ?? [],
      }),
    done: (m) => `已登记${chemicalMovementKindLabels[m.kind]} ${m.quantity} ${m.unit}`,
  });

  const unit = chemical?.unit ?? '';
  const required = (message: string) => [{ required: true, whitespace: true, message }];
  return (
    <LedgerDrawer open={open} onClose={onClose} title={chemical ? `出入库登记：${chemical.name}` : '出入库登记'} width={560} saving={save.isPending} onSave={() => form.submit()} testId="movement">
      {chemical && (
        <Alert
          type={chemical.controlClass === 'none' ? 'info' : 'warning'}
          showIcon
          style={{ marginBottom: 16 }}
          message={
            <span data-testid="movement-balance">
              当前结存 {chemical.balance} {unit}
              {chemical.issuedOut > 0 && `，领用未还 ${chemical.issuedOut} ${unit}`}
            </span>
          }
          description={`${chemical.store} · ${chemical.storagePlace} · 双人双锁：${chemical.keeperA}、${chemical.keeperB}${chemical.controlClass === 'none' ? '' : ` · ${controlClassLabels[chemical.controlClass]}化学品`}`}
        />
      )}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <Form.Item name="kind" label="类型">
          <Radio.Group optionType="button" buttonStyle="solid" options={KIND_ORDER.map((k) => ({ value: k, label: chemicalMovementKindLabels[k] }))} data-testid="movement-kind" />
        </Form.Item>
        <Form.Item name="occurredOn" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: 180 }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="quantity" label={kind === 'count' ? '盘点实存数量' : '数量'} rules={[numberRule(0, Infinity), { required: true, message: '请填写数量' }]} extra={kind === 'count' ? '按实际清点的数量填写，与账面结存不一致时将提示账实不符' : undefined}>
          <InputNumber precision={3} suffix={unit} style={{ width: 200 }} inputMode="decimal" data-testid="movement-quantity" />
        </Form.Item>
        {kind === 'issue' && (
          <>
            <Form.Item name="recipient" label="领用人" rules={required('领用须填写领用人')}>
              <Input maxLength={50} data-testid="movement-recipient" />
            </Form.Item>
            <Form.Item name="className" label="使用班级" rules={required('领用须填写使用班级')}>
              <Input maxLength={50} placeholder="如：初二（3）班" data-testid="movement-class" />
            </Form.Item>
            <Form.Item name="purpose" label="用途">
              <Input maxLength={200} placeholder="如：乙醇燃烧实验" />
            </Form.Item>
          </>
        )}
        {kind === 'return' && (
          <Form.Item name="issueId" label="对应领用" rules={[{ required: true, message: '归还须选择对应的领用记录' }]} extra={openIssues.length ? undefined : '没有未归还的领用'}>
            <Select
              placeholder="选择归还的是哪一次领用"
              data-testid="movement-issue"
              options={openIssues.map((i) => ({ value: i.id, label: `${i.occurredOn} ${i.recipient ?? ''} ${i.className ?? ''} 领用 ${i.quantity}，未还 ${i.out} ${unit}` }))}
            />
          </Form.Item>
        )}
        {kind === 'purchase' && (
          <>
            <Form.Item name="approvedBy" label="审批人" rules={required('采购须填写审批人')}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="supplier" label="供应单位" rules={required('采购须填写供应单位')}>
              <Input maxLength={100} />
            </Form.Item>
          </>
        )}
        {kind === 'disposal' && (
          <>
            <Form.Item name="contractor" label="危废处置单位" rules={required('处置须填写危废处置单位')}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="manifestNo" label="危险废物转移联单号" rules={required('处置须填写危险废物转移联单号')}>
              <Input maxLength={64} />
            </Form.Item>
          </>
        )}
        <Form.Item name="handledBy" label="经办人" rules={required('请填写经办人')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item name="fileIds" label="照片/单据">
          <PhotoUpload unitId={chemical?.schoolId} max={20} testId="movement-files" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}
