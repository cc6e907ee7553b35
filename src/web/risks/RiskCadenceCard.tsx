// 规则配置 → 风险复核: the risk list's section of the rule pack (003, 004; issue 13) as it stands —
// the review cadence per colour, the colour bands of likelihood × severity, the seasons and the lead
// days, with where each default comes from (the seeds give no number). The bureau changes the cadence
// and the lead days into the next version of the pack, with a reason (audited; someone else's change
// first → 409, reloaded); the bands and seasons travel unchanged.
import { EditOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Descriptions, Form, InputNumber, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { riskLevelLabels, riskLevels, riskSeasonLabels, type RiskCadence, type RiskLevel } from '../../contracts/risks.js';
import { useCan } from '../auth.js';
import { COMPLIANCE_KEY } from '../ledger/ledgerApi.js';
import { numberRule } from '../forms.js';
import { PackChangeModal } from '../rules/PackChangeModal.js';
import { RULES_KEY } from '../rules/rulesApi.js';
import { RISK_KEY, risksApi } from './risksApi.js';

const COLOURS = { red: 'red', orange: 'orange', yellow: 'gold', blue: 'blue' } as const;
const CADENCE_KEY = [...RISK_KEY, 'cadence'] as const;
// The form: the four colours' days and the lead days (bounds as CADENCE_BOUNDS of domain/rules/risk-review.ts; the server checks again).
const FIELDS = [...riskLevels, 'leadDays'] as const;
type EditValues = Record<RiskLevel | 'leadDays', number> & { reason: string };

function EditCadenceModal({ c, open, onClose }: { c: RiskCadence; open: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const current: Record<(typeof FIELDS)[number], number> = { ...c.days, leadDays: c.leadDays };
  return (
    <PackChangeModal<EditValues, RiskCadence>
      open={open}
      title="修改安全风险复核周期"
      intro="各级风险的复核周期和季节、节假日、重点时段前的提前复核天数；保存后每项风险的应复核日期即按新周期计算，合规看板随之重新评价。"
      packVersion={c.packVersion}
      initialValues={current}
      fields={FIELDS}
      unchanged={(v) => FIELDS.every((f) => v[f] === current[f])}
      save={(v) => {
        const days: Partial<Record<RiskLevel, number>> = {};
        for (const l of riskLevels) if (v[l] !== c.days[l]) days[l] = v[l];
        return risksApi.changeCadence({ version: c.packVersion, days, ...(v.leadDays !== c.leadDays ? { leadDays: v.leadDays } : {}), reason: v.reason });
      }}
      onSaved={(next) => {
        queryClient.setQueryData(CADENCE_KEY, next);
        void queryClient.invalidateQueries({ queryKey: RISK_KEY });
        void queryClient.invalidateQueries({ queryKey: RULES_KEY });
        void queryClient.invalidateQueries({ queryKey: COMPLIANCE_KEY });
        return `已生成规则包第 ${next.packVersion} 版，各项风险按新周期计算应复核日期`;
      }}
      staleKeys={[CADENCE_KEY, RULES_KEY]}
      reasonPlaceholder="如：区安委会要求重大风险每半月复核一次"
      reasonTestId="cadence-reason"
      onClose={onClose}
    >
      <Space wrap size={[16, 0]}>
        {riskLevels.map((l) => (
          <Form.Item key={l} name={l} label={`${riskLevelLabels[l]}复核周期`} rules={[{ required: true, message: '请填写复核周期' }, numberRule(1, 548, { integer: true, unit: ' 天' })]}>
            <InputNumber precision={0} suffix="天" style={{ width: 150 }} data-testid={`cadence-${l}`} />
          </Form.Item>
        ))}
      </Space>
      <Form.Item name="leadDays" label="提前复核" extra="季节、节假日、重点时段开始前多少天内复核相关风险" rules={[{ required: true, message: '请填写提前复核天数' }, numberRule(1, 90, { integer: true, unit: ' 天' })]}>
        <InputNumber precision={0} suffix="天" style={{ width: 150 }} />
      </Form.Item>
    </PackChangeModal>
  );
}

export function RiskCadenceCard({ inForce }: { inForce: boolean }) {
  const can = useCan();
  const q = useQuery({ queryKey: CADENCE_KEY, queryFn: risksApi.cadence, enabled: can('risk.read'), staleTime: 60_000 });
  const [open, setOpen] = useState(false);
  if (!can('risk.read') || !q.data) return null;
  const c = q.data;
  return (
    <Card
      size="small"
      title={`安全风险复核（规则包第 ${c.packVersion} 版）`}
      extra={
        can('rules.manage') &&
        inForce && (
          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setOpen(true)} data-testid="cadence-edit">
            修改
          </Button>
        )
      }
      data-testid="risk-cadence"
    >
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label="复核周期">
          <Space wrap size={4}>
            {riskLevels.map((l) => (
              <Tag key={l} color={COLOURS[l]} data-testid={`cadence-days-${l}`}>
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
      <EditCadenceModal c={c} open={open} onClose={() => setOpen(false)} />
    </Card>
  );
}
