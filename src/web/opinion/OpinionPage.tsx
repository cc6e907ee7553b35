// 舆情处置 (000 item 13 舆情监控和引导, 003（五）舆情监测和应对处置, 002 及时正面发声): the events found
// online, entered by staff or pushed by the monitoring service, each answered by a response the
// bureau approves before it is published, within the district's target for its level. Above the
// school the page opens with the counts and the median time to respond per month; the list has
// its filters (overdue in red) and the Excel export.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Input, Row, Space, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { opinionLevelLabels, opinionLevels, opinionSourceLabels, opinionSources, opinionStateLabels, opinionStates, type OpinionEventView, type OpinionSummary } from '../../contracts/opinion.js';
import { useCan } from '../auth.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { formatDateTime } from '../format.js';
import { CreateButton, LedgerList, useFilterKeys, useLedgerDrawers } from '../ledger/ledgerPage.js';
import { useLedgerViewer } from '../ledger/ledgerParts.js';
import { UnitTreeSelect } from '../units/tree.js';
import { OpinionDetailDrawer } from './OpinionDetailDrawer.js';
import { OpinionFormDrawer } from './OpinionFormDrawer.js';
import { OPINION_KEY, opinionApi, type OpinionQuery } from './opinionApi.js';
import { OpinionLevelTag, OpinionStateTag, timeliness } from './tags.js';

type MonthRow = OpinionSummary['months'][number];

function Summary() {
  const summary = useQuery({ queryKey: [...OPINION_KEY, 'summary'], queryFn: opinionApi.summary });
  const s = summary.data;
  const level = (l: (typeof opinionLevels)[number]) => s?.byLevel.find((x) => x.level === l)?.count ?? 0;
  const columns: TableColumnsType<MonthRow> = [
    { title: '月份', dataIndex: 'month', width: 100 },
    { title: '舆情数', dataIndex: 'events', width: 90, align: 'right' },
    { title: '已发布回应', dataIndex: 'published', width: 110, align: 'right' },
    { title: '回应用时中位数', dataIndex: 'medianMinutes', render: (v: number | null) => (v === null ? '—' : timeliness(Math.round(v))) },
  ];
  return (
    <Card size="small" title="舆情概况" style={{ marginBottom: 16 }} data-testid="opinion-summary" loading={summary.isLoading}>
      <Row gutter={16} style={{ marginBottom: 12 }}>
        <Col xs={12} sm={6}><Statistic title="重大" value={level('severe')} /></Col>
        <Col xs={12} sm={6}><Statistic title="较大" value={level('major')} /></Col>
        <Col xs={12} sm={6}><Statistic title="一般" value={level('general')} /></Col>
        <Col xs={12} sm={6}><Statistic title="超时未回应或超时回应" value={s?.overdue ?? 0} valueStyle={s?.overdue ? { color: '#cf1322' } : undefined} /></Col>
      </Row>
      <Table<MonthRow> rowKey="month" size="small" pagination={false} columns={columns} dataSource={s?.months.slice(0, 12)} locale={{ emptyText: '暂无舆情' }} />
    </Card>
  );
}

function Targets() {
  const t = useQuery({ queryKey: [...OPINION_KEY, 'targets'], queryFn: opinionApi.targets, staleTime: 10 * 60_000 });
  if (!t.data) return null;
  const h = (m: number | undefined) => (m === undefined ? '—' : m >= 60 ? `${m / 60} 小时` : `${m} 分钟`);
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      message={`回应时限（发现至发布）：重大 ${h(t.data.minutes.severe)}，较大 ${h(t.data.minutes.major)}，一般 ${h(t.data.minutes.general)}；回应口径须经教育局审核后发布`}
      description={
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {t.data.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      }
    />
  );
}

