// Compliance on the home page (UX.md "The home page per role"): a school sees its own card, what
// is due next and 登记演练; a town, department or the bureau sees the compliance rate of its schools
// and the schools with the most missed rules, each opening its card on the compliance board.
import { RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, List, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { findingStatusLabels } from '../../contracts/rules.js';
import { useCan, useMe } from '../auth.js';
import { COMPLIANCE_KEY } from '../ledger/ledgerApi.js';
import { complianceApi } from './complianceApi.js';
import { HomeDueThisMonth } from './DueCalendarPage.js';
import { SchoolComplianceCard } from './SchoolComplianceCard.js';
import { findingHex } from '../ledger/tags.js';
import './compliance.css';

function Overview() {
  const navigate = useNavigate();
  // The counts of every school in scope, and the five schools with the most missed rules (whole rows).
  const q = { sort: 'missed' as const, pageSize: 5 };
  const all = useQuery({ queryKey: [...COMPLIANCE_KEY, 'worst', q], queryFn: () => complianceApi.matrix(q), meta: { silent: true } });
  const summary = all.data?.summary;
  const judged = summary ? summary.met + summary.due_soon + summary.missed : 0;
  const rate = summary && judged ? Math.round((summary.met / judged) * 1000) / 10 : undefined;
  // The page's schools come in tree order: listed worst first.
  const worst = useMemo(
    () => (all.data?.schools ?? []).filter((e) => e.missed || e.dueSoon).sort((a, b) => b.missed - a.missed || b.dueSoon - a.dueSoon),
    [all.data],
  );

  return (
    <Card title="辖区学校达标情况" size="small" data-testid="home-compliance" extra={<Link to="/compliance">合规看板</Link>}>
      <Row gutter={[12, 12]}>
        <Col xs={24} md={10}>
          <Row gutter={[12, 12]}>
            <Col span={12}>
              <Statistic title="达标率" value={rate ?? '—'} suffix={rate === undefined ? undefined : '%'} loading={all.isPending} />
            </Col>
            {(['missed', 'due_soon', 'met'] as const).map((st) => (
              <Col span={12} key={st}>
                <Statistic
                  title={findingStatusLabels[st]}
                  value={summary?.[st] ?? '—'}
                  suffix={summary ? '项' : undefined}
                  loading={all.isPending}
                  styles={{ content: { color: summary?.[st] ? findingHex[st] : undefined } }}
                />
              </Col>
            ))}
          </Row>
        </Col>
        <Col xs={24} md={14}>
          <Typography.Text type="secondary">未达标规则最多的学校</Typography.Text>
          <List
            size="small"
            loading={all.isPending}
            dataSource={worst}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有未达标或即将到期的规则" /> }}
            renderItem={(s) => (
              <List.Item style={{ cursor: 'pointer' }} onClick={() => navigate(`/compliance?school=${s.unitId}`)} data-testid="home-compliance-school">
                <Space size={8} wrap>
                  <span>{s.unitName}</span>
                  {s.townName && <Typography.Text type="secondary">{s.townName}</Typography.Text>}
                  {s.missed > 0 && <Tag color="red">未达标 {s.missed} 项</Tag>}
                  {s.dueSoon > 0 && <Tag color="orange">即将到期 {s.dueSoon} 项</Tag>}
                </Space>
                <RightOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />
              </List.Item>
            )}
          />
        </Col>
      </Row>
    </Card>
  );
}

export default function HomeCompliance() {
  const me = useMe();
  const can = useCan();
  if (!can('compliance.read')) return null;
  if (me.unit.kind === 'school') {
    return (
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <SchoolComplianceCard unitId={me.unit.id} title="本校达标情况" home />
        </Col>
        <Col xs={24} lg={8}>
          <HomeDueThisMonth unitId={me.unit.id} />
        </Col>
      </Row>
    );
  }
  return <Overview />;
}
