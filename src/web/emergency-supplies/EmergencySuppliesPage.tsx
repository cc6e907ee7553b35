// 应急物资: a school's supplies per store (000 item 4: 保障应急队伍和物资储备; 000 item 10: 备齐备足),
// each judged as of today (expired, under the minimum, expiring), stock checks (盘点), and for the
// town and the bureau the readiness by town as a chart and a table that drills down to the schools.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Space, Table, Tabs, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { supplyStateLabels, supplyStates, type StockCheckView, type SupplyReadiness, type SupplyView } from '../../contracts/emergency-supplies.js';
import { recordStatuses, recordStatusLabels } from '../../contracts/ledger.js';
import { EChart, type EChartOption } from '../components/EChart.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { CreateButton, LedgerList, recordActionsColumn, useFilterKeys, useLedgerDrawers } from '../ledger/ledgerPage.js';
import { PlaceFilters, RecordStatusTag, VoidRecordModal, schoolColumn, useLedgerViewer } from '../ledger/ledgerParts.js';
import { SUPPLIES_KEY, emergencySuppliesApi, type SupplyQuery } from './emergencySuppliesApi.js';
import { StockCheckDrawer } from './StockCheckDrawer.js';
import { SupplyFormDrawer } from './SupplyFormDrawer.js';

const STATE_COLORS: Record<SupplyView['state'], string> = { ok: 'green', short: 'orange', expired: 'red', expiring: 'gold' };

function SuppliesTab() {
  const { isSchool, canWrite } = useLedgerViewer();
  const s = useSearchState();
  const d = useLedgerDrawers<SupplyView>();
  const [checking, setChecking] = useState(false);
  const [item, setItem] = useState(s.get('itemName') ?? '');
  const query: SupplyQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    itemName: s.get('itemName')?.trim() || undefined,
    state: pick(s.get('state'), supplyStates),
    status: pick(s.get('status'), recordStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...SUPPLIES_KEY, 'list', query], queryFn: () => emergencySuppliesApi.supplies(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'itemName', 'state', 'status']);
  const columns: TableColumnsType<SupplyView> = [
    ...schoolColumn<SupplyView>(isSchool),
    { title: '存放库点', dataIndex: 'depot', width: 130 },
    { title: '物资名称', dataIndex: 'itemName', width: 150 },
    { title: '数量 / 最低储备', key: 'q', width: 130, align: 'right', render: (_: unknown, r) => `${r.quantity} / ${r.minimum} ${r.unit}` },
    { title: '存放位置', dataIndex: 'shelf', width: 140, render: (v: string | null) => v || '—' },
    { title: '有效期至', dataIndex: 'expiresOn', width: 110, render: (v: string | null) => v || '长期' },
    { title: '最近盘点', dataIndex: 'lastCheckedOn', width: 110, render: (v: string | null) => v || '未盘点' },
    {
      title: '判定',
      dataIndex: 'state',
      width: 110,
      render: (v: SupplyView['state'], r) => (r.status === 'recorded' ? <Tag color={STATE_COLORS[v]} data-testid={`supply-state-${v}`}>{supplyStateLabels[v]}</Tag> : null),
    },
    { title: '状态', dataIndex: 'status', width: 80, render: (v: SupplyView['status'], r) => <RecordStatusTag status={v} voidReason={r.voidReason} /> },
    ...recordActionsColumn<SupplyView>({ canWrite, testId: 'supply', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];
  return (
    <>
      <Space wrap style={{ marginBottom: 12, display: 'flex', justifyContent: 'flex-end' }}>
        <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="supply-create">
          登记物资
        </CreateButton>
        {canWrite && (
          <Button onClick={() => setChecking(true)} data-testid="stock-check-create">
            登记盘点
          </Button>
        )}
        <ExportButton path="/emergency-supplies/export" query={query} testId="supply-export" />
      </Space>
      <LedgerList<SupplyView>
        testId="supplies"
        rowIdAttr="data-supply-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={() => {
          setItem('');
          clear();
        }}
        canWrite={canWrite}
        empty={{ noun: '应急物资', hint: '点击“登记物资”，按库点登记手电筒、急救包、沙袋等应急物资的数量、最低储备和有效期' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="supply-filter-school" />
            <Input.Search
              allowClear
              placeholder="物资名称"
              style={{ width: 180 }}
              value={item}
              onChange={(e) => {
                setItem(e.target.value);
                if (!e.target.value) s.set({ itemName: undefined });
              }}
              onSearch={(v) => s.set({ itemName: v.trim() || undefined })}
            />
            <EnumFilter placeholder="判定" labels={supplyStateLabels} value={query.state} onChange={(v) => s.set({ state: v })} minWidth={130} />
            <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          </>
        }
      />
      <SupplyFormDrawer open={d.drawerOpen} supply={d.editing} onClose={d.closeDrawer} />
      <StockCheckDrawer open={checking} onClose={() => setChecking(false)} />
      <VoidRecordModal<SupplyView>
        record={d.voiding}
        title="作废应急物资记录"
        describe={(r) => `${r.schoolName} · ${r.depot} · ${r.itemName}。作废后记录保留留痕，不再计入物资储备。`}
        onVoid={(r, reason) => emergencySuppliesApi.voidSupply(r.id, r.version, reason)}
        listKey={SUPPLIES_KEY}
        done="应急物资记录已作废"
        testId="supply"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}

function ChecksTab() {
  const s = useSearchState();
  const { isSchool } = useLedgerViewer();
  const q = { schoolId: positiveInt(s.get('schoolId')), page: s.page, pageSize: s.pageSize };
  const list = useQuery({ queryKey: [...SUPPLIES_KEY, 'checks', q], queryFn: () => emergencySuppliesApi.stockChecks(q), placeholderData: keepPreviousData });
  const columns: TableColumnsType<StockCheckView> = [
    ...(isSchool ? [] : [{ title: '学校', dataIndex: 'schoolName', width: 200 }]),
    { title: '盘点日期', dataIndex: 'countedOn', width: 110 },
    {
      title: '盘点明细',
      dataIndex: 'lines',
      render: (ls: StockCheckView['lines']) => ls.map((l) => `${l.itemName} ${l.before}→${l.counted}`).join('；'),
    },
    { title: '备注', dataIndex: 'note', width: 200, render: (v: string | null) => v || '—' },
    { title: '登记人', dataIndex: 'createdByName', width: 100 },
  ];
  return (
    <Table<StockCheckView>
      rowKey="id"
      size="middle"
      loading={list.isLoading}
      dataSource={list.data?.items ?? []}
      columns={columns}
      locale={{ emptyText: '尚无盘点记录：在“物资台账”中点击“登记盘点”，按实盘数量更新库存' }}
      pagination={{ current: s.page, pageSize: s.pageSize, total: list.data?.total ?? 0, onChange: (page, pageSize) => s.set({ page: String(page), pageSize: String(pageSize) }) }}
      data-testid="stock-checks"
    />
  );
}

function readinessChart(r: SupplyReadiness): EChartOption {
  const towns = r.rows.map((x) => x.townName);
  const series = (name: string, key: 'ready' | 'short' | 'expired' | 'none', color: string) => ({ name, type: 'bar', stack: 'all', itemStyle: { color }, data: r.rows.map((x) => x[key]) });
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 40 },
    xAxis: { type: 'category', data: towns, axisLabel: { interval: 0, rotate: towns.length > 8 ? 30 : 0 } },
    yAxis: { type: 'value', name: '学校数', minInterval: 1 },
    series: [series('储备达标', 'ready', '#52c41a'), series('低于最低储备', 'short', '#fa8c16'), series('有过期物资', 'expired', '#f5222d'), series('未登记物资', 'none', '#bfbfbf')],
  };
}

