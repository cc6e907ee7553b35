// 防溺水 (001 item 12; issue 22): 危险水域 / 网格化包靠 / 督查 / 零溺亡. The season comes from the
// risk calendar (flood_drowning); the closed loop 教育、包靠、督查、通报、问责: findings become hazards,
// the bureau drafts a 通报 from a season's findings through the notices of 通报约谈问责.
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, InputNumber, Select, Space, Table, Tabs, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { findingKindLabels, waterKindLabels, waterKinds, type PatrolView, type WaterView } from '../../contracts/drowning.js';
import { useCan, useMe } from '../auth.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { PageHeader } from '../components/PageHeader.js';
import { TownFilter } from '../components/TownFilter.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { VoidRecordModal } from '../ledger/ledgerParts.js';
import { DROWNING_KEY, drowningApi } from './drowningApi.js';
import { GridTab } from './GridTab.js';
import { PatrolDrawer } from './PatrolDrawer.js';
import { WaterDrawer } from './WaterDrawer.js';

const thisYear = () => Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4));
const yesNo = (v: boolean, yes: string, no: string) => (v ? <Tag color="green">{yes}</Tag> : <Tag color="red">{no}</Tag>);

function WatersTab() {
  const s = useSearchState();
  const can = useCan();
  const canWrite = can('drowning.waters');
  const [editing, setEditing] = useState<WaterView | null>(null);
  const [open, setOpen] = useState(false);
  const [voiding, setVoiding] = useState<WaterView | null>(null);
  const q = { townId: positiveInt(s.get('townId')), kind: pick(s.get('kind'), waterKinds), lacking: s.get('lacking') === 'true' ? true : undefined };
  const list = useQuery({ queryKey: [...DROWNING_KEY, 'waters', q], queryFn: () => drowningApi.waters(q), placeholderData: keepPreviousData });
  const columns: TableColumnsType<WaterView> = [
    { title: '水域', dataIndex: 'name', render: (v: string, w) => <span data-water-id={w.id}>{v}</span> },
    { title: '类型', dataIndex: 'kind', width: 80, render: (k: WaterView['kind']) => waterKindLabels[k] },
    { title: '镇街', dataIndex: 'townName', width: 110 },
    { title: '位置', dataIndex: 'place', render: (v: string, w) => `${v}（${w.lat.toFixed(4)}, ${w.lng.toFixed(4)}）` },
    { title: '警示标志', dataIndex: 'warningSign', width: 90, render: (v: boolean) => yesNo(v, '有', '缺失') },
    { title: '救生设施', dataIndex: 'rescueKit', width: 90, render: (v: boolean) => yesNo(v, '有', '缺失') },
    { title: '责任村（居）', key: 'v', width: 190, render: (_: unknown, w) => `${w.village} · ${w.villageContact} ${w.villagePhone}` },
    { title: '附近学校', key: 's', render: (_: unknown, w) => w.schools.map((x) => x.name).join('、') || '—' },
    { title: '最近督查', dataIndex: 'lastPatrolledOn', width: 110, render: (v: string | null) => v ?? <Tag color="orange">未督查</Tag> },
    ...(canWrite
      ? [
          {
            title: '操作',
            key: 'a',
            width: 110,
            render: (_: unknown, w: WaterView) => (
              <Space>
                <a
                  onClick={() => {
                    setEditing(w);
                    setOpen(true);
                  }}
                  data-testid={`water-edit-${w.id}`}
                >
                  修改
                </a>
                <a onClick={() => setVoiding(w)}>作废</a>
              </Space>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      <Space wrap style={{ marginBottom: 12, display: 'flex', justifyContent: 'space-between' }}>
        <Space wrap>
          <TownFilter value={q.townId} onChange={(v) => s.set({ townId: v ? String(v) : undefined })} />
          <EnumFilter placeholder="水域类型" labels={waterKindLabels} value={q.kind} onChange={(v) => s.set({ kind: v })} minWidth={120} />
          <Select
            allowClear
            placeholder="设施情况"
            style={{ width: 160 }}
            value={q.lacking ? 'true' : undefined}
            onChange={(v) => s.set({ lacking: v })}
            options={[{ value: 'true', label: '缺警示标志或救生设施' }]}
            data-testid="water-filter-lacking"
          />
        </Space>
        <Space>
          {canWrite && (
            <Button
              type="primary"
              onClick={() => {
                setEditing(null);
                setOpen(true);
              }}
              data-testid="water-create"
            >
              登记危险水域
            </Button>
          )}
          <ExportButton path="/drowning/waters/export" query={q} testId="water-export" />
        </Space>
      </Space>
      <Table<WaterView>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        pagination={{ pageSize: 20 }}
        scroll={{ x: 1200 }}
        locale={{ emptyText: canWrite ? '尚无危险水域：点击“登记危险水域”，登记河道、水塘、水库、沟渠的位置、警示标志、救生设施和责任村' : '范围内暂无登记的危险水域（由镇街登记）' }}
        data-testid="waters"
      />
      <WaterDrawer open={open} water={editing} onClose={() => setOpen(false)} />
      <VoidRecordModal<WaterView>
        record={voiding}
        title="作废危险水域"
        describe={(w) => `${w.townName} · ${w.name}。作废后记录保留留痕，不再列入危险水域和督查。`}
        onVoid={(w, reason) => drowningApi.voidWater(w.id, w.version, reason)}
        listKey={DROWNING_KEY}
        done="危险水域已作废"
        testId="water"
        onClose={() => setVoiding(null)}
      />
    </>
  );
}

function PatrolsTab({ year }: { year: number }) {
  const can = useCan();
  const [open, setOpen] = useState(false);
  const list = useQuery({ queryKey: [...DROWNING_KEY, 'patrols', year], queryFn: () => drowningApi.patrols({ year }) });
  const waters = useQuery({ queryKey: [...DROWNING_KEY, 'waters', {}], queryFn: () => drowningApi.waters({}), enabled: open });
  const columns: TableColumnsType<PatrolView> = [
    { title: '督查日期', dataIndex: 'patrolledOn', width: 110 },
    { title: '督查单位', dataIndex: 'unitName', width: 140 },
    { title: '水域', key: 'w', render: (_: unknown, p) => p.waters.map((w) => w.name).join('、') },
    { title: '督查人员', dataIndex: 'patrollers', width: 160 },
    { title: '督查情况', dataIndex: 'summary', render: (v: string | null) => v || '—' },
    {
      title: '发现问题（隐患）',
      key: 'f',
      render: (_: unknown, p) =>
        p.findings.length ? (
          <Space direction="vertical" size={0}>
            {p.findings.map((f) => (
              <Link key={f.id} to={`/hazards/${f.hazard.id}`}>
                {f.waterName}：{findingKindLabels[f.kind]}（{f.hazard.code}）
              </Link>
            ))}
          </Space>
        ) : (
          <Tag color="green">未发现问题</Tag>
        ),
    },
  ];
  return (
    <>
      <Space style={{ marginBottom: 12, display: 'flex', justifyContent: 'flex-end' }}>
        {can('drowning.patrol') && (
          <Button type="primary" onClick={() => setOpen(true)} data-testid="patrol-create">
            登记督查
          </Button>
        )}
      </Space>
      <Table<PatrolView>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        pagination={{ pageSize: 20 }}
        locale={{ emptyText: `${year} 年尚无防溺水督查：汛期按规则包的频次巡查危险水域，点击“登记督查”，发现的问题会登记为隐患` }}
        data-testid="patrols"
      />
      <PatrolDrawer open={open} waters={waters.data?.items ?? []} onClose={() => setOpen(false)} />
    </>
  );
}

function ZeroTab({ year }: { year: number }) {
  const can = useCan();
  const me = useMe();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const z = useQuery({ queryKey: [...DROWNING_KEY, 'zero', year], queryFn: () => drowningApi.zero(year) });
  const draft = useMutation({
    mutationFn: () => drowningApi.draftNotice(year),
    onSuccess: (n) => {
      message.success(`已起草通报 ${n.code}`);
      navigate(`/accountability/notices/${n.id}`);
    },
  });
  return (
    <>
      <Space wrap style={{ marginBottom: 12, display: 'flex', justifyContent: 'space-between' }}>
        <span>
          汛期 {z.data?.season.startsOn ?? ''} 至 {z.data?.season.endsOn ?? ''}（风险日历），每 {z.data?.cadenceDays ?? ''} 天至少督查一次危险水域（规则包）
        </span>
        {can('accountability.manage') && me.unit.kind === 'bureau' && (
          <Button onClick={() => draft.mutate()} loading={draft.isPending} data-testid="notice-draft">
            由督查问题起草通报
          </Button>
        )}
      </Space>
      <Table
        rowKey="townId"
        size="middle"
        loading={z.isLoading}
        dataSource={z.data?.towns ?? []}
        pagination={false}
        locale={{ emptyText: '范围内暂无镇街' }}
        data-testid="zero-towns"
        columns={[
          { title: '镇街', dataIndex: 'townName' },
          { title: `${year} 年零溺亡`, dataIndex: 'zero', render: (ok: boolean, t) => (ok ? <Tag color="green">零溺亡</Tag> : <Tag color="red">发生溺水 {t.drownings} 起</Tag>) },
          { title: '危险水域', dataIndex: 'waters', align: 'right' },
          { title: '缺标志或设施', dataIndex: 'watersLacking', align: 'right', render: (n: number) => (n ? <Tag color="orange">{n}</Tag> : 0) },
          { title: '最近督查', dataIndex: 'lastPatrolledOn', render: (v: string | null) => v ?? '—' },
          {
            title: '下次督查',
            dataIndex: 'patrolDueOn',
            render: (v: string | null, t) => (v ? t.patrolOverdue ? <Tag color="red">已逾期（应于 {v} 前）</Tag> : v : '非汛期'),
          },
        ]}
      />
    </>
  );
}

export default function DrowningPage() {
  const s = useSearchState();
  const me = useMe();
  const year = positiveInt(s.get('year')) ?? thisYear();
  const tabs = ['waters', 'grid', 'patrols', 'zero'] as const;
  const tab = pick(s.get('tab'), tabs) ?? 'waters';
  return (
    <>
      <PageHeader
        title="防溺水"
        subTitle="持续做好预防未成年学生溺水工作：危险水域、网格化包靠、督查、通报、问责闭环（001 第12条）"
        extra={
          <Space>
            年度
            <InputNumber min={2020} max={2099} value={year} onChange={(v) => v && s.set({ year: String(v) })} style={{ width: 100 }} data-testid="drowning-year" />
          </Space>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(k) => s.set({ tab: k === 'waters' ? undefined : k, page: undefined })}
        items={[
          { key: 'waters', label: '危险水域', children: tab === 'waters' ? <WatersTab /> : null },
          { key: 'grid', label: me.unit.kind === 'school' ? '网格化包靠' : '网格化包靠（覆盖率）', children: tab === 'grid' ? <GridTab year={year} /> : null },
          { key: 'patrols', label: '督查', children: tab === 'patrols' ? <PatrolsTab year={year} /> : null },
          { key: 'zero', label: '零溺亡', children: tab === 'zero' ? <ZeroTab year={year} /> : null },
        ]}
      />
    </>
  );
}
