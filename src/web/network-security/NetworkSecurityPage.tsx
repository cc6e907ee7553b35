// 网络安全: the network security ledger of the schools in the person's scope (000 item 8; issue 15
// item 6) in three tabs — the red and yellow cards the bureau issues (overdue red ones marked), the
// monthly reports, and the school's systems and websites. Filters above (kept in the address),
// export at the top right, every form in a drawer. The bureau issues, closes and sends back cards
// (netsec.card); a school answers its own with evidence.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Space, Tabs, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useState } from 'react';
import {
  cardColorLabels,
  cardColors,
  cardStateLabels,
  cardStates,
  netsecSystemKindLabels,
  netsecSystemKinds,
  reportIncidentLabels,
  reportIncidents,
  type NetsecCardView,
  type NetsecReportView,
  type NetsecSystemView,
} from '../../contracts/network-security.js';
import { recordStatuses, recordStatusLabels } from '../../contracts/ledger.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { FileList } from '../components/FileList.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { CreateButton, LedgerList, recordActionsColumn, useFilterKeys, useLedgerDrawers } from '../ledger/ledgerPage.js';
import { PlaceFilters, RecordStatusTag, VoidRecordModal, muted, schoolColumn, useLedgerViewer } from '../ledger/ledgerParts.js';
import { StageFilter, stageOf } from '../equipment/StageFilter.js';
import { AnswerCardDrawer, DecideCardDrawer, IssueCardDrawer, ReportDrawer, SystemDrawer } from './NetsecDrawers.js';
import { CARDS_KEY, REPORTS_KEY, SYSTEMS_KEY, netsecApi, type CardQuery, type ReportQuery, type SystemQuery } from './networkSecurityApi.js';

const tabs = ['cards', 'reports', 'systems'] as const;

function CardsTab() {
  const { isSchool, canWrite, can } = useLedgerViewer();
  const canIssue = can('netsec.card');
  const s = useSearchState();
  const [issuing, setIssuing] = useState(false);
  const [answering, setAnswering] = useState<NetsecCardView | null>(null);
  const [deciding, setDeciding] = useState<NetsecCardView | null>(null);
  const [voiding, setVoiding] = useState<NetsecCardView | null>(null);
  const query: CardQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    stage: stageOf(s.get('stage')),
    color: pick(s.get('color'), cardColors),
    state: pick(s.get('state'), cardStates),
    overdue: s.get('overdue') === 'true' ? 'true' : undefined,
    status: pick(s.get('status'), recordStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...CARDS_KEY, 'list', query], queryFn: () => netsecApi.cards(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'stage', 'color', 'state', 'overdue', 'status']);
  const columns: TableColumnsType<NetsecCardView> = [
    ...schoolColumn<NetsecCardView>(isSchool),
    { title: '红黄牌', dataIndex: 'color', width: 80, render: (v: NetsecCardView['color']) => <Tag color={v === 'red' ? 'red' : 'gold'}>{cardColorLabels[v]}</Tag> },
    { title: '问题', dataIndex: 'reason', width: 260, render: (v: string, c) => <span>{v}<div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{c.issuerUnitName} · {c.issuedByName} · {c.issuedOn}</div></span> },
    {
      title: '整改期限',
      dataIndex: 'fixBy',
      width: 120,
      render: (v: string, c) => (
        <span>
          {v}
          {c.overdue && <div><Tag color="red" data-testid="netsec-card-overdue">逾期未销号</Tag></div>}
        </span>
      ),
    },
    { title: '状态', dataIndex: 'state', width: 90, render: (v: NetsecCardView['state'], c) => (c.status === 'voided' ? <RecordStatusTag status={c.status} voidReason={c.voidReason} /> : <Tag color={v === 'closed' ? 'green' : v === 'answered' ? 'blue' : 'orange'}>{cardStateLabels[v]}</Tag>) },
    { title: '整改情况', dataIndex: 'answer', width: 240, render: (v: string | null, c) => (<span>{muted(v)}{c.returnNote && c.state === 'issued' && <div style={{ color: '#cf1322', fontSize: 12 }}>退回：{c.returnNote}</div>}</span>) },
    { title: '佐证', dataIndex: 'answerFiles', width: 110, render: (f: NetsecCardView['answerFiles']) => <FileList files={f} size={28} empty="—" /> },
    { title: '销号', key: 'closed', width: 140, render: (_: unknown, c) => (c.closedByName ? `${c.closedByName} ${c.closedAt?.slice(0, 10)}` : '—') },
    {
      title: '操作',
      key: 'act',
      width: 150,
      fixed: 'right',
      render: (_: unknown, c) =>
        c.status === 'recorded' && (
          <Space size={4}>
            {canWrite && c.state === 'issued' && !canIssue && (
              <Button size="small" type="primary" ghost onClick={() => setAnswering(c)} data-testid="netsec-card-answer">提交整改</Button>
            )}
            {canIssue && c.state === 'answered' && (
              <Button size="small" type="primary" ghost onClick={() => setDeciding(c)} data-testid="netsec-card-decide">销号/退回</Button>
            )}
            {canIssue && c.state !== 'closed' && (
              <Button size="small" type="link" danger onClick={() => setVoiding(c)}>作废</Button>
            )}
          </Space>
        ),
    },
  ];
  return (
    <>
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}>
        <Space wrap>
          <CreateButton shown={canIssue} onClick={() => setIssuing(true)} testId="netsec-card-create">下发红黄牌</CreateButton>
          <ExportButton path="/netsec-cards/export" query={query} testId="netsec-card-export" />
        </Space>
      </div>
      <LedgerList<NetsecCardView>
        testId="netsec-card"
        rowIdAttr="data-card-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={clear}
        canWrite={canIssue}
        unit="张"
        empty={{ noun: '网络安全红黄牌', hint: '发现学校网站、公众号或系统存在问题时，点击“下发红黄牌”' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="netsec-card-filter-school" />
            <StageFilter value={query.stage} />
            <EnumFilter placeholder="红黄牌" labels={cardColorLabels} value={query.color} onChange={(v) => s.set({ color: v })} />
            <EnumFilter placeholder="状态" labels={cardStateLabels} value={query.state} onChange={(v) => s.set({ state: v })} />
            <EnumFilter placeholder="是否逾期" labels={{ true: '逾期未销号' }} value={query.overdue} onChange={(v) => s.set({ overdue: v })} minWidth={120} />
            <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          </>
        }
      />
      <IssueCardDrawer open={issuing} onClose={() => setIssuing(false)} />
      <AnswerCardDrawer card={answering} onClose={() => setAnswering(null)} />
      <DecideCardDrawer card={deciding} onClose={() => setDeciding(null)} />
      <VoidRecordModal<NetsecCardView>
        record={voiding}
        title="作废红黄牌"
        describe={(c) => `${c.schoolName} · ${cardColorLabels[c.color]}：${c.reason}。作废仅用于误发，整改完成请“销号”。`}
        onVoid={(c, reason) => netsecApi.voidCard(c.id, c.version, reason)}
        listKey={CARDS_KEY}
        done="红黄牌已作废"
        testId="netsec-card"
        onClose={() => setVoiding(null)}
      />
    </>
  );
}

