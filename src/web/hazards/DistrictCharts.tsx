// Towns compared and hazards by area for the bureau's home page, drawn with ECharts (loaded only here).
import { Card, Col, Empty, Row, Typography } from 'antd';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { safetyAreaLabels } from '../../contracts/enums.js';
import { queryString } from '../api.js';
import { EChart, type EChartOption } from '../components/EChart.js';
import type { HazardStats } from './hazardsApi.js';

const register = (q: Record<string, string | number | undefined>) => `/hazards${queryString(q)}`;

export default function DistrictCharts({ stats, loading }: { stats?: HazardStats; loading: boolean }) {
  const navigate = useNavigate();
  const towns = useMemo(() => [...(stats?.byTown ?? [])].sort((a, b) => b.open - a.open), [stats]);
  const areas = useMemo(() => [...(stats?.byArea ?? [])].sort((a, b) => a.open - b.open), [stats]);
  const townOption = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { data: ['在账隐患', '逾期'], top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: towns.map((t) => t.townName), axisLabel: { interval: 0, rotate: towns.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1, name: '项' },
      series: [
        { name: '在账隐患', type: 'bar', data: towns.map((t) => t.open), itemStyle: { color: '#fa8c16' }, barMaxWidth: 28 },
        { name: '逾期', type: 'bar', data: towns.map((t) => t.overdue), itemStyle: { color: '#f5222d' }, barMaxWidth: 28 },
      ],
    }),
    [towns],
  );
  const areaOption = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: areas.map((a) => safetyAreaLabels[a.area]) },
      series: [{ name: '在账隐患', type: 'bar', data: areas.map((a) => a.open), itemStyle: { color: '#1d5fd6' }, barMaxWidth: 18 }],
    }),
    [areas],
  );
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xl={14}>
        <Card title="各镇街隐患对比" size="small" extra={<Typography.Text type="secondary">点击柱条查看该镇街隐患</Typography.Text>}>
          {towns.length ? (
            <EChart
              option={townOption}
              height={300}
              testId="home-town-chart"
              onClick={(p) => {
                const t = towns[p.dataIndex];
                if (t) navigate(register({ view: p.seriesName === '逾期' ? 'overdue' : 'open', townId: t.townId }));
              }}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={loading ? '加载中…' : '暂无隐患数据'} />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card title="各领域在账隐患" size="small">
          {areas.length ? (
            <EChart
              option={areaOption}
              height={300}
              testId="home-area-chart"
              onClick={(p) => {
                const a = areas[p.dataIndex];
                if (a) navigate(register({ view: 'open', area: a.area }));
              }}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={loading ? '加载中…' : '暂无在账隐患'} />
          )}
        </Card>
      </Col>
    </Row>
  );
}
