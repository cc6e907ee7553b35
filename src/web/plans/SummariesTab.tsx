// Quarterly, half-year and annual summaries (000 tasks 11, 20, 38, 40) collected from the units with
// deadlines: the bureau asks, each unit submits its own, late ones are red.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, DatePicker, Drawer, Empty, Form, Input, Modal, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { summaryKindLabels, summaryKinds } from '../../contracts/plans.js';
import { useCan, useMe } from '../auth.js';
import { FileList } from '../components/FileList.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { positiveInt, useSearchState } from '../components/useSearchState.js';
import { toDay } from '../dates.js';
import { applyServerErrors } from '../forms.js';
import { PLANS_KEY, plansApi, type PlanView, type SummaryReturn } from './plansApi.js';

function SubmitModal({ row, onClose }: { row: SummaryReturn | null; onClose: () => void }) {
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (v: { text: string; fileIds?: number[] }) => plansApi.submitSummary(row!.id, { version: row!.version, text: v.text, fileIds: v.fileIds ?? [] }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: PLANS_KEY });
      onClose();
    },
    onError: (err) => applyServerErrors(form, err, ['text', 'fileIds']),
  });
  return (
    <Modal open={!!row} title="报送工作总结" onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} okText="报送" width={640} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ text: row?.text ?? '', fileIds: row?.files.map((f) => f.id) ?? [] }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="text" label="总结内容" rules={[{ required: true, message: '请填写总结内容' }]}>
          <Input.TextArea rows={10} maxLength={20000} showCount />
        </Form.Item>
        <Form.Item name="fileIds" label="附件">
          <PhotoUpload files={row?.files} label="上传附件" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function SummariesTab({ plan }: { plan: PlanView }) {
  const s = useSearchState();
  const me = useMe();
  const can = useCan();
  const list = useQuery({ queryKey: [...PLANS_KEY, 'summaries', plan.id], queryFn: () => plansApi.summaries(plan.id) });
  const open = positiveInt(s.get('summary'));
  const returns = useQuery({ queryKey: [...PLANS_KEY, 'summary-returns', open], queryFn: () => plansApi.summaryReturns(open!), enabled: !!open });
  const [asking, setAsking] = useState(false);
  const [submitting, setSubmitting] = useState<SummaryReturn | null>(null);
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const create = useMutation({
    mutationFn: (v: { kind: (typeof summaryKinds)[number]; title: string; dueOn: unknown; unitWords: string }) => plansApi.createSummary(plan.id, { ...v, dueOn: toDay(v.dueOn as never)! }),
    onSuccess: () => {
      setAsking(false);
      void qc.invalidateQueries({ queryKey: PLANS_KEY });
    },
    onError: (err) => applyServerErrors(form, err, ['kind', 'title', 'dueOn', 'unitWords']),
  });
  return (
    <Card
      extra={plan.canManage && <Button type="primary" onClick={() => setAsking(true)}>要求报送总结</Button>}
      title="工作总结报送"
    >
      <Table
        size="small"
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={plan.canManage ? '还没有要求报送总结：点击“要求报送总结”，选择类型、截止日期和报送单位' : '教育局还没有要求报送总结'} /> }}
        columns={[
          { title: '类型', dataIndex: 'kind', width: 100, render: (k: (typeof summaryKinds)[number]) => summaryKindLabels[k] },
          { title: '标题', dataIndex: 'title', render: (v: string, r) => <a onClick={() => s.set({ summary: r.id }, { keepPage: true })}>{v}</a> },
          { title: '截止', dataIndex: 'dueOn', width: 110 },
          { title: '报送单位', dataIndex: 'unitWords', width: 200 },
          { title: '已报送', width: 100, render: (_: unknown, r) => `${r.submitted}/${r.units}` },
          { title: '逾期', dataIndex: 'late', width: 80, render: (v: number) => (v ? <Tag color="red">{v}</Tag> : 0) },
        ]}
      />
      <Drawer open={!!open} width={820} title="各单位报送情况" onClose={() => s.set({ summary: undefined }, { keepPage: true })} destroyOnHidden>
        <Table
          size="small"
          rowKey="id"
          loading={returns.isPending}
          dataSource={returns.data?.items ?? []}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: '单位', dataIndex: 'unitName', width: 180 },
            { title: '状态', width: 110, render: (_: unknown, r) => (r.status === 'submitted' ? <Tag color={r.late ? 'orange' : 'green'}>{r.late ? '逾期报送' : '已报送'}</Tag> : r.late ? <Tag color="red">逾期未报</Tag> : <Tag>待报送</Tag>) },
            { title: '内容', dataIndex: 'text', ellipsis: true },
            { title: '附件', width: 120, render: (_: unknown, r) => <FileList files={r.files} size={36} empty="" /> },
            { title: '操作', width: 80, render: (_: unknown, r) => (r.unitId !== me.unit.id || !can('plan.report') ? null : <a onClick={() => setSubmitting(r)}>{r.status === 'submitted' ? '修改' : '报送'}</a>) },
          ]}
        />
      </Drawer>
      <SubmitModal row={submitting} onClose={() => setSubmitting(null)} />
      <Modal open={asking} title="要求报送工作总结" onCancel={() => setAsking(false)} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ kind: 'quarter', unitWords: '各基层单位' }} onFinish={(v) => create.mutate(v)}>
          <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
            <Select options={summaryKinds.map((k) => ({ value: k, label: summaryKindLabels[k] }))} />
          </Form.Item>
          <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }]}>
            <Input maxLength={100} placeholder="例：一季度安全工作总结" />
          </Form.Item>
          <Form.Item name="dueOn" label="截止日期" rules={[{ required: true, message: '请选择截止日期' }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="unitWords" label="报送单位" rules={[{ required: true, message: '请填写报送单位' }]} extra="写法同任务分解表的责任部门/单位，如 各基层单位、中小幼、德育科">
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
