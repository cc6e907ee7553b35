// 危险化学品: the chemicals of each lab store (003, 000 item 9, 001 item 19; issue 15 item 4) with the
// balance computed from their movements, the latest count against it (账实相符), the controlled ones
// (易制毒、易制爆) flagged and their two keepers; a second tab lists every movement. 出入库 opens the
// movement drawer on a chemical (a lab technician's daily work, phone-sized). Filters above (kept in
// the address), export at the top right, create and correct in a drawer, void with a reason.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Input, Space, Tabs, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { chemicalMovementKindLabels, chemicalMovementKinds, controlClassLabels, type ChemicalView, type MovementView } from '../../contracts/chemicals.js';
import { recordStatuses, recordStatusLabels } from '../../contracts/ledger.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { ImportButton } from '../components/ImportButton.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { todayBeijing } from '../dates.js';
import { CreateButton, DayRangeFilter, LedgerList, recordActionsColumn, useFilterKeys, useLedgerDrawers } from '../ledger/ledgerPage.js';
import { PlaceFilters, RecordStatusTag, VoidRecordModal, isDay, muted, schoolColumn, useLedgerViewer } from '../ledger/ledgerParts.js';
import { StageFilter, stageOf } from '../equipment/StageFilter.js';
import { ChemicalFormDrawer } from './ChemicalFormDrawer.js';
import { MovementDrawer } from './MovementDrawer.js';
import { CHEMICALS_KEY, chemicalsApi, type ChemicalQuery, type MovementQuery } from './chemicalsApi.js';

const yesNo = { true: '仅易制毒、易制爆', false: '一般危化品' } as const;

function ControlTag({ c }: { c: ChemicalView['controlClass'] }) {
  return c === 'none' ? null : (
    <Tag color="red" data-testid="chemical-controlled">
      {controlClassLabels[c]}
    </Tag>
  );
}

