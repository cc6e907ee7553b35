// 四色分布: the district's active risks by town and colour (a town's by school), as a table and an
// ECharts stacked bar, with the likelihood × severity matrix beside. A row opens the list filtered.
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Row, Statistic, Table, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { riskColourLabels, riskLevelLabels, riskLevels, type RiskLevel, type RiskMatrix } from '../../contracts/risks.js';
import { riskLevelOf } from '../../domain/risks.js';
import { EChart, type EChartOption } from '../components/EChart.js';
import { RISK_KEY, risksApi } from './risksApi.js';
import { LEVEL_COLOURS } from './tags.js';

type Row = RiskMatrix['rows'][number];

function chartOf(m: RiskMatrix): EChartOption {
  const rows = m.rows.slice(0, 30);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { data: riskLevels.map((l) => riskLevelLabels[l]) },
    grid: { left: 48, right: 16, bottom: 64, top: 40 },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: rows.length > 8 ? 30 : 0 } },
    yAxis: { type: 'value', name: '项', minInterval: 1 },
    series: riskLevels.map((l) => ({ name: riskLevelLabels[l], type: 'bar', stack: 'risks', itemStyle: { color: LEVEL_COLOURS[l] }, data: rows.map((r) => r.counts[l]) })),
  };
}

export function RiskMatrixView({ townId, onPick }: { townId?: number; onPick: (row: Row, rowsAre: RiskMatrix['rowsAre'], level?: RiskLevel) => void }) {
  const q = useQuery({ queryKey: [...RISK_KEY, 'matrix', townId ?? null], queryFn: () => risksApi.matrix(townId) });
  const option = useMemo(() => (q.data ? chartOf(q.data) : null), [q.data]);
  const m = q.data;
  const unitWord = m?.rowsAre === 'school' ? '学校' : '镇街';
  const total = m ? riskLevels.reduce((n, l) => n + m.totals[l], 0) : 0;
  return (
    <div data-testid="risk-matrix">
      <Row gutter={[16, 16]}>
        {riskLevels.map((l) => (
          <Col key={l} xs={12} md={6}>
            <Card size="small" style={{ borderTop: `3px solid ${LEVEL_COLOURS[l]}` }}>
              <Statistic title={`${riskColourLabels[l]} · ${riskLevelLabels[l]}`} value={m?.totals[l] ?? 0} suffix="项" loading={q.isPending} valueStyle={{ color: l === 'yellow' ? '#d4b106' : LEVEL_COLOURS[l] }} />
            </Card>
          </Col>
        ))}
      </Row>
      {m && total === 0 ? (
        <Empty style={{ margin: 32 }} description="范围内还没有在管控中的风险：请学校在“风险清单”中辨识登记风险" />
      ) : (
        <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
          <Col xs={24} xl={15}>
            <Card size="small" title={`按${unitWord}的四色分布`} extra={m ? <Typography.Text type="secondary">已升级上报 {m.escalated} 项</Typography.Text> : null}>
              {option && <EChart option={option} height={320} testId="risk-matrix-chart" onClick={(p) => m && m.rows[p.dataIndex] && onPick(m.rows[p.dataIndex], m.rowsAre)} />}
              <Table<Row>
                size="small"
                rowKey={(r) => String(r.unitId ?? 'direct')}
                loading={q.isPending}
                dataSource={m?.rows ?? []}
                pagination={false}
                data-testid="risk-matrix-table"
                columns={[
                  { title: unitWord, dataIndex: 'name', render: (v: string, r) => <a onClick={() => onPick(r, m!.rowsAre)}>{v}</a> },
                  ...riskLevels.map((l) => ({
                    title: <span style={{ color: l === 'yellow' ? '#d4b106' : LEVEL_COLOURS[l] }}>{riskColourLabels[l]}</span>,
                    key: l,
                    align: 'right' as const,
                    render: (_: unknown, r: Row) => (r.counts[l] ? <a onClick={() => onPick(r, m!.rowsAre, l)} data-testid={`risk-matrix-${l}`}>{r.counts[l]}</a> : 0),
                  })),
                  { title: '合计', dataIndex: 'total', align: 'right' as const },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} xl={9}>
            <Card size="small" title="风险矩阵（可能性 × 严重性）">
              {m && (
                <table className="risk-grid" style={{ borderCollapse: 'collapse', width: '100%', textAlign: 'center' }} data-testid="risk-grid">
                  <tbody>
                    {[5, 4, 3, 2, 1].map((l) => (
                      <tr key={l}>
                        <th style={{ padding: 4, fontWeight: 'normal', whiteSpace: 'nowrap' }}>可能性 {l}</th>
                        {[1, 2, 3, 4, 5].map((s) => {
                          const level = riskLevelOf(l, s, m.bands);
                          return (
                            <Tooltip key={s} title={`可能性 ${l} × 严重性 ${s} = ${l * s}，${riskLevelLabels[level]}`}>
                              <td style={{ padding: 6, border: '1px solid #fff', background: LEVEL_COLOURS[level], color: level === 'yellow' ? '#000' : '#fff', opacity: m.grid[l - 1][s - 1] ? 1 : 0.35 }}>{m.grid[l - 1][s - 1]}</td>
                            </Tooltip>
                          );
                        })}
                      </tr>
                    ))}
                    <tr>
                      <th />
                      {[1, 2, 3, 4, 5].map((s) => (
                        <th key={s} style={{ padding: 4, fontWeight: 'normal' }}>
                          严重性 {s}
                        </th>
                      ))}
                    </tr>
                  </tbody>
                </table>
              )}
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
                分级界限取自规则包：风险值 ≥ {m?.bands.red} 为重大（红），≥ {m?.bands.orange} 为较大（橙），≥ {m?.bands.yellow} 为一般（黄），其余为低（蓝）。
              </Typography.Paragraph>
            </Card>
          </Col>
        </Row>
      )}
    </div>
  );
}
