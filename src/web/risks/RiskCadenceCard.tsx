// 规则配置 → 风险复核: the risk list's section of the rule pack (003, 004; issue 13) as it stands —
// the review cadence per colour, the colour bands of likelihood × severity, the seasons and the lead
// days, with where each default comes from (the seeds give no number). Read here; the section travels
// unchanged into every new version of the pack.
import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { riskLevelLabels, riskSeasonLabels } from '../../contracts/risks.js';
import { useCan } from '../auth.js';
import { RISK_KEY, risksApi } from './risksApi.js';

const COLOURS = { red: 'red', orange: 'orange', yellow: 'gold', blue: 'blue' } as const;

export function RiskCadenceCard() {
  const can = useCan();
  const q = useQuery({ queryKey: [...RISK_KEY, 'cadence'], queryFn: risksApi.cadence, enabled: can('risk.read'), staleTime: 60_000 });
  if (!can('risk.read') || !q.data) return null;
  const c = q.data;
  return (
    <Card size="small" title={`安全风险复核（规则包第 ${c.packVersion} 版）`} data-testid="risk-cadence">
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label="复核周期">
          <Space wrap size={4}>
            {(['red', 'orange', 'yellow', 'blue'] as const).map((l) => (
              <Tag key={l} color={COLOURS[l]}>
                {riskLevelLabels[l]} 每 {c.days[l]} 天
              </Tag>
            ))}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label="分级（可能性 × 严重性）">
          ≥ {c.bands.red} 重大，≥ {c.bands.orange} 较大，≥ {c.bands.yellow} 一般，其余为低风险
        </Descriptions.Item>
        <Descriptions.Item label="季节性复核">
          <Space wrap size={4}>
            {c.seasons.map((s) => (
              <Tag key={s.season} title={s.note}>
                {riskSeasonLabels[s.season]} {s.from} 至 {s.to}
              </Tag>
            ))}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label="提前复核">季节、节假日、重点时段开始前 {c.leadDays} 天内</Descriptions.Item>
      </Descriptions>
      {c.notes.map((n, i) => (
        <Typography.Paragraph key={i} type="secondary" style={{ marginBottom: 4 }}>
          {n}
        </Typography.Paragraph>
      ))}
    </Card>
  );
}
