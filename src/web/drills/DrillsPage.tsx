// 应急演练: the drill ledger (000 item 17, 001 item 6, 000 item 5) in the person's scope — filters
// above (kept in the address), record and correct in a drawer, void with a reason, Excel export.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Space, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { drillStatuses, drillStatusLabels, type Drill } from '../../contracts/drills.js';
import { drillKindLabels, drillKinds } from '../../contracts/rules.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { ImportButton } from '../components/ImportButton.js';
import { FileList } from '../components/FileList.js';
import { PageHeader } from '../components/PageHeader.js';
import { useCan } from '../auth.js';
import { HazardReportDrawer, type DrillOrigin } from '../hazards/HazardReportDrawer.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { DrillFormDrawer } from './DrillFormDrawer.js';
import { PlaceFilters, RecordStatusTag, VoidRecordModal, isDay, schoolColumn, useLedgerViewer } from '../ledger/ledgerParts.js';
import { CreateButton, DayRangeFilter, LedgerList, recordActionsColumn, useFilterKeys, useLedgerDrawers } from '../ledger/ledgerPage.js';
import { DRILLS_KEY, drillsApi, type DrillQuery } from './drillsApi.js';

export default function DrillsPage() {
  const { isSchool, canWrite } = useLedgerViewer();
  const s = useSearchState();
  const d = useLedgerDrawers<Drill>();
  const can = useCan();
  const navigate = useNavigate();
  // A problem found in the drill, reported as a hazard of the loop (000 item 17).
  const [reporting, setReporting] = useState<DrillOrigin | null>(null);
  const canReport = can('hazard.report');

  const query: DrillQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    kind: pick(s.get('kind'), drillKinds),
    from: isDay(s.get('from')),
    to: isDay(s.get('to')),
    status: pick(s.get('status'), drillStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...DRILLS_KEY, 'list', query], queryFn: () => drillsApi.drills(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'kind', 'from', 'to', 'status']);

  const columns: TableColumnsType<Drill> = [
    { title: '演练日期', dataIndex: 'heldOn', width: 110, fixed: 'left' },
    ...schoolColumn<Drill>(isSchool),
    { title: '演练类型', dataIndex: 'kind', width: 130, render: (v: Drill['kind']) => drillKindLabels[v] },
    { title: '参加人数', dataIndex: 'participants', width: 90, align: 'right', render: (v: number) => `${v} 人` },
    { title: '疏散用时', dataIndex: 'evacuationSeconds', width: 90, align: 'right', render: (v: number | null) => (v === null ? '—' : `${v} 秒`) },
    { title: '外部观摩', dataIndex: 'observers', width: 140, ellipsis: true, render: (v: string | null) => v ?? '—' },
    {
      title: '发现的问题',
      dataIndex: 'problems',
      width: 240,
      render: (v: string | null, r) => (
        <Space direction="vertical" size={0}>
          <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 220 }}>
            {v ?? '—'}
          </Typography.Text>
          {canReport && r.status === 'recorded' && (
            <Button
              size="small"
              type="link"
              style={{ padding: 0 }}
              onClick={() => setReporting({ drillId: r.id, schoolId: r.schoolId, schoolName: r.schoolName, heldOn: r.heldOn, problems: r.problems })}
              data-testid="drill-report-hazard"
            >
              上报隐患
            </Button>
          )}
        </Space>
      ),
    },
    { title: '照片', dataIndex: 'files', width: 120, render: (f: Drill['files']) => <FileList files={f} size={32} empty="—" /> },
    { title: '状态', dataIndex: 'status', width: 90, render: (v: Drill['status'], r) => <RecordStatusTag status={v} voidReason={r.voidReason} /> },
    { title: '登记人', dataIndex: 'createdByName', width: 90 },
    ...recordActionsColumn<Drill>({ canWrite, testId: 'drill', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];

  return (
    <>
      <PageHeader
        title="应急演练"
        subTitle="中小学每月至少 1 次、幼儿园每季度至少 1 次应急疏散演练（000 第17条，001 第6条）"
        extra={
          <Space wrap>
            <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="drill-create">
              登记演练
            </CreateButton>
            <ExportButton path="/drills/export" query={query} testId="drill-export" />
            <ImportButton kind="drills" testId="drill-import" />
          </Space>
        }
      />
      <LedgerList<Drill>
        testId="drill"
        rowIdAttr="data-drill-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={clear}
        canWrite={canWrite}
        empty={{ noun: '演练记录', hint: '开展演练后点击“登记演练”记录日期、类型、人数和照片' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="drill-filter-school" />
            <EnumFilter placeholder="演练类型" labels={drillKindLabels} value={query.kind} onChange={(v) => s.set({ kind: v })} minWidth={150} />
            <DayRangeFilter from={query.from} to={query.to} />
            <EnumFilter placeholder="有效记录" labels={drillStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          </>
        }
      />
      <DrillFormDrawer open={d.drawerOpen} drill={d.editing} onClose={d.closeDrawer} />
      <HazardReportDrawer open={!!reporting} drill={reporting ?? undefined} onClose={() => setReporting(null)} onCreated={(h) => navigate(`/hazards/${h.id}`)} />
      <VoidRecordModal<Drill>
        record={d.voiding}
        title="作废演练记录"
        describe={(r) => `${r.schoolName} · ${r.heldOn} · ${drillKindLabels[r.kind]}。作废后记录保留留痕，但不再计入演练达标。`}
        onVoid={(r, reason) => drillsApi.voidDrill(r.id, r.version, reason)}
        listKey={DRILLS_KEY}
        done="演练记录已作废，不再计入达标"
        testId="drill"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}
