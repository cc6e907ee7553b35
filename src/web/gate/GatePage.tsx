// 门卫来访: the gate log (002 area 7 四个一律, 001 item 15 护学岗). On a phone (390 px) the guard gets
// three large buttons and today's visitors as cards, each still inside with 登记离开; at a desk the
// list with filters (town, school, stage, kind, flagged, days), export and corrections. A visitor
// let in without a staff member, a refusal and a short 护学岗 day are tagged.
import { CarOutlined, LogoutOutlined, SafetyOutlined, UserAddOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Card, Empty, Grid, Input, List, Segmented, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { schoolStageLabels } from '../../contracts/enums.js';
import { gateKindLabels, gateKinds, type GateKind, type GateView } from '../../contracts/gate.js';
import { recordStatuses, recordStatusLabels } from '../../contracts/ledger.js';
import { useCan } from '../auth.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { ImportButton } from '../components/ImportButton.js';
import { FileList } from '../components/FileList.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { todayBeijing } from '../dates.js';
import { DayRangeFilter, LedgerList, recordActionsColumn, useFilterKeys, useLedgerDrawers } from '../ledger/ledgerPage.js';
import { PlaceFilters, RecordStatusTag, VoidRecordModal, isDay, schoolColumn, useInvalidateLedger, useLedgerViewer } from '../ledger/ledgerParts.js';
import { showError } from '../feedback.js';
import { GateFormDrawer } from './GateFormDrawer.js';
import { GATE_KEY, gateApi, type GateQuery } from './gateApi.js';

const hhmm = (iso: string | null) => (iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(11, 16) : '—');
const when = (iso: string | null) => (iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '—');

function Flags({ r }: { r: GateView }) {
  return (
    <Space size={4} wrap>
      {r.unescorted && <Tag color="red">无教职工带领</Tag>}
      {r.admitted === false && <Tag color="orange">拒绝进入</Tag>}
      {r.postShort && <Tag color="red">护学岗不足</Tag>}
      {r.kind === 'visitor' && r.admitted && !r.leftAt && r.status === 'recorded' && <Tag color="blue">在校</Tag>}
    </Space>
  );
}

function who(r: GateView) {
  if (r.kind === 'visitor') return `${r.visitorName ?? ''}${r.organisation ? `（${r.organisation}）` : ''}`;
  if (r.kind === 'vehicle') return `${r.plate ?? ''}${r.driverName ? ` ${r.driverName}` : ''}`;
  return `上学：教师 ${r.arrivalTeachers} 人、保安 ${r.arrivalGuards} 人；放学：教师 ${r.dismissalTeachers} 人、保安 ${r.dismissalGuards} 人`;
}

function detail(r: GateView) {
  if (r.kind === 'visitor') return [r.purpose, r.hostName && `访 ${r.hostName}`, r.escortName && `${r.escortName} 带领`, r.idNumberMasked].filter(Boolean).join(' · ');
  if (r.kind === 'vehicle') return r.admitted === false ? `拒绝：${r.refusalReason}` : '准入';
  return r.onDuty ?? '';
}

/** The guard's phone: big buttons, today's visitors and vehicles as cards, 登记离开 on each visitor inside. */
function PhoneGate({ canWrite, onNew }: { canWrite: boolean; onNew: (k: GateKind) => void }) {
  const [view, setView] = useState<'inside' | 'today'>('inside');
  const today = todayBeijing();
  const { message } = App.useApp();
  const invalidate = useInvalidateLedger(GATE_KEY);
  const query: GateQuery = view === 'inside' ? { inside: 'true', pageSize: 100 } : { from: today, to: today, pageSize: 100 };
  const list = useQuery({ queryKey: [...GATE_KEY, 'phone', query], queryFn: () => gateApi.list(query), placeholderData: keepPreviousData });
  const leave = useMutation({
    mutationFn: (r: GateView) => gateApi.leave(r.id, { version: r.version }),
    onSuccess: (r) => {
      invalidate();
      message.success(`${r.visitorName} 已离开（${hhmm(r.leftAt)}）`);
    },
    onError: (e) => showError(e),
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {canWrite && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Button type="primary" size="large" block icon={<UserAddOutlined />} onClick={() => onNew('visitor')} data-testid="gate-new-visitor">
            登记来访
          </Button>
          <Space.Compact block>
            <Button size="large" block icon={<CarOutlined />} onClick={() => onNew('vehicle')} data-testid="gate-new-vehicle">
              登记车辆
            </Button>
            <Button size="large" block icon={<SafetyOutlined />} onClick={() => onNew('guard_post')} data-testid="gate-new-post">
              护学岗
            </Button>
          </Space.Compact>
        </Space>
      )}
      <Segmented block size="large" value={view} onChange={(v) => setView(v as typeof view)} options={[{ value: 'inside', label: '在校访客' }, { value: 'today', label: '今日登记' }]} />
      <List<GateView>
        dataSource={list.data?.items}
        loading={list.isFetching}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={view === 'inside' ? '目前没有在校访客。来访人员到达时点击“登记来访”' : '今天还没有登记，来访人员或车辆到达时点击上方按钮登记'} /> }}
        renderItem={(r) => (
          <Card size="small" style={{ marginBottom: 8 }} data-testid="gate-card" data-gate-id={r.id}>
            <Space direction="vertical" size={2} style={{ width: '100%' }}>
              <Space wrap>
                <Tag>{gateKindLabels[r.kind]}</Tag>
                <Typography.Text strong>{who(r)}</Typography.Text>
                <Flags r={r} />
              </Space>
              <Typography.Text type="secondary">{detail(r)}</Typography.Text>
              {r.kind !== 'guard_post' && (
                <Typography.Text type="secondary">
                  到达 {hhmm(r.arrivedAt)}
                  {r.leftAt ? ` · 离开 ${hhmm(r.leftAt)}` : ''}
                </Typography.Text>
              )}
              {canWrite && r.kind === 'visitor' && r.admitted && !r.leftAt && (
                <Button size="large" block icon={<LogoutOutlined />} loading={leave.isPending && leave.variables?.id === r.id} onClick={() => leave.mutate(r)} data-testid="gate-leave">
                  登记离开
                </Button>
              )}
            </Space>
          </Card>
        )}
      />
    </Space>
  );
}

