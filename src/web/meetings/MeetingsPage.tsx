// 安全专题会议: the safety meeting ledger (000 item 1) in the person's scope — filters above (kept
// in the address), record and correct in a drawer, void with a reason, Excel export.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Space, Tag, Tooltip, type TableColumnsType } from 'antd';
import { recordStatuses, recordStatusLabels } from '../../contracts/ledger.js';
import type { MeetingView } from '../../contracts/meetings.js';
import { meetingLevelLabels, meetingLevels, type MeetingLevel } from '../../contracts/rules.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { ImportButton } from '../components/ImportButton.js';
import { FileList } from '../components/FileList.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { MeetingFormDrawer } from './MeetingFormDrawer.js';
import { CreateButton, DayRangeFilter, LedgerList, recordActionsColumn, useFilterKeys, useLedgerDrawers } from '../ledger/ledgerPage.js';
import { PlaceFilters, RecordStatusTag, VoidRecordModal, isDay, muted, schoolColumn, useLedgerViewer } from '../ledger/ledgerParts.js';
import { MEETINGS_KEY, meetingsApi, type MeetingQuery } from './meetingsApi.js';

const levelColors: Record<MeetingLevel, string> = { leadership_team: 'geekblue', leader_in_charge: 'cyan' };

export default function MeetingsPage() {
  const { isSchool, canWrite } = useLedgerViewer();
  const s = useSearchState();
  const d = useLedgerDrawers<MeetingView>();

  const query: MeetingQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    level: pick(s.get('level'), meetingLevels),
    from: isDay(s.get('from')),
    to: isDay(s.get('to')),
    status: pick(s.get('status'), recordStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...MEETINGS_KEY, 'list', query], queryFn: () => meetingsApi.meetings(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'level', 'from', 'to', 'status']);

  const columns: TableColumnsType<MeetingView> = [
    { title: '会议日期', dataIndex: 'meetingOn', width: 110, fixed: 'left' },
    ...schoolColumn<MeetingView>(isSchool),
    { title: '会议类别', dataIndex: 'level', width: 170, render: (v: MeetingLevel) => <Tag color={levelColors[v]}>{meetingLevelLabels[v]}</Tag> },
    { title: '主持人', dataIndex: 'chair', width: 100 },
    {
      title: '参会人员',
      dataIndex: 'attendees',
      width: 200,
      render: (a: string[]) => (
        <Tooltip title={a.join('、')}>
          <span>
            {a.slice(0, 4).join('、')}
            {a.length > 4 ? ` 等 ${a.length} 人` : ''}
          </span>
        </Tooltip>
      ),
    },
    { title: '会议纪要', dataIndex: 'minutes', width: 260, ellipsis: { showTitle: true } },
    { title: '议定事项', dataIndex: 'decisions', width: 200, ellipsis: { showTitle: true }, render: muted },
    { title: '会议材料', dataIndex: 'files', width: 120, render: (f: MeetingView['files']) => <FileList files={f} size={32} empty="—" /> },
    { title: '状态', dataIndex: 'status', width: 80, render: (v: MeetingView['status'], r) => <RecordStatusTag status={v} voidReason={r.voidReason} /> },
    { title: '登记人', dataIndex: 'createdByName', width: 90 },
    ...recordActionsColumn<MeetingView>({ canWrite, testId: 'meeting', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];

  return (
    <>
      <PageHeader
        title="安全专题会议"
        subTitle="领导班子每季度至少一次、分管领导每月至少一次安全专题会议（000 第1条）"
        extra={
          <Space wrap>
            <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="meeting-create">
              登记会议
            </CreateButton>
            <ExportButton path="/meetings/export" query={query} testId="meeting-export" />
            <ImportButton kind="meetings" testId="meeting-import" />
          </Space>
        }
      />
      <LedgerList<MeetingView>
        testId="meeting"
        rowIdAttr="data-meeting-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={clear}
        canWrite={canWrite}
        empty={{ noun: '会议记录', hint: '召开安全专题会议后点击“登记会议”记录日期、参会人员和纪要' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="meeting-filter-school" />
            <EnumFilter placeholder="会议类别" labels={meetingLevelLabels} value={query.level} onChange={(v) => s.set({ level: v })} minWidth={190} />
            <DayRangeFilter from={query.from} to={query.to} />
            <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          </>
        }
      />
      <MeetingFormDrawer open={d.drawerOpen} meeting={d.editing} onClose={d.closeDrawer} />
      <VoidRecordModal<MeetingView>
        record={d.voiding}
        title="作废会议记录"
        describe={(m) => `${m.schoolName} · ${m.meetingOn} · ${meetingLevelLabels[m.level]}。作废后记录保留留痕，但不再计入会议达标。`}
        onVoid={(m, reason) => meetingsApi.voidMeeting(m.id, m.version, reason)}
        listKey={MEETINGS_KEY}
        done="会议记录已作废，不再计入达标"
        testId="meeting"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}
