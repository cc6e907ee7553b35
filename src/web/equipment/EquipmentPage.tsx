// 特种设备: the special equipment of the schools in the person's scope (001 item 19, 000 item 9; issue
// 15 item 3) — the next inspection day with its status (overdue red, within 30 days orange), what is
// missing of 三落实、两有证、一预案, and the maintenance and inspection log below. Filters above (kept
// in the address), export at the top right, register and correct in a drawer, void with a reason.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Space, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { equipmentDueFilters, equipmentKindLabels, equipmentKinds, equipmentLogKindLabels, type EquipmentLogView, type EquipmentView } from '../../contracts/equipment.js';
import { recordStatuses, recordStatusLabels } from '../../contracts/ledger.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { ImportButton } from '../components/ImportButton.js';
import { LabelsButton } from '../labels/LabelsButton.js';
import { FileList } from '../components/FileList.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { daysUntil, todayBeijing } from '../dates.js';
import { CreateButton, LedgerList, recordActionsColumn, useFilterKeys, useLedgerDrawers } from '../ledger/ledgerPage.js';
import { PlaceFilters, RecordStatusTag, VoidRecordModal, muted, schoolColumn, useLedgerViewer } from '../ledger/ledgerParts.js';
import { EquipmentFormDrawer } from './EquipmentFormDrawer.js';
import { EquipmentLogDrawer } from './EquipmentLogDrawer.js';
import { EQUIPMENT_KEY, equipmentApi, type EquipmentQuery } from './equipmentApi.js';
import { StageFilter, stageOf } from './StageFilter.js';

const dueLabels: Record<(typeof equipmentDueFilters)[number], string> = { overdue: '超期未检', due_soon: '30天内到期' };
/** The rule's due-soon window (equipment.inspection, 001 item 19). */
const DUE_SOON_DAYS = 30;

function DueCell({ e, today }: { e: EquipmentView; today: string }) {
  const left = daysUntil(e.nextInspectionDueOn, today);
  const tag = !e.inService ? <Tag>停用</Tag> : left < 0 ? <Tag color="red" data-testid="equipment-overdue">超期 {-left} 天</Tag> : left <= DUE_SOON_DAYS ? <Tag color="orange">{left === 0 ? '今天到期' : `${left} 天后到期`}</Tag> : <Tag color="green">有效</Tag>;
  return (
    <span>
      {e.nextInspectionDueOn}
      <div>{tag}</div>
    </span>
  );
}

function LogTable({ equipmentId }: { equipmentId: number }) {
  const q = useQuery({ queryKey: [...EQUIPMENT_KEY, 'logs', equipmentId], queryFn: () => equipmentApi.logs({ equipmentId, pageSize: 50 }) });
  const columns: TableColumnsType<EquipmentLogView> = [
    { title: '日期', dataIndex: 'doneOn', width: 110 },
    { title: '类型', dataIndex: 'kind', width: 90, render: (v: EquipmentLogView['kind']) => equipmentLogKindLabels[v] },
    { title: '实施', dataIndex: 'doneBy', width: 180 },
    { title: '检验', key: 'insp', width: 220, render: (_: unknown, l) => (l.kind === 'inspection' ? `应检 ${l.dueOn}${l.onTime ? '（按期）' : '（逾期）'}，下次 ${l.nextDueOn}` : '—') },
    { title: '结果', dataIndex: 'result', render: (v: string | null) => muted(v) },
    { title: '附件', dataIndex: 'files', width: 100, render: (f: EquipmentLogView['files']) => <FileList files={f} size={28} empty="—" /> },
  ];
  return <Table<EquipmentLogView> rowKey="id" size="small" columns={columns} dataSource={q.data?.items} loading={q.isFetching} pagination={false} locale={{ emptyText: '暂无维保检验记录' }} />;
}

