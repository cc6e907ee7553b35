import {
  ApartmentOutlined,
  AuditOutlined,
  CloudUploadOutlined,
  HomeOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  UserOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Card, Col, Descriptions, Row, Space, Statistic, Tag, Typography } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { roleLabels, unitKindLabels, type Permission } from '../../contracts/enums.js';
import { api } from '../api.js';
import { useCan, useMe } from '../auth.js';
import { usePageTitle } from '../components/PageHeader.js';
import { beijing } from '../format.js';
import { HomeHazards } from '../hazards/HomeHazards.js';

const HomeCompliance = lazy(() => import('../compliance/HomeCompliance.js'));
const HomeDuty = lazy(() => import('../duty/HomeDuty.js'));
const HomeInspections = lazy(() => import('../inspections/HomeInspections.js'));
const HomeCare = lazy(() => import('../care/HomeCare.js'));
const HomeRiskDue = lazy(() => import('../risks/HomeRiskDue.js'));
const HomeIncidents = lazy(() => import('../incidents/HomeIncidents.js'));
const HomePlanTasks = lazy(() => import('../plans/HomePlanTasks.js'));
const HomeNoticeReplies = lazy(() => import('../accountability/HomeNoticeReplies.js'));
const HomeWarnings = lazy(() => import('../warnings/HomeWarnings.js'));

function greeting(): string {
  const hour = beijing(new Date().toISOString()).hour();
  if (hour < 6) return '夜深了';
  if (hour < 11) return '上午好';
  if (hour < 13) return '中午好';
  if (hour < 18) return '下午好';
  return '晚上好';
}

/** A count from a list endpoint's `total` (page size 1, so nothing else is fetched). */
function useTotal(key: string, enabled: boolean, fetchTotal: () => Promise<{ total: number }>) {
  return useQuery({
    queryKey: ['home', key],
    queryFn: async () => (await fetchTotal()).total,
    enabled,
    meta: { silent: true },
  });
}

function Figure({
  title,
  value,
  suffix,
  loading,
  to,
  testId,
}: {
  title: string;
  value: number | undefined;
  suffix: string;
  loading: boolean;
  to: string;
  testId: string;
}) {
  const navigate = useNavigate();
  return (
    <Card hoverable onClick={() => navigate(to)} data-testid={testId}>
      <Statistic title={title} value={value ?? '—'} suffix={value === undefined ? undefined : suffix} loading={loading} />
    </Card>
  );
}

const shortcuts: Array<{ to: string; label: string; icon: ReactNode; permission?: Permission; hint: string }> = [
  { to: '/hazards', label: '隐患台账', icon: <WarningOutlined />, permission: 'hazard.read', hint: '隐患从上报到销号' },
  { to: '/units', label: '组织机构', icon: <ApartmentOutlined />, permission: 'unit.read', hint: '查看单位树与学校信息' },
  { to: '/users', label: '人员账号', icon: <TeamOutlined />, permission: 'user.read', hint: '各单位人员的登录账号' },
  { to: '/imports', label: '数据导入', icon: <CloudUploadOutlined />, permission: 'import.run', hint: '用 Excel 批量导入' },
  { to: '/audit', label: '审计日志', icon: <AuditOutlined />, permission: 'audit.read', hint: '谁在何时做了什么' },
  { to: '/roles', label: '角色权限', icon: <SafetyCertificateOutlined />, permission: 'role.read', hint: '各角色可用的功能' },
  { to: '/account', label: '我的账号', icon: <UserOutlined />, hint: '个人信息与修改密码' },
];

