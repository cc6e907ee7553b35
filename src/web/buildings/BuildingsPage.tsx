// 校舍与施工: the buildings and construction sites of the schools in the person's scope (001 item 18;
// 000 item 10; issue 21) in tabs — the buildings with their latest appraisal (C/D in use red, with the
// hazard it opened; appraisal overdue or within 30 days), the construction sites with their isolation
// and weekly checks, and for the town and the bureau the view by town (C/D buildings in use). Filters
// above (kept in the address), export at the top right, every form in a drawer.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Space, Table, Tabs, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { appraisalDueFilters, appraisalGradeLabels, appraisalGrades, buildingUseLabels, buildingUses, type BuildingSummary, type BuildingView, type SiteCheckView, type SiteView } from '../../contracts/buildings.js';
import { recordStatuses, recordStatusLabels } from '../../contracts/ledger.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { LabelsButton } from '../labels/LabelsButton.js';
import { FileList } from '../components/FileList.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { daysUntil, todayBeijing } from '../dates.js';
import { StageFilter, stageOf } from '../equipment/StageFilter.js';
import { CreateButton, LedgerList, recordActionsColumn, useFilterKeys, useLedgerDrawers } from '../ledger/ledgerPage.js';
import { PlaceFilters, RecordStatusTag, VoidRecordModal, muted, schoolColumn, useLedgerViewer } from '../ledger/ledgerParts.js';
import { BuildingDrawer, SiteCheckDrawer, SiteDrawer } from './BuildingDrawers.js';
import { BUILDINGS_KEY, buildingsApi, type BuildingQuery, type SiteQuery } from './buildingsApi.js';

const tabs = ['buildings', 'sites', 'towns'] as const;
const dueLabels: Record<(typeof appraisalDueFilters)[number], string> = { overdue: '鉴定过期或未鉴定', due_soon: '30天内到期' };
const inUseLabels = { true: '在用', false: '停用' };
const runningLabels = { true: '施工中', false: '未开工或已完工' };
/** The rule's due-soon window (building.appraisal, 001 item 18). */
const DUE_SOON_DAYS = 30;

function GradeCell({ b }: { b: BuildingView }) {
  if (!b.appraisalGrade) return <Tag color={b.inUse ? 'red' : undefined}>未鉴定</Tag>;
  const unsafe = b.appraisalGrade === 'C' || b.appraisalGrade === 'D';
  return (
    <span>
      <Tag color={unsafe ? 'red' : 'green'} data-testid="building-grade-tag">
        {appraisalGradeLabels[b.appraisalGrade]}
      </Tag>
      <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
        {b.appraisedOn} · {b.appraisedBy}
      </div>
      <FileList files={b.appraisalFiles} size={24} empty="" />
    </span>
  );
}

function DueCell({ b, today }: { b: BuildingView; today: string }) {
  if (!b.nextAppraisalDueOn) return <span>—</span>;
  const left = daysUntil(b.nextAppraisalDueOn, today);
  const tag = !b.inUse ? null : left < 0 ? <Tag color="red">过期 {-left} 天</Tag> : left <= DUE_SOON_DAYS ? <Tag color="orange">{left === 0 ? '今天到期' : `${left} 天后到期`}</Tag> : null;
  return (
    <span>
      {b.nextAppraisalDueOn}
      {tag && <div>{tag}</div>}
    </span>
  );
}

