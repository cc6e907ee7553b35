// 工作计划 (监管考核 → 工作计划, issue 14): the year's plan — its points, the task table (任务分解表,
// seed 000) entered or imported from Excel in the seed's form, the resolution of unit words shown
// before publishing, the matrix of tasks × units, the summaries collected from units, and the
// leaders' patches (分片包靠, 001 item 2).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Form, Input, InputNumber, Modal, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { planStatusLabels } from '../../contracts/plans.js';
import { useCan } from '../auth.js';
import { PageHeader, usePageTitle } from '../components/PageHeader.js';
import { useSearchState, pick, positiveInt } from '../components/useSearchState.js';
import { todayBeijing } from '../dates.js';
import { applyServerErrors, numberRule } from '../forms.js';
import { MatrixTab } from './MatrixTab.js';
import { PatchesTab } from './PatchesTab.js';
import { PLANS_KEY, plansApi, type PlanView } from './plansApi.js';
import { SummariesTab } from './SummariesTab.js';
import { TasksTab } from './TasksTab.js';

const tabs = ['points', 'tasks', 'matrix', 'summaries', 'patches'] as const;

function NewPlanModal({ open, onClose, years, onCreated }: { open: boolean; onClose: () => void; years: number[]; onCreated: (p: PlanView) => void }) {
  const [form] = Form.useForm();
  const thisYear = Number(todayBeijing().slice(0, 4));
  // The first year from this one without a plan: next year's once this year's is made.
  let year = thisYear;
  while (years.includes(year)) year++;
  const create = useMutation({
    mutationFn: (v: { year: number; title: string; copyFromYear?: number }) => plansApi.create({ ...v, points: '' }),
    onSuccess: onCreated,
    onError: (err) => applyServerErrors(form, err, ['year', 'title', 'copyFromYear']),
  });
  return (
    <Modal open={open} title="新建年度工作计划" onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending} okText="新建" destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ year, title: `${year}年教育系统安全工作要点`, copyFromYear: years.includes(year - 1) ? year - 1 : undefined }} onFinish={(v) => create.mutate(v)}>
        <Form.Item name="year" label="年度" rules={[numberRule(2000, 2099), { required: true, message: '请填写年度' }]}>
          <InputNumber style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }]}>
          <Input maxLength={100} data-testid="plan-title" />
        </Form.Item>
        <Form.Item name="copyFromYear" label="复制自" extra="复制该年的工作要点、任务分解表和单位对应，再按今年修改">
          <Select allowClear placeholder="不复制" options={years.map((y) => ({ value: y, label: `${y}年工作计划` }))} style={{ width: 200 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PointsTab({ plan }: { plan: PlanView }) {
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (v: { title: string; points: string }) => plansApi.update(plan.id, { version: plan.version, ...v }),
    onSuccess: () => {
      message.success('已保存');
      void qc.invalidateQueries({ queryKey: PLANS_KEY });
    },
    onError: (err) => applyServerErrors(form, err, ['title', 'points']),
  });
  if (!plan.canManage) {
    return (
      <Card>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{plan.points || '（未填写工作要点）'}</Typography.Paragraph>
      </Card>
    );
  }
  return (
    <Card>
      <Form form={form} layout="vertical" initialValues={{ title: plan.title, points: plan.points }} onFinish={(v) => save.mutate(v)} key={plan.version}>
        <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="points" label="工作要点（正文）">
          <Input.TextArea rows={16} maxLength={50000} placeholder="粘贴或填写本年度安全工作要点正文" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          保存
        </Button>
      </Form>
    </Card>
  );
}

export default function PlansPage() {
  usePageTitle('工作计划');
  const can = useCan();
  const s = useSearchState();
  const list = useQuery({ queryKey: [...PLANS_KEY, 'list'], queryFn: plansApi.list });
  const [creating, setCreating] = useState(false);
  const qc = useQueryClient();
  const plans = list.data?.items ?? [];
  const year = positiveInt(s.get('year')) ?? plans.find((p) => p.year === Number(todayBeijing().slice(0, 4)))?.year ?? plans[0]?.year;
  const plan = plans.find((p) => p.year === year);
  const tab = pick(s.get('tab'), tabs) ?? 'tasks';

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <PageHeader
        title="工作计划"
        subTitle={plan ? <Space>{plan.title}<Tag color={plan.status === 'published' ? 'green' : 'orange'} data-testid="plan-status">{planStatusLabels[plan.status]}</Tag></Space> : undefined}
        extra={
          <Space>
            <Select style={{ width: 140 }} value={year} placeholder="年度" onChange={(y) => s.set({ year: y, tab })} options={plans.map((p) => ({ value: p.year, label: `${p.year}年` }))} data-testid="plan-year" />
            {can('plan.manage') && (
              <Button type="primary" onClick={() => setCreating(true)} data-testid="plan-create">
                新建年度计划
              </Button>
            )}
          </Space>
        }
      />
      {!plan && !list.isPending && (
        <Card>
          <Empty description={can('plan.manage') ? '还没有工作计划：点击“新建年度计划”，再导入或录入任务分解表' : '教育局还没有发布本年度工作计划'} />
        </Card>
      )}
      {plan && (
        <Tabs
          activeKey={tab}
          onChange={(k) => s.set({ tab: k, year })}
          items={[
            { key: 'points', label: '工作要点', children: <PointsTab plan={plan} /> },
            { key: 'tasks', label: `任务分解表（${plan.taskCount}）`, children: <TasksTab plan={plan} /> },
            { key: 'matrix', label: '完成情况', children: plan.status === 'published' ? <MatrixTab plan={plan} /> : <Card><Empty description="发布后可查看各单位完成情况" /></Card> },
            { key: 'summaries', label: '工作总结', children: <SummariesTab plan={plan} /> },
            { key: 'patches', label: '分片包靠', children: <PatchesTab year={plan.year} /> },
          ]}
        />
      )}
      <NewPlanModal
        open={creating}
        years={plans.map((p) => p.year)}
        onClose={() => setCreating(false)}
        onCreated={(p) => {
          setCreating(false);
          void qc.invalidateQueries({ queryKey: PLANS_KEY });
          s.set({ year: p.year, tab: 'tasks' });
        }}
      />
    </Space>
  );
}