export default function OpinionPage() {
  const { isSchool } = useLedgerViewer();
  const can = useCan();
  const canWrite = can('opinion.manage');
  const s = useSearchState();
  const d = useLedgerDrawers<OpinionEventView>();
  const [q, setQ] = useState(s.get('q') ?? '');
  const [detail, setDetail] = useState<number | null>(positiveInt(s.get('open')) ?? null);

  const overdue = s.get('overdue');
  const query: OpinionQuery = {
    state: pick(s.get('state'), opinionStates),
    level: pick(s.get('level'), opinionLevels),
    source: pick(s.get('source'), opinionSources),
    unitId: positiveInt(s.get('unitId')),
    overdue: overdue === 'true' || overdue === 'false' ? overdue : undefined,
    q: s.get('q')?.trim() || undefined,
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...OPINION_KEY, 'list', query], queryFn: () => opinionApi.list(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['state', 'level', 'source', 'unitId', 'overdue', 'q']);

  const columns: TableColumnsType<OpinionEventView> = [
    { title: '发现时间', dataIndex: 'foundAt', width: 150, render: (v: string) => formatDateTime(v).slice(0, 16) },
    ...(isSchool ? [] : [{ title: '涉及单位', key: 'unit', width: 160, render: (_: unknown, r: OpinionEventView) => <span>{r.unitName}{r.unitToAssign && <Typography.Text type="warning">（待指派）</Typography.Text>}</span> }]),
    {
      title: '标题',
      dataIndex: 'title',
      width: 320,
      render: (v: string, r) => (
        <Space direction="vertical" size={2}>
          <a onClick={() => setDetail(r.id)} data-testid="opinion-open">{v.length > 50 ? `${v.slice(0, 50)}…` : v}</a>
          <Typography.Text type="secondary">{opinionSourceLabels[r.source]}{r.reach !== null ? ` · 传播 ${r.reach}` : ''}{r.origin === 'webhook' ? ' · 监测推送' : ''}</Typography.Text>
        </Space>
      ),
    },
    { title: '级别', key: 'level', width: 80, render: (_: unknown, r) => <OpinionLevelTag level={r.level} /> },
    { title: '状态', key: 'state', width: 150, render: (_: unknown, r) => <OpinionStateTag state={r.state} overdue={r.overdue} /> },
    {
      title: '回应用时',
      key: 'timeliness',
      width: 170,
      render: (_: unknown, r) =>
        r.timelinessMinutes !== null ? (
          <Typography.Text type={r.overdue ? 'danger' : undefined}>{timeliness(r.timelinessMinutes)}</Typography.Text>
        ) : (
          <Typography.Text type={r.overdue ? 'danger' : 'secondary'}>时限 {formatDateTime(r.dueAt).slice(5, 16)}</Typography.Text>
        ),
    },
    { title: '处置', key: 'act', width: 80, render: (_: unknown, r) => <Button size="small" onClick={() => setDetail(r.id)} data-testid="opinion-handle">{r.state === 'closed' || !canWrite ? '查看' : '处置'}</Button> },
    ...(canWrite
      ? [{ title: '操作', key: 'edit', width: 80, render: (_: unknown, r: OpinionEventView) => (r.state === 'closed' ? '—' : <Button size="small" type="link" onClick={() => d.setEditing(r)} data-testid="opinion-edit">修改</Button>) }]
      : []),
  ];

  return (
    <>
      <PageHeader
        title="舆情处置"
        subTitle="加强校园安全舆情监控和引导，在上级部门指导下及时正面发声、回应关切（000 第13条；002；003）"
        extra={
          <Space wrap>
            <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="opinion-create">登记舆情</CreateButton>
            <ExportButton path="/opinion-events/export" query={query} testId="opinion-export" />
          </Space>
        }
      />
      <Targets />
      {!isSchool && <Summary />}
      <LedgerList<OpinionEventView>
        testId="opinion"
        rowIdAttr="data-opinion-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={() => {
          setQ('');
          clear();
        }}
        canWrite={canWrite}
        empty={{ noun: '舆情登记', hint: '发现涉及本单位的舆情时点击“登记舆情”' }}
        filters={
          <>
            {!isSchool && (
              <UnitTreeSelect
                allowClear
                placeholder="涉及单位"
                style={{ minWidth: 200 }}
                value={query.unitId}
                onChange={(v) => s.set({ unitId: v ? String(v) : undefined })}
                selectable={(u) => ['school', 'town', 'bureau', 'city_bureau'].includes(u.kind)}
                data-testid="opinion-filter-unit"
              />
            )}
            <EnumFilter placeholder="状态" labels={opinionStateLabels} value={query.state} onChange={(v) => s.set({ state: v })} />
            <EnumFilter placeholder="级别" labels={opinionLevelLabels} value={query.level} onChange={(v) => s.set({ level: v })} />
            <EnumFilter placeholder="来源" labels={opinionSourceLabels} value={query.source} onChange={(v) => s.set({ source: v })} />
            <EnumFilter placeholder="是否超时" labels={{ true: '超时', false: '未超时' }} value={query.overdue} onChange={(v) => s.set({ overdue: v })} minWidth={110} />
            <Input.Search allowClear placeholder="标题、摘要" style={{ width: 200 }} value={q} onChange={(e) => { setQ(e.target.value); if (!e.target.value) s.set({ q: undefined }); }} onSearch={(v) => s.set({ q: v.trim() || undefined })} />
          </>
        }
      />
      <OpinionFormDrawer open={d.drawerOpen} record={d.editing} onClose={d.closeDrawer} />
      <OpinionDetailDrawer id={detail} onClose={() => setDetail(null)} />
    </>
  );
}