function BuildingsTab() {
  const { isSchool, canWrite } = useLedgerViewer();
  const s = useSearchState();
  const d = useLedgerDrawers<BuildingView>();
  const [q, setQ] = useState(s.get('q') ?? '');
  const today = todayBeijing();
  const query: BuildingQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    stage: stageOf(s.get('stage')),
    use: pick(s.get('use'), buildingUses),
    grade: pick(s.get('grade'), appraisalGrades),
    inUse: pick(s.get('inUse'), ['true', 'false'] as const),
    due: pick(s.get('due'), appraisalDueFilters),
    q: s.get('q')?.trim() || undefined,
    status: pick(s.get('status'), recordStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...BUILDINGS_KEY, 'list', query], queryFn: () => buildingsApi.list(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'stage', 'use', 'grade', 'inUse', 'due', 'q', 'status']);

  const columns: TableColumnsType<BuildingView> = [
    ...schoolColumn<BuildingView>(isSchool),
    {
      title: '校舍',
      dataIndex: 'name',
      width: 190,
      fixed: isSchool ? 'left' : undefined,
      render: (v: string, b) => (
        <span>
          {v}
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
            {buildingUseLabels[b.use]} · {b.yearBuilt}年 · {b.floors}层 · {b.floorArea}㎡
          </div>
        </span>
      ),
    },
    { title: '在用', dataIndex: 'inUse', width: 70, render: (v: boolean) => (v ? <Tag color="blue">在用</Tag> : <Tag>停用</Tag>) },
    { title: '鉴定等级', key: 'grade', width: 200, render: (_: unknown, b) => <GradeCell b={b} /> },
    { title: '下次鉴定', key: 'due', width: 120, render: (_: unknown, b) => <DueCell b={b} today={today} /> },
    {
      title: '存在问题',
      key: 'gaps',
      width: 230,
      render: (_: unknown, b) => (
        <Space size={[4, 4]} wrap>
          {b.gaps.map((g) => (
            <Tag key={g} color="red">
              {g}
            </Tag>
          ))}
          {b.hazard && (
            <Tooltip title="C/D级校舍在用，已作为重大隐患列入隐患台账">
              <Link to={`/hazards/${b.hazard.id}`} data-testid="building-hazard">
                {b.hazard.code}
              </Link>
            </Tooltip>
          )}
          {!b.gaps.length && !b.hazard && (b.inUse ? <Tag color="green">无</Tag> : '—')}
        </Space>
      ),
    },
    {
      title: '投入使用条件',
      key: 'use-conditions',
      width: 180,
      render: (_: unknown, b) =>
        b.newOrRefit ? `空气检测 ${b.airTestPassedOn ?? '未合格'}，竣工验收 ${b.acceptancePassedOn ?? '未合格'}` : b.oldOrIdle ? `老旧闲置，风险评估 ${b.riskAssessedOn ?? '未做'}` : muted(null),
    },
    { title: '状态', dataIndex: 'status', width: 80, render: (v: BuildingView['status'], r) => <RecordStatusTag status={v} voidReason={r.voidReason} /> },
    ...recordActionsColumn<BuildingView>({ canWrite, testId: 'building', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];

  return (
    <>
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}>
        <Space wrap>
          <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="building-create">
            登记校舍
          </CreateButton>
          <ExportButton path="/buildings/export" query={query} testId="building-export" />
          <LabelsButton kind="building" schoolId={query.schoolId} testId="building-labels" />
        </Space>
      </div>
      <LedgerList<BuildingView>
        testId="building"
        rowIdAttr="data-building-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={() => {
          setQ('');
          clear();
        }}
        canWrite={canWrite}
        unit="栋"
        empty={{ noun: '校舍', hint: '请点击“登记校舍”逐栋登记教学楼、宿舍、食堂等，并录入最近一次房屋安全鉴定' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="building-filter-school" />
            <StageFilter value={query.stage} />
            <EnumFilter placeholder="用途" labels={buildingUseLabels} value={query.use} onChange={(v) => s.set({ use: v })} />
            <EnumFilter placeholder="鉴定等级" labels={appraisalGradeLabels} value={query.grade} onChange={(v) => s.set({ grade: v })} />
            <EnumFilter placeholder="是否在用" labels={inUseLabels} value={query.inUse} onChange={(v) => s.set({ inUse: v })} minWidth={100} />
            <EnumFilter placeholder="鉴定状态" labels={dueLabels} value={query.due} onChange={(v) => s.set({ due: v })} />
            <Input.Search
              allowClear
              placeholder="校舍名称"
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
      <BuildingDrawer open={d.drawerOpen} item={d.editing} onClose={d.closeDrawer} />
      <VoidRecordModal<BuildingView>
        record={d.voiding}
        title="作废校舍记录"
        describe={(b) => `${b.schoolName} · ${b.name}。校舍拆除或停用请改为“停用”；作废仅用于误登记，其隐患将由系统销号，记录保留留痕。`}
        onVoid={(b, reason) => buildingsApi.void(b.id, b.version, reason)}
        listKey={BUILDINGS_KEY}
        done="校舍记录已作废"
        testId="building"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}

function ChecksTable({ siteId }: { siteId: number }) {
  const q = useQuery({ queryKey: [...BUILDINGS_KEY, 'checks', siteId], queryFn: () => buildingsApi.checks({ siteId, pageSize: 100 }) });
  const columns: TableColumnsType<SiteCheckView> = [
    { title: '检查日期', dataIndex: 'checkedOn', width: 110 },
    { title: '检查人', dataIndex: 'checkedBy', width: 110 },
    { title: '硬隔离', dataIndex: 'fenceIntact', width: 100, render: (v: boolean) => (v ? <Tag color="green">完好</Tag> : <Tag color="red">有缺口</Tag>) },
    { title: '出入口', dataIndex: 'entranceSeparate', width: 100, render: (v: boolean) => (v ? <Tag color="green">独立</Tag> : <Tag color="red">交叉</Tag>) },
    { title: '发现的问题', dataIndex: 'checkNote', render: (v: string | null) => muted(v) },
    { title: '照片', dataIndex: 'files', width: 120, render: (f: SiteCheckView['files']) => <FileList files={f} size={28} empty="—" /> },
  ];
  return <Table<SiteCheckView> rowKey="id" size="small" columns={columns} dataSource={q.data?.items} loading={q.isFetching} pagination={false} locale={{ emptyText: '尚无检查记录：施工期间每周至少检查一次' }} />;
}

function SitesTab() {
  const { isSchool, canWrite } = useLedgerViewer();
  const s = useSearchState();
  const d = useLedgerDrawers<SiteView>();
  const [checking, setChecking] = useState<SiteView | null>(null);
  const [viewing, setViewing] = useState<SiteView | null>(null);
  const query: SiteQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    stage: stageOf(s.get('stage')),
    running: pick(s.get('running'), ['true', 'false'] as const),
    status: pick(s.get('status'), recordStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...BUILDINGS_KEY, 'sites', query], queryFn: () => buildingsApi.sites(query), placeholderData: keepPreviousData });
  // The buildings a site may be for (the drawer's choice), the school's own.
  const buildings = useQuery({ queryKey: [...BUILDINGS_KEY, 'for-sites'], queryFn: () => buildingsApi.list({ pageSize: 200 }), enabled: canWrite });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'stage', 'running', 'status']);
  const today = todayBeijing();

  const columns: TableColumnsType<SiteView> = [
    ...schoolColumn<SiteView>(isSchool),
    {
      title: '施工项目',
      dataIndex: 'project',
      width: 200,
      render: (v: string, x) => (
        <span>
          <Tooltip title="查看每周检查记录">
            <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setViewing(x)}>
              {v}
            </Button>
          </Tooltip>
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{x.constructionUnit}</div>
        </span>
      ),
    },
    { title: '工期', key: 'days', width: 200, render: (_: unknown, x) => <span>{x.startsOn} 至 {x.endsOn}<div>{x.running ? <Tag color="processing">施工中</Tag> : x.startsOn > today ? <Tag>未开工</Tag> : <Tag>已完工</Tag>}</div></span> },
    { title: '涉及校舍', dataIndex: 'buildingName', width: 130, render: (v: string | null) => muted(v) },
    {
      title: '隔离措施',
      key: 'isolation',
      width: 220,
      render: (_: unknown, x) => (
        <Space size={[4, 4]} wrap>
          <Tag color={x.hardFence ? 'green' : 'red'}>{x.hardFence ? '硬隔离' : '无硬隔离'}</Tag>
          <Tag color={x.separateEntrance ? 'green' : 'red'}>{x.separateEntrance ? '独立出入口' : '出入口未分开'}</Tag>
          <FileList files={x.files} size={24} empty="" />
        </Space>
      ),
    },
    { title: '最近检查', dataIndex: 'lastCheckedOn', width: 110, render: (v: string | null, x) => (v ?? (x.running ? <Tag color="red">未检查</Tag> : '—')) },
    { title: '状态', dataIndex: 'status', width: 80, render: (v: SiteView['status'], r) => <RecordStatusTag status={v} voidReason={r.voidReason} /> },
    ...(canWrite
      ? [
          {
            title: '每周检查',
            key: 'check',
            width: 100,
            fixed: 'right' as const,
            render: (_: unknown, x: SiteView) =>
              x.status === 'recorded' && x.startsOn <= today && (
                <Button size="small" type="primary" ghost onClick={() => setChecking(x)} data-testid="site-check">
                  登记检查
                </Button>
              ),
          },
        ]
      : []),
    ...recordActionsColumn<SiteView>({ canWrite, testId: 'site', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];

  return (
    <>
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}>
        <Space wrap>
          <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="site-create">
            登记校园施工
          </CreateButton>
          <ExportButton path="/construction-sites/export" query={query} testId="site-export" />
        </Space>
      </div>
      <LedgerList<SiteView>
        testId="site"
        rowIdAttr="data-site-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={clear}
        canWrite={canWrite}
        unit="个"
        empty={{ noun: '校园施工项目', hint: '校内有新建、改扩建或维修工程时，请点击“登记校园施工”，上传硬隔离照片，施工期间每周登记检查' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="site-filter-school" />
            <StageFilter value={query.stage} />
            <EnumFilter placeholder="施工状态" labels={runningLabels} value={query.running} onChange={(v) => s.set({ running: v })} minWidth={120} />
            <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          </>
        }
      />
      {viewing && (
        <Card size="small" title={`每周检查记录：${viewing.project}`} extra={<Button size="small" onClick={() => setViewing(null)}>收起</Button>} style={{ marginTop: 12 }}>
          <ChecksTable siteId={viewing.id} />
        </Card>
      )}
      <SiteDrawer open={d.drawerOpen} item={d.editing} buildings={buildings.data?.items ?? []} onClose={d.closeDrawer} />
      <SiteCheckDrawer site={checking} onClose={() => setChecking(null)} />
      <VoidRecordModal<SiteView>
        record={d.voiding}
        title="作废施工项目"
        describe={(x) => `${x.schoolName} · ${x.project}。作废仅用于误登记，记录保留留痕，不再计入每周检查。`}
        onVoid={(x, reason) => buildingsApi.voidSite(x.id, x.version, reason)}
        listKey={BUILDINGS_KEY}
        done="施工项目已作废"
        testId="site"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}

/** The town's and the bureau's view: per town, C/D buildings in use first. */
function TownsTab() {
  const q = useQuery({ queryKey: [...BUILDINGS_KEY, 'summary'], queryFn: () => buildingsApi.summary() });
  const s = useSearchState();
  const columns: TableColumnsType<BuildingSummary['rows'][number]> = [
    { title: '镇街', dataIndex: 'townName', width: 160 },
    { title: '校舍', dataIndex: 'buildings', width: 90 },
    { title: '在用', dataIndex: 'inUse', width: 90 },
    {
      title: 'C/D级在用',
      dataIndex: 'unsafeInUse',
      width: 120,
      render: (v: number, r) =>
        v ? (
          <Button type="link" danger size="small" style={{ padding: 0 }} data-testid="town-unsafe" onClick={() => s.set({ tab: 'buildings', townId: r.townId ?? undefined, inUse: 'true', grade: undefined })}>
            {v} 栋
          </Button>
        ) : (
          <Tag color="green">0</Tag>
        ),
    },
    { title: '鉴定过期或未鉴定', dataIndex: 'appraisalOverdue', width: 150, render: (v: number) => (v ? <Tag color="orange">{v} 栋</Tag> : <Tag color="green">0</Tag>) },
    { title: '在建工地', dataIndex: 'sitesRunning', width: 110 },
  ];
  return (
    <Table
      rowKey={(r) => String(r.townId)}
      size="small"
      columns={columns}
      dataSource={q.data?.rows}
      loading={q.isFetching}
      pagination={false}
      locale={{ emptyText: '辖区学校尚未登记校舍：请学校在“校舍”页登记' }}
      data-testid="building-towns"
    />
  );
}

export default function BuildingsPage() {
  const s = useSearchState();
  const { isSchool } = useLedgerViewer();
  const tab = pick(s.get('tab'), tabs) ?? 'buildings';
  return (
    <>
      <PageHeader title="校舍与施工" subTitle="校舍房屋安全鉴定、C/D级危房不得使用、施工区域严密隔离并每周检查（001 第18条、000 第10条）" />
      <Tabs
        activeKey={tab}
        // A tab's filters are its own: switching starts from a clean address.
        onChange={(k) => s.set({ tab: k, ...Object.fromEntries(['schoolId', 'townId', 'stage', 'use', 'grade', 'inUse', 'due', 'q', 'running', 'status', 'pageSize'].map((f) => [f, undefined])) })}
        items={[
          { key: 'buildings', label: '校舍', children: tab === 'buildings' && <BuildingsTab /> },
          { key: 'sites', label: '校园施工', children: tab === 'sites' && <SitesTab /> },
          ...(isSchool ? [] : [{ key: 'towns', label: '按镇街', children: tab === 'towns' && <TownsTab /> }]),
        ]}
      />
    </>
  );
}
