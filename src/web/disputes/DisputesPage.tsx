// 矛盾纠纷与信访 (000 item 3, 003 第三部分之六): the school registers the disputes its regular screening finds
// and the petitions it receives, records each step and concludes them by the due day the district's
// numbers give; those that may become a group or over-the-level petition go on the risk list. Above
// the school the page opens with the counts by town (no pupil is ever named in a record: the form
// asks for none), then the same list with its filters; the rules and their sources under 办结时限.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { disputeKindLabels, disputeKinds, disputePartiesLabels, disputeParties, disputeStateLabels, disputeStates, petitionChannelLabels, type DisputeKind, type DisputeSummary, type DisputeView } from '../../contracts/disputes.js';
import { recordStatuses, recordStatusLabels } from '../../contracts/ledger.js';
import { useCan } from '../auth.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { StageFilter, stageOf } from '../equipment/StageFilter.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { DayRangeFilter, LedgerList, recordActionsColumn, useFilterKeys, useLedgerDrawers } from '../ledger/ledgerPage.js';
import { PlaceFilters, RecordStatusTag, VoidRecordModal, isDay, schoolColumn, useLedgerViewer } from '../ledger/ledgerParts.js';
import { DisputeDetailDrawer } from './DisputeDetailDrawer.js';
import { DisputeFormDrawer } from './DisputeFormDrawer.js';
import { DISPUTE_KEY, disputesApi, type DisputeQuery } from './disputesApi.js';
import { DisputeStateTag } from './tags.js';

type TownRow = DisputeSummary['towns'][number];

function TownCounts({ kind }: { kind?: DisputeKind }) {
  const summary = useQuery({ queryKey: [...DISPUTE_KEY, 'summary', kind], queryFn: () => disputesApi.summary(kind) });
  const s = useSearchState();
  const columns: TableColumnsType<TownRow> = [
    { title: '镇街', dataIndex: 'townName', render: (v: string, r) => (r.townId ? <a onClick={() => s.set({ townId: String(r.townId) })}>{v}</a> : v) },
    { title: '办理中', dataIndex: 'open', width: 90, align: 'right' },
    { title: '已超期', dataIndex: 'overdue', width: 90, align: 'right', render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : 0) },
    { title: '群体访', dataIndex: 'group', width: 90, align: 'right' },
    { title: '可能引发群访越级访', dataIndex: 'mayEscalate', width: 150, align: 'right' },
    { title: '已办结', dataIndex: 'concluded', width: 90, align: 'right' },
  ];
  return (
    <Card size="small" title="各镇街情况" style={{ marginBottom: 16 }} data-testid="dispute-town-counts">
      <Table<TownRow> rowKey={(r) => r.townId ?? 0} size="small" pagination={false} columns={columns} dataSource={summary.data?.towns} loading={summary.isFetching} locale={{ emptyText: '暂无登记' }} />
    </Card>
  );
}

function Deadlines() {
  const d = useQuery({ queryKey: [...DISPUTE_KEY, 'deadlines'], queryFn: disputesApi.deadlines, staleTime: 10 * 60_000 });
  if (!d.data) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      message={`办结时限${d.data.packVersion ? `（规则包第 ${d.data.packVersion} 版）` : ''}：信访事项 ${d.data.petitionReplyDays} 日，矛盾纠纷 ${d.data.disputeResolveDays} 日；到期前 ${d.data.remindDays} 日起提醒；${d.data.groupPetitioners} 人及以上为群体访`}
      description={
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {d.data.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      }
    />
  );
}

