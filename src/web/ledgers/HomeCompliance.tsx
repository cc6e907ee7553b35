// The school's own compliance card on the home page (UX.md: 我校达标情况, what is due next, 登记演练).
import { useCan, useMe } from '../auth.js';
import { SchoolComplianceCard } from './SchoolComplianceCard.js';
import './ledgers.css';

export default function HomeCompliance() {
  const me = useMe();
  const can = useCan();
  if (me.unit.kind !== 'school' || !can('compliance.read')) return null;
  return <SchoolComplianceCard unitId={me.unit.id} title="本校达标情况" home />;
}
