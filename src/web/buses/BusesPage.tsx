// 校车: the school bus ledger of the schools in the person's scope (001 item 14, 000 Q1 task; issue 15
// item 5) in four tabs — the daily pre-trip checks (failed items marked, each turned into a hazard in
// one step), the buses with their annual review (overdue red, within 30 days orange), the drivers
// with what keeps them from driving, and the routes with their stops (counts only). Filters above
// (kept in the address), export at the top right, every form in a drawer, void with a reason.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Input, Space, Tabs, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { backgroundResultLabels, reviewStateLabels, type BusView, type CheckView, type DriverView, type RouteView } from '../../contracts/buses.js';
import { recordStatuses, recordStatusLabels } from '../../contracts/ledger.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { ImportButton } from '../components/ImportButton.js';
import { FileList } from '../components/FileList.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { daysUntil, todayBeijing } from '../dates.js';
import { CreateButton, DayRangeFilter, LedgerList, recordActionsColumn, useFilterKeys, useLedgerDrawers } from '../ledger/ledgerPage.js';
import { PlaceFilters, RecordStatusTag, VoidRecordModal, isDay, muted, schoolColumn, useLedgerViewer } from '../ledger/ledgerParts.js';
import { StageFilter, stageOf } from '../equipment/StageFilter.js';
import { BusDrawer, CheckDrawer, CheckHazardDrawer, DriverDrawer, RouteDrawer } from './BusDrawers.js';
import { BUSES_KEY, busesApi, type BusQuery, type CheckQuery, type DriverQuery, type RouteQuery } from './busesApi.js';

const tabs = ['checks', 'buses', 'drivers', 'routes'] as const;
const reviewFilterLabels = { overdue: '年审已过期', due_soon: '30天内到期' } as const;
const gapsTags = (gaps: string[], ok: string, active: boolean) =>
  gaps.length ? (
    <Space size={[4, 4]} wrap>
      {gaps.map((g) => (
        <Tag key={g} color="red">
          {g}
        </Tag>
      ))}
    </Space>
  ) : active ? (
    <Tag color="green">{ok}</Tag>
  ) : (
    '—'
  );
const place = (s: ReturnType<typeof useSearchState>) => ({ schoolId: positiveInt(s.get('schoolId')), townId: positiveInt(s.get('townId')), stage: stageOf(s.get('stage')), status: pick(s.get('status'), recordStatuses), page: s.page, pageSize: s.pageSize });

function Toolbar({ children }: { children: React.ReactNode }) {
  return (
    <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}>
      <Space wrap>{children}</Space>
    </div>
  );
}

