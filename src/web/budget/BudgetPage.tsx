// 安全经费 (issue 21; 001 items 4 and 25): each school's budget and spend for the year by category
// (人防, 物防, 技防, 应急, 培训, 保安) and source of funds; the bureau's execution by town and the
// schools with guards but no 保安 wages budgeted. Entered in a drawer or imported from the export's
// own columns.
import { UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Form, Input, InputNumber, Select, Space, Table, Tabs, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { budgetCategories, budgetCategoryLabels, fundSourceLabels, fundSources, type BudgetCategory, type BudgetExecution, type BudgetView, type FundSource } from '../../contracts/budget.js';
import { recordStatuses, recordStatusLabels } from '../../contracts/ledger.js';
import { useCan, useMe } from '../auth.js';
import { EChart } from '../components/EChart.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { showError } from '../feedback.js';
import { numberRule } from '../forms.js';
import { CreateButton, LedgerDrawer, LedgerList, recordActionsColumn, useFilterKeys, useLedgerDrawers } from '../ledger/ledgerPage.js';
import { PlaceFilters, RecordStatusTag, SchoolField, VoidRecordModal, schoolColumn, useLedgerSave, useLedgerViewer } from '../ledger/ledgerParts.js';
import { BUDGET_KEY, budgetApi, type BudgetQuery } from './budgetApi.js';

const THIS_YEAR = new Date().getFullYear();
const YEARS = Array.from({ length: 8 }, (_, i) => THIS_YEAR + 1 - i);
const yuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const rateText = (r: number | null) => (r === null ? '—' : `${r}%`);

interface LineValues {
  category?: BudgetCategory;
  source?: FundSource;
  budget?: number;
  spent?: number;
}
interface Values {
  schoolId?: number;
  year?: number;
  lines?: LineValues[];
  note?: string;
}
const FIELDS = ['schoolId', 'year', 'budgetLines', 'note'] as const;
const toFen = (y: number | undefined) => Math.round((y ?? 0) * 100);

function BudgetDrawer({ open, budget, onClose }: { open: boolean; budget: BudgetView | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const isSchool = me.unit.kind === 'school';
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (budget)
      form.setFieldsValue({ schoolId: budget.schoolId, year: budget.year, note: budget.note ?? undefined, lines: budget.budgetLines.map((l) => ({ category: l.category, source: l.source, budget: l.budgetFen / 100, spent: l.spentFen / 100 })) });
    else
      form.setFieldsValue({
        schoolId: isSchool ? me.unit.id : undefined,
        year: THIS_YEAR,
        lines: [
          { category: 'guard_wages', source: 'fiscal' },
          { category: 'technical', source: 'fiscal' },
        ],
      });
  }, [open, budget, form, isSchool, me.unit.id]);
  const save = useLedgerSave({
    form,
    fields: FIELDS,
    listKey: BUDGET_KEY,
    onClose,
    save: (v: Values) => {
      const budgetLines = (v.lines ?? []).map((l) => ({ category: l.category!, source: l.source!, budgetFen: toFen(l.budget), spentFen: toFen(l.spent) }));
      const note = v.note?.trim() || undefined;
      return budget ? budgetApi.update(budget.id, { version: budget.version, budgetLines, note: note ?? '' }) : budgetApi.create({ schoolId: v.schoolId!, year: v.year!, budgetLines, note });
    },
    done: (b) => (budget ? '安全经费已修改' : `已登记 ${b.year} 年度安全经费`),
  });
  return (
    <LedgerDrawer open={open} onClose={onClose} title={budget ? `修改 ${budget.year} 年度安全经费` : '登记安全经费'} width={720} saving={save.isPending} onSave={() => form.submit()} testId="budget">
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
        <SchoolField editingName={budget?.schoolName} testId="budget-school" />
        <Form.Item name="year" label="年度" rules={[{ required: true, message: '请选择年度' }]}>
          <Select disabled={!!budget} options={YEARS.map((y) => ({ value: y, label: `${y} 年` }))} data-testid="budget-year" />
        </Form.Item>
        <Form.List name="lines" rules={[{ validator: async (_, v) => { if (!v?.length) throw new Error('至少填写一行经费明细'); } }]}>
          {(fields, { add, remove }, { errors }) => (
            <Card size="small" title="经费明细（元）" extra={<Button size="small" onClick={() => add({ source: 'fiscal' })} data-testid="budget-add-line">添加一行</Button>}>
              <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
                类别 · 来源 · 预算金额 · 已支出（同一类别和来源只填一行）
              </Typography.Text>
              {fields.map((f) => (
                <Space key={f.key} align="start">
                  <Form.Item name={[f.name, 'category']} rules={[{ required: true, message: '请选择类别' }]}>
                    <Select style={{ width: 90 }} placeholder="类别" options={budgetCategories.map((c) => ({ value: c, label: budgetCategoryLabels[c] }))} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'source']} rules={[{ required: true, message: '请选择来源' }]}>
                    <Select style={{ width: 110 }} placeholder="来源" options={fundSources.map((s) => ({ value: s, label: fundSourceLabels[s] }))} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'budget']} rules={[{ required: true, message: '请填写预算' }, numberRule(0, 1e9, { unit: ' 元' })]}>
                    <InputNumber style={{ width: 140 }} precision={2} placeholder="预算金额" addonAfter="元" data-testid="budget-line-budget" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'spent']} rules={[numberRule(0, 1e9, { unit: ' 元' })]}>
                    <InputNumber style={{ width: 140 }} precision={2} placeholder="已支出" addonAfter="元" data-testid="budget-line-spent" />
                  </Form.Item>
                  <Button type="link" size="small" danger onClick={() => remove(f.name)} style={{ marginTop: 4 }}>
                    删除
                  </Button>
                </Space>
              ))}
              <Form.ErrorList errors={errors} />
            </Card>
          )}
        </Form.List>
        <Form.Item name="note" label="备注" style={{ marginTop: 16 }}>
          <Input.TextArea maxLength={500} rows={2} placeholder="如：保安经费含 2 名专职保安工资及岗位培训" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}

