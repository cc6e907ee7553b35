// The hazard part of the home page, per role (UX.md "The home page per role"):
// school — my to-do, due soon, sent back, one-tap 上报隐患 / 发起自查;
// department — fixes waiting for my acceptance, overdue in my areas, this week's campaign return;
// town — my schools ranked by open and overdue hazards;
// bureau — district figures and towns compared.
import { AuditOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, List, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { lazy, Suspense, useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { hazardActionLabels } from '../../contracts/enums.js';
import type { Hazard } from '../../contracts/hazards.js';
import { useCan, useMe } from '../auth.js';
import { queryString } from '../api.js';
import { daysUntil } from '../dates.js';
import { HomeWeeklyReturns } from '../campaigns/HomeWeeklyReturns.js';
import { SelfCheckButton } from '../inspections/SelfCheckButton.js';
import { HazardReportDrawer } from './HazardReportDrawer.js';
import { hazardsApi, NOTIFICATIONS_KEY, viewFilter, type HazardQuery, type HazardStats, type HazardView } from './hazardsApi.js';
import { DeadlineText, GradeTag, HazardStateTags } from './tags.js';
import './hazards.css';

const DistrictCharts = lazy(() => import('./DistrictCharts.js'));

/** Filters as the register page's address carries them: a view (tab) and the list filters. */
type RegisterLink = Omit<HazardQuery, 'open' | 'mine' | 'overdue'> & { view?: HazardView };
const register = (q: RegisterLink) => `/hazards${queryString(q)}`;

function Figure({
  title,
  value,
  suffix = '项',
  to,
  danger,
  loading,
  testId,
}: {
  title: string;
  value: number | undefined;
  suffix?: string;
  to: string;
  danger?: boolean;
  loading: boolean;
  testId: string;
}) {
  const navigate = useNavigate();
  return (
    <Card hoverable onClick={() => navigate(to)} data-testid={testId} size="small">
      <Statistic
        title={title}
        value={value ?? '—'}
        suffix={value === undefined ? undefined : suffix}
        loading={loading}
        styles={{ content: danger && value ? { color: '#cf1322' } : undefined }}
      />
    </Card>
  );
}

/** A short list of hazards from the register, each opening its detail. */
function HazardShortList({
  query,
  empty,
  returnedIds,
  testId,
}: {
  query: RegisterLink;
  empty: string;
  returnedIds?: Set<number>;
  testId: string;
}) {
  const navigate = useNavigate();
  const { view, ...filters } = query;
  const q: HazardQuery = { ...filters, ...viewFilter(view), page: 1, pageSize: 8 };
  const list = useQuery({ queryKey: ['hazards', 'list', q], queryFn: () => hazardsApi.list(q), meta: { silent: true } });
  const more = (list.data?.total ?? 0) > (list.data?.items.length ?? 0);
  return (
    <div data-testid={testId}>
      <List<Hazard>
        loading={list.isPending}
        dataSource={list.data?.items}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={list.isError ? '加载失败，请稍后重试' : empty} /> }}
        renderItem={(h) => {
          const soon = h.deadline && !h.overdue && h.status !== 'closed' && daysUntil(h.deadline) <= 3;
          return (
            <List.Item
              className="home-todo-item"
              onClick={() => navigate(`/hazards/${h.id}`)}
              data-testid="home-hazard-item"
              data-hazard-id={h.id}
              extra={<RightOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />}
            >
              <List.Item.Meta
                title={
                  <Space size={4} wrap>
                    <GradeTag grade={h.grade} />
                    <HazardStateTags hazard={h} />
                    {returnedIds?.has(h.id) && h.status === 'rectifying' && <Tag color="red">被退回</Tag>}
                    {soon && <Tag color="orange">3 天内到期</Tag>}
                    <Typography.Text ellipsis style={{ maxWidth: 420 }}>
                      {h.description}
                    </Typography.Text>
                  </Space>
                }
                description={
                  <Space size={[12, 0]} wrap style={{ fontSize: 13 }}>
                    <span>{h.code}</span>
                    <span>{h.schoolName}</span>
                    <span>
                      整改时限 <DeadlineText hazard={h} />
                    </span>
                    {h.actions.length > 0 && <Typography.Text type="warning">待您：{h.actions.map((a) => hazardActionLabels[a]).join('、')}</Typography.Text>}
                  </Space>
                }
              />
            </List.Item>
          );
        }}
      />
      {more && (
        <div style={{ textAlign: 'right', marginTop: 8 }}>
          <Link to={register(query)}>查看全部 {list.data?.total} 项</Link>
        </div>
      )}
    </div>
  );
}

function useStats() {
  return useQuery({ queryKey: ['hazards', 'stats'], queryFn: hazardsApi.stats, meta: { silent: true } });
}

