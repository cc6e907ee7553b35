// 安全专题会议: the safety meeting ledger (000 item 1) in the person's scope — filters above (kept
// in the address), record and correct in a drawer, void with a reason, Excel export.
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Empty, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { meetingLevelLabels, meetingLevels, type MeetingLevel } from '../../contracts/rules.js';
import { recordStatuses, recordStatusLabels, type MeetingView } from '../../contracts/school-ledgers.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { ImportButton } from '../components/ImportButton.js';
import { FileList } from '../components/FileList.js';
import { PageHeader } from '../components/PageHeader.js';
import { ResetButton } from '../components/ResetButton.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { fromDay, toDay } from '../hazards/dates.js';
import { MeetingFormDrawer } from './MeetingFormDrawer.js';
import { PlaceFilters, RecordStatusTag, VoidRecordModal, isDay, muted, schoolColumn, useLedgerViewer } from './ledgerParts.js';
import { MEETINGS_KEY, schoolLedgersApi, type MeetingQuery } from './schoolLedgersApi.js';

const levelColors: Record<MeetingLevel, string> = { leadership_team: 'geekblue', leader_in_charge: 'cyan' };

export default function MeetingsPage() {
  const { isSchool, canWrite } = useLedgerViewer();
  const s = useSearchState();
  const [editing, setEditing] = useState<MeetingView | null>(null);
  const [creating, setCreating] = useState(s.get('record') === '1');
  const [voiding, setVoiding] = useState<MeetingView | null>(null);

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
  const list = useQuery({ queryKey: [...MEETINGS_KEY, 'list', query], queryFn: () => schoolLedgersApi.meetings(query), placeholderData: keepPreviousData });

  const filters = ['schoolId', 'townId', 'level', 'from', 'to', 'status'] as const;
  const filtered = filters.some((k) => query[k] !== undefined);

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
    { title: '状态', dataIndex: 'status', width: 80, render: (v: MeetingView['status'], d) => <RecordStatusTag status={v} voidReason={d.voidReason} /> },
    { title: '登记人', dataIndex: 'createdByName', width: 90 },
    ...(canWrite
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 120,
            fixed: 'right' as const,
            render: (_: unknown, d: MeetingView) =>
              d.status === 'recorded' ? (
                <Space size={4}>
                  <Button size="small" type="link" onClick={() => setEditing(d)} data-testid="meeting-edit">
                    修改
                  </Button>
                  <Button size="small" type="link" danger onClick={() => setVoiding(d)} data-testid="meeting-void">
                    作废
                  </Button>
                </Space>
              ) : (
                <Typography.Text type="secondary" title={d.voidReason ?? undefined}>
                  {d.voidReason ? `原因：${d.voidReason}` : '—'}
                </Typography.Text>
              ),
          },
        ]
      : []),
  ];

  const emptyText = list.isError
    ? '加载失败，请稍后重试'
    : filtered
      ? '没有符合条件的会议记录，请调整筛选条件'
      : canWrite
        ? '暂无会议记录。召开安全专题会议后点击“登记会议”记录日期、参会人员和纪要'
        : '暂无会议记录';

  return (
    <>
      <PageHeader
        title="安全专题会议"
        subTitle="领导班子每季度至少一次、分管领导每月至少一次安全专题会议（000 第1条）"
        extra={
          <Space wrap>
            {canWrite && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="meeting-create">
                登记会议
              </Button>
            )}
            <ExportButton path="/meetings/export" query={query} testId="meeting-export" />
            <ImportButton kind="meetings" testId="meeting-import" />
          </Space>
        }
      />
      <Card size="small">
        <div className="filter-bar">
          <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="meeting-filter-school" />
          <EnumFilter placeholder="会议类别" labels={meetingLevelLabels} value={query.level} onChange={(v) => s.set({ level: v })} minWidth={190} />
          <DatePicker.RangePicker
            allowEmpty={[true, true]}
            placeholder={['开始日期', '结束日期']}
            value={[fromDay(query.from) ?? null, fromDay(query.to) ?? null]}
            onChange={(r) => s.set({ from: toDay(r?.[0]), to: toDay(r?.[1]) })}
          />
          <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          <ResetButton shown={filtered} onClick={() => s.set(Object.fromEntries(filters.map((k) => [k, undefined])))} />
        </div>
        <div data-testid="meeting-table">
          <Table<MeetingView>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items}
            loading={list.isFetching}
            scroll={{ x: 'max-content' }}
            onRow={(d) => ({ 'data-testid': 'meeting-row', 'data-meeting-id': d.id }) as HTMLAttributes<HTMLElement>}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> }}
            pagination={s.pagination(list.data?.total, '条')}
          />
        </div>
      </Card>
      <MeetingFormDrawer
        open={creating || !!editing}
        meeting={editing}
        onClose={() => {
          setCreating(false);
          setEditing(null);
          if (s.get('record')) s.set({ record: undefined }, { keepPage: true });
        }}
      />
      <VoidRecordModal<MeetingView>
        record={voiding}
        title="作废会议记录"
        describe={(m) => `${m.schoolName} · ${m.meetingOn} · ${meetingLevelLabels[m.level]}。作废后记录保留留痕，但不再计入会议达标。`}
        onVoid={(m, reason) => schoolLedgersApi.voidMeeting(m.id, m.version, reason)}
        listKey={MEETINGS_KEY}
        done="会议记录已作废，不再计入达标"
        testId="meeting"
        onClose={() => setVoiding(null)}
      />
    </>
  );
}