export default function DisputesPage() {
  const { isSchool } = useLedgerViewer();
  const can = useCan();
  const canWrite = can('dispute.manage');
  const s = useSearchState();
  const d = useLedgerDrawers<DisputeView>();
  const [kind, setKind] = useState<DisputeKind>('dispute');
  const [q, setQ] = useState(s.get('q') ?? '');
  const [detail, setDetail] = useState<number | null>(positiveInt(s.get('open')) ?? null);

  const query: DisputeQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    stage: stageOf(s.get('stage')),
    kind: pick(s.get('kind'), disputeKinds),
    state: pick(s.get('state'), disputeStates),
    parties: pick(s.get('parties'), disputeParties),
    q: s.get('q')?.trim() || undefined,
    from: isDay(s.get('from')),
    to: isDay(s.get('to')),
    status: pick(s.get('status'), recordStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...DISPUTE_KEY, 'list', query], queryFn: () => disputesApi.list(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'stage', 'kind', 'state', 'parties', 'q', 'from', 'to', 'status']);
  const create = (k: DisputeKind) => {
    setKind(k);
    d.setCreating(true);
  };

  const columns: TableColumnsType<DisputeView> = [
    ...schoolColumn<DisputeView>(isSchool),
    { title: '登记日期', dataIndex: 'receivedOn', width: 110 },
    {
      title: '类型',
      key: 'kind',
      width: 150,
      render: (_: unknown, r) => (
        <span>
          {disputeKindLabels[r.kind]}
          <div>
            <Typography.Text type="secondary">{r.kind === 'petition' ? `${r.channel ? petitionChannelLabels[r.channel] : ''} · ${r.petitioners} 人` : disputePartiesLabels[r.parties]}</Typography.Text>
          </div>
        </span>
      ),
    },
    {
      title: '事由',
      dataIndex: 'summary',
      width: 320,
      render: (v: string, r) => (
        <Space direction="vertical" size={2}>
          <a onClick={() => setDetail(r.id)} data-testid="dispute-open">{v.length > 60 ? `${v.slice(0, 60)}…` : v}</a>
          <Space size={4} wrap>
            {r.group && <Tag color="red">群体访</Tag>}
            {r.mayEscalate && <Tag color="volcano">可能引发群访越级访</Tag>}
            {r.riskId && <Tag color="purple">已列入风险清单</Tag>}
          </Space>
        </Space>
      ),
    },
    { title: '承办人', dataIndex: 'handlerName', width: 90 },
    { title: '办结期限', dataIndex: 'dueOn', width: 110 },
    { title: '状态', key: 'state', width: 100, render: (_: unknown, r) => (r.status === 'voided' ? <RecordStatusTag status={r.status} voidReason={r.voidReason} /> : <DisputeStateTag state={r.state} />) },
    { title: '办理', key: 'steps', width: 80, render: (_: unknown, r) => <Button size="small" onClick={() => setDetail(r.id)} data-testid="dispute-handle">{r.concludedOn || !canWrite ? '查看' : '办理'}</Button> },
    ...recordActionsColumn<DisputeView>({ canWrite, testId: 'dispute', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];

  return (
    <>
      <PageHeader
        title="矛盾纠纷与信访"
        subTitle="定期开展学校、教职工、家长、学生之间的矛盾纠纷排查，及时调处化解，避免群访、越级上访（000 第3条；003）"
        extra={
          <Space wrap>
            {canWrite && (
              <>
                <Button type="primary" onClick={() => create('dispute')} data-testid="dispute-create">登记矛盾纠纷</Button>
                <Button onClick={() => create('petition')} data-testid="petition-create">登记信访</Button>
              </>
            )}
            <ExportButton path="/disputes/export" query={query} testId="dispute-export" />
          </Space>
        }
      />
      <Deadlines />
      {!isSchool && <TownCounts kind={query.kind} />}
      <LedgerList<DisputeView>
        testId="dispute"
        rowIdAttr="data-dispute-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={() => {
          setQ('');
          clear();
        }}
        canWrite={canWrite}
        empty={{ noun: '矛盾纠纷或信访登记', hint: '排查发现矛盾纠纷或收到信访时点击上方按钮登记' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="dispute-filter-school" />
            <StageFilter value={query.stage} />
            <EnumFilter placeholder="类型" labels={disputeKindLabels} value={query.kind} onChange={(v) => s.set({ kind: v })} />
            <EnumFilter placeholder="状态" labels={disputeStateLabels} value={query.state} onChange={(v) => s.set({ state: v })} />
            <EnumFilter placeholder="涉及双方" labels={disputePartiesLabels} value={query.parties} onChange={(v) => s.set({ parties: v })} minWidth={120} />
            <Input.Search allowClear placeholder="事由、承办人、信访人" style={{ width: 200 }} value={q} onChange={(e) => { setQ(e.target.value); if (!e.target.value) s.set({ q: undefined }); }} onSearch={(v) => s.set({ q: v.trim() || undefined })} />
            <DayRangeFilter from={query.from} to={query.to} />
            <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          </>
        }
      />
      <DisputeFormDrawer open={d.drawerOpen} kind={kind} record={d.editing} onClose={d.closeDrawer} />
      <DisputeDetailDrawer id={detail} onClose={() => setDetail(null)} />
      <VoidRecordModal<DisputeView>
        record={d.voiding}
        title="作废登记"
        describe={(r) => `${r.schoolName} · ${disputeKindLabels[r.kind]}（${r.receivedOn}）。作废后记录保留留痕。`}
        onVoid={(r, reason) => disputesApi.void(r.id, r.version, reason)}
        listKey={DISPUTE_KEY}
        done="登记已作废"
        testId="dispute"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}