/** Hazards a supervisor sent back, from the person's reminders (the register does not mark them). */
function useReturnedIds(): Set<number> {
  const n = useQuery({ queryKey: NOTIFICATIONS_KEY, queryFn: hazardsApi.notifications, meta: { silent: true } });
  return useMemo(() => {
    const ids = new Set<number>();
    for (const item of n.data?.items ?? []) {
      const m = item.kind === 'returned' && item.link ? /^\/hazards\/(\d+)/.exec(item.link) : null;
      if (m) ids.add(Number(m[1]));
    }
    return ids;
  }, [n.data]);
}

function SchoolHome({ stats, loading }: { stats?: HazardStats; loading: boolean }) {
  const can = useCan();
  const navigate = useNavigate();
  const returned = useReturnedIds();
  const [reporting, setReporting] = useState(false);
  return (
    <>
      <Row gutter={[12, 12]}>
        <Col xs={12} lg={6}>
          <Figure title="待我处理" value={stats?.waitingOnMe} to={register({ view: 'mine' })} loading={loading} testId="home-hazard-mine" />
        </Col>
        <Col xs={12} lg={6}>
          <Figure title="3 天内到期" value={stats?.dueSoon} to={register({ view: 'open' })} loading={loading} danger testId="home-hazard-due-soon" />
        </Col>
        <Col xs={12} lg={6}>
          <Figure title="已逾期" value={stats?.overdue} to={register({ view: 'overdue' })} loading={loading} danger testId="home-hazard-overdue" />
        </Col>
        <Col xs={12} lg={6}>
          <Figure title="本校在账隐患" value={stats?.open} to={register({ view: 'open' })} loading={loading} testId="home-hazard-open" />
        </Col>
      </Row>
      <Card
        title="我的待办"
        size="small"
        extra={
          <Space wrap>
            {can('hazard.report') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setReporting(true)} data-testid="home-report-hazard">
                上报隐患
              </Button>
            )}
            {/* One tap starts the school's self-check and opens the phone form (issue 17: this
                led to the list with ?new=self_check, which nothing read). */}
            <SelfCheckButton />
          </Space>
        }
      >
        <HazardShortList query={{ view: 'mine' }} empty="没有等待您处理的隐患" returnedIds={returned} testId="home-todo" />
      </Card>
      <HazardReportDrawer open={reporting} onClose={() => setReporting(false)} onCreated={(h) => navigate(`/hazards/${h.id}`)} />
    </>
  );
}

function DepartmentHome({ stats, loading }: { stats?: HazardStats; loading: boolean }) {
  const can = useCan();
  return (
    <>
      <Row gutter={[12, 12]}>
        <Col xs={12} lg={6}>
          <Figure title="待我处理" value={stats?.waitingOnMe} to={register({ view: 'mine' })} loading={loading} testId="home-hazard-mine" />
        </Col>
        <Col xs={12} lg={6}>
          <Figure title="主管领域在账隐患" value={stats?.open} to={register({ view: 'open' })} loading={loading} testId="home-hazard-open" />
        </Col>
        <Col xs={12} lg={6}>
          <Figure title="已逾期" value={stats?.overdue} to={register({ view: 'overdue' })} loading={loading} danger testId="home-hazard-overdue" />
        </Col>
        <Col xs={12} lg={6}>
          <Figure title="重大隐患（挂牌督办）" value={stats?.majorOpen} to={register({ view: 'open', grade: 'major' })} loading={loading} danger testId="home-hazard-major" />
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}>
          <Card title="待我查验的整改" size="small">
            <HazardShortList query={{ view: 'mine', status: 'submitted' }} empty="没有待您查验的整改" testId="home-acceptance" />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="主管领域的逾期隐患" size="small">
            <HazardShortList query={{ view: 'overdue' }} empty="没有逾期隐患" testId="home-overdue" />
          </Card>
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}>
          <Card title="待我确认交办" size="small">
            <HazardShortList query={{ view: 'mine', status: 'reported' }} empty="没有待确认的隐患" testId="home-to-confirm" />
          </Card>
        </Col>
        {can('campaign.report') && (
          <Col xs={24} xl={12}>
            <HomeWeeklyReturns />
          </Col>
        )}
      </Row>
    </>
  );
}

interface SchoolRank {
  schoolId: number;
  schoolName: string;
  open: number;
  overdue: number;
}

/**
 * The town's schools ranked by open, then overdue hazards, counted from the open register
 * (up to 200 hazards; the note says so when there are more).
 */
