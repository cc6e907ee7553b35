// 规则配置: the district's rule pack in force — each rule's source (seed and item, verbatim),
// period, threshold and days of warning; the bureau changes a threshold into a new version
// (409 when someone else changed the pack first); earlier versions can be looked at.
import { EditOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Form, InputNumber, Popover, Select, Space, Switch, Table, Tag, Typography, Button, type TableColumnsType } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { periodKindLabels, type RulePackView } from '../../contracts/rules.js';
import { useCan } from '../auth.js';
import { PageHeader } from '../components/PageHeader.js';
import { positiveInt, useSearchState } from '../components/useSearchState.js';
import { formatDateTime } from '../format.js';
import { numberRule } from '../forms.js';
import { COMPLIANCE_KEY } from '../ledger/ledgerApi.js';
import { PackChangeModal } from './PackChangeModal.js';
import { RULES_KEY, rulesApi } from './rulesApi.js';
import { OutbreakThresholdsCard } from '../health-checks/OutbreakThresholdsCard.js';
import { DeadlinesCard } from '../incidents/DeadlinesCard.js';
import { RiskCadenceCard } from '../risks/RiskCadenceCard.js';

type RuleRow = RulePackView['rules'][number];

const unitLabels: Record<string, string> = { count: '次', hours: '学时', guards: '名', days: '天', ratio: '%' };
export function thresholdText(t: RuleRow['threshold']): string {
  if (t.unit === 'ratio') return `不低于 ${Math.round(t.min * 100)}%`;
  return `至少 ${t.min} ${unitLabels[t.unit] ?? t.unit}`;
}

interface EditValues {
  min: number;
  dueSoonDays: number;
  enabled: boolean;
  reason: string;
}