export default function GatePage() {
  const { isSchool } = useLedgerViewer();
  const can = useCan();
  const canWrite = can('gate.record');
  const screens = Grid.useBreakpoint();
  const s = useSearchState();
  const d = useLedgerDrawers<GateView>();
  const [kind, setKind] = useState<GateKind>('visitor');
  const [q, setQ] = useState(s.get('q') ?? '');
  const phone = !screens.md && isSchool;

  const query: GateQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    stage: pick(s.get('stage'), Object.keys(schoolStageLabels) as Array<keyof typeof schoolStageLabels>),
    kind: pick(s.get('kind'), gateKinds),
    flagged: s.get('flagged') === 'true' ? 'true' : undefined,
    q: s.get('q')?.trim() || undefined,
    from: isDay(s.get('from')),
    to: isDay(s.get('to')),
    status: pick(s.get('status'), recordStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...GATE_KEY, 'list', query], queryFn: () => gateApi.list(query), placeholderData: keepPreviousData, enabled: !phone });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'stage', 'kind', 'flagged', 'q', 'from', 'to', 'status']);
  const open = (k: GateKind) => {
    setKind(k);
    d.setCreating(true);
  };

  const columns: TableColumnsType<GateView> = [
    ...schoolColumn<GateView>(isSchool),
    { title: '日期', dataIndex: 'recordedOn', width: 110 },
    { title: '类型', dataIndex: 'kind', width: 90, render: (v: GateKind) => gateKindLabels[v] },
    { title: '来访人 / 车辆 / 护学岗', key: 'who', width: 260, render: (_: unknown, r) => <span>{who(r)}<div><Flags r={r} /></div></span> },
    { title: '事由与去向', key: 'detail', width: 260, ellipsis: true, render: (_: unknown, r) => detail(r) },
    { title: '到达', dataIndex: 'arrivedAt', width: 140, render: (v: string | null) => when(v) },
    { title: '离开', dataIndex: 'leftAt', width: 140, render: (v: string | null) => when(v) },
    { title: '值班门卫', dataIndex: 'guardName', width: 90 },
    { title: '照片', dataIndex: 'files', width: 100, render: (f: GateView['files']) => <FileList files={f} size={32} empty="—" /> },
    { title: '状态', dataIndex: 'status', width: 80, render: (v: GateView['status'], r) => <RecordStatusTag status={v} voidReason={r.voidReason} /> },
    ...recordActionsColumn<GateView>({ canWrite, testId: 'gate', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];

  return (
    <>
      <PageHeader
        title="门卫来访"
        subTitle="外来人员一律由教职工带入并逐一登记，可疑人员、无关车辆一律禁止进入，上下学一律有教师和保安在门口（002 第7项）"
        extra={
          !phone && (
            <Space wrap>
              {canWrite && (
                <>
                  <Button type="primary" icon={<UserAddOutlined />} onClick={() => open('visitor')} data-testid="gate-create-visitor">登记来访</Button>
                  <Button icon={<CarOutlined />} onClick={() => open('vehicle')}>登记车辆</Button>
                  <Button icon={<SafetyOutlined />} onClick={() => open('guard_post')}>护学岗</Button>
                </>
              )}
              <ExportButton path="/gate-records/export" query={query} testId="gate-export" />
              <ImportButton kind="gate" testId="gate-import" />
            </Space>
          )
        }
      />
      {phone ? (
        <PhoneGate canWrite={canWrite} onNew={open} />
      ) : (
        <LedgerList<GateView>
          testId="gate"
          rowIdAttr="data-gate-id"
          list={list}
          columns={columns}
          filtered={filtered}
          onReset={() => {
            setQ('');
            clear();
          }}
          canWrite={canWrite}
          empty={{ noun: '门卫登记', hint: '来访人员、车辆到达时点击“登记来访”“登记车辆”；每个上学日登记护学岗' }}
          filters={
            <>
              <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="gate-filter-school" />
              {!isSchool && <EnumFilter placeholder="学段" labels={schoolStageLabels} value={query.stage} onChange={(v) => s.set({ stage: v })} />}
              <EnumFilter placeholder="类型" labels={gateKindLabels} value={query.kind} onChange={(v) => s.set({ kind: v })} />
              <EnumFilter placeholder="全部登记" labels={{ true: '仅看异常（无人带领、拒绝、护学岗不足）' }} value={query.flagged} onChange={(v) => s.set({ flagged: v })} minWidth={160} />
              <Input.Search allowClear placeholder="姓名、车牌、被访人" style={{ width: 200 }} value={q} onChange={(e) => { setQ(e.target.value); if (!e.target.value) s.set({ q: undefined }); }} onSearch={(v) => s.set({ q: v.trim() || undefined })} />
              <DayRangeFilter from={query.from} to={query.to} />
              <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
            </>
          }
        />
      )}
      <GateFormDrawer open={d.drawerOpen} kind={kind} record={d.editing} onClose={d.closeDrawer} />
      <VoidRecordModal<GateView>
        record={d.voiding}
        title="作废门卫登记"
        describe={(r) => `${r.schoolName} · ${gateKindLabels[r.kind]} ${who(r)}（${r.recordedOn}）。作废后记录保留留痕。`}
        onVoid={(r, reason) => gateApi.void(r.id, r.version, reason)}
        listKey={GATE_KEY}
        done="门卫登记已作废"
        testId="gate"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}