function TownRanking() {
  const q: HazardQuery = { open: 'true', page: 1, pageSize: 200 };
  const list = useQuery({ queryKey: ['hazards', 'list', q], queryFn: () => hazardsApi.list(q), meta: { silent: true } });
  const rows = useMemo(() => {
    const by = new Map<number, SchoolRank>();
    for (const h of list.data?.items ?? []) {
      const r = by.get(h.schoolId) ?? { schoolId: h.schoolId, schoolName: h.schoolName, open: 0, overdue: 0 };
      r.open += 1;
      if (h.overdue) r.overdue += 1;
      by.set(h.schoolId, r);
    }
    return [...by.values()].sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.schoolName.localeCompare(b.schoolName, 'zh-CN'));
  }, [list.data]);
  const partial = (list.data?.total ?? 0) > (list.data?.items.length ?? 0);
  return (
    <>
      <Table<SchoolRank>
        rowKey="schoolId"
        size="small"
        loading={list.isPending}
        dataSource={rows}
        pagination={rows.length > 10 ? { pageSize: 10, size: 'small' } : false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="辖区学校暂无在账隐患" /> }}
        data-testid="home-town-ranking"
        columns={[
          { title: '排名', key: 'rank', width: 60, render: (_, __, i) => i + 1 },
          { title: '学校', dataIndex: 'schoolName', render: (v: string, r) => <Link to={register({ view: 'open', schoolId: r.schoolId })}>{v}</Link> },
          { title: '在账隐患', dataIndex: 'open', width: 100, render: (v: number) => `${v} 项` },
          {
            title: '逾期',
            dataIndex: 'overdue',
            width: 90,
            render: (v: number, r) => (v ? <Link to={register({ view: 'overdue', schoolId: r.schoolId })} style={{ color: '#cf1322' }}>{`${v} 项`}</Link> : '0 项'),
          },
        ]}
      />
      {partial && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          在账隐患较多，排名按最近的 {list.data?.items.length} 项统计；完整情况请在隐患台账中按学校筛选。
        </Typography.Text>
      )}
    </>
  );
}

function TownHome({ stats, loading }: { stats?: HazardStats; loading: boolean }) {
  return (
    <>
      <Row gutter={[12, 12]}>
        <Col xs={12} lg={6}>
          <Figure title="辖区在账隐患" value={stats?.open} to={register({ view: 'open' })} loading={loading} testId="home-hazard-open" />
        </Col>
        <Col xs={12} lg={6}>
          <Figure title="已逾期" value={stats?.overdue} to={register({ view: 'overdue' })} loading={loading} danger testId="home-hazard-overdue" />
        </Col>
        <Col xs={12} lg={6}>
          <Figure title="重大隐患（挂牌督办）" value={stats?.majorOpen} to={register({ view: 'open', grade: 'major' })} loading={loading} danger testId="home-hazard-major" />
        </Col>
        <Col xs={12} lg={6}>
          <Figure title="待我处理" value={stats?.waitingOnMe} to={register({ view: 'mine' })} loading={loading} testId="home-hazard-mine" />
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}>
          <Card title="辖区学校隐患排名（按逾期、在账）" size="small">
            <TownRanking />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="待我处理" size="small">
            <HazardShortList query={{ view: 'mine' }} empty="没有等待您处理的隐患" testId="home-todo" />
          </Card>
        </Col>
      </Row>
    </>
  );
}

function DistrictHome({ stats, loading }: { stats?: HazardStats; loading: boolean }) {
  return (
    <>
      <Row gutter={[12, 12]}>
        <Col xs={12} lg={6}>
          <Figure title="全区在账隐患" value={stats?.open} to={register({ view: 'open' })} loading={loading} testId="home-hazard-open" />
        </Col>
        <Col xs={12} lg={6}>
          <Figure title="已逾期" value={stats?.overdue} to={register({ view: 'overdue' })} loading={loading} danger testId="home-hazard-overdue" />
        </Col>
        <Col xs={12} lg={6}>
          <Figure title="重大隐患挂牌督办" value={stats?.majorOpen} to={register({ view: 'open', grade: 'major' })} loading={loading} danger testId="home-hazard-major" />
        </Col>
        <Col xs={12} lg={6}>
          <Figure title="本月销号" value={stats?.closedThisMonth} to={register({ status: 'closed' })} loading={loading} testId="home-hazard-closed-month" />
        </Col>
      </Row>
      <Suspense fallback={<Card size="small" loading />}>
        <DistrictCharts stats={stats} loading={loading} />
      </Suspense>
      {(stats?.waitingOnMe ?? 0) > 0 && (
        <Card title={`待我处理（${stats?.waitingOnMe} 项）`} size="small">
          <HazardShortList query={{ view: 'mine' }} empty="没有等待您处理的隐患" testId="home-todo" />
        </Card>
      )}
    </>
  );
}

export function HomeHazards() {
  const me = useMe();
  const can = useCan();
  const stats = useStats();
  if (!can('hazard.read')) return null;
  const props = { stats: stats.data, loading: stats.isPending };
  let body: ReactNode;
  if (me.unit.kind === 'school') body = <SchoolHome {...props} />;
  else if (me.scope === 'areas') body = <DepartmentHome {...props} />;
  else if (me.unit.kind === 'town') body = <TownHome {...props} />;
  else body = <DistrictHome {...props} />;
  return (
    <div className="home-hazards" data-testid="home-hazards">
      <div className="home-section-title">
        <AuditOutlined /> 隐患排查治理
      </div>
      {body}
    </div>
  );
}
