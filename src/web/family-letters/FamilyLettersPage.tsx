// 告家长书 (000 item 13 家校): the school sends safety letters to its classes and follows the slips
// coming back; a class teacher follows their class; a town and the bureau see the rates by town and
// school (counts only: no seat, no link leaves the school).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Input, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { familyLetterStateLabels, familyLetterStates, familyLetterTopicLabels, familyLetterTopics, type FamilyLetterRates, type FamilyLetterTopic, type FamilyLetterView } from '../../contracts/family-letters.js';
import { recordStatuses, recordStatusLabels } from '../../contracts/ledger.js';
import { useCan } from '../auth.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { StageFilter, stageOf } from '../equipment/StageFilter.js';
import { CreateButton, DayRangeFilter, LedgerList, recordActionsColumn, useFilterKeys, useLedgerDrawers } from '../ledger/ledgerPage.js';
import { PlaceFilters, RecordStatusTag, VoidRecordModal, isDay, schoolColumn, useLedgerViewer } from '../ledger/ledgerParts.js';
import { FamilyLetterDetailDrawer, RateBar } from './FamilyLetterDetailDrawer.js';
import { FamilyLetterFormDrawer } from './FamilyLetterFormDrawer.js';
import { FAMILY_LETTER_KEY, familyLettersApi, type FamilyLetterQuery } from './familyLettersApi.js';

type TownRow = FamilyLetterRates['towns'][number];
type SchoolRow = FamilyLetterRates['schools'][number];

function Rates({ topic, from, to }: { topic?: FamilyLetterTopic; from?: string; to?: string }) {
  const s = useSearchState();
  const rates = useQuery({ queryKey: [...FAMILY_LETTER_KEY, 'rates', topic, from, to], queryFn: () => familyLettersApi.rates({ topic, from, to }) });
  const rate = { title: '回执率', key: 'rate', width: 220, render: (_: unknown, r: { confirmed: number; pupils: number }) => <RateBar confirmed={r.confirmed} pupils={r.pupils} /> };
  const towns: TableColumnsType<TownRow> = [
    { title: '镇街', dataIndex: 'townName', render: (v: string, r) => (r.townId ? <a onClick={() => s.set({ townId: String(r.townId) })}>{v}</a> : v) },
    { title: '告家长书', dataIndex: 'letters', width: 90, align: 'right' },
    { title: '纸质回执', dataIndex: 'paper', width: 90, align: 'right' },
    rate,
  ];
  const schools: TableColumnsType<SchoolRow> = [
    { title: '学校', dataIndex: 'schoolName', render: (v: string, r) => <a onClick={() => s.set({ schoolId: String(r.schoolId) })}>{v}</a> },
    { title: '镇街', dataIndex: 'townName', width: 120, render: (v: string | null) => v ?? '局属' },
    { title: '告家长书', dataIndex: 'letters', width: 90, align: 'right' },
    { ...rate, sorter: (a: SchoolRow, b: SchoolRow) => a.confirmed / Math.max(a.pupils, 1) - b.confirmed / Math.max(b.pupils, 1) },
  ];
  const t = rates.data?.total;
  return (
    <Card size="small" title={<Space>回执率{t && <RateBar confirmed={t.confirmed} pupils={t.pupils} />}</Space>} style={{ marginBottom: 16 }} data-testid="letter-rates">
      <Table<TownRow> rowKey={(r) => r.townId ?? 0} size="small" pagination={false} columns={towns} dataSource={rates.data?.towns} loading={rates.isFetching} locale={{ emptyText: '暂无告家长书' }} />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        各学校（回执率由低到高可排序）
      </Typography.Title>
      <Table<SchoolRow> rowKey="schoolId" size="small" pagination={{ pageSize: 10, showSizeChanger: false }} columns={schools} dataSource={rates.data?.schools} loading={rates.isFetching} locale={{ emptyText: '暂无告家长书' }} />
    </Card>
  );
}