export default function EquipmentPage() {
  const { isSchool, canWrite } = useLedgerViewer();
  const s = useSearchState();
  const d = useLedgerDrawers<EquipmentView>();
  const [logging, setLogging] = useState<EquipmentView | null>(null);
  const [viewing, setViewing] = useState<EquipmentView | null>(null);
  const [q, setQ] = useState(s.get('q') ?? '');
  const today = todayBeijing();
  const query: EquipmentQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    stage: stageOf(s.get('stage')),
    kind: pick(s.get('kind'), equipmentKinds),
    due: pick(s.get('due'), equipmentDueFilters),
    q: s.get('q')?.trim() || undefined,
    status: pick(s.get('status'), recordStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...EQUIPMENT_KEY, 'list', query], queryFn: () => equipmentApi.list(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'stage', 'kind', 'due', 'q', 'status']);

  const columns: TableColumnsType<EquipmentView> = [
    ...schoolColumn<EquipmentView>(isSchool),
    {
      title: '设备',
      dataIndex: 'name',
      width: 180,
      fixed: isSchool ? 'left' : undefined,
      render: (v: string, e) => (
        <span>
          <Tooltip title="查看维保检验记录">
            <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setViewing(e)}>
              {v}
            </Button>
          </Tooltip>
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
            {equipmentKindLabels[e.kind]}
            {e.location ? ` · ${e.location}` : ''}
          </div>
        </span>
      ),
    },
    { title: '下次检验', key: 'due', width: 130, render: (_: unknown, e) => <DueCell e={e} today={today} /> },
    {
      title: '三落实、两有证、一预案',
      key: 'gaps',
      width: 240,
      render: (_: unknown, e) =>
        e.gaps.length ? (
          <Space size={[4, 4]} wrap>
            {e.gaps.map((g) => (
              <Tag key={g} color="red">
                {g}
              </Tag>
            ))}
          </Space>
        ) : e.inService ? (
          <Tag color="green">已落实</Tag>
        ) : (
          '—'
        ),
    },
    { title: '责任人 / 管理员', key: 'people', width: 150, render: (_: unknown, e) => `${e.responsiblePerson ?? '—'} / ${e.safetyManager ?? '—'}` },
    { title: '维保单位', dataIndex: 'maintenanceUnit', width: 180, ellipsis: true, render: (v: string | null) => muted(v) },
    { title: '作业人员证', key: 'cert', width: 150, render: (_: unknown, e) => (e.operatorCertNo ? `${e.operatorName ?? ''} 至 ${e.operatorCertExpiresOn ?? '—'}` : '—') },
    { title: '状态', dataIndex: 'status', width: 80, render: (v: EquipmentView['status'], r) => <RecordStatusTag status={v} voidReason={r.voidReason} /> },
    ...(canWrite
      ? [
          {
            title: '维保检验',
            key: 'log',
            width: 100,
            fixed: 'right' as const,
            render: (_: unknown, e: EquipmentView) =>
              e.status === 'recorded' && (
                <Tooltip title="登记维护保养或定期检验">
                  <Button size="small" type="primary" ghost onClick={() => setLogging(e)} data-testid="equipment-log">
                    登记
                  </Button>
                </Tooltip>
              ),
          },
        ]
      : []),
    ...recordActionsColumn<EquipmentView>({ canWrite, testId: 'equipment', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];

  return (
    <>
      <PageHeader
        title="特种设备"
        subTitle="三落实、两有证、一检验、一预案，定期维护保养（001 第19条）"
        extra={
          <Space wrap>
            <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="equipment-create">
              登记设备
            </CreateButton>
            <ExportButton path="/special-equipment/export" query={query} testId="equipment-export" />
            <LabelsButton kind="equipment" schoolId={query.schoolId} testId="equipment-labels" />
            <ImportButton kind="equipment" testId="equipment-import" />
            <ImportButton kind="equipment_logs" label="导入维保检验记录" testId="equipment-log-import" />
          </Space>
        }
      />
      <LedgerList<EquipmentView>
        testId="equipment"
        rowIdAttr="data-equipment-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={() => {
          setQ('');
          clear();
        }}
        canWrite={canWrite}
        unit="台"
        empty={{ noun: '特种设备', hint: '学校有锅炉、压力容器、电梯、食堂燃气设备等，请点击“登记设备”逐台登记' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="equipment-filter-school" />
            <StageFilter value={query.stage} />
            <EnumFilter placeholder="设备类别" labels={equipmentKindLabels} value={query.kind} onChange={(v) => s.set({ kind: v })} />
            <EnumFilter placeholder="检验状态" labels={dueLabels} value={query.due} onChange={(v) => s.set({ due: v })} />
            <Input.Search
              allowClear
              placeholder="设备名称、登记证编号"
              style={{ width: 200 }}
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
      {viewing && (
        <Card size="small" title={`维保检验记录：${viewing.name}`} extra={<Button size="small" onClick={() => setViewing(null)}>收起</Button>} style={{ marginTop: 12 }}>
          <LogTable equipmentId={viewing.id} />
        </Card>
      )}
      <EquipmentFormDrawer open={d.drawerOpen} item={d.editing} onClose={d.closeDrawer} />
      <EquipmentLogDrawer item={logging} onClose={() => setLogging(null)} />
      <VoidRecordModal<EquipmentView>
        record={d.voiding}
        title="作废特种设备记录"
        describe={(e) => `${e.schoolName} · ${e.name}。设备报废拆除时请改为“停用”；作废仅用于误登记，作废后记录保留留痕，不再计入检查。`}
        onVoid={(e, reason) => equipmentApi.void(e.id, e.version, reason)}
        listKey={EQUIPMENT_KEY}
        done="特种设备记录已作废"
        testId="equipment"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}

