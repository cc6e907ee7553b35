// 视频巡查: a bureau or town officer picks a school, opens its video links (new tab), and starts a
// patrol — an inspection of the kind 视频巡查 on the 视频巡查检查表, filled on the inspections' own
// form (a finding with a screenshot becomes a hazard). Above: coverage by school for a month against
// the numbers (001 item 4: once a month; 000 item 7, 001 item 17: the canteen twice), and the
// bureau drafts the month's canteen notice (通报) from the findings.
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, DatePicker, Popover, Space, Switch, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { MAX_LINK_SCHOOLS, videoLinkAreaLabels, type Coverage, type CoverageRow, type VideoLinkView } from '../../contracts/video-patrol.js';
import { useCan, useMe } from '../auth.js';
import { PageHeader } from '../components/PageHeader.js';
import { useSearchState } from '../components/useSearchState.js';
import { VIDEO_COVERAGE_KEY, VIDEO_LINKS_KEY, videoPatrolApi } from './videoPatrolApi.js';

const thisMonth = () => dayjs().format('YYYY-MM');

/** One school's links, from the page's one request for all its rows' schools. */
function LinksCell({ row, items }: { row: CoverageRow; items: VideoLinkView[] }) {
  if (!row.links) return <Typography.Text type="secondary">未登记点位</Typography.Text>;
  return (
    <Space size={[4, 4]} wrap data-testid={`video-links-${row.schoolId}`}>
      {items.map((l) => (
        <Tooltip key={l.id} title={`${videoLinkAreaLabels[l.area]}${l.platform ? ` · ${l.platform}` : ''}（新窗口打开）`}>
          <Typography.Link href={l.url} target="_blank" rel="noopener noreferrer">
            {l.name}
          </Typography.Link>
        </Tooltip>
      ))}
    </Space>
  );
}

/** The numbers the month was judged against and the pack version they come from (rules video_patrol.monthly, video_patrol.canteen). */
function packNumbersLine(d: Pick<Coverage, 'packVersion' | 'minPatrols' | 'minCanteenPatrols'>): string {
  return `${d.packVersion ? `按规则包第 ${d.packVersion} 版` : '按默认规则'}：每校每月视频巡查不少于 ${d.minPatrols} 次，明厨亮灶不少于 ${d.minCanteenPatrols} 次`;
}

export default function VideoPatrolPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useMe();
  const can = useCan();
  const s = useSearchState();
  const month = /^\d{4}-\d{2}$/.test(s.get('month') ?? '') ? s.get('month')! : thisMonth();
  const short = s.get('short') === 'true';
  const mayPatrol = can('inspection.perform') && me.unit.kind !== 'school';
  const coverage = useQuery({
    queryKey: [...VIDEO_COVERAGE_KEY, month, short],
    queryFn: () => videoPatrolApi.coverage({ month, short: short ? 'true' : undefined }),
    placeholderData: keepPreviousData,
  });
  const start = useMutation({
    mutationFn: (schoolId: number) => videoPatrolApi.start(schoolId),
    onSuccess: (r) => navigate(`/inspections/${r.inspectionId}/targets/${r.targetId}/fill`),
  });
  const notice = useMutation({
    mutationFn: () => videoPatrolApi.canteenNotice(month),
    onSuccess: (r) => {
      message.success(`已根据 ${r.findings} 条食堂巡查问题起草通报，请修改后提交审核发布`);
      navigate(`/accountability/notices/${r.noticeId}`);
    },
  });
  const data = coverage.data;
  // The links of the schools on the table's page, in one request (a page is at most MAX_LINK_SCHOOLS rows).
  const [page, setPage] = useState(1);
  useEffect(() => setPage(1), [month, short]);
  const shown = (data?.rows ?? []).slice((page - 1) * MAX_LINK_SCHOOLS, page * MAX_LINK_SCHOOLS).filter((r) => r.links > 0).map((r) => r.schoolId);
  const links = useQuery({
    queryKey: [...VIDEO_LINKS_KEY, 'schools', shown],
    queryFn: () => videoPatrolApi.linksOfSchools(shown),
    enabled: shown.length > 0,
    staleTime: 60_000,
  });
  const linksOf = (schoolId: number) => (links.data?.items ?? []).filter((l) => l.schoolId === schoolId);
  const columns: TableColumnsType<CoverageRow> = [
    { title: '学校', dataIndex: 'schoolName', width: 200, render: (v: string, r) => (<span>{v}{r.townName && <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{r.townName}</div>}</span>) },
    { title: '视频点位', key: 'links', render: (_: unknown, r) => <LinksCell row={r} items={linksOf(r.schoolId)} /> },
    { title: '本月巡查', dataIndex: 'patrols', width: 90, align: 'right' },
    {
      title: '明厨亮灶巡查',
      dataIndex: 'canteenPatrols',
      width: 110,
      align: 'right',
      // A school without a canteen is not judged on the canteen number (rule video_patrol.canteen).
      render: (v: number, r) => (r.canteen ? v : <Tooltip title="无食堂，不评价明厨亮灶巡查">{v || '—'}</Tooltip>),
    },
    { title: '发现问题', dataIndex: 'findings', width: 90, align: 'right' },
    { title: '最近巡查', dataIndex: 'lastPatrolOn', width: 110, render: (v: string | null) => v ?? '—' },
    {
      title: '达标',
      dataIndex: 'met',
      width: 100,
      render: (met: boolean, r) =>
        met ? (
          <Tag color="green">已达标</Tag>
        ) : (
          <Popover content={r.shortBy.map((x) => <div key={x}>{x}</div>)}>
            <Tag color="red" data-testid={`video-short-${r.schoolId}`}>未达标</Tag>
          </Popover>
        ),
    },
    ...(mayPatrol
      ? [
          {
            title: '操作',
            key: 'act',
            width: 110,
            fixed: 'right' as const,
            render: (_: unknown, r: CoverageRow) => (
              <Button type="link" size="small" loading={start.isPending && start.variables === r.schoolId} onClick={() => start.mutate(r.schoolId)} data-testid={`video-patrol-start-${r.schoolId}`}>
                开始巡查
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      <PageHeader
        title="视频巡查"
        subTitle="打开学校视频点位，对照视频巡查表逐项查看；发现问题截图作为隐患证据（001 第4条、000 第7条）"
        extra={
          <Space wrap>
            {can('accountability.manage') && (
              <Button onClick={() => notice.mutate()} loading={notice.isPending} data-testid="video-canteen-notice">
                起草本月食堂巡查通报
              </Button>
            )}
          </Space>
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => d && s.set({ month: d.format('YYYY-MM') })} data-testid="video-month" />
        <span>
          <Switch size="small" checked={short} onChange={(v) => s.set({ short: v ? 'true' : undefined })} /> 只看未达标
        </span>
        {data && (
          <Typography.Text type="secondary">
            {data.metSchools} / {data.schools} 所学校本月达标
          </Typography.Text>
        )}
        {data && (
          <Typography.Text type="secondary" data-testid="video-pack-numbers">
            {packNumbersLine(data)}
          </Typography.Text>
        )}
      </Space>
      <Table<CoverageRow>
        rowKey="schoolId"
        size="middle"
        loading={coverage.isFetching}
        dataSource={data?.rows ?? []}
        columns={columns}
        scroll={{ x: 1000 }}
        pagination={{ current: page, pageSize: MAX_LINK_SCHOOLS, showSizeChanger: false, onChange: setPage }}
        locale={{ emptyText: short ? '本月所有学校均已达标' : '范围内没有学校；请先在组织机构中建立学校' }}
        data-testid="video-coverage"
      />
    </>
  );
}