export default function FamilyLettersPage() {
  const { isSchool } = useLedgerViewer();
  const can = useCan();
  const canWrite = can('family_letter.manage') && isSchool;
  const s = useSearchState();
  const d = useLedgerDrawers<FamilyLetterView>();
  const [q, setQ] = useState(s.get('q') ?? '');
  const [detail, setDetail] = useState<number | null>(positiveInt(s.get('open')) ?? null);

  const query: FamilyLetterQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    stage: stageOf(s.get('stage')),
    topic: pick(s.get('topic'), familyLetterTopics),
    state: pick(s.get('state'), familyLetterStates),
    q: s.get('q')?.trim() || undefined,
    from: isDay(s.get('from')),
    to: isDay(s.get('to')),
    status: pick(s.get('status'), recordStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...FAMILY_LETTER_KEY, 'list', query], queryFn: () => familyLettersApi.list(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'stage', 'topic', 'state', 'q', 'from', 'to', 'status']);

  const columns: TableColumnsType<FamilyLetterView> = [
    ...schoolColumn<FamilyLetterView>(isSchool),
    { title: '发送日期', dataIndex: 'sentOn', width: 110 },
    {
      title: '告家长书',
      dataIndex: 'title',
      width: 300,
      render: (v: string, r) => (
        <Space direction="vertical" size={2}>
          <a onClick={() => setDetail(r.id)} data-testid="letter-open">
            {v}
          </a>
          <Space size={4}>
            <Tag>{familyLetterTopicLabels[r.topic]}</Tag>
            <Typography.Text type="secondary">{r.classes.length} 个班</Typography.Text>
          </Space>
        </Space>
      ),
    },
    { title: '回执截止', dataIndex: 'dueOn', width: 110 },
    {
      title: '状态',
      key: 'state',
      width: 90,
      render: (_: unknown, r) => (r.status === 'voided' ? <RecordStatusTag status={r.status} voidReason={r.voidReason} /> : <Tag color={r.state === 'open' ? 'blue' : 'default'}>{familyLetterStateLabels[r.state]}</Tag>),
    },
    { title: '回执', key: 'rate', width: 220, render: (_: unknown, r) => <RateBar confirmed={r.confirmed} pupils={r.pupils} /> },
    ...recordActionsColumn<FamilyLetterView>({ canWrite, testId: 'letter', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];

  return (
    <>
      <PageHeader
        title="告家长书"
        subTitle="学校向家长发送安全告知书，家长扫码或点链接确认，无需账号；班主任跟进未回执的学生（000 第13条 家校共育）"
        extra={
          <Space wrap>
            <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="letter-create">
              发送告家长书
            </CreateButton>
            <ExportButton path="/family-letters/export" query={query} testId="letter-export" />
          </Space>
        }
      />
      {!isSchool && <Rates topic={query.topic} from={query.from} to={query.to} />}
      <LedgerList<FamilyLetterView>
        testId="letter"
        rowIdAttr="data-letter-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={() => {
          setQ('');
          clear();
        }}
        canWrite={canWrite}
        empty={{ noun: '告家长书', hint: '点击“发送告家长书”，按班级生成回执单' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="letter-filter-school" />
            <StageFilter value={query.stage} />
            <EnumFilter placeholder="主题" labels={familyLetterTopicLabels} value={query.topic} onChange={(v) => s.set({ topic: v })} minWidth={120} />
            <EnumFilter placeholder="状态" labels={familyLetterStateLabels} value={query.state} onChange={(v) => s.set({ state: v })} />
            <Input.Search
              allowClear
              placeholder="标题"
              style={{ width: 180 }}
              value={q}
              onChange={(e) => {
                setQ(e.target.value);
                if (!e.target.value) s.set({ q: undefined });
              }}
              onSearch={(v) => s.set({ q: v.trim() || undefined })}
            />
            <DayRangeFilter from={query.from} to={query.to} />
            <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          </>
        }
      />
      <FamilyLetterFormDrawer open={d.drawerOpen} record={d.editing} onClose={d.closeDrawer} />
      <FamilyLetterDetailDrawer id={detail} onClose={() => setDetail(null)} />
      <VoidRecordModal<FamilyLetterView>
        record={d.voiding}
        title="撤回告家长书"
        describe={(r) => `${r.schoolName} · ${r.title}（${r.sentOn}）。撤回后家长的链接立即失效，已收回的回执保留。`}
        onVoid={(r, reason) => familyLettersApi.void(r.id, r.version, reason)}
        listKey={FAMILY_LETTER_KEY}
        done="告家长书已撤回"
        testId="letter"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}
