import { CheckCircleOutlined, CloseCircleOutlined, DownloadOutlined, InboxOutlined, LoadingOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, Form, Input, Progress, Row, Space, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { importKindLabels, importStatusLabels, type ImportJob, type ImportKind, type ImportStatus } from '../../contracts/imports.js';
import { api, apiUrl } from '../api.js';
import { PageHeader } from '../components/PageHeader.js';
import { applyServerErrors, passwordPolicyRule, passwordPolicyText } from '../forms.js';
import { formatDateTime } from '../format.js';

const kindLabels = importKindLabels;
const statusLabels = importStatusLabels;
const statusColors: Record<ImportStatus, string> = { validating: 'blue', importing: 'blue', done: 'green', failed: 'red' };
const running = (s: ImportStatus | undefined) => s === 'validating' || s === 'importing';
const POLL_MS = 500;

function percent(job: ImportJob): number {
  if (job.status === 'done') return 100;
  return job.total > 0 ? Math.min(100, Math.floor((job.processed / job.total) * 100)) : 0;
}

function useImportJob(id: ImportJob['id'] | null) {
  return useQuery({
    queryKey: ['imports', 'job', id],
    queryFn: async () => (await api.importJob(id!)).job,
    enabled: id !== null,
    // Poll while the job runs; stop once it is done or failed.
    refetchInterval: (q) => (running(q.state.data?.status) || !q.state.data ? POLL_MS : false),
    meta: { silent: true },
  });
}

function JobProgress({ job }: { job: ImportJob }) {
  const what = kindLabels[job.kind];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={`import-job-${job.kind}`}>
      <Space wrap>
        <Typography.Text strong>{job.fileName}</Typography.Text>
        <Tag color={statusColors[job.status]} icon={running(job.status) ? <LoadingOutlined /> : undefined}>
          {statusLabels[job.status]}
        </Tag>
      </Space>
      <Progress
        percent={percent(job)}
        status={job.status === 'failed' ? 'exception' : job.status === 'done' ? 'success' : 'active'}
        format={() => (job.total > 0 ? `${job.processed} / ${job.total} 行` : '…')}
      />
      {job.status === 'validating' && <Typography.Text type="secondary">正在逐行校验文件，全部通过后才会开始导入。</Typography.Text>}
      {job.status === 'done' && (
        <Alert
          type="success"
          showIcon
          icon={<CheckCircleOutlined />}
          title={`导入完成：新建 ${job.createdCount} ${job.kind === 'units' ? '个单位' : '个人员账号'}`}
          description={
            job.kind === 'users' ? '新账号使用导入时设置的初始密码，本人首次登录时须修改密码。' : `共处理 ${job.total} 行。`
          }
          data-testid="import-done"
        />
      )}
      {job.status === 'failed' && (
        <>
          <Alert
            type="error"
            showIcon
            icon={<CloseCircleOutlined />}
            title={`导入失败，未导入任何${what}`}
            description={
              job.errors.length
                ? `文件中有 ${job.errors.length} 处问题，请按下表逐条修改后重新上传。`
                : '请检查文件后重新上传；如仍失败请联系管理员。'
            }
            data-testid="import-failed"
          />
          {job.errors.length > 0 && (
            <div data-testid="import-errors">
              <Table
                size="small"
                rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
                dataSource={job.errors}
                pagination={job.errors.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
                columns={[
                  // Row 0 is the file as a whole (unreadable, empty, too long).
                  { title: '行号', dataIndex: 'row', width: 70, render: (row: number) => (row > 0 ? row : '整个文件') },
                  { title: '列', dataIndex: 'column', width: 120, render: (c: string) => c || '—' },
                  { title: '原因', dataIndex: 'message' },
                ]}
              />
            </div>
          )}
        </>
      )}
    </Space>
  );
}

function ImportCard({
  kind,
  jobId,
  onStarted,
}: {
  kind: ImportKind;
  jobId: ImportJob['id'] | null;
  onStarted: (job: ImportJob) => void;
}) {
  const [form] = Form.useForm<{ initialPassword?: string }>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const job = useImportJob(jobId);

  useEffect(() => {
    if (job.data && !running(job.data.status)) void queryClient.invalidateQueries({ queryKey: ['imports', 'list'] });
    if (job.data?.status === 'done') {
      void queryClient.invalidateQueries({ queryKey: ['units'] });
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      void queryClient.invalidateQueries({ queryKey: ['home'] });
    }
  }, [job.data?.status, job.data, queryClient]);

  const upload = useMutation({
    mutationFn: async (file: File) => {
      const fd = new FormData();
      // Fields first, then the file: the server reads the fields before the file stream.
      fd.append('kind', kind);
      if (kind === 'users') fd.append('initialPassword', form.getFieldValue('initialPassword') ?? '');
      fd.append('file', file, file.name);
      return (await api.startImport(fd)).job;
    },
    onSuccess: (started) => {
      message.success(`已上传“${started.fileName}”，正在校验`);
      queryClient.setQueryData(['imports', 'job', started.id], started);
      void queryClient.invalidateQueries({ queryKey: ['imports', 'list'] });
      onStarted(started);
    },
    onError: (err) => applyServerErrors(form, err, ['initialPassword']),
  });

  const busy = upload.isPending || running(job.data?.status);

  async function beforeUpload(file: File) {
    if (!/\.xlsx$/i.test(file.name)) {
      message.error('请上传 Excel 文件（.xlsx），可先下载模板填写');
      return Upload.LIST_IGNORE;
    }
    if (kind === 'users') {
      try {
        await form.validateFields();
      } catch {
        message.error('请先设置符合要求的初始密码');
        return Upload.LIST_IGNORE;
      }
    }
    upload.mutate(file);
    return Upload.LIST_IGNORE;
  }

  return (
    <Card
      title={`${kindLabels[kind]}导入`}
      extra={
        <Button type="link" icon={<DownloadOutlined />} href={apiUrl('/imports/template', { kind })} data-testid={`import-template-${kind}`}>
          下载模板
        </Button>
      }
      data-testid={`import-card-${kind}`}
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          {kind === 'units'
            ? '按模板填写单位名称、类型、上级单位及学校信息。文件全部校验通过才会导入，有任何错误则一条都不导入。'
            : '按模板填写用户名、姓名、所属单位和角色。所有新账号使用下面设置的初始密码，首次登录时须修改。'}
        </Typography.Text>
        {kind === 'users' && (
          <Form form={form} layout="vertical" requiredMark={false}>
            <Form.Item
              name="initialPassword"
              label="初始密码"
              extra={passwordPolicyText}
              rules={[{ required: true, message: '请设置初始密码' }, passwordPolicyRule()]}
              style={{ marginBottom: 0 }}
            >
              <Input.Password placeholder="所有导入账号的初始密码" autoComplete="new-password" style={{ maxWidth: 320 }} data-testid="import-initial-password" />
            </Form.Item>
          </Form>
        )}
        <Upload.Dragger
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          multiple={false}
          showUploadList={false}
          disabled={busy}
          beforeUpload={beforeUpload}
          data-testid={`import-upload-${kind}`}
        >
          <p className="ant-upload-drag-icon">{upload.isPending ? <LoadingOutlined /> : <InboxOutlined />}</p>
          <p className="ant-upload-text">{busy ? '正在处理，请稍候…' : '点击或拖拽 Excel 文件到此处上传'}</p>
          <p className="ant-upload-hint">仅支持 .xlsx，请使用下载的模板</p>
        </Upload.Dragger>
        {job.data && <JobProgress job={job.data} />}
        {job.isError && jobId !== null && <Alert type="warning" showIcon title="无法获取导入进度，请稍后在下方“最近导入”中查看" />}
      </Space>
    </Card>
  );
}

export default function ImportsPage() {
  const [active, setActive] = useState<Record<ImportKind, ImportJob['id'] | null>>({ units: null, users: null });
  const jobs = useQuery({
    queryKey: ['imports', 'list'],
    queryFn: async () => (await api.importJobs()).items,
    refetchInterval: (q) => (q.state.data?.some((j) => running(j.status)) ? 2000 : false),
  });

  // Coming back to the page: show the latest job of each kind that is still running.
  useEffect(() => {
    if (!jobs.data) return;
    setActive((prev) => {
      const next = { ...prev };
      for (const kind of ['units', 'users'] as const) {
        if (next[kind] !== null) continue;
        const runningJob = jobs.data.find((j) => j.kind === kind && running(j.status));
        if (runningJob) next[kind] = runningJob.id;
      }
      return next;
    });
  }, [jobs.data]);

  const columns = useMemo<TableColumnsType<ImportJob>>(
    () => [
      { title: '时间', dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
      { title: '类型', dataIndex: 'kind', width: 80, render: (k: ImportKind) => `${kindLabels[k]}导入` },
      { title: '文件名', dataIndex: 'fileName' },
      { title: '操作人', dataIndex: 'actorName', width: 100, render: (v: string | null) => v ?? '—' },
      {
        title: '状态',
        dataIndex: 'status',
        width: 90,
        render: (s: ImportStatus) => <Tag color={statusColors[s]}>{statusLabels[s]}</Tag>,
      },
      { title: '进度', key: 'progress', width: 160, render: (_, j) => <Progress size="small" percent={percent(j)} status={j.status === 'failed' ? 'exception' : undefined} /> },
      { title: '新建', dataIndex: 'createdCount', width: 80, align: 'right', render: (n: number, j) => `${n} ${j.kind === 'units' ? '个' : '人'}` },
      {
        title: '操作',
        key: 'actions',
        width: 90,
        render: (_, j) => (
          <Button type="link" size="small" onClick={() => setActive((prev) => ({ ...prev, [j.kind]: j.id }))}>
            查看
          </Button>
        ),
      },
    ],
    [],
  );

  return (
    <>
      <PageHeader title="数据导入" subTitle="用 Excel 批量导入单位和人员账号；导入在后台进行，可以离开本页稍后回来查看" />
      <Row gutter={[16, 16]}>
        {(['units', 'users'] as const).map((kind) => (
          <Col xs={24} xl={12} key={kind}>
            <ImportCard kind={kind} jobId={active[kind]} onStarted={(job) => setActive((prev) => ({ ...prev, [kind]: job.id }))} />
          </Col>
        ))}
        <Col span={24}>
          <Card title="最近导入" size="small">
            <div data-testid="imports-table">
              <Table<ImportJob>
                rowKey="id"
                size="middle"
                columns={columns}
                dataSource={jobs.data}
                loading={jobs.isPending}
                pagination={false}
                scroll={{ x: 900 }}
                locale={{
                  emptyText: (
                    <Empty
                      image={Empty.PRESENTED_IMAGE_SIMPLE}
                      description={jobs.isError ? '加载失败，请稍后重试' : '暂无导入记录，下载模板填写后在上方上传'}
                    />
                  ),
                }}
              />
            </div>
          </Card>
        </Col>
      </Row>
    </>
  );
}

