// A school's compliance card: each judged rule with its status, the one-sentence explanation, the
// drills it counted and what falls due next; the rules whose ledger is not kept yet are named as
// not evaluated (never shown as met or missed). Those who oversee the school (compliance.act) act on
// a missed finding from here: 生成隐患 or 发整改通知; the school's 安全日历 is one click away.
// 本年度各时段 (issue 14): the school's periods of the year per rule with their findings, from the
// year's record, as of the board's 截至日期 (a missed month stays listed after the next is met).
import { CalendarOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Collapse, Empty, List, Space, Statistic, Row, Col, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { ComplianceActionsView, ComplianceView, FindingView } from '../../contracts/compliance.js';
import type { Drill } from '../../contracts/drills.js';
import { drillKindLabels, findingStatusLabels, type FindingStatus } from '../../contracts/rules.js';
import { hazardStatusLabels } from '../../contracts/enums.js';
import { useCan, useMe } from '../auth.js';
import { ComplianceActionModal, type ActionTarget } from './ComplianceActionModal.js';
import { COMPLIANCE_ACTIONS_KEY, complianceActionsApi } from './complianceActionsApi.js';
import { DRILLS_KEY, drillsApi } from '../drills/drillsApi.js';
import { COMPLIANCE_KEY } from '../ledger/ledgerApi.js';
import { complianceApi } from './complianceApi.js';
import { FindingTag, findingColors, findingHex } from '../ledger/tags.js';

const order: Record<FindingStatus, number> = { missed: 0, due_soon: 1, met: 2, not_applicable: 3 };

export function PendingLedgersNote({ pending }: { pending: ComplianceView['pendingLedgers'] | undefined }) {
  if (!pending?.length) return null;
  return (
    <Alert
      type="info"
      showIcon
      data-testid="compliance-pending"
      title={`以下规则待相应台账上线后评估，目前不计入达标情况：${pending.map((p) => `${p.label}（${p.ruleCodes.length} 条）`).join('、')}`}
    />
  );
}

/** Counted drills by id, from the school's ledger (the ids the engine reported). */
function CountedDrills({ finding, drills }: { finding: FindingView; drills: Map<number, Drill> }) {
  if (finding.ledger !== 'drills' || !finding.recordIds.length) return null;
  return (
    <div className="finding-records" data-testid="finding-records">
      计入的演练：
      {finding.recordIds.map((id) => {
        const d = drills.get(id);
        return (
          <Tag key={id} style={{ marginBottom: 2 }}>
            {d ? `${d.heldOn} ${drillKindLabels[d.kind]}` : `记录 #${id}`}
          </Tag>
        );
      })}
    </div>
  );
}

/** On a missed finding: the hazard already opened from it, or the actions the person may take. */
function FindingActions({ finding, view, onAct }: { finding: FindingView; view: ComplianceActionsView | undefined; onAct: (t: ActionTarget) => void }) {
  if (!view || finding.status !== 'missed') return null;
  const open = view.openHazards.find((h) => h.ruleCode === finding.ruleCode && h.periodKey === (finding.period?.key ?? 'current'));
  const rule = view.rules.find((r) => r.ruleCode === finding.ruleCode);
  const mayHazard = !open && !!rule?.mayOpenHazard;
  if (!open && !mayHazard && !view.mayNotice) return null;
  return (
    <Space size={8} wrap style={{ marginTop: 6 }} data-testid="finding-actions">
      {open &&
        (open.visible ? (
          <Link to={`/hazards/${open.id}`} data-testid="finding-hazard-link">
            已生成隐患 {open.code}（{hazardStatusLabels[open.status]}）
          </Link>
        ) : (
          <Typography.Text type="secondary">已生成隐患 {open.code}</Typography.Text>
        ))}
      {mayHazard && (
        <Button size="small" danger onClick={() => onAct({ finding, action: 'hazard' })} data-testid="finding-open-hazard">
          生成隐患
        </Button>
      )}
      {view.mayNotice && (
        <Button size="small" onClick={() => onAct({ finding, action: 'notice' })} data-testid="finding-send-notice">
          发整改通知
        </Button>
      )}
    </Space>
  );
}

/** The school's periods of the year per rule (the year's record), each a tag coloured by its finding. */
function SchoolPeriods({ unitId, asOf }: { unitId: number; asOf?: string }) {
  const q = { unitId, asOf };
  const data = useQuery({ queryKey: [...COMPLIANCE_KEY, 'periods', q], queryFn: () => complianceApi.periods(q) });
  if (data.isPending) return <Typography.Text type="secondary">加载中…</Typography.Text>;
  if (!data.data?.rules.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={data.isError ? '加载失败，请稍后重试' : '本年度暂无已评价的时段'} />;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="school-periods">
      <Typography.Text type="secondary">截至 {data.data.asOf}；虚线框为尚未结束的时段（截至当日的情况），悬停查看说明。</Typography.Text>
      {data.data.rules.map((r) => (
        <div key={r.ruleCode} data-testid="school-period-rule" data-rule={r.ruleCode}>
          <Typography.Text>{r.ruleDescription}</Typography.Text>
          <div style={{ marginTop: 4 }}>
            {r.periods.map((p) => (
              <Tooltip key={p.period.key} title={p.explanation}>
                <Tag
                  color={findingColors[p.status]}
                  variant={p.closed ? undefined : 'outlined'}
                  style={{ marginBottom: 4, borderStyle: p.closed ? undefined : 'dashed' }}
                  data-testid="school-period"
                  data-period={p.period.key}
                  data-status={p.status}
                >
                  {p.period.label} {findingStatusLabels[p.status]}
                </Tag>
              </Tooltip>
            ))}
          </div>
        </div>
      ))}
    </Space>
  );
}

export function SchoolComplianceCard({
  unitId,
  title,
  home,
  asOf,
}: {
  unitId: number;
  title?: string;
  /** On the home page: the record link and what is due next. */
  home?: boolean;
  /** A past day: the findings and periods as of then (the board's 截至日期). */
  asOf?: string;
}) {
  const can = useCan();
  const me = useMe();
  const oversees = can('compliance.act') && me.unit.kind !== 'school';
  const actions = useQuery({
    queryKey: [...COMPLIANCE_ACTIONS_KEY, unitId],
    queryFn: () => complianceActionsApi.view(unitId),
    enabled: oversees,
    meta: { silent: true },
  });
  const [target, setTarget] = useState<ActionTarget | null>(null);
  const q = { unitId, pageSize: 200, asOf };
  const data = useQuery({ queryKey: [...COMPLIANCE_KEY, 'school', q], queryFn: () => complianceApi.compliance(q), meta: { silent: !!home } });
  const drillsQ = { schoolId: unitId, pageSize: 100 };
  const drills = useQuery({
    queryKey: [...DRILLS_KEY, 'list', drillsQ],
    queryFn: () => drillsApi.drills(drillsQ),
    enabled: can('ledger.read'),
    meta: { silent: true },
  });
  const drillMap = useMemo(() => new Map((drills.data?.items ?? []).map((d) => [d.id, d])), [drills.data]);
  const items = useMemo(
    () => [...(data.data?.items ?? [])].sort((a, b) => order[a.status] - order[b.status] || a.ruleCode.localeCompare(b.ruleCode)),
    [data.data],
  );
  const day = data.data?.asOf;
  const next = useMemo(
    () => items.filter((f) => f.dueOn && day && f.dueOn >= day && f.status !== 'not_applicable').sort((a, b) => (a.dueOn! < b.dueOn! ? -1 : 1)),
    [items, day],
  );
  const summary = data.data?.summary;

  return (
    <Card
      title={title ?? `${items[0]?.unitName ?? ''}达标情况`}
      size="small"
      data-testid="school-compliance-card"
      extra={
        <Space size={8}>
          <Link to={me.unit.kind === 'school' ? '/due-calendar' : `/due-calendar?school=${unitId}`} data-testid="card-due-calendar">
            <CalendarOutlined /> 安全日历
          </Link>
          {home && can('ledger.write') && (
            <Link to="/drills?record=1">
              <Button type="primary" size="small" icon={<PlusOutlined />} data-testid="home-record-drill">
                登记演练
              </Button>
            </Link>
          )}
        </Space>
      }
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {summary && (
          <Row gutter={[12, 12]}>
            {(['missed', 'due_soon', 'met'] as const).map((st) => (
              <Col xs={8} key={st}>
                <Statistic title={findingStatusLabels[st]} value={summary[st]} suffix="项" styles={{ content: { color: summary[st] ? findingHex[st] : undefined } }} />
              </Col>
            ))}
          </Row>
        )}
        {home && next.length > 0 && (
          <div data-testid="compliance-next">
            <Typography.Text strong>接下来要完成：</Typography.Text>
            <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
              {next.slice(0, 5).map((f) => (
                <li key={f.ruleCode}>
                  {f.dueOn} 前：{f.ruleDescription}
                  {(f.ledger === 'drills' || f.ledger === 'meetings') && f.value !== null && f.target !== null && f.value < f.target ? `（还差 ${f.target - f.value} 次）` : ''}
                </li>
              ))}
            </ul>
          </div>
        )}
        <List<FindingView>
          loading={data.isPending}
          dataSource={items}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={data.isError ? '加载失败，请稍后重试' : '暂无可评价的规则'} /> }}
          renderItem={(f) => (
            <List.Item data-testid="finding" data-rule={f.ruleCode} data-status={f.status}>
              <div style={{ width: '100%' }}>
                <Space size={8} wrap>
                  <FindingTag status={f.status} />
                  <Typography.Text strong>{f.ruleDescription}</Typography.Text>
                  {f.period && <Typography.Text type="secondary">{f.period.label}</Typography.Text>}
                </Space>
                <div className="finding-explanation" data-testid="finding-explanation">
                  {f.explanation}
                </div>
                <CountedDrills finding={f} drills={drillMap} />
                {oversees && <FindingActions finding={f} view={actions.data} onAct={setTarget} />}
              </div>
            </List.Item>
          )}
        />
        <PendingLedgersNote pending={data.data?.pendingLedgers} />
        <Collapse
          size="small"
          data-testid="school-periods-toggle"
          items={[{ key: 'periods', label: '本年度各时段达标记录', children: <SchoolPeriods unitId={unitId} asOf={asOf} /> }]}
        />
      </Space>
      <ComplianceActionModal target={target} onClose={() => setTarget(null)} />
    </Card>
  );
}
