import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Empty, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { jobLabels, jobRunResultLabels, jobRunResults, type JobInfo, type JobRun } from '../../contracts/cluster.js';
import { http } from '../api.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { PageHeader } from '../components/PageHeader.js';
import { ResetButton } from '../components/ResetButton.js';
import { pick, useSearchState } from '../components/useSearchState.js';
import { DASH, formatDateTime } from '../format.js';

// The platform's scheduled jobs and every run of them (issue 18): which instance ran it, how long
// it took and how it ended, so the administrator sees a job that fails or stopped running.

type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

/** An interval in words: 每 10 分钟, 每 1 小时. */
function every(ms: number): string {
  if (ms % 3_600_000 === 0) return `每 ${ms / 3_600_000} 小时`;
  if (ms % 60_000 === 0) return `每 ${ms / 60_000} 分钟`;
  return `每 ${Math.round(ms / 1000)} 秒`;
}

const duration = (ms: number) => (ms < 1000 ? `${ms} 毫秒` : `${(ms / 1000).toFixed(1)} 秒`);

const resultTag = (r: JobRun['result'] | null) =>
  r === null ? DASH : <Tag color={r === 'ok' ? 'success' : 'error'}>{jobRunResultLabels[r]}</Tag>;

export default function JobsPage() {
  const s = useSearchState();
  const job = pick(s.get('job'), Object.keys(jobLabels));
  const result = pick(s.get('result'), jobRunResults);
  const query = { job, result, page: s.page, pageSize: s.pageSize };
  const jobs = useQuery({ queryKey: ['system-jobs'], queryFn: () => http.get<{ items: JobInfo[] }>('/system/jobs'), refetchInterval: 30_000 });
  const runs = useQuery({
    queryKey: ['system-job-runs', query],
    queryFn: () => http.get<Page<JobRun>>('/system/job-runs', query),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const filtered = Boolean(job || result);

  const jobColumns: TableColumnsType<JobInfo> = [
    { title: '任务', dataIndex: 'label', render: (v: string, j) => <span title={j.name}>{v}</span> },
    { title: '周期', dataIndex: 'everyMs', width: 110, render: every },
    { title: '上次开始', dataIndex: 'lastStartedAt', width: 170, render: (v: string | null) => (v ? formatDateTime(v) : DASH) },
    { title: '上次结果', dataIndex: 'lastResult', width: 100, render: resultTag },
    { title: '下次运行', dataIndex: 'nextDue', width: 170, render: (v: string) => formatDateTime(v) },
    { title: '正在运行', dataIndex: 'runningOn', width: 200, render: (v: string | null) => v ?? DASH },
  ];
  const runColumns: TableColumnsType<JobRun> = [
    { title: '开始时间', dataIndex: 'startedAt', width: 170, render: (v: string) => formatDateTime(v) },
    { title: '任务', dataIndex: 'label' },
    { title: '运行实例', dataIndex: 'instance', width: 220 },
    { title: '耗时', dataIndex: 'durationMs', width: 100, render: duration },
    { title: '结果', dataIndex: 'result', width: 90, render: resultTag },
    { title: '错误信息', dataIndex: 'error', render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : DASH) },
  ];

  return (
    <>
      <PageHeader title="定时任务" subTitle="各实例共同承担的定时任务：每个周期只运行一次，每次运行都有记录" />
      <Card size="small" title="任务" style={{ marginBottom: 16 }}>
        <Table<JobInfo>
          rowKey="name"
          size="middle"
          columns={jobColumns}
          dataSource={jobs.data?.items}
          loading={jobs.isFetching}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={jobs.isError ? '加载失败，请稍后重试' : '暂无定时任务：服务启动后会自动登记'} />
            ),
          }}
        />
      </Card>
      <Card size="small" title="运行记录">
        <div className="filter-bar">
          <EnumFilter placeholder="任务" labels={jobLabels} value={job} onChange={(v) => s.set({ job: v })} />
          <EnumFilter placeholder="结果" labels={jobRunResultLabels} value={result} onChange={(v) => s.set({ result: v })} minWidth={90} />
          <ResetButton shown={filtered} onClick={() => s.reset()} />
        </div>
        <div data-testid="job-runs-table">
          <Table<JobRun>
            rowKey="id"
            size="middle"
            columns={runColumns}
            dataSource={runs.data?.items}
            loading={runs.isFetching}
            scroll={{ x: 1000 }}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={runs.isError ? '加载失败，请稍后重试' : filtered ? '没有符合条件的运行记录，请调整筛选条件' : '暂无运行记录：任务到期运行后显示在这里'}
                />
              ),
            }}
            pagination={s.pagination(runs.data?.total, '条')}
          />
        </div>
      </Card>
    </>
  );
}
