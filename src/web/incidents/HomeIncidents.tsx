// Incidents on the home page: open incidents and reports late or missing this year in the person's
// scope, each opening the filtered list; a school also gets the one-tap 报告突发事件.
import { AlertOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Row, Statistic } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useCan } from '../auth.js';
import { IncidentReportDrawer } from './IncidentReportDrawer.js';
import { INCIDENTS_KEY, incidentsApi } from './incidentsApi.js';

export default function HomeIncidents() {
  const can = useCan();
  const navigate = useNavigate();
  const [reporting, setReporting] = useState(false);
  const figures = useQuery({ queryKey: [...INCIDENTS_KEY, 'figures'], queryFn: incidentsApi.figures, enabled: can('incident.read'), meta: { silent: true } });
  if (!can('incident.read')) return null;
  const f = figures.data;
  const year = f?.year ?? new Date().getFullYear();
  return (
    <Card
      title={
        <span>
          <AlertOutlined /> 突发事件
        </span>
      }
      extra={
        can('incident.report') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setReporting(true)} data-testid="home-incident-report">
            报告突发事件
          </Button>
        )
      }
      style={{ marginBottom: 16 }}
      data-testid="home-incidents"
    >
      <Row gutter={[16, 16]}>
        <Col xs={8}>
          <Link to="/incidents?status=open">
            <Statistic title="处置中" value={f?.open ?? '—'} suffix="起" loading={figures.isPending} />
          </Link>
        </Col>
        <Col xs={8}>
          <Link to={`/incidents?flag=late&from=${year}-01-01`}>
            <Statistic title={`${year} 年迟报`} value={f?.lateThisYear ?? '—'} suffix="起" valueStyle={f?.lateThisYear ? { color: '#cf1322' } : undefined} loading={figures.isPending} />
          </Link>
        </Col>
        <Col xs={8}>
          <Link to={`/incidents?flag=missing&from=${year}-01-01`}>
            <Statistic title={`${year} 年漏报`} value={f?.missingThisYear ?? '—'} suffix="起" valueStyle={f?.missingThisYear ? { color: '#cf1322' } : undefined} loading={figures.isPending} />
          </Link>
        </Col>
      </Row>
      <IncidentReportDrawer open={reporting} onClose={() => setReporting(false)} onCreated={(i) => navigate(`/incidents/${i.id}`)} />
    </Card>
  );
}
