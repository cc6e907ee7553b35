// 校方责任保险: the school liability insurance ledger (001 item 26) in the person's scope — filters
// above (kept in the address), record and correct in a drawer, void with a reason, Excel export. A
// policy ending within 30 days or ended is flagged, and so is one covering fewer students than the
// school has (the count from 组织机构).
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { Input, Space, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { InsuranceView } from '../../contracts/insurance.js';
import { recordStatuses, recordStatusLabels } from '../../contracts/ledger.js';
import { api } from '../api.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { ImportButton } from '../components/ImportButton.js';
import { FileList } from '../components/FileList.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { daysBetween } from '../../domain/dates.js';
import { daysUntil, todayBeijing } from '../dates.js';
import { InsuranceFormDrawer } from './InsuranceFormDrawer.js';
import { CreateButton, DayRangeFilter, LedgerList, recordActionsColumn, useFilterKeys, useLedgerDrawers } from '../ledger/ledgerPage.js';
import { PlaceFilters, RecordStatusTag, VoidRecordModal, isDay, schoolColumn, useLedgerViewer } from '../ledger/ledgerParts.js';
import { INSURANCE_KEY, insuranceApi, type InsuranceQuery } from './insuranceApi.js';

/** Within this many days of its end a policy is flagged, as the rule's due-soon window (001 item 26). */
const ENDING_SOON_DAYS = 30;

function PeriodCell({ p, today, renewed }: { p: InsuranceView; today: string; /** A later policy of the school picks up from its end. */ renewed: boolean }) {
  const left = daysUntil(p.endsOn, today);
  let flag = null;
  if (p.status === 'recorded') {
    if (p.startsOn > today) flag = <Tag color="blue">未生效</Tag>;
    else if (left < 0)
      flag = (
        <Tag color="default" data-testid="insurance-ended">
          已到期
        </Tag>
      );
    else if (left <= ENDING_SOON_DAYS && renewed) flag = <Tag color="green">已续保</Tag>;
    else if (left <= ENDING_SOON_DAYS)
      flag = (
        <Tooltip title="请及时续保，避免脱保">
          <Tag color="orange" data-testid="insurance-ending">
            {left === 0 ? '今天到期' : `${left} 天后到期`}
          </Tag>
        </Tooltip>
      );
    else flag = <Tag color="green">保障中</Tag>;
  }
  return (
    <span>
      {p.startsOn} 至 {p.endsOn}
      <div style={{ marginTop: 2 }}>{flag}</div>
    </span>
  );
}

function CoverCell({ p, students }: { p: InsuranceView; students: number | null | undefined }) {
  if (students === undefined || students === null) {
    return (
      <span>
        {p.studentsCovered} 人
        {students === null && <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>在校生人数未填写</div>}
      </span>
    );
  }
  const short = students - p.studentsCovered;
  return (
    <span>
      {p.studentsCovered} / {students} 人
      {short > 0 && p.status === 'recorded' && (
        <div>
          <Tooltip title="承保学生数少于学校在校生人数（组织机构中填写）；如另有保单共同承保，以合规看板为准">
            <Tag color="red" data-testid="insurance-short">
              少保 {short} 人
            </Tag>
          </Tooltip>
        </div>
      )}
    </span>
  );
}

export default function InsurancePage() {
  const { isSchool, canWrite, can } = useLedgerViewer();
  const s = useSearchState();
  const d = useLedgerDrawers<InsuranceView>();
  const [insurer, setInsurer] = useState(s.get('insurer') ?? '');
  const today = todayBeijing();

  const query: InsuranceQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    insurer: s.get('insurer')?.trim() || undefined,
    from: isDay(s.get('from')),
    to: isDay(s.get('to')),
    status: pick(s.get('status'), recordStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({
    queryKey: [...INSURANCE_KEY, 'list', query],
    queryFn: () => insuranceApi.insurancePolicies(query),
    placeholderData: keepPreviousData,
  });

  // The enrolled students of the schools on this page (组织机构), to compare with the cover.
  const schoolIds = [...new Set(list.data?.items.map((p) => p.schoolId) ?? [])];
  const units = useQueries({
    queries: schoolIds.map((id) => ({
      queryKey: ['units', 'detail', id],
      queryFn: () => api.unit(id),
      enabled: can('unit.read'),
      staleTime: 5 * 60_000,
      meta: { silent: true },
    })),
  });
  const students = new Map(schoolIds.map((id, i) => [id, units[i]?.data?.studentCount]));

  const renewed = (p: InsuranceView) =>
    !!list.data?.items.some((o) => o.id !== p.id && o.schoolId === p.schoolId && o.status === 'recorded' && o.endsOn > p.endsOn && daysBetween(p.endsOn, o.startsOn) <= 1);

  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'insurer', 'from', 'to', 'status']);

  const columns: TableColumnsType<InsuranceView> = [
    ...schoolColumn<InsuranceView>(isSchool),
    { title: '保单号', dataIndex: 'policyNo', width: 170, fixed: isSchool ? 'left' : undefined },
    { title: '保险公司', dataIndex: 'insurer', width: 200, ellipsis: { showTitle: true } },
    { title: '保险期', key: 'period', width: 210, render: (_: unknown, p) => <PeriodCell p={p} today={today} renewed={renewed(p)} /> },
    {
      title: '承保 / 在校学生',
      dataIndex: 'studentsCovered',
      width: 140,
      align: 'right',
      render: (_: number, p) => <CoverCell p={p} students={students.get(p.schoolId)} />,
    },
    { title: '保单材料', dataIndex: 'files', width: 120, render: (f: InsuranceView['files']) => <FileList files={f} size={32} empty="—" /> },
    { title: '状态', dataIndex: 'status', width: 80, render: (v: InsuranceView['status'], r) => <RecordStatusTag status={v} voidReason={r.voidReason} /> },
    { title: '登记人', dataIndex: 'createdByName', width: 90 },
    ...recordActionsColumn<InsuranceView>({ canWrite, testId: 'insurance', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];

  return (
    <>
      <PageHeader
        title="校方责任保险"
        subTitle="办理校方责任保险，应保尽保，不脱保漏保（001 第26条）"
        extra={
          <Space wrap>
            <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="insurance-create">
              登记保单
            </CreateButton>
            <ExportButton path="/insurance-policies/export" query={query} testId="insurance-export" />
            <ImportButton kind="insurance" testId="insurance-import" />
          </Space>
        }
      />
      <LedgerList<InsuranceView>
        testId="insurance"
        rowIdAttr="data-policy-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={() => {
          setInsurer('');
          clear();
        }}
        canWrite={canWrite}
        empty={{ noun: '保险记录', hint: '办理校方责任保险后点击“登记保单”记录保单号、保险期和承保学生数' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="insurance-filter-school" />
            <Input.Search
              allowClear
              placeholder="保险公司"
              style={{ width: 200 }}
              value={insurer}
              onChange={(e) => {
                setInsurer(e.target.value);
                if (!e.target.value) s.set({ insurer: undefined });
              }}
              onSearch={(v) => s.set({ insurer: v.trim() || undefined })}
            />
            <DayRangeFilter from={query.from} to={query.to} placeholder={['保险期从', '至']} tooltip="保险期与所选日期有重叠的保单" />
            <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          </>
        }
      />
      <InsuranceFormDrawer open={d.drawerOpen} policy={d.editing} onClose={d.closeDrawer} />
      <VoidRecordModal<InsuranceView>
        record={d.voiding}
        title="作废保险记录"
        describe={(p) => `${p.schoolName} · 保单 ${p.policyNo}（${p.startsOn} 至 ${p.endsOn}）。作废后记录保留留痕，但不再计入保险覆盖。`}
        onVoid={(p, reason) => insuranceApi.voidInsurancePolicy(p.id, p.version, reason)}
        listKey={INSURANCE_KEY}
        done="保险记录已作废，不再计入覆盖"
        testId="insurance"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}