function ChemicalsTab() {
  const { isSchool, canWrite, can } = useLedgerViewer();
  const canMove = can('chemicals.move');
  const s = useSearchState();
  const d = useLedgerDrawers<ChemicalView>();
  const [moving, setMoving] = useState<ChemicalView | null>(null);
  const [q, setQ] = useState(s.get('q') ?? '');
  const today = todayBeijing();
  const query: ChemicalQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    stage: stageOf(s.get('stage')),
    controlled: pick(s.get('controlled'), ['true', 'false'] as const),
    q: s.get('q')?.trim() || undefined,
    status: pick(s.get('status'), recordStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...CHEMICALS_KEY, 'list', query], queryFn: () => chemicalsApi.chemicals(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'stage', 'controlled', 'q', 'status']);
  // The drawer shows the chemical as the list has it now (the balance follows each save).
  const movingNow = moving ? (list.data?.items.find((c) => c.id === moving.id) ?? moving) : null;

  const columns: TableColumnsType<ChemicalView> = [
    ...schoolColumn<ChemicalView>(isSchool),
    {
      title: '药品',
      dataIndex: 'name',
      width: 180,
      fixed: isSchool ? 'left' : undefined,
      render: (v: string, c) => (
        <span>
          {v} <ControlTag c={c.controlClass} />
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{c.casNo ? `CAS ${c.casNo}` : ''}</div>
        </span>
      ),
    },
    {
      title: '结存',
      dataIndex: 'balance',
      width: 120,
      align: 'right',
      render: (v: number, c) => (
        <span data-testid="chemical-balance" data-balance={v}>
          {v} {c.unit}
          {c.issuedOut > 0 && <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>领用未还 {c.issuedOut}</div>}
        </span>
      ),
    },
    {
      title: '最近盘点',
      key: 'count',
      width: 140,
      render: (_: unknown, c) =>
        !c.lastCountOn ? (
          <Tag color="orange">未盘点</Tag>
        ) : c.lastCountDifference ? (
          <Tooltip title="盘点数与按出入库计算的结存不一致，请查明并补登遗漏的出入库记录">
            <span>
              {c.lastCountOn}
              <div>
                <Tag color="red" data-testid="chemical-mismatch">
                  账实不符 {c.lastCountDifference > 0 ? '+' : ''}
                  {c.lastCountDifference}
                </Tag>
              </div>
            </span>
          </Tooltip>
        ) : (
          <span>
            {c.lastCountOn}
            <div>
              <Tag color="green">账实相符</Tag>
            </div>
          </span>
        ),
    },
    { title: '药品室 / 位置', key: 'place', width: 160, render: (_: unknown, c) => `${c.store} · ${c.storagePlace}` },
    { title: '双人双锁', key: 'keepers', width: 120, render: (_: unknown, c) => `${c.keeperA}、${c.keeperB}` },
    {
      title: '有效期至',
      dataIndex: 'expiresOn',
      width: 110,
      render: (v: string | null, c) => (v && v < today && c.balance > 0 ? <Tag color="red">{v} 已过期</Tag> : muted(v)),
    },
    { title: '状态', dataIndex: 'status', width: 80, render: (v: ChemicalView['status'], r) => <RecordStatusTag status={v} voidReason={r.voidReason} /> },
    ...(canMove
      ? [
          {
            title: '出入库',
            key: 'move',
            width: 90,
            fixed: 'right' as const,
            render: (_: unknown, c: ChemicalView) =>
              c.status === 'recorded' && (
                <Button size="small" type="primary" ghost onClick={() => setMoving(c)} data-testid="chemical-move">
                  出入库
                </Button>
              ),
          },
        ]
      : []),
    ...recordActionsColumn<ChemicalView>({ canWrite, testId: 'chemical', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];

  return (
    <>
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}>
        <Space wrap>
          <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="chemical-create">
            登记药品
          </CreateButton>
          <ExportButton path="/chemicals/export" query={query} testId="chemical-export" />
          <ImportButton kind="chemicals" testId="chemical-import" />
        </Space>
      </div>
      <LedgerList<ChemicalView>
        testId="chemicals"
        rowIdAttr="data-chemical-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={() => {
          setQ('');
          clear();
        }}
        canWrite={canWrite}
        unit="种"
        empty={{ noun: '危险化学品', hint: '点击“登记药品”录入药品室中的危险化学品，再通过“出入库”登记采购入库' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="chemicals-filter-school" />
            <StageFilter value={query.stage} />
            <Input.Search
              allowClear
              placeholder="药品名称、CAS 号、药品室"
              style={{ width: 220 }}
              value={q}
              onChange={(e) => {
                setQ(e.target.value);
                if (!e.target.value) s.set({ q: undefined });
              }}
              onSearch={(v) => s.set({ q: v.trim() || undefined })}
            />
            <EnumFilter placeholder="管制类别" labels={yesNo} value={query.controlled} onChange={(v) => s.set({ controlled: v })} minWidth={150} />
            <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          </>
        }
      />
      <ChemicalFormDrawer open={d.drawerOpen} chemical={d.editing} onClose={d.closeDrawer} />
      <MovementDrawer chemical={movingNow} onClose={() => setMoving(null)} />
      <VoidRecordModal<ChemicalView>
        record={d.voiding}
        title="作废危险化学品"
        describe={(c) => `${c.schoolName} · ${c.name}。仅用于误登记且没有出入库记录的药品；作废后记录保留留痕。`}
        onVoid={(c, reason) => chemicalsApi.voidChemical(c.id, c.version, reason)}
        listKey={CHEMICALS_KEY}
        done="危险化学品记录已作废"
        testId="chemical"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}