function ImportButton() {
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return budgetApi.import(form);
    },
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: BUDGET_KEY });
      message.success(`已导入 ${r.budgets} 所学校的安全经费（${r.lines} 行明细）`);
    },
    onError: (err: unknown) => {
      const details = (err as { details?: Array<{ label: string; message: string }> }).details;
      if (Array.isArray(details) && details.length > 1)
        modal.error({ title: '未导入任何数据', content: <ul>{details.slice(0, 20).map((d, i) => <li key={i}>{`${d.label}：${d.message}`}</li>)}</ul> });
      else showError(err);
    },
  });
  return (
    <Upload accept=".xlsx" showUploadList={false} beforeUpload={(f) => (run.mutate(f), false)}>
      <Button icon={<UploadOutlined />} loading={run.isPending} data-testid="budget-import">
        导入 Excel
      </Button>
    </Upload>
  );
}

function LedgerTab() {
  const { isSchool } = useLedgerViewer();
  const can = useCan();
  const canWrite = can('ledger.write');
  const s = useSearchState();
  const d = useLedgerDrawers<BudgetView>();
  const query: BudgetQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    year: positiveInt(s.get('year')),
    status: pick(s.get('status'), recordStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...BUDGET_KEY, 'list', query], queryFn: () => budgetApi.list(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'year', 'status']);
  const amount = (c: BudgetCategory) => (b: BudgetView) => b.budgetLines.filter((l) => l.category === c).reduce((n, l) => n + l.budgetFen, 0);
  const columns: TableColumnsType<BudgetView> = [
    ...schoolColumn<BudgetView>(isSchool),
    { title: '年度', dataIndex: 'year', width: 70 },
    { title: '预算（元）', dataIndex: 'budgetFen', width: 130, align: 'right', render: yuan },
    { title: '已支出（元）', dataIndex: 'spentFen', width: 130, align: 'right', render: yuan },
    { title: '执行率', dataIndex: 'rate', width: 80, render: rateText },
    { title: '其中保安（元）', key: 'guards', width: 130, align: 'right', render: (_: unknown, b) => { const v = amount('guard_wages')(b); return v ? yuan(v) : <Tag color="orange">未列</Tag>; } },
    { title: '状态', dataIndex: 'status', width: 80, render: (v: BudgetView['status'], r) => <RecordStatusTag status={v} voidReason={r.voidReason} /> },
    ...recordActionsColumn<BudgetView>({ canWrite, testId: 'budget', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];
  return (
    <>
      <Space style={{ marginBottom: 12, float: 'right' }}>
        <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="budget-create">
          登记经费
        </CreateButton>
        {canWrite && <ImportButton />}
        <ExportButton path="/budgets/export" query={query} testId="budget-export" />
      </Space>
      <LedgerList<BudgetView>
        testId="budget"
        rowIdAttr="data-budget-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={clear}
        canWrite={canWrite}
        empty={{ noun: '安全经费', hint: '点击“登记经费”按类别填写本年度预算和支出，或导入按导出格式填写的 Excel' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="budget-filter-school" />
            <Select allowClear placeholder="年度" style={{ width: 100 }} value={query.year} onChange={(v) => s.set({ year: v ? String(v) : undefined })} options={YEARS.map((y) => ({ value: y, label: `${y} 年` }))} />
            <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          </>
        }
      />
      <BudgetDrawer open={d.drawerOpen} budget={d.editing ?? null} onClose={d.closeDrawer} />
      <VoidRecordModal<BudgetView>
        record={d.voiding}
        title="作废安全经费记录"
        describe={(b) => `${b.schoolName} ${b.year} 年度。作废后可重新登记该年度。`}
        onVoid={(b, reason) => budgetApi.void(b.id, b.version, reason)}
        listKey={BUDGET_KEY}
        done="安全经费记录已作废"
        testId="budget"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}

function ExecutionTab() {
  const [year, setYear] = useState(THIS_YEAR);
  const q = useQuery({ queryKey: [...BUDGET_KEY, 'execution', year], queryFn: () => budgetApi.execution({ year }), placeholderData: keepPreviousData });
  const d = q.data;
  const townName = (n: string | null) => n ?? '局直属';
  const chart = d && {
    tooltip: { trigger: 'axis' },
    legend: { data: ['预算', '已支出'], top: 0, right: 0 },
    grid: { left: 70, right: 20, bottom: 40, top: 40 },
    xAxis: { type: 'category', data: d.towns.map((t) => townName(t.townName)) },
    yAxis: { type: 'value', name: '万元' },
    series: [
      { name: '预算', type: 'bar', data: d.towns.map((t) => Math.round(t.budgetFen / 100) / 10000) },
      { name: '已支出', type: 'bar', data: d.towns.map((t) => Math.round(t.spentFen / 100) / 10000) },
    ],
  };
  const townColumns: TableColumnsType<BudgetExecution['towns'][number]> = [
    { title: '镇街', dataIndex: 'townName', render: townName },
    { title: '已编报学校', key: 'schools', render: (_, r) => `${r.schoolsWithBudget} / ${r.schools} 所` },
    { title: '预算（元）', dataIndex: 'budgetFen', align: 'right', render: yuan },
    { title: '已支出（元）', dataIndex: 'spentFen', align: 'right', render: yuan },
    { title: '执行率', dataIndex: 'rate', render: rateText },
  ];
  const unfundedColumns: TableColumnsType<BudgetExecution['unfundedGuards'][number]> = [
    { title: '学校', dataIndex: 'schoolName' },
    { title: '镇街', dataIndex: 'townName', render: townName },
    { title: '在校期间保安', dataIndex: 'guards', render: (v: number) => `${v} 名` },
    { title: '情况', dataIndex: 'budgetId', render: (v: number | null) => (v ? <Tag color="orange">预算未列保安经费</Tag> : <Tag color="red">未编报预算</Tag>) },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Select value={year} onChange={setYear} style={{ width: 120 }} options={YEARS.map((y) => ({ value: y, label: `${y} 年` }))} data-testid="budget-execution-year" />
      {d && d.towns.some((t) => t.budgetFen > 0) ? <EChart option={chart!} height={280} testId="budget-chart" /> : <Empty description={`${year} 年还没有学校登记安全经费`} />}
      <Table rowKey={(r) => String(r.townId ?? 'none')} size="small" loading={q.isFetching} dataSource={d?.towns ?? []} columns={townColumns} pagination={false} data-testid="budget-towns" />
      <Card size="small" title={<Typography.Text strong>保安经费未落实的学校（001 第25条：优先保障专职保安员聘用经费）</Typography.Text>}>
        {d && !d.unfundedGuards.length ? (
          <Alert type="success" showIcon message="配有保安的学校均已在预算中列支保安经费" />
        ) : (
          <Table rowKey="schoolId" size="small" dataSource={d?.unfundedGuards ?? []} columns={unfundedColumns} pagination={false} data-testid="budget-unfunded" />
        )}
      </Card>
    </Space>
  );
}

export default function BudgetPage() {
  return (
    <div>
      <PageHeader title="安全经费" subTitle="各校年度安全经费预算与支出（人防、物防、技防、应急、培训、保安），按镇街看执行情况（001 第4条、第25条）" />
      <Tabs
        items={[
          { key: 'ledger', label: '经费台账', children: <LedgerTab /> },
          { key: 'execution', label: '执行情况', children: <ExecutionTab /> },
        ]}
      />
    </div>
  );
}
