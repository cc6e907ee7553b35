// The bureau's matrix of tasks × units (issue 14): one row a unit, one narrow column a task, the
// cell coloured by status (done green, in progress orange, overdue red, not started grey); filters
// by quarter, unit, town and status kept in the address; completion by unit as a chart (ECharts);
// Excel export with the same filters.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Empty, Select, Space, Table, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { matrixStatusFilter, matrixStatusLabels } from '../../contracts/plans.js';
import { EChart } from '../components/EChart.js';
import { ExportButton } from '../components/ExportButton.js';
import { TownFilter } from '../components/TownFilter.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { quarterOptions } from './format.js';
import { PLANS_KEY, plansApi, type MatrixView, type PlanView } from './plansApi.js';
import { cellColours } from './tags.js';
import { UnitSelect } from './UnitSelect.js';

type UnitRow = MatrixView['units'][number];

export function MatrixTab({ plan }: { plan: PlanView }) {
  const s = useSearchState();
  const query = {
    quarter: positiveInt(s.get('quarter')),
    unitId: positiveInt(s.get('unitId')),
    townId: positiveInt(s.get('townId')),
    status: pick(s.get('status'), matrixStatusFilter),
    page: s.page,
    pageSize: s.pageSize,
  };
  const m = useQuery({ queryKey: [...PLANS_KEY, 'matrix', plan.id, query], queryFn: () => plansApi.matrix(plan.id, query), placeholderData: keepPreviousData });
  const tasks = m.data?.tasks ?? [];
  const units = m.data?.units ?? [];

  const chart = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: ['已完成', '逾期', '未到期'] },
      grid: { left: 40, right: 16, bottom: 90, top: 36 },
      xAxis: { type: 'category', data: units.map((u) => u.name), axisLabel: { rotate: 40, interval: 0 } },
      yAxis: { type: 'value', name: '项' },
      series: [
        { name: '已完成', type: 'bar', stack: 'all', data: units.map((u) => u.done), itemStyle: { color: cellColours.done } },
        { name: '逾期', type: 'bar', stack: 'all', data: units.map((u) => u.overdue), itemStyle: { color: cellColours.overdue } },
        { name: '未到期', type: 'bar', stack: 'all', data: units.map((u) => u.total - u.due), itemStyle: { color: cellColours.not_started } },
      ],
    }),
    [units],
  );

  const columns = [
    { title: '单位', dataIndex: 'name', fixed: 'left' as const, width: 180, render: (v: string) => <span data-testid="matrix-unit">{v}</span> },
    {
      title: '到期完成',
      width: 90,
      fixed: 'left' as const,
      render: (_: unknown, u: UnitRow) => (u.due ? `${u.done}/${u.due}` : '—'),
    },
    ...tasks.map((t) => ({
      title: (
        <Tooltip title={t.text}>
          <span>{t.seq}</span>
        </Tooltip>
      ),
      key: String(t.id),
      width: 38,
      align: 'center' as const,
      render: (_: unknown, u: UnitRow) => {
        const st = u.cells[String(t.id)];
        if (!st) return null;
        return (
          <Tooltip title={`${t.seq}. ${t.text}：${matrixStatusLabels[st]}`}>
            <div data-testid={`cell-${u.unitId}-${t.id}`} data-status={st} style={{ width: 22, height: 18, margin: '0 auto', borderRadius: 3, background: cellColours[st] }} />
          </Tooltip>
        );
      },
    })),
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
          <Space wrap>
            <Select allowClear placeholder="季度" style={{ width: 120 }} value={query.quarter} onChange={(v) => s.set({ quarter: v })} options={quarterOptions} data-testid="matrix-quarter" />
            <div style={{ width: 220 }}>
              <UnitSelect value={query.unitId ? [query.unitId] : []} onChange={(ids) => s.set({ unitId: ids[ids.length - 1] })} placeholder="单位" />
            </div>
            <TownFilter value={query.townId} onChange={(v) => s.set({ townId: v })} />
            <Select allowClear placeholder="状态" style={{ width: 120 }} value={query.status} onChange={(v) => s.set({ status: v })} options={matrixStatusFilter.map((k) => ({ value: k, label: matrixStatusLabels[k] }))} data-testid="matrix-status" />
          </Space>
          <Space>
            {matrixStatusFilter.map((k) => (
              <span key={k} style={{ fontSize: 12 }}>
                <span style={{ display: 'inline-block', width: 12, height: 12, background: cellColours[k], borderRadius: 2, marginRight: 4, verticalAlign: 'middle' }} />
                {matrixStatusLabels[k]}
              </span>
            ))}
            <ExportButton path={`/plans/${plan.id}/matrix/export`} query={query} testId="matrix-export" />
          </Space>
        </Space>
        <Table
          size="small"
          rowKey="unitId"
          loading={m.isPending}
          dataSource={units}
          columns={columns}
          scroll={{ x: 300 + tasks.length * 38 }}
          pagination={s.pagination(m.data?.total, '个单位')}
          locale={{ emptyText: <Empty description="没有符合条件的单位：换一个季度、单位或状态试试" /> }}
          data-testid="plan-matrix"
        />
      </Card>
      {units.length > 0 && (
        <Card size="small" title="各单位完成情况（本页单位）">
          <EChart option={chart} height={320} testId="matrix-chart" />
          <Typography.Text type="secondary">已完成与逾期按已结束季度的任务计算；未到期为尚未结束季度的任务。</Typography.Text>
        </Card>
      )}
    </Space>
  );
}
