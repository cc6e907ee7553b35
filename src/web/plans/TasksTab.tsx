// The task table (任务分解表, seed 000): import from Excel in the seed's form, export the same form,
// add and edit tasks in a drawer while the plan is a draft; the resolution of each task's unit words
// is shown before publishing, and each word that names no unit is asked for (never guessed).
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Drawer, Empty, Form, Input, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError, apiUrl } from '../api.js';
import { FileList } from '../components/FileList.js';
import { useSearchState, positiveInt } from '../components/useSearchState.js';
import { applyServerErrors } from '../forms.js';
import { quarterLabel, quarterOptions } from './format.js';
import { PLANS_KEY, plansApi, type PlanView, type TaskUnitView, type TaskView } from './plansApi.js';
import { ReportDrawer } from './ReportDrawer.js';
import { ProgressTag } from './tags.js';
import { UnitSelect } from './UnitSelect.js';

type RowProblem = { row: number; column: string; message: string; word?: string };

function TaskDrawer({ plan, task, open, onClose }: { plan: PlanView; task: TaskView | null; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (v: { quarter: number; text: string; unitWords: string }) => (task ? plansApi.updateTask(task.id, { version: task.version, ...v }) : plansApi.createTask(plan.id, v)),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: PLANS_KEY });
      onClose();
    },
    onError: (err) => applyServerErrors(form, err, ['quarter', 'text', 'unitWords']),
  });
  return (
    <Drawer open={open} onClose={onClose} title={task ? `修改任务（序号 ${task.seq}）` : '新增工作任务'} width={520} destroyOnHidden extra={<Button type="primary" loading={save.isPending} onClick={() => form.submit()}>保存</Button>}>
      <Form form={form} layout="vertical" initialValues={task ?? { quarter: 1 }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="quarter" label="季度" rules={[{ required: true, message: '请选择季度' }]}>
          <Select options={quarterOptions} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="text" label="工作任务" rules={[{ required: true, message: '请填写工作任务' }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
        <Form.Item name="unitWords" label="责任部门/单位" rules={[{ required: true, message: '请填写责任部门/单位' }]} extra="用“、”分隔，第一个为牵头单位。可写科室名称，或 中小幼、中小学、小学、幼儿园、中学、一贯制学校、其他单位、使用校车学校、各基层单位、各镇街 等类别">
          <Input maxLength={500} placeholder="例：德育科、督导安全中心、使用校车学校" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

/** Before publishing: each task's words and what they stand for; unresolved words are answered here. */
function ResolutionDrawer({ plan, open, onClose }: { plan: PlanView; open: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const r = useQuery({ queryKey: [...PLANS_KEY, 'resolution', plan.id, plan.version], queryFn: () => plansApi.resolution(plan.id), enabled: open });
  const [answers, setAnswers] = useState<Record<string, number[]>>({});
  const saveAnswers = useMutation({
    mutationFn: () => plansApi.update(plan.id, { version: plan.version, answers: { ...plan.answers, ...answers } }),
    onSuccess: () => {
      setAnswers({});
      void qc.invalidateQueries({ queryKey: PLANS_KEY });
    },
    onError: (err) => message.error(err instanceof ApiError ? err.message : '保存失败'),
  });
  const publish = useMutation({
    mutationFn: () => plansApi.publish(plan.id, plan.version),
    onSuccess: () => {
      message.success('工作计划已发布，任务已下发到各责任单位');
      void qc.invalidateQueries({ queryKey: PLANS_KEY });
      onClose();
    },
    onError: (err) => message.error(err instanceof ApiError ? err.message : '发布失败'),
  });
  const unresolved = r.data?.unresolved ?? [];
  return (
    <Drawer open={open} onClose={onClose} title="核对责任单位" width={820} destroyOnHidden extra={
      plan.status === 'draft' && plan.canManage ? (
        <Button type="primary" disabled={!r.data || unresolved.length > 0} loading={publish.isPending} onClick={() => publish.mutate()} data-testid="plan-publish">
          确认并发布
        </Button>
      ) : null
    }>
      {unresolved.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={`有 ${unresolved.length} 个责任单位名称在本区找不到，请指定它们对应的单位（系统不会自动猜测）`}
          description={
            <Space orientation="vertical" style={{ width: '100%' }}>
              {unresolved.map((u) => (
                <Space key={u.word} style={{ width: '100%' }} align="start">
                  <Tag color="red" style={{ minWidth: 100 }}>{u.word}</Tag>
                  <Typography.Text type="secondary" style={{ width: 120, display: 'inline-block' }}>序号 {u.seqs.join('、')}</Typography.Text>
                  <div style={{ width: 420 }}>
                    <UnitSelect value={answers[u.word]} onChange={(ids) => setAnswers({ ...answers, [u.word]: ids })} />
                  </div>
                </Space>
              ))}
              <Button type="primary" size="small" disabled={!Object.values(answers).some((a) => a.length)} loading={saveAnswers.isPending} onClick={() => saveAnswers.mutate()}>
                保存对应关系
              </Button>
            </Space>
          }
        />
      )}
      <Table
        size="small"
        rowKey="taskId"
        loading={r.isPending}
        pagination={false}
        dataSource={r.data?.tasks ?? []}
        columns={[
          { title: '序号', dataIndex: 'seq', width: 60 },
          { title: '牵头单位', dataIndex: 'leadUnitName', width: 120, render: (v: string | null) => v ?? <Typography.Text type="secondary">（无）</Typography.Text> },
          {
            title: '责任单位对应',
            render: (_: unknown, t) => (
              <Space size={[4, 4]} wrap>
                {t.words.map((w) => (
                  <Tooltip key={w.word} title={w.how === 'unresolved' ? '找不到对应单位' : `${w.groupLabel ? `${w.groupLabel}：` : ''}${w.unitNames.join('、')}${w.unitCount > w.unitNames.length ? ` 等 ${w.unitCount} 个` : ''}`}>
                    <Tag color={w.how === 'unresolved' ? 'red' : w.how === 'group' ? 'blue' : w.how === 'answer' ? 'purple' : 'green'}>
                      {w.word} {w.how === 'unresolved' ? '？' : `→ ${w.unitCount}`}
                    </Tag>
                  </Tooltip>
                ))}
              </Space>
            ),
          },
          { title: '单位数', dataIndex: 'unitCount', width: 80 },
        ]}
      />
    </Drawer>
  );
}

/** The units of one task and their progress; the lead unit sees its co-units, a unit reports its own. */
function TaskUnitsDrawer({ task, onClose }: { task: TaskView | null; onClose: () => void }) {
  const units = useQuery({ queryKey: [...PLANS_KEY, 'task-units', task?.id], queryFn: () => plansApi.taskUnits(task!.id), enabled: !!task });
  const [reporting, setReporting] = useState<TaskUnitView | null>(null);
  return (
    <Drawer open={!!task} onClose={onClose} title={task ? `序号 ${task.seq}：${task.text}` : ''} width={860} destroyOnHidden>
      <Table
        size="small"
        rowKey="id"
        data-testid="task-units"
        loading={units.isPending}
        dataSource={units.data?.items ?? []}
        pagination={{ pageSize: 20, showTotal: (n) => `共 ${n} 个单位` }}
        columns={[
          { title: '单位', dataIndex: 'unitName', render: (v: string, r) => <Space>{v}{r.lead && <Tag color="blue">牵头</Tag>}</Space> },
          { title: '进展', width: 150, render: (_: unknown, r) => <ProgressTag status={r.status} overdue={r.overdue} /> },
          { title: '说明', dataIndex: 'note', render: (v: string | null) => v ?? '' },
          { title: '过程性资料', width: 160, render: (_: unknown, r) => <FileList files={r.files} size={40} empty="" /> },
          { title: '报送', width: 120, render: (_: unknown, r) => (r.reportedAt ? `${r.reportedByName ?? ''} ${r.reportedAt.slice(0, 10)}` : '') },
          { title: '操作', width: 80, render: (_: unknown, r) => (r.canReport ? <Button size="small" onClick={() => setReporting(r)} data-testid={`task-unit-report-${r.unitId}`}>填报</Button> : null) },
        ]}
      />
      <ReportDrawer row={reporting} onClose={() => setReporting(null)} />
    </Drawer>
  );
}

export function TasksTab({ plan }: { plan: PlanView }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const s = useSearchState();
  const quarter = positiveInt(s.get('quarter'));
  const tasks = useQuery({ queryKey: [...PLANS_KEY, 'tasks', plan.id], queryFn: () => plansApi.tasks(plan.id) });
  const [editing, setEditing] = useState<TaskView | null | 'new'>(null);
  const [resolving, setResolving] = useState(false);
  const [problems, setProblems] = useState<RowProblem[]>([]);
  const openTaskId = positiveInt(s.get('task'));
  const openTask = tasks.data?.items.find((t) => t.id === openTaskId) ?? null;
  const draft = plan.status === 'draft' && plan.canManage;
  const importFile = useMutation({
    mutationFn: (file: File) => plansApi.importTasks(plan.id, file),
    onSuccess: (r) => {
      setProblems([]);
      message.success(`已导入 ${r.imported} 项任务`);
      void qc.invalidateQueries({ queryKey: PLANS_KEY });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'IMPORT_ROWS') setProblems(err.details as RowProblem[]);
      else setProblems([]);
      message.error(err instanceof ApiError ? err.message : '导入失败');
    },
  });
  const remove = useMutation({
    mutationFn: (t: TaskView) => plansApi.deleteTask(t.id, t.version),
    onSuccess: () => void qc.invalidateQueries({ queryKey: PLANS_KEY }),
    onError: (err) => message.error(err instanceof ApiError ? err.message : '删除失败'),
  });
  const rows = (tasks.data?.items ?? []).filter((t) => !quarter || t.quarter === quarter);

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Select allowClear placeholder="季度" style={{ width: 140 }} value={quarter} onChange={(q) => s.set({ quarter: q })} options={quarterOptions} />
        <Space wrap>
          {draft && (
            <Upload accept=".xlsx" showUploadList={false} beforeUpload={(f) => (importFile.mutate(f), false)}>
              <Button icon={<UploadOutlined />} loading={importFile.isPending} data-testid="plan-import">
                导入 Excel
              </Button>
            </Upload>
          )}
          <Button icon={<DownloadOutlined />} href={apiUrl(`/plans/${plan.id}/export`)} data-testid="plan-export">
            导出 Excel
          </Button>
          {plan.canManage && <Button onClick={() => setEditing('new')}>新增任务</Button>}
          {plan.canManage && (
            <Button type={draft ? 'primary' : 'default'} onClick={() => setResolving(true)} data-testid="plan-resolution">
              {draft ? '核对责任单位并发布' : '责任单位对应'}
            </Button>
          )}
        </Space>
      </Space>
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setProblems([])}
          style={{ marginBottom: 12 }}
          message="导入的文件有以下问题，未导入任何任务；改正后重新导入（找不到的单位也可以先在“核对责任单位”中指定对应）"
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="plan-import-problems">
              {problems.map((p, i) => (
                <li key={i}>第 {p.row} 行“{p.column}”：{p.message}</li>
              ))}
            </ul>
          }
        />
      )}
      <Table
        size="small"
        rowKey="id"
        loading={tasks.isPending}
        dataSource={rows}
        pagination={{ pageSize: 50, pageSizeOptions: [20, 50, 100], showTotal: (n) => `共 ${n} 项任务` }}
        locale={{ emptyText: <Empty description={draft ? '还没有任务：导入 Excel 任务分解表（序号、季度、工作任务、责任部门/单位），或点击“新增任务”' : '没有任务'} /> }}
        columns={[
          { title: '序号', dataIndex: 'seq', width: 60 },
          { title: '季度', dataIndex: 'quarter', width: 100, render: (q: number) => quarterLabel(q) },
          { title: '工作任务', dataIndex: 'text', render: (v: string, t) => (plan.status === 'published' ? <a onClick={() => s.set({ task: t.id }, { keepPage: true })}>{v}</a> : v) },
          { title: '责任部门/单位', dataIndex: 'unitWords', width: 260 },
          ...(plan.status === 'published'
            ? [{ title: '完成', width: 120, render: (_: unknown, t: TaskView) => <span>{t.done}/{t.units}{t.overdue > 0 && <Tag color="red" style={{ marginLeft: 6 }}>逾期 {t.overdue}</Tag>}</span> }]
            : []),
          ...(draft
            ? [{
                title: '操作',
                width: 120,
                render: (_: unknown, t: TaskView) => (
                  <Space>
                    <a onClick={() => setEditing(t)}>修改</a>
                    <Popconfirm title="删除这项任务？" onConfirm={() => remove.mutate(t)}>
                      <a>删除</a>
                    </Popconfirm>
                  </Space>
                ),
              }]
            : []),
        ]}
      />
      <TaskDrawer plan={plan} task={editing === 'new' ? null : editing} open={editing !== null} onClose={() => setEditing(null)} />
      <ResolutionDrawer plan={plan} open={resolving} onClose={() => setResolving(false)} />
      <TaskUnitsDrawer task={openTask} onClose={() => s.set({ task: undefined }, { keepPage: true })} />
    </Card>
  );
}
