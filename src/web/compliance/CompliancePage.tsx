// 合规看板: every school × judged rule in the person's scope (bureau, department, town) — counts by
// status, missed rules by town (ECharts), a units × rules matrix and the findings table, filters by
// town, stage, rule and status, and a school's card (its findings and counted drills) in a drawer.
// 截至日期 (issue 14): a past day shows the year's record as of then — each school's latest period
// per rule that had ended, as it closed — and the school's card its periods of that year.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, DatePicker, Drawer, Empty, Grid, Row, Segmented, Select, Statistic, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useMemo, type HTMLAttributes, type ReactNode } from 'react';
import { schoolStageLabels, schoolStages } from '../../contracts/enums.js';
import type { FindingView } from '../../contracts/compliance.js';
import { findingStatuses, findingStatusLabels, type FindingStatus } from '../../contracts/rules.js';
import { useMe } from '../auth.js';
import { EChart, type EChartOption } from '../components/EChart.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { PageHeader } from '../components/PageHeader.js';
import { TownFilter } from '../components/TownFilter.js';
import { ResetButton } from '../components/ResetButton.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { COMPLIANCE_KEY } from '../ledger/ledgerApi.js';
import { fromDay, toDay, todayBeijing } from '../dates.js';
import { complianceApi, type ComplianceQuery } from './complianceApi.js';
import { PendingLedgersNote, SchoolComplianceCard } from './SchoolComplianceCard.js';
import { FindingTag, findingColors, findingHex } from '../ledger/tags.js';
import './compliance.css';

type View = 'matrix' | 'list';