export default function HomePage() {
  usePageTitle('工作台');
  const me = useMe();
  const can = useCan();
  const canUnits = can('unit.read');
  const canUsers = can('user.read');

  const schools = useTotal('schools', canUnits && me.unit.kind !== 'school', () => api.units({ kind: 'school', status: 'active', pageSize: 1 }));
  const towns = useTotal('towns', canUnits && me.unit.kind !== 'school' && me.unit.kind !== 'town', () => api.units({ kind: 'town', status: 'active', pageSize: 1 }));
  const people = useTotal('people', canUsers, () => api.users({ pageSize: 1 }));
  const activePeople = useTotal('people-active', canUsers, () => api.users({ status: 'active', pageSize: 1 }));

  const today = beijing(new Date().toISOString()).format('YYYY年M月D日 dddd');
  const scopeText = me.unit.kind === 'school' ? '本校' : '辖区';

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Suspense fallback={null}><HomeWarnings /></Suspense>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="home-greeting">
          {greeting()}，{me.user.displayName}
        </Typography.Title>
        <Typography.Text type="secondary">今天是 {today}</Typography.Text>
        <Descriptions column={{ xs: 1, md: 2 }} style={{ marginTop: 16 }} size="small">
          <Descriptions.Item label="所在单位">
            <div data-testid="home-unit-path">
              <Breadcrumb
                items={me.unitPath.map((u, i) => ({
                  title:
                    i === 0 ? (
                      <span>
                        <HomeOutlined /> {u.name}
                      </span>
                    ) : (
                      u.name
                    ),
                }))}
              />
            </div>
          </Descriptions.Item>
          <Descriptions.Item label="单位类型">{unitKindLabels[me.unit.kind]}</Descriptions.Item>
          <Descriptions.Item label="我的角色">
            <Space size={[4, 4]} wrap data-testid="home-roles">
              {me.roles.map((r) => (
                <Tag color="blue" key={r}>
                  {roleLabels[r]}
                </Tag>
              ))}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label="用户名">{me.user.username}</Descriptions.Item>
        </Descriptions>
      </Card>

      <HomeHazards />

      <Suspense fallback={null}>
        <HomeInspections />
      </Suspense>

      <Suspense fallback={null}>
        <HomeDuty />
      </Suspense>

      <Suspense fallback={null}>
        <HomeCompliance />
      </Suspense>

      {/* Each card on its own: one card's code still loading does not hold back the others. */}
      {[HomeRiskDue, HomeIncidents, HomeNoticeReplies, HomePlanTasks, HomeCare].map((Widget, i) => (
        <Suspense fallback={null} key={i}>
          <Widget />
        </Suspense>
      ))}

      {(canUnits || canUsers) && (
        <Row gutter={[16, 16]}>
          {canUnits && me.unit.kind !== 'school' && (
            <Col xs={24} sm={12} lg={6}>
              <Figure title={`${scopeText}学校（启用）`} value={schools.data} suffix="所" loading={schools.isPending} to="/units?kind=school" testId="home-school-count" />
            </Col>
          )}
          {canUnits && me.unit.kind !== 'school' && me.unit.kind !== 'town' && (
            <Col xs={24} sm={12} lg={6}>
              <Figure title="镇街（启用）" value={towns.data} suffix="个" loading={towns.isPending} to="/units?kind=town" testId="home-town-count" />
            </Col>
          )}
          {canUsers && (
            <Col xs={24} sm={12} lg={6}>
              <Figure title={`${scopeText}人员账号`} value={people.data} suffix="人" loading={people.isPending} to="/users" testId="home-user-count" />
            </Col>
          )}
          {canUsers && (
            <Col xs={24} sm={12} lg={6}>
              <Figure title="其中启用账号" value={activePeople.data} suffix="人" loading={activePeople.isPending} to="/users?status=active" testId="home-active-user-count" />
            </Col>
          )}
        </Row>
      )}

      <Card title="常用功能" size="small">
        <Row gutter={[12, 12]}>
          {shortcuts
            .filter((s) => !s.permission || can(s.permission))
            .map((s) => (
              <Col xs={12} sm={8} lg={4} key={s.to}>
                <Link to={s.to}>
                  <Card size="small" hoverable style={{ textAlign: 'center' }}>
                    <div style={{ fontSize: 24, color: '#1d5fd6' }}>{s.icon}</div>
                    <div style={{ marginTop: 4, color: 'rgba(0,0,0,0.88)' }}>{s.label}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {s.hint}
                    </Typography.Text>
                  </Card>
                </Link>
              </Col>
            ))}
        </Row>
      </Card>
    </Space>
  );
}
