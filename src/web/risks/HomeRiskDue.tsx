// 风险复核 on a school's home page: "review these risks before <day>" with the risks due within a
// month or overdue; nothing when none are (the risk list page has the rest).
import { Card } from 'antd';
import { useNavigate } from 'react-router';
import { useCan, useMe } from '../auth.js';
import { RiskDueList } from './RiskDueList.js';

export default function HomeRiskDue() {
  const can = useCan();
  const me = useMe();
  const navigate = useNavigate();
  if (!can('risk.read') || me.unit.kind !== 'school') return null;
  return (
    <Card size="small" title="风险复核" extra={<a onClick={() => navigate('/risks?tab=due')}>风险清单</a>} data-testid="home-risk-due" styles={{ body: { padding: 0 } }}>
      <RiskDueList compact onOpen={() => navigate('/risks?tab=due')} />
    </Card>
  );
}