function ReportsTab() {
  const { isSchool, canWrite } = useLedgerViewer();
  const s = useSearchState();
  const d = useLedgerDrawers<NetsecReportView>();
  const month = s.get('month');
  const query: ReportQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    stage: stageOf(s.get('stage')),
    month: month && /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? month : undefined,
    incidents: pick(s.get('incidents'), reportIncidents),
    status: pick(s.get('status'), recordStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...REPORTS_KEY, 'list', query], queryFn: () => netsecApi.reports(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'stage', 'month', 'incidents', 'status']);
  const months = Array.from({ length: 12 }, (_, i) => {
    const dt = new Date();
    dt.setDate(1);
    dt.setMonth(dt.getMonth() - i);
    return `${dt.getFullYear()}-${String(dt.getMonth() + 1).padStart(2, '0')}`;
  });
  const columns: TableColumnsType<NetsecReportView> = [
    ...schoolColumn<NetsecReportView>(isSchool),
    { title: '月份', dataIndex: 'month', width: 90 },
    { title: '检查次数', dataIndex: 'checksDone', width: 90 },
    { title: '网络安全事件', key: 'inc', width: 120, render: (_: unknown, r) => (r.incidents === 'some' ? <Tag color="red">有 {r.incidentCount} 起</Tag> : <Tag color="green">无</Tag>) },
    { title: '情况说明', dataIndex: 'summary', width: 280, ellipsis: true, render: (v: string | null) => muted(v) },
    { title: '文件', dataIndex: 'files', width: 110, render: (f: NetsecReportView['files']) => <FileList files={f} size={28} empty="—" /> },
    { title: '报送人', dataIndex: 'createdByName', width: 100 },
    { title: '状态', dataIndex: 'status', width: 80, render: (v: NetsecReportView['status'], r) => <RecordStatusTag status={v} voidReason={r.voidReason} /> },
    ...recordActionsColumn<NetsecReportView>({ canWrite, testId: 'netsec-report', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];
  return (
    <>
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}>
        <Space wrap>
          <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="netsec-report-create">报送月报告</CreateButton>
          <ExportButton path="/netsec-reports/export" query={query} testId="netsec-report-export" />
        </Space>
      </div>
      <LedgerList<NetsecReportView>
        testId="netsec-report"
        rowIdAttr="data-report-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={clear}
        canWrite={canWrite}
        empty={{ noun: '网络安全月报告', hint: '每月（含寒暑假）报送一次，点击“报送月报告”' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="netsec-report-filter-school" />
            <StageFilter value={query.stage} />
            <EnumFilter placeholder="月份" labels={Object.fromEntries(months.map((m) => [m, m]))} value={query.month} onChange={(v) => s.set({ month: v })} minWidth={110} />
            <EnumFilter placeholder="网络安全事件" labels={reportIncidentLabels} value={query.incidents} onChange={(v) => s.set({ incidents: v })} minWidth={120} />
            <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          </>
        }
      />
      <ReportDrawer open={d.drawerOpen} item={d.editing} onClose={d.closeDrawer} />
      <VoidRecordModal<NetsecReportView>
        record={d.voiding}
        title="作废月报告"
        describe={(r) => `${r.schoolName} · ${r.month} 月报告。作废后该月视为未报送，可重新报送。`}
        onVoid={(r, reason) => netsecApi.voidReport(r.id, r.version, reason)}
        listKey={REPORTS_KEY}
        done="月报告已作废"
        testId="netsec-report"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}

function SystemsTab() {
  const { isSchool, canWrite } = useLedgerViewer();
  const s = useSearchState();
  const d = useLedgerDrawers<NetsecSystemView>();
  const query: SystemQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    stage: stageOf(s.get('stage')),
    kind: pick(s.get('kind'), netsecSystemKinds),
    status: pick(s.get('status'), recordStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...SYSTEMS_KEY, 'list', query], queryFn: () => netsecApi.systems(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'stage', 'kind', 'status']);
  const columns: TableColumnsType<NetsecSystemView> = [
    ...schoolColumn<NetsecSystemView>(isSchool),
    { title: '类别', dataIndex: 'kind', width: 90, render: (v: NetsecSystemView['kind']) => netsecSystemKindLabels[v] },
    { title: '名称', dataIndex: 'name', width: 200 },
    { title: '网址或入口', dataIndex: 'address', width: 220, ellipsis: true, render: (v: string | null) => muted(v) },
    { title: '责任人', dataIndex: 'responsiblePerson', width: 100 },
    { title: '等保级别', dataIndex: 'protectionLevel', width: 90, render: (v: number | null) => (v ? <Tooltip title="网络安全等级保护">{`第${'一二三四五'[v - 1]}级`}</Tooltip> : '未定级') },
    { title: '备案号', dataIndex: 'filingNo', width: 180, render: (v: string | null) => muted(v) },
    { title: '状态', dataIndex: 'status', width: 80, render: (v: NetsecSystemView['status'], r) => <RecordStatusTag status={v} voidReason={r.voidReason} /> },
    ...recordActionsColumn<NetsecSystemView>({ canWrite, testId: 'netsec-system', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];
  return (
    <>
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}>
        <Space wrap>
          <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="netsec-system-create">登记系统或网站</CreateButton>
          <ExportButton path="/netsec-systems/export" query={query} testId="netsec-system-export" />
        </Space>
      </div>
      <LedgerList<NetsecSystemView>
        testId="netsec-system"
        rowIdAttr="data-system-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={clear}
        canWrite={canWrite}
        unit="个"
        empty={{ noun: '网络系统与网站', hint: '请逐个登记学校的网站、公众号、移动应用和信息系统' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="netsec-system-filter-school" />
            <StageFilter value={query.stage} />
            <EnumFilter placeholder="类别" labels={netsecSystemKindLabels} value={query.kind} onChange={(v) => s.set({ kind: v })} />
            <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          </>
        }
      />
      <SystemDrawer open={d.drawerOpen} item={d.editing} onClose={d.closeDrawer} />
      <VoidRecordModal<NetsecSystemView>
        record={d.voiding}
        title="作废系统或网站记录"
        describe={(x) => `${x.schoolName} · ${x.name}。作废仅用于误登记，记录保留留痕。`}
        onVoid={(x, reason) => netsecApi.voidSystem(x.id, x.version, reason)}
        listKey={SYSTEMS_KEY}
        done="记录已作废"
        testId="netsec-system"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}

export default function NetworkSecurityPage() {
  const s = useSearchState();
  const tab = pick(s.get('tab'), tabs) ?? 'cards';
  return (
    <>
      <PageHeader title="网络安全" subTitle="网络安全红黄牌、全系统网络安全月报告、系统与网站台账（000 第8条）" />
      <Tabs
        activeKey={tab}
        // A tab's filters are its own: switching starts from a clean address.
        onChange={(k) => s.set({ tab: k, ...Object.fromEntries(['schoolId', 'townId', 'stage', 'color', 'state', 'overdue', 'month', 'incidents', 'kind', 'status', 'pageSize'].map((f) => [f, undefined])) })}
        items={[
          { key: 'cards', label: '红黄牌', children: tab === 'cards' && <CardsTab /> },
          { key: 'reports', label: '月报告', children: tab === 'reports' && <ReportsTab /> },
          { key: 'systems', label: '系统与网站', children: tab === 'systems' && <SystemsTab /> },
        ]}
      />
    </>
  );
}