function ReadinessTab() {
  const s = useSearchState();
  const r = useQuery({ queryKey: [...SUPPLIES_KEY, 'readiness'], queryFn: () => emergencySuppliesApi.readiness({}) });
  // Drill down: the town's supplies under the minimum or expired, on the ledger tab.
  const open = (townId: number | null, state?: 'short' | 'expired') => s.set({ tab: undefined, townId: townId ? String(townId) : undefined, state });
  return (
    <Card size="small" title={`各镇街应急物资储备（${r.data?.asOf ?? ''}）`} loading={r.isLoading}>
      {r.data && r.data.rows.length > 0 && <EChart option={readinessChart(r.data)} height={260} />}
      <Table
        rowKey={(x) => String(x.townId ?? 0)}
        size="small"
        pagination={false}
        dataSource={r.data?.rows ?? []}
        locale={{ emptyText: '范围内暂无学校' }}
        data-testid="supply-readiness"
        columns={[
          { title: '镇街', dataIndex: 'townName' },
          { title: '学校数', dataIndex: 'schools', align: 'right' },
          { title: '储备达标', dataIndex: 'ready', align: 'right' },
          { title: '低于最低储备', dataIndex: 'short', align: 'right', render: (n: number, x) => (n ? <a onClick={() => open(x.townId, 'short')}>{n}</a> : 0) },
          { title: '有过期物资', dataIndex: 'expired', align: 'right', render: (n: number, x) => (n ? <a onClick={() => open(x.townId, 'expired')}>{n}</a> : 0) },
          { title: '未登记物资', dataIndex: 'none', align: 'right' },
        ]}
      />
    </Card>
  );
}

export default function EmergencySuppliesPage() {
  const s = useSearchState();
  const { isSchool } = useLedgerViewer();
  const tab = s.get('tab') === 'checks' ? 'checks' : s.get('tab') === 'readiness' && !isSchool ? 'readiness' : 'supplies';
  return (
    <>
      <PageHeader title="应急物资" subTitle="保障应急物资储备，备齐备足，过期或低于最低储备及时补充（000 第4、10项，004 第4项）" />
      <Tabs
        activeKey={tab}
        onChange={(k) => s.set({ tab: k === 'supplies' ? undefined : k, page: undefined, state: undefined, status: undefined })}
        items={[
          { key: 'supplies', label: '物资台账', children: tab === 'supplies' ? <SuppliesTab /> : null },
          { key: 'checks', label: '盘点记录', children: tab === 'checks' ? <ChecksTab /> : null },
          ...(isSchool ? [] : [{ key: 'readiness', label: '各镇街储备情况', children: tab === 'readiness' ? <ReadinessTab /> : null }]),
        ]}
      />
    </>
  );
}