export default function CompliancePage() {
  const me = useMe();
  const s = useSearchState();
  const screens = Grid.useBreakpoint();
  const view: View = s.get('view') === 'list' ? 'list' : 'matrix';
  const filters: ComplianceQuery = {
    townId: positiveInt(s.get('townId')),
    stage: pick(s.get('stage'), schoolStages),
    ruleCode: s.get('ruleCode') || undefined,
  };
  const status = pick(s.get('status'), findingStatuses);
  const school = positiveInt(s.get('school'));
  // 截至日期: a past day (YYYY-MM-DD) reads the year's record; none or today, today's findings.
  const asOfParam = s.get('asOf');
  const asOf = asOfParam && /^\d{4}-\d{2}-\d{2}$/.test(asOfParam) && asOfParam < todayBeijing() ? asOfParam : undefined;

  // Counts (by status and town) and the judged rules come with any page; the matrix is paged by
  // school (every finding of each school on the page), the list by finding.
  const matrixQ = { ...filters, status, asOf, page: s.page, pageSize: s.pageSize };
  const all = useQuery({
    queryKey: [...COMPLIANCE_KEY, 'matrix', matrixQ],
    queryFn: () => complianceApi.matrix(matrixQ),
    placeholderData: keepPreviousData,
  });
  const pageQ = { ...filters, status, asOf, page: s.page, pageSize: s.pageSize };
  const page = useQuery({
    queryKey: [...COMPLIANCE_KEY, 'page', pageQ],
    queryFn: () => complianceApi.compliance(pageQ),
    placeholderData: keepPreviousData,
    enabled: view === 'list',
  });
  const trend = useQuery({ queryKey: [...COMPLIANCE_KEY, 'trend', filters], queryFn: () => complianceApi.complianceTrend(filters), placeholderData: keepPreviousData });

  const wide = me.scope !== 'unit';

  const rules = all.data?.evaluatedRules ?? [];

  // Missed rules by town, counted by the server over every school of the filters (区直属: directly under the bureau).
  const byTown = useMemo(() => (all.data?.byTown ?? []).map((t) => ({ ...t, name: t.townName ?? '区直属' })), [all.data]);
  const chart = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { data: ['未达标', '即将到期'], top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: byTown.map((t) => t.name), axisLabel: { interval: 0, rotate: byTown.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1, name: '项' },
      series: [
        { name: '未达标', type: 'bar', data: byTown.map((t) => t.missed), itemStyle: { color: findingHex.missed }, barMaxWidth: 28 },
        { name: '即将到期', type: 'bar', data: byTown.map((t) => t.dueSoon), itemStyle: { color: findingHex.due_soon }, barMaxWidth: 28 },
      ],
    }),
    [byTown],
  );

  // The trend: month by month, findings missed, due soon and met in the schools of the filters.
  const months = trend.data?.months ?? [];
  const trendChart = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: ['未达标', '即将到期', '达标'], top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: months.map((m) => m.month) },
      yAxis: { type: 'value', minInterval: 1, name: '项' },
      series: [
        { name: '未达标', type: 'line', data: months.map((m) => m.missed), itemStyle: { color: findingHex.missed } },
        { name: '即将到期', type: 'line', data: months.map((m) => m.dueSoon), itemStyle: { color: findingHex.due_soon } },
        { name: '达标', type: 'line', data: months.map((m) => m.met), itemStyle: { color: findingHex.met } },
      ],
    }),
    [months],
  );

  // The matrix: one row per school of the page, one column per rule; a dash where the rule does not apply.
  // A cell's sentence comes once per page (the answer's `sentences`), named by its index.
  const matrix = useMemo(
    () => (all.data?.schools ?? []).map((r) => ({ ...r, cells: Object.fromEntries(r.cells.map((c) => [c.ruleCode, { status: c.status, explanation: all.data!.sentences[c.sentence] }])) })),
    [all.data],
  );
  type MatrixRow = (typeof matrix)[number];

  const openSchool = (id: number) => s.set({ school: id }, { keepPage: true });
  const schoolLink = (id: number, name: string) => (
    <a onClick={() => openSchool(id)} data-testid="compliance-school">
      {name}
    </a>
  );

  const matrixColumns: TableColumnsType<MatrixRow> = [
    {
      title: '学校',
      dataIndex: 'unitName',
      fixed: 'left',
      width: 200,
      render: (v: string, r) => (
        <span>
          {schoolLink(r.unitId, v)}
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
            {[r.townName ?? '区直属', r.stage ? schoolStageLabels[r.stage] : null].filter(Boolean).join(' · ')}
          </div>
        </span>
      ),
    },
    ...rules.map((rule) => ({
      title: (
        <Tooltip title={rule.description}>
          <span>{rule.description.length > 14 ? `${rule.description.slice(0, 14)}…` : rule.description}</span>
        </Tooltip>
      ),
      key: rule.code,
      width: 130,
      render: (_: unknown, r: MatrixRow) => {
        const f = r.cells[rule.code];
        if (!f) return <Typography.Text type="secondary">—</Typography.Text>;
        return (
          <Tooltip title={f.explanation}>
            <span data-testid="matrix-cell" data-rule={rule.code} data-status={f.status}>
              <FindingTag status={f.status} />
            </span>
          </Tooltip>
        );
      },
    })),
  ];

  const listColumns: TableColumnsType<FindingView> = [
    { title: '学校', dataIndex: 'unitName', width: 180, fixed: 'left', render: (v: string, f) => schoolLink(f.unitId, v) },
    { title: '镇街', dataIndex: 'townName', width: 100, render: (v: string | null) => v ?? '区直属' },
    { title: '学段', dataIndex: 'stage', width: 90, render: (v: FindingView['stage']) => (v ? schoolStageLabels[v] : '—') },
    { title: '规则', dataIndex: 'ruleDescription', width: 240, ellipsis: { showTitle: true } },
    { title: '状态', dataIndex: 'status', width: 90, render: (v: FindingStatus) => <FindingTag status={v} /> },
    { title: '时段', dataIndex: 'period', width: 120, render: (p: FindingView['period']) => p?.label ?? '—' },
    { title: '说明', dataIndex: 'explanation', width: 360, ellipsis: { showTitle: true } },
    { title: '截止日期', dataIndex: 'dueOn', width: 110, render: (v: string | null) => v ?? '—' },
  ];

  const summary = all.data?.summary;
  const filterKeys = ['townId', 'stage', 'ruleCode', 'status', 'asOf'] as const;
  const filtered = filterKeys.some((k) => s.get(k) !== undefined);
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={all.isError ? '加载失败，请稍后重试' : filtered ? '没有符合条件的学校，请调整筛选条件' : '辖区内暂无学校'} />;
  const schoolName = school ? [...matrix, ...(page.data?.items ?? [])].find((f) => f.unitId === school)?.unitName : undefined;

  return (
    <>
      <PageHeader
        title="合规看板"
        subTitle={
          !all.data
            ? '按种子文件的刚性要求逐校评价'
            : asOf
              ? `截至 ${all.data.asOf}：各规则最近一个已结束时段的达标情况（年度记录，规则包第 ${all.data.packVersion} 版）`
              : `按种子文件的刚性要求逐校评价（规则包第 ${all.data.packVersion} 版，截至 ${all.data.asOf}）`
        }
        extra={<ExportButton path="/compliance/export" query={{ ...filters, status, asOf }} testId="compliance-export" />}
      />
      <Space16>
        <Row gutter={[12, 12]}>
          {(['missed', 'due_soon', 'met', 'not_applicable'] as const).map((st) => (
            <Col xs={12} md={6} key={st}>
              <Card
                size="small"
                hoverable
                onClick={() => s.set({ status: status === st ? undefined : st })}
                data-testid={`compliance-count-${st}`}
                style={status === st ? { borderColor: findingHex[st] } : undefined}
              >
                <Statistic
                  title={findingStatusLabels[st]}
                  value={summary?.[st] ?? '—'}
                  suffix={summary ? '项' : undefined}
                  loading={all.isPending}
                  styles={{ content: { color: summary?.[st] && st !== 'not_applicable' ? findingHex[st] : undefined } }}
                />
              </Card>
            </Col>
          ))}
        </Row>
        <PendingLedgersNote pending={all.data?.pendingLedgers} />
        {asOf && !!(all.data?.record?.pendingDays || all.data?.record?.staleSchools) && (
          <Alert
            type="warning"
            showIcon
            data-testid="compliance-record-backlog"
            title={[
              all.data.record.pendingDays ? `截至该日还有 ${all.data.record.pendingDays} 个时段结束日未归档，相应时段暂按此前的记录显示` : null,
              all.data.record.staleSchools ? `${all.data.record.staleSchools} 所学校补录或更正了以往时段的台账，正在重新评价` : null,
            ]
              .filter(Boolean)
              .join('；')}
            description="系统在后台每 10 分钟归档一批；打开某校的达标情况会先重新评价该校。"
          />
        )}
        {wide && (
          <Card title="各镇街未达标规则" size="small" extra={<Typography.Text type="secondary">点击柱条筛选该镇街</Typography.Text>}>
            {byTown.some((t) => t.missed || t.dueSoon) ? (
              <EChart
                option={chart}
                height={280}
                testId="compliance-town-chart"
                onClick={(p) => {
                  const t = byTown[p.dataIndex];
                  if (t?.townId) s.set({ townId: t.townId, status: p.seriesName === '即将到期' ? 'due_soon' : 'missed' });
                }}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={all.isPending ? '加载中…' : '没有未达标或即将到期的规则'} />
            )}
          </Card>
        )}
        <Card title="达标趋势（按月）" size="small" extra={<Typography.Text type="secondary">每月末的评价结果</Typography.Text>}>
          {months.length > 0 ? (
            <EChart option={trendChart} height={240} testId="compliance-trend-chart" />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={trend.isPending ? '加载中…' : '暂无按月统计'} />
          )}
        </Card>
        <Card size="small">
          <div className="filter-bar">
            <Segmented<View>
              value={view}
              onChange={(v) => s.set({ view: v === 'matrix' ? undefined : v })}
              options={[
                { value: 'matrix', label: '学校 × 规则' },
                { value: 'list', label: '明细' },
              ]}
              data-testid="compliance-view"
            />
            <TownFilter value={filters.townId} onChange={(v) => s.set({ townId: v })} />
            <EnumFilter placeholder="学段" labels={schoolStageLabels} value={filters.stage as keyof typeof schoolStageLabels | undefined} onChange={(v) => s.set({ stage: v })} />
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder="规则"
              style={{ minWidth: 240 }}
              value={filters.ruleCode}
              onChange={(v) => s.set({ ruleCode: v })}
              options={rules.map((r) => ({ value: r.code, label: r.description }))}
              data-testid="compliance-rule"
            />
            <EnumFilter placeholder="状态" labels={findingStatusLabels} value={status} onChange={(v) => s.set({ status: v })} minWidth={110} />
            <DatePicker
              placeholder="截至日期（默认今天）"
              style={{ width: 180 }}
              value={fromDay(asOf) ?? null}
              onChange={(d) => s.set({ asOf: toDay(d) })}
              disabledDate={(d) => d.isAfter(dayjs(todayBeijing(), 'YYYY-MM-DD'), 'day')}
              data-testid="compliance-as-of"
            />
            <ResetButton shown={filtered} onClick={() => s.set(Object.fromEntries(filterKeys.map((k) => [k, undefined])))} />
          </div>
          {view === 'matrix' ? (
            <div data-testid="compliance-matrix" className="compliance-matrix">
              <Table<MatrixRow>
                rowKey="unitId"
                size="small"
                columns={matrixColumns}
                dataSource={matrix}
                loading={all.isFetching}
                scroll={{ x: 'max-content' }}
                onRow={(r) => ({ 'data-testid': 'matrix-row', 'data-unit': r.unitName }) as HTMLAttributes<HTMLElement>}
                locale={{ emptyText: empty }}
                pagination={s.pagination(all.data?.total, '所学校')}
              />
            </div>
          ) : (
            <div data-testid="compliance-table">
              <Table<FindingView>
                rowKey={(f) => `${f.unitId}:${f.ruleCode}`}
                size="middle"
                columns={listColumns}
                dataSource={page.data?.items}
                loading={page.isFetching}
                scroll={{ x: 'max-content' }}
                onRow={(f) => ({ 'data-testid': 'finding-row', 'data-unit': f.unitName, 'data-rule': f.ruleCode, 'data-status': f.status }) as HTMLAttributes<HTMLElement>}
                locale={{ emptyText: empty }}
                pagination={s.pagination(page.data?.total, '项')}
              />
            </div>
          )}
          {view === 'matrix' && matrix.length > 0 && (
            <Typography.Text type="secondary">
              图例：{findingStatuses.map((st) => <FindingLegend key={st} status={st} />)}；“—”表示该规则不适用于该校。
            </Typography.Text>
          )}
        </Card>
      </Space16>
      <Drawer
        open={!!school}
        onClose={() => s.set({ school: undefined }, { keepPage: true })}
        title={schoolName ? `${schoolName} · 达标情况` : '学校达标情况'}
        size={screens.md ? 720 : '100%'}
        destroyOnHidden
      >
        {school && <SchoolComplianceCard unitId={school} title={asOf ? `截至 ${asOf} 各项规则` : '各项规则'} asOf={asOf} />}
      </Drawer>
    </>
  );
}

function FindingLegend({ status }: { status: FindingStatus }) {
  return (
    <span style={{ marginLeft: 8, color: findingColors[status] === 'default' ? undefined : findingHex[status] }}>■ {findingStatusLabels[status]}</span>
  );
}

function Space16({ children }: { children: ReactNode }) {
  return <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>{children}</div>;
}
