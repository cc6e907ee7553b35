// A campaign's hazards by area, town, department and status as ECharts bars (loaded only here);
// a click on a bar opens the register filtered to the campaign and that bar.
import { Card, Col, Empty, Row, Typography } from 'antd';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import type { CountRow } from '../../contracts/campaigns.js';
import { queryString } from '../api.js';
import { EChart, type EChartOption } from '../components/EChart.js';

type By = 'area' | 'town' | 'department' | 'status';

const filterOf: Record<By, string> = { area: 'area', town: 'townId', department: 'departmentId', status: 'status' };

function option(rows: CountRow[], horizontal: boolean): EChartOption {
  const names = rows.map((r) => r.label);
  const series = [
    { name: '隐患总数', type: 'bar', data: rows.map((r) => r.count), itemStyle: { color: '#1d5fd6' }, barMaxWidth: 18 },
    { name: '未销号', type: 'bar', data: rows.map((r) => r.open), itemStyle: { color: '#fa8c16' }, barMaxWidth: 18 },
    { name: '逾期', type: 'bar', data: rows.map((r) => r.overdue), itemStyle: { color: '#f5222d' }, barMaxWidth: 18 },
  ];
  return horizontal
    ? {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { top: 0 },
        grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: names, inverse: true },
        series,
      }
    : {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { top: 0 },
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: rows.length > 5 ? 30 : 0 } },
        yAxis: { type: 'value', minInterval: 1, name: '条' },
        series,
      };
}

function ChartCard({ title, by, rows, campaignId, horizontal }: { title: string; by: By; rows: CountRow[]; campaignId: number; horizontal?: boolean }) {
  const navigate = useNavigate();
  const opt = useMemo(() => option(rows, !!horizontal), [rows, horizontal]);
  const height = horizontal ? Math.max(220, rows.length * 36 + 40) : 280;
  return (
    <Card title={title} size="small" extra={rows.length > 0 && <Typography.Text type="secondary">点击柱条查看隐患</Typography.Text>}>
      {rows.length ? (
        <EChart
          option={opt}
          height={height}
          testId={`campaign-chart-${by}`}
          onClick={(p) => {
            const r = rows[p.dataIndex];
            if (!r) return;
            navigate(`/hazards${queryString({ campaignId, [filterOf[by]]: r.key, view: p.seriesName === '逾期' ? 'overdue' : p.seriesName === '未销号' ? 'open' : undefined })}`);
          }}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无隐患" />
      )}
    </Card>
  );
}

export default function ProgressCharts({
  campaignId,
  byArea,
  byTown,
  byDepartment,
  byStatus,
}: {
  campaignId: number;
  byArea: CountRow[];
  byTown: CountRow[];
  byDepartment: CountRow[];
  byStatus: CountRow[];
}) {
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xl={12}>
        <ChartCard title="按排查领域" by="area" rows={byArea} campaignId={campaignId} horizontal />
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard title="按责任部门" by="department" rows={byDepartment} campaignId={campaignId} horizontal />
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard title="按镇街" by="town" rows={byTown} campaignId={campaignId} />
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard title="按状态" by="status" rows={byStatus} campaignId={campaignId} />
      </Col>
    </Row>
  );
}