function MovementsTab() {
  const { isSchool, can } = useLedgerViewer();
  const canMove = can('chemicals.move');
  const s = useSearchState();
  const [voiding, setVoiding] = useState<MovementView | null>(null);
  const query: MovementQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    stage: stageOf(s.get('stage')),
    kind: pick(s.get('kind'), chemicalMovementKinds),
    controlled: pick(s.get('controlled'), ['true', 'false'] as const),
    from: isDay(s.get('from')),
    to: isDay(s.get('to')),
    status: pick(s.get('status'), recordStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...CHEMICALS_KEY, 'movements', query], queryFn: () => chemicalsApi.movements(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'stage', 'kind', 'controlled', 'from', 'to', 'status']);
  const who = (m: MovementView) =>
    m.kind === 'purchase' ? `审批：${m.approvedBy ?? '—'}；供应：${m.supplier ?? '—'}` : m.kind === 'issue' ? `${m.recipient ?? ''} · ${m.className ?? ''}${m.purpose ? ` · ${m.purpose}` : ''}` : m.kind === 'return' ? `归还领用 #${m.issueId}` : m.kind === 'disposal' ? `${m.contractor ?? ''} · 联单 ${m.manifestNo ?? ''}` : '盘点实存';
  const columns: TableColumnsType<MovementView> = [
    ...schoolColumn<MovementView>(isSchool),
    { title: '日期', dataIndex: 'occurredOn', width: 110 },
    { title: '药品', dataIndex: 'chemicalName', width: 160, render: (v: string, m) => <span>{v} <ControlTag c={m.controlClass} /></span> },
    { title: '类型', dataIndex: 'kind', width: 90, render: (v: MovementView['kind']) => <Tag color={v === 'issue' || v === 'disposal' ? 'orange' : v === 'count' ? 'blue' : 'green'}>{chemicalMovementKindLabels[v]}</Tag> },
    { title: '数量', dataIndex: 'quantity', width: 100, align: 'right', render: (v: number, m) => `${v} ${m.unit}` },
    { title: '去向 / 来源', key: 'who', width: 240, render: (_: unknown, m) => who(m) },
    { title: '经办人', dataIndex: 'handledBy', width: 90 },
    { title: '状态', dataIndex: 'status', width: 80, render: (v: MovementView['status'], r) => <RecordStatusTag status={v} voidReason={r.voidReason} /> },
    ...(canMove
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 80,
            fixed: 'right' as const,
            render: (_: unknown, m: MovementView) =>
              m.status === 'recorded' && (
                <Button size="small" type="link" danger onClick={() => setVoiding(m)} data-testid="movement-void">
                  作废
                </Button>
              ),
          },
        ]
      : []),
  ];
  return (
    <>
      <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8, marginBottom: 8 }}>
        <ExportButton path="/chemical-movements/export" query={query} testId="movement-export" />
        <ImportButton kind="chemical_movements" label="导入出入库记录" testId="movement-import" />
      </div>
      <LedgerList<MovementView>
        testId="movements"
        rowIdAttr="data-movement-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={clear}
        canWrite={canMove}
        empty={{ noun: '出入库记录', hint: '在“药品台账”中点击药品的“出入库”登记采购、领用、归还、处置和盘点' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="movements-filter-school" />
            <StageFilter value={query.stage} />
            <EnumFilter placeholder="类型" labels={chemicalMovementKindLabels} value={query.kind} onChange={(v) => s.set({ kind: v })} />
            <EnumFilter placeholder="管制类别" labels={yesNo} value={query.controlled} onChange={(v) => s.set({ controlled: v })} minWidth={150} />
            <DayRangeFilter from={query.from} to={query.to} />
            <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          </>
        }
      />
      <VoidRecordModal<MovementView>
        record={voiding}
        title="作废出入库记录"
        describe={(m) => `${m.occurredOn} ${m.chemicalName} ${chemicalMovementKindLabels[m.kind]} ${m.quantity} ${m.unit}。作废后结存重新计算；若之后的领用或处置因此无法成立，将不能作废。`}
        onVoid={(m, reason) => chemicalsApi.voidMovement(m.id, m.version, reason)}
        listKey={CHEMICALS_KEY}
        done="出入库记录已作废，结存已重新计算"
        testId="movement"
        onClose={() => setVoiding(null)}
      />
    </>
  );
}

export default function ChemicalsPage() {
  const s = useSearchState();
  const tab = s.get('tab') === 'movements' ? 'movements' : 'chemicals';
  return (
    <>
      <PageHeader title="危险化学品" subTitle="采购、保存、使用、处置全程可追溯；结存由出入库记录计算（003、000 第9条、001 第19条）" />
      <Tabs
        activeKey={tab}
        onChange={(k) => s.set({ tab: k === 'movements' ? 'movements' : undefined, kind: undefined, from: undefined, to: undefined, q: undefined, controlled: undefined })}
        items={[
          { key: 'chemicals', label: '药品台账', children: tab === 'chemicals' && <ChemicalsTab /> },
          { key: 'movements', label: '出入库记录', children: tab === 'movements' && <MovementsTab /> },
        ]}
      />
    </>
  );
}