function ChecksTab() {
  const { isSchool, canWrite, can } = useLedgerViewer();
  const s = useSearchState();
  const d = useLedgerDrawers<CheckView>();
  const [raising, setRaising] = useState<CheckView | null>(null);
  const query: CheckQuery = { ...place(s), failed: s.get('failed') === 'true' ? 'true' : undefined, from: isDay(s.get('from')), to: isDay(s.get('to')) };
  const list = useQuery({ queryKey: [...BUSES_KEY, 'checks', query], queryFn: () => busesApi.checks(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'stage', 'failed', 'from', 'to', 'status']);
  const columns: TableColumnsType<CheckView> = [
    ...schoolColumn<CheckView>(isSchool),
    { title: '检查日期', dataIndex: 'checkedOn', width: 110 },
    { title: '校车', dataIndex: 'busPlate', width: 120 },
    { title: '驾驶人', dataIndex: 'driverName', width: 90 },
    {
      title: '检查结果',
      key: 'result',
      width: 300,
      render: (_: unknown, c) =>
        c.failedCount ? (
          <Space size={[4, 4]} wrap>
            {c.items
              .filter((i) => !i.ok)
              .map((i) => {
                const h = c.hazards.find((x) => x.item === i.name);
                return (
                  <Tag key={i.name} color={h ? 'orange' : 'red'} data-testid="bus-check-failed">
                    {i.name}
                    {i.note ? `（${i.note}）` : ''}
                    {h ? ` → ${h.hazardCode}` : ''}
                  </Tag>
                );
              })}
          </Space>
        ) : (
          <Tag color="green">{c.items.length} 项全部正常</Tag>
        ),
    },
    { title: '照片', dataIndex: 'files', width: 120, render: (f: CheckView['files']) => <FileList files={f} size={28} empty="—" /> },
    { title: '状态', dataIndex: 'status', width: 80, render: (v: CheckView['status'], r) => <RecordStatusTag status={v} voidReason={r.voidReason} /> },
    ...(canWrite && can('hazard.report')
      ? [
          {
            title: '隐患',
            key: 'hazard',
            width: 100,
            fixed: 'right' as const,
            render: (_: unknown, c: CheckView) =>
              c.status === 'recorded' &&
              c.items.some((i) => !i.ok && !c.hazards.some((h) => h.item === i.name)) && (
                <Tooltip title="不合格项目一键生成隐患，进入隐患台账整改闭环">
                  <Button size="small" danger ghost onClick={() => setRaising(c)} data-testid="bus-check-raise">
                    生成隐患
                  </Button>
                </Tooltip>
              ),
          },
        ]
      : []),
    ...recordActionsColumn<CheckView>({ canWrite, testId: 'bus-check', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];
  return (
    <>
      <Toolbar>
        <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="bus-check-create">
          登记出车前检查
        </CreateButton>
        <ExportButton path="/bus-checks/export" query={query} testId="bus-check-export" />
      </Toolbar>
      <LedgerList<CheckView>
        testId="bus-check"
        rowIdAttr="data-check-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={clear}
        canWrite={canWrite}
        unit="次"
        empty={{ noun: '出车前检查记录', hint: '校车每个运行日出车前，驾驶人逐项检查后点击“登记出车前检查”' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="bus-check-filter-school" />
            <StageFilter value={query.stage} />
            <DayRangeFilter from={query.from} to={query.to} />
            <EnumFilter placeholder="检查结果" labels={{ true: '有不合格项目' }} value={query.failed} onChange={(v) => s.set({ failed: v })} minWidth={130} />
            <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          </>
        }
      />
      <CheckDrawer open={d.drawerOpen} item={d.editing} onClose={d.closeDrawer} />
      <CheckHazardDrawer check={raising} onClose={() => setRaising(null)} />
      <VoidRecordModal<CheckView>
        record={d.voiding}
        title="作废出车前检查记录"
        describe={(c) => `${c.schoolName} · ${c.busPlate} · ${c.checkedOn}。作废仅用于误登记，记录保留留痕，不再计入检查。`}
        onVoid={(c, reason) => busesApi.voidCheck(c.id, c.version, reason)}
        listKey={BUSES_KEY}
        done="记录已作废"
        testId="bus-check"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}

function ReviewCell({ b, today }: { b: BusView; today: string }) {
  const left = daysUntil(b.reviewDueOn, today);
  const tag = !b.inService ? <Tag>停用</Tag> : left < 0 ? <Tag color="red" data-testid="bus-review-overdue">过期 {-left} 天</Tag> : left <= 30 ? <Tag color="orange">{left === 0 ? '今天到期' : `${left} 天后到期`}</Tag> : <Tag color="green">{reviewStateLabels.ok}</Tag>;
  return (
    <span>
      {b.reviewDueOn}
      <div>{tag}</div>
    </span>
  );
}

function BusesTab() {
  const { isSchool, canWrite } = useLedgerViewer();
  const s = useSearchState();
  const d = useLedgerDrawers<BusView>();
  const [q, setQ] = useState(s.get('q') ?? '');
  const today = todayBeijing();
  const review = pick(s.get('review'), ['overdue', 'due_soon'] as const);
  const query: BusQuery = { ...place(s), review, q: s.get('q')?.trim() || undefined };
  const list = useQuery({ queryKey: [...BUSES_KEY, 'buses', query], queryFn: () => busesApi.buses(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'stage', 'review', 'q', 'status']);
  const columns: TableColumnsType<BusView> = [
    ...schoolColumn<BusView>(isSchool),
    { title: '车牌号', dataIndex: 'plate', width: 120, render: (v: string, b) => <span>{v}<div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{b.seats} 座</div></span> },
    { title: '年审到期', key: 'review', width: 130, render: (_: unknown, b) => <ReviewCell b={b} today={today} /> },
    { title: '保险到期', dataIndex: 'insuranceExpiresOn', width: 110 },
    { title: '行驶证号', dataIndex: 'licenceNo', width: 150 },
    { title: '开始运营', dataIndex: 'servesFrom', width: 110 },
    { title: '存在问题', key: 'gaps', width: 220, render: (_: unknown, b) => gapsTags(b.gaps, '证照有效', b.inService) },
    { title: '证照', dataIndex: 'files', width: 110, render: (f: BusView['files']) => <FileList files={f} size={28} empty="—" /> },
    { title: '状态', dataIndex: 'status', width: 80, render: (v: BusView['status'], r) => <RecordStatusTag status={v} voidReason={r.voidReason} /> },
    ...recordActionsColumn<BusView>({ canWrite, testId: 'bus', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];
  return (
    <>
      <Toolbar>
        <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="bus-create">
          登记校车
        </CreateButton>
        <ExportButton path="/school-buses/export" query={query} testId="bus-export" />
        <ImportButton kind="school_buses" testId="bus-import" />
      </Toolbar>
      <LedgerList<BusView>
        testId="bus"
        rowIdAttr="data-bus-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={() => {
          setQ('');
          clear();
        }}
        canWrite={canWrite}
        unit="辆"
        empty={{ noun: '校车', hint: '学校使用校车的，请点击“登记校车”逐辆登记' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="bus-filter-school" />
            <StageFilter value={query.stage} />
            <EnumFilter placeholder="年审状态" labels={reviewFilterLabels} value={query.review} onChange={(v) => s.set({ review: v })} minWidth={120} />
            <Input.Search
              allowClear
              placeholder="车牌号"
              style={{ width: 160 }}
              value={q}
              onChange={(e) => {
                setQ(e.target.value);
                if (!e.target.value) s.set({ q: undefined });
              }}
              onSearch={(v) => s.set({ q: v.trim() || undefined })}
            />
            <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          </>
        }
      />
      <BusDrawer open={d.drawerOpen} item={d.editing} onClose={d.closeDrawer} />
      <VoidRecordModal<BusView>
        record={d.voiding}
        title="作废校车记录"
        describe={(b) => `${b.schoolName} · ${b.plate}。车辆停运请改为“停用”；作废仅用于误登记，记录保留留痕。`}
        onVoid={(b, reason) => busesApi.voidBus(b.id, b.version, reason)}
        listKey={BUSES_KEY}
        done="校车记录已作废"
        testId="bus"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}

function DriversTab() {
  const { isSchool, canWrite } = useLedgerViewer();
  const s = useSearchState();
  const d = useLedgerDrawers<DriverView>();
  const query: DriverQuery = { ...place(s), gaps: s.get('gaps') === 'true' ? 'true' : undefined, q: s.get('q')?.trim() || undefined };
  const list = useQuery({ queryKey: [...BUSES_KEY, 'drivers', query], queryFn: () => busesApi.drivers(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'stage', 'gaps', 'q', 'status']);
  const columns: TableColumnsType<DriverView> = [
    ...schoolColumn<DriverView>(isSchool),
    { title: '姓名', dataIndex: 'name', width: 100, render: (v: string, x) => <span>{v}<div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{x.active ? '在岗' : '不在岗'}</div></span> },
    { title: '驾驶证', key: 'licence', width: 160, render: (_: unknown, x) => `${x.licenceClass} 至 ${x.licenceExpiresOn}` },
    { title: '背景审查', key: 'bg', width: 170, render: (_: unknown, x) => (x.backgroundResult ? `${backgroundResultLabels[x.backgroundResult]}（${x.backgroundCheckedOn}）` : '—') },
    { title: '体检日期', dataIndex: 'healthCheckedOn', width: 110, render: (v: string | null) => muted(v) },
    { title: '资格审查', key: 'gaps', width: 220, render: (_: unknown, x) => gapsTags(x.gaps, '合格', x.active) },
    { title: '状态', dataIndex: 'status', width: 80, render: (v: DriverView['status'], r) => <RecordStatusTag status={v} voidReason={r.voidReason} /> },
    ...recordActionsColumn<DriverView>({ canWrite, testId: 'bus-driver', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];
  return (
    <>
      <Toolbar>
        <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="bus-driver-create">
          登记驾驶人
        </CreateButton>
        <ExportButton path="/bus-drivers/export" query={query} testId="bus-driver-export" />
        <ImportButton kind="bus_drivers" testId="bus-driver-import" />
      </Toolbar>
      <LedgerList<DriverView>
        testId="bus-driver"
        rowIdAttr="data-driver-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={clear}
        canWrite={canWrite}
        unit="人"
        empty={{ noun: '校车驾驶人', hint: '请点击“登记驾驶人”，填写驾驶证、背景审查和体检情况' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="bus-driver-filter-school" />
            <StageFilter value={query.stage} />
            <EnumFilter placeholder="资格审查" labels={{ true: '不合格或未审查' }} value={query.gaps} onChange={(v) => s.set({ gaps: v })} minWidth={140} />
            <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          </>
        }
      />
      <DriverDrawer open={d.drawerOpen} item={d.editing} onClose={d.closeDrawer} />
      <VoidRecordModal<DriverView>
        record={d.voiding}
        title="作废驾驶人记录"
        describe={(x) => `${x.schoolName} · ${x.name}。离岗请改为“不在岗”；作废仅用于误登记，记录保留留痕。`}
        onVoid={(x, reason) => busesApi.voidDriver(x.id, x.version, reason)}
        listKey={BUSES_KEY}
        done="驾驶人记录已作废"
        testId="bus-driver"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}

function RoutesTab() {
  const { isSchool, canWrite } = useLedgerViewer();
  const s = useSearchState();
  const d = useLedgerDrawers<RouteView>();
  const query: RouteQuery = { ...place(s) };
  const list = useQuery({ queryKey: [...BUSES_KEY, 'routes', query], queryFn: () => busesApi.routes(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'stage', 'status']);
  const columns: TableColumnsType<RouteView> = [
    ...schoolColumn<RouteView>(isSchool),
    { title: '线路', dataIndex: 'name', width: 140 },
    { title: '校车', dataIndex: 'busPlate', width: 120 },
    { title: '站点（按顺序）', key: 'stops', render: (_: unknown, r) => r.stops.map((x) => `${x.name}（${x.students} 人）`).join(' → ') },
    { title: '乘车人数', dataIndex: 'studentCount', width: 90, render: (v: number) => `${v} 人` },
    { title: '状态', dataIndex: 'status', width: 80, render: (v: RouteView['status'], r) => <RecordStatusTag status={v} voidReason={r.voidReason} /> },
    ...recordActionsColumn<RouteView>({ canWrite, testId: 'bus-route', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];
  return (
    <>
      <Toolbar>
        <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="bus-route-create">
          登记线路
        </CreateButton>
        <ExportButton path="/bus-routes/export" query={query} testId="bus-route-export" />
      </Toolbar>
      <LedgerList<RouteView>
        testId="bus-route"
        rowIdAttr="data-route-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={clear}
        canWrite={canWrite}
        unit="条"
        empty={{ noun: '校车线路', hint: '请先登记校车，再点击“登记线路”按顺序填写站点和每站乘车人数' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="bus-route-filter-school" />
            <StageFilter value={query.stage} />
            <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          </>
        }
      />
      <RouteDrawer open={d.drawerOpen} item={d.editing} onClose={d.closeDrawer} />
      <VoidRecordModal<RouteView>
        record={d.voiding}
        title="作废校车线路"
        describe={(r) => `${r.schoolName} · ${r.name}。作废后记录保留留痕。`}
        onVoid={(r, reason) => busesApi.voidRoute(r.id, r.version, reason)}
        listKey={BUSES_KEY}
        done="线路已作废"
        testId="bus-route"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}

export default function BusesPage() {
  const s = useSearchState();
  const tab = pick(s.get('tab'), tabs) ?? 'checks';
  return (
    <>
      <PageHeader title="校车" subTitle="出车前检查、校车年审、驾驶人资格审查、线路站点（001 第14条；000 任务分解表第3项）" />
      <Tabs
        activeKey={tab}
        // A tab's filters are its own: switching starts from a clean address.
        onChange={(k) => s.set({ tab: k, ...Object.fromEntries(['schoolId', 'townId', 'stage', 'review', 'gaps', 'failed', 'from', 'to', 'q', 'status', 'pageSize'].map((f) => [f, undefined])) })}
        items={[
          { key: 'checks', label: '出车前检查', children: tab === 'checks' && <ChecksTab /> },
          { key: 'buses', label: '校车', children: tab === 'buses' && <BusesTab /> },
          { key: 'drivers', label: '驾驶人', children: tab === 'drivers' && <DriversTab /> },
          { key: 'routes', label: '线路站点', children: tab === 'routes' && <RoutesTab /> },
        ]}
      />
    </>
  );
}