function EditRuleModal({ pack, rule, onClose }: { pack: RulePackView; rule: RuleRow | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const ratio = rule?.threshold.unit === 'ratio';
  // The form shows a ratio in per cent; the pack keeps it as a fraction.
  const minOf = (v: EditValues) => (ratio ? v.min / 100 : v.min);
  return (
    <PackChangeModal<EditValues, RulePackView>
      open={!!rule}
      title="修改规则阈值"
      intro={
        rule && (
          <>
            <Typography.Text strong>{rule.description}</Typography.Text>
            <br />
            依据：{rule.sources.map((s) => `${s.seed} ${s.item}`).join('；')}。
          </>
        )
      }
      packVersion={pack.currentVersion}
      initialValues={rule ? { min: ratio ? Math.round(rule.threshold.min * 100) : rule.threshold.min, dueSoonDays: rule.dueSoonDays, enabled: rule.enabled } : { min: 0, dueSoonDays: 0, enabled: true }}
      fields={['min', 'dueSoonDays', 'enabled']}
      unchanged={(v) => minOf(v) === rule!.threshold.min && v.dueSoonDays === rule!.dueSoonDays && v.enabled === rule!.enabled}
      save={(v) => {
        const change: { code: string; min?: number; dueSoonDays?: number; enabled?: boolean } = { code: rule!.code };
        if (minOf(v) !== rule!.threshold.min) change.min = minOf(v);
        if (v.dueSoonDays !== rule!.dueSoonDays) change.dueSoonDays = v.dueSoonDays;
        if (v.enabled !== rule!.enabled) change.enabled = v.enabled;
        return rulesApi.changeThresholds({ version: pack.currentVersion, changes: [change], reason: v.reason });
      }}
      onSaved={(next) => {
        queryClient.setQueryData([...RULES_KEY, undefined], next);
        void queryClient.invalidateQueries({ queryKey: RULES_KEY });
        void queryClient.invalidateQueries({ queryKey: COMPLIANCE_KEY });
        return `已生成规则包第 ${next.currentVersion} 版，达标情况按新阈值重新评价`;
      }}
      staleKeys={[RULES_KEY]}
      reasonPlaceholder="如：本区要求幼儿园每月开展一次演练"
      reasonTestId="rule-reason"
      onClose={onClose}
    >
      {rule && (
        <>
          <Form.Item name="min" label={`阈值（${periodKindLabels[rule.period]}）`} rules={[{ required: true, message: '请填写阈值' }, numberRule(0, ratio ? 100 : 10000)]}>
            <InputNumber suffix={unitLabels[rule.threshold.unit] ?? ''} style={{ width: 200 }} data-testid="rule-min" />
          </Form.Item>
          <Form.Item name="dueSoonDays" label="提前提醒" extra="距截止不足该天数且未完成时显示“即将到期”" rules={[{ required: true, message: '请填写提前提醒天数' }, numberRule(0, 366, { integer: true, unit: ' 天' })]}>
            <InputNumber precision={0} suffix="天" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="enabled" label="启用" valuePropName="checked">
            <Switch checkedChildren="启用" unCheckedChildren="停用" />
          </Form.Item>
        </>
      )}
    </PackChangeModal>
  );
}

export default function RulesPage() {
  const can = useCan();
  const queryClient = useQueryClient();
  const s = useSearchState();
  const wanted = positiveInt(s.get('version'));
  const pack = useQuery({ queryKey: [...RULES_KEY, wanted], queryFn: () => rulesApi.rules(wanted), placeholderData: keepPreviousData });
  const [editing, setEditing] = useState<RuleRow | null>(null);
  const p = pack.data;
  const inForce = p && p.version === p.currentVersion;
  const canEdit = can('rules.manage') && !!inForce;

  const columns: TableColumnsType<RuleRow> = [
    {
      title: '规则',
      dataIndex: 'description',
      width: 300,
      render: (v: string, r) => (
        // The clerk reads the rule's Chinese name; its code (drill.monthly) is for support staff,
        // on hover only (issue 17).
        <div title={`规则编号：${r.code}`}>
          <div>{v}</div>
          {r.note && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.note}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: '依据',
      dataIndex: 'sources',
      width: 150,
      render: (src: RuleRow['sources']) => (
        <Space orientation="vertical" size={2}>
          {src.map((x, i) => (
            <Popover key={i} content={<div style={{ maxWidth: 360 }}>“{x.quote}”</div>} title={`${x.seed} ${x.item}`}>
              <Tag color="blue" style={{ cursor: 'help' }}>
                {x.seed} {x.item}
              </Tag>
            </Popover>
          ))}
        </Space>
      ),
    },
    { title: '周期', dataIndex: 'period', width: 90, render: (v: RuleRow['period']) => periodKindLabels[v] },
    { title: '阈值', dataIndex: 'threshold', width: 120, render: (t: RuleRow['threshold']) => <span data-testid="rule-threshold">{thresholdText(t)}</span> },
    { title: '提前提醒', dataIndex: 'dueSoonDays', width: 90, render: (v: number) => `${v} 天` },
    {
      title: '状态',
      key: 'state',
      width: 150,
      render: (_, r) => (
        <Space size={4} wrap>
          {r.enabled ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>}
          {r.ledgerStored ? <Tag color="blue">评价中</Tag> : <Tag title="相应台账上线后评估">待台账上线</Tag>}
        </Space>
      ),
    },
    ...(canEdit
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 80,
            fixed: 'right' as const,
            render: (_: unknown, r: RuleRow) => (
              <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(r)} data-testid="rule-edit">
                修改
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title="规则配置"
        subTitle="种子文件规定的刚性要求；教育局可调整阈值，每次调整生成新版本并记入审计日志"
        extra={
          p && (
            <Select
              style={{ minWidth: 260 }}
              value={p.version}
              onChange={(v) => s.set({ version: v === p.currentVersion ? undefined : v })}
              options={[...p.versions]
                .sort((a, b) => b.version - a.version)
                .map((v) => ({
                  value: v.version,
                  label: `第 ${v.version} 版${v.version === p.currentVersion ? '（现行）' : ''} · ${v.createdByName} · ${formatDateTime(v.createdAt)}`,
                }))}
              data-testid="rule-version"
            />
          )
        }
      />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {p && (
          <Card size="small">
            <Descriptions size="small" column={{ xs: 1, md: 3 }}>
              <Descriptions.Item label="规则包">{p.name}</Descriptions.Item>
              <Descriptions.Item label="显示版本">
                第 {p.version} 版{inForce ? <Tag color="green" style={{ marginLeft: 6 }}>现行</Tag> : <Tag style={{ marginLeft: 6 }}>历史版本</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label="生成">
                {p.createdByName} · {formatDateTime(p.createdAt)}
              </Descriptions.Item>
              {p.changes.length > 0 && (
                <Descriptions.Item label="本版修改" span={3}>
                  {p.changes
                    .map((c) => {
                      const r = p.rules.find((x) => x.code === c.code);
                      const parts = [
                        c.min !== undefined && r ? `阈值改为${thresholdText({ ...r.threshold, min: c.min })}` : null,
                        c.dueSoonDays !== undefined ? `提前提醒改为 ${c.dueSoonDays} 天` : null,
                        c.enabled !== undefined ? (c.enabled ? '启用' : '停用') : null,
                      ].filter(Boolean);
                      return `${r?.description ?? c.code}：${parts.join('，')}`;
                    })
                    .join('；')}
                </Descriptions.Item>
              )}
            </Descriptions>
            {!inForce && <Alert type="info" showIcon title="正在查看历史版本，只能查看；修改请切换到现行版本。" />}
          </Card>
        )}
        <Card size="small">
          <Table<RuleRow>
            rowKey="code"
            size="middle"
            columns={columns}
            dataSource={p?.rules}
            loading={pack.isFetching}
            scroll={{ x: 'max-content' }}
            pagination={false}
            onRow={(r) => ({ 'data-testid': 'rule-row', 'data-rule': r.code }) as HTMLAttributes<HTMLElement>}
          />
        </Card>
        {inForce && <OutbreakThresholdsCard onChanged={() => void queryClient.invalidateQueries({ queryKey: RULES_KEY })} />}
        <DeadlinesCard inForce={!!inForce} />
        <RiskCadenceCard inForce={!!inForce} />
      </Space>
      {p && <EditRuleModal pack={p} rule={editing} onClose={() => setEditing(null)} />}
    </>
  );
}
