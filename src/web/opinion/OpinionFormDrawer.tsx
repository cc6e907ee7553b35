// 登记舆情 / 修改舆情: the event as found (source, link, when, level, the unit concerned). A school
// registers its own; a town or the bureau picks the unit from the tree (a school, a town or the
// bureau itself). The time target comes from the server, shown after saving.
import { Form, Input, InputNumber, Select } from 'antd';
import { useEffect } from 'react';
import { opinionLevelLabels, opinionSourceLabels, type OpinionEventView, type OpinionLevel, type OpinionSource } from '../../contracts/opinion.js';
import { useMe } from '../auth.js';
import { numberRule } from '../forms.js';
import { beijing } from '../format.js';
import { beijingInstant, nowLocal } from '../incidents/incidentsApi.js';
import { useLedgerSave } from '../ledger/ledgerParts.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { UnitTreeSelect } from '../units/tree.js';
import { OPINION_KEY, opinionApi } from './opinionApi.js';

interface Values {
  unitId?: number;
  source?: OpinionSource;
  title?: string;
  link?: string;
  summary?: string;
  foundAt?: string;
  level?: OpinionLevel;
  reach?: number | null;
}

const FIELDS = ['unitId', 'source', 'title', 'link', 'summary', 'foundAt', 'level', 'reach'] as const;
const options = <K extends string>(labels: Record<K, string>) => (Object.entries(labels) as Array<[K, string]>).map(([value, label]) => ({ value, label }));

export function OpinionFormDrawer({ open, record, onClose }: { open: boolean; record?: OpinionEventView | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const isSchool = me.unit.kind === 'school';

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (record) {
      form.setFieldsValue({
        unitId: record.unitId,
        source: record.source,
        title: record.title,
        link: record.link,
        summary: record.summary ?? undefined,
        foundAt: beijing(record.foundAt).format('YYYY-MM-DDTHH:mm'),
        level: record.level,
        reach: record.reach,
      });
    } else {
      form.setFieldsValue({ unitId: isSchool ? me.unit.id : undefined, source: 'weibo', level: 'general', foundAt: nowLocal() });
    }
  }, [open, record, form, isSchool, me.unit.id]);

  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: OPINION_KEY,
    onClose,
    save: (v: Values) => {
      const body = {
        unitId: v.unitId!,
        source: v.source!,
        title: v.title!.trim(),
        link: v.link!.trim(),
        summary: v.summary?.trim() || null,
        foundAt: beijingInstant(v.foundAt!),
        level: v.level!,
        reach: v.reach ?? null,
      };
      return record ? opinionApi.update(record.id, { version: record.version, ...body }) : opinionApi.create(body);
    },
    done: (r) => (record ? '舆情已修改' : `已登记舆情，须在发现后 ${r.targetMinutes >= 60 ? `${r.targetMinutes / 60} 小时` : `${r.targetMinutes} 分钟`}内发布回应`),
  });

  return (
    <LedgerDrawer open={open} onClose={onClose} title={record ? '修改舆情' : '登记舆情'} width={560} saving={save.isPending} onSave={() => form.submit()} testId="opinion">
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        {isSchool ? (
          <>
            <Form.Item label="涉及单位">
              <Input value={me.unit.name} disabled />
            </Form.Item>
            <Form.Item name="unitId" hidden>
              <Input />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="unitId" label="涉及单位" rules={[{ required: true, message: '请选择涉及单位' }]} extra={record?.unitToAssign ? '监测推送未能匹配单位，请指派' : undefined}>
            <UnitTreeSelect placeholder="请选择学校、镇街或教育局" selectable={(u) => ['school', 'town', 'bureau', 'city_bureau'].includes(u.kind) && u.status === 'active'} data-testid="opinion-unit" />
          </Form.Item>
        )}
        <Form.Item name="source" label="来源" rules={[{ required: true, message: '请选择来源' }]}>
          <Select options={options(opinionSourceLabels)} data-testid="opinion-source" />
        </Form.Item>
        <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
          <Input maxLength={200} placeholder="帖文或报道的标题" data-testid="opinion-title" />
        </Form.Item>
        <Form.Item name="link" label="链接" rules={[{ required: true, whitespace: true, message: '请填写链接' }, { type: 'url', message: '请填写有效链接（http:// 或 https://）' }]}>
          <Input maxLength={1000} placeholder="https://" data-testid="opinion-link" />
        </Form.Item>
        <Form.Item name="foundAt" label="发现时间（北京时间）" rules={[{ required: true, message: '请填写发现时间' }]} tooltip="回应用时从发现时起算">
          <Input type="datetime-local" max={nowLocal()} data-testid="opinion-found-at" />
        </Form.Item>
        <Form.Item name="level" label="级别" rules={[{ required: true, message: '请选择级别' }]} extra="较大、重大舆情登记后即通知教育局审核人">
          <Select options={options(opinionLevelLabels)} data-testid="opinion-level" />
        </Form.Item>
        <Form.Item name="reach" label="传播量" rules={[numberRule(0, 2_000_000_000, { integer: true })]} extra="阅读、转发等数量，可不填">
          <InputNumber precision={0} style={{ width: 200 }} data-testid="opinion-reach" />
        </Form.Item>
        <Form.Item name="summary" label="摘要">
          <Input.TextArea rows={3} maxLength={2000} showCount placeholder="主要内容；不写学生姓名" data-testid="opinion-summary" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}
