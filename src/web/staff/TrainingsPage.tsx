// 安全培训: the training ledger (001 item 7) in the person's scope — filters above (kept in the
// address), record and correct in a drawer with the certificate, void with a reason, Excel export;
// for one school, its hours per person this year.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Space, type TableColumnsType } from 'antd';
import { recordStatuses, recordStatusLabels } from '../../contracts/ledger.js';
import { staffPostLabels, staffPosts, type StaffPost } from '../../contracts/rules.js';
import type { TrainingView } from '../../contracts/staff.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { ImportButton } from '../components/ImportButton.js';
import { FileList } from '../components/FileList.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { CreateButton, DayRangeFilter, LedgerList, recordActionsColumn, useFilterKeys, useLedgerDrawers } from '../ledger/ledgerPage.js';
import { PlaceFilters, RecordStatusTag, VoidRecordModal, isDay, schoolColumn, useLedgerViewer } from '../ledger/ledgerParts.js';
import { StaffSelect } from './StaffSelect.js';
import { TrainingFormDrawer } from './TrainingFormDrawer.js';
import { TrainingHoursSummary } from './TrainingHoursSummary.js';
import { TRAININGS_KEY, staffApi, type TrainingQuery } from './staffApi.js';

export default function TrainingsPage() {
  const { me, isSchool, canWrite } = useLedgerViewer();
  const s = useSearchState();
  const d = useLedgerDrawers<TrainingView>();

  const query: TrainingQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    staffId: positiveInt(s.get('staffId')),
    post: pick(s.get('post'), staffPosts),
    from: isDay(s.get('from')),
    to: isDay(s.get('to')),
    status: pick(s.get('status'), recordStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...TRAININGS_KEY, 'list', query], queryFn: () => staffApi.trainings(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'staffId', 'post', 'from', 'to', 'status']);
  const summarySchool = isSchool ? me.unit.id : query.schoolId;

  const columns: TableColumnsType<TrainingView> = [
    {
      title: '姓名',
      dataIndex: 'staffName',
      width: 130,
      fixed: 'left',
      render: (v: string, r) => (
        <span>
          {v}
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{r.posts.map((p: StaffPost) => staffPostLabels[p]).join('、')}</div>
        </span>
      ),
    },
    ...schoolColumn<TrainingView>(isSchool),
    { title: '培训课程', dataIndex: 'course', width: 220, ellipsis: { showTitle: true } },
    { title: '学时', dataIndex: 'hours', width: 80, align: 'right', render: (v: number) => `${v} 学时` },
    {
      title: '培训日期',
      key: 'days',
      width: 120,
      render: (_: unknown, r) =>
        r.startsOn === r.endsOn ? (
          r.startsOn
        ) : (
          <span>
            {r.startsOn}
            <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>至 {r.endsOn}</div>
          </span>
        ),
    },
    { title: '培训机构', dataIndex: 'provider', width: 180, ellipsis: { showTitle: true } },
    {
      title: '培训证书',
      dataIndex: 'certificate',
      width: 110,
      render: (c: TrainingView['certificate']) => <FileList files={c ? [c] : []} size={32} empty="未上传" />,
    },
    { title: '其他材料', dataIndex: 'files', width: 110, render: (f: TrainingView['files']) => <FileList files={f} size={32} empty="—" /> },
    { title: '状态', dataIndex: 'status', width: 80, render: (v: TrainingView['status'], r) => <RecordStatusTag status={v} voidReason={r.voidReason} /> },
    { title: '登记人', dataIndex: 'createdByName', width: 90 },
    ...recordActionsColumn<TrainingView>({ canWrite, testId: 'training', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];

  return (
    <>
      <PageHeader
        title="安全培训"
        subTitle="分管安全副校长和安全监管部门负责人每年不少于 20 学时，班主任、专任教师每年不少于 10 学时（001 第7条）"
        extra={
          <Space wrap>
            <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="training-create">
              登记培训
            </CreateButton>
            <ExportButton path="/trainings/export" query={query} testId="training-export" />
            <ImportButton kind="trainings" testId="training-import" />
          </Space>
        }
      />
      {summarySchool && <TrainingHoursSummary schoolId={summarySchool} />}
      <LedgerList<TrainingView>
        testId="training"
        rowIdAttr="data-training-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={clear}
        canWrite={canWrite}
        empty={{ noun: '培训记录', hint: '参加培训后点击“登记培训”记录课程、学时和证书' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="training-filter-school" />
            <StaffSelect
              includeLeft
              withSchool={!isSchool && !query.schoolId}
              schoolId={query.schoolId}
              placeholder="人员（输入姓名）"
              style={{ width: 200 }}
              value={query.staffId}
              onChange={(v) => s.set({ staffId: v })}
              testId="training-filter-staff"
            />
            <EnumFilter placeholder="岗位" labels={staffPostLabels} value={query.post} onChange={(v) => s.set({ post: v })} minWidth={170} />
            <DayRangeFilter from={query.from} to={query.to} />
            <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          </>
        }
      />
      <TrainingFormDrawer open={d.drawerOpen} training={d.editing} onClose={d.closeDrawer} />
      <VoidRecordModal<TrainingView>
        record={d.voiding}
        title="作废培训记录"
        describe={(t) => `${t.staffName} · ${t.startsOn} · ${t.course} ${t.hours} 学时。作废后记录保留留痕，但不再计入培训学时。`}
        onVoid={(t, reason) => staffApi.voidTraining(t.id, t.version, reason)}
        listKey={TRAININGS_KEY}
        done="培训记录已作废，不再计入学时"
        testId="training"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}
