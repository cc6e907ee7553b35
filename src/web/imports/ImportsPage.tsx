import { CheckCircleOutlined, CloseCircleOutlined, DownloadOutlined, InboxOutlined, LoadingOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, Form, Input, Progress, Row, Select, Space, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import {
  importedUnitLabels,
  importKindLabels,
  importKinds,
  importStatusLabels,
  isLedgerImportKind,
  ledgerImportKinds,
  type ImportJob,
  type ImportKind,
  type ImportStatus,
  type LedgerImportKind,
} from '../../contracts/imports.js';
import { api, apiUrl } from '../api.js';
import { useCan } from '../auth.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, useSearchState } from '../components/useSearchState.js';
import { applyServerErrors, passwordPolicyRule, passwordPolicyText } from '../forms.js';
import { formatDateTime } from '../format.js';

const kindLabels = importKindLabels;
const statusLabels = importStatusLabels;
const statusColors: Record<ImportStatus, string> = { queued: 'gold', validating: 'blue', importing: 'blue', done: 'green', failed: 'red' };
// A queued job is polled like a running one: it starts when an import ahead of it ends.
const running = (s: ImportStatus | undefined) => s === 'queued' || s === 'validating' || s === 'importing';
/** 等待中, with the place in line when the server knows it. */
const statusText = (j: ImportJob) => (j.status === 'queued' && j.queuePosition !== null ? `${statusLabels.queued}（第 ${j.queuePosition} 位）` : statusLabels[j.status]);
const POLL_MS = 500;

/** Each ledger's page, where the imported records are seen. */
const ledgerPaths: Record<LedgerImportKind, string> = {
  drills: '/drills',
  staff: '/staff',
  trainings: '/trainings',
  meetings: '/meetings',
  insurance: '/insurance-policies',
  duty: '/duty-rosters',
  security: '/security-profiles',
  food: '/food-records',
  gate: '/gate-records',
  health_checks: '/health-checks',
  education: '/education-records',
  equipment: '/special-equipment',
  equipment_logs: '/special-equipment',
  chemicals: '/chemicals',
  chemical_movements: '/chemicals',
  netsec_systems: '/network-security?tab=systems',
  school_buses: '/school-buses?tab=buses',
  bus_drivers: '/school-buses?tab=drivers',
};

const hints: Record<ImportKind, string> = {
  units: '按模板填写单位名称、类型、上级单位及学校信息。文件全部校验通过才会导入，有任何错误则一条都不导入。',
  users: '按模板填写用户名、姓名、所属单位和角色。所有新账号使用下面设置的初始密码，首次登录时须修改。',
  drills: '每行一次演练：学校、演练日期、演练类型、参加人数等，与“应急演练”台账导出的列相同。',
  staff: '每行一名教职工或外包人员（保安、校车司机、保洁）：学校、姓名、岗位及任职日期、人员类别、外包单位、准入查询日期和结果，与“教职工岗位”导出的列相同。培训台账按“学校 + 姓名”找人，请先导入教职工。',
  trainings: '每行一人参加一次培训：学校、姓名（须已登记为教职工）、课程、学时、起止日期、培训机构。',
  meetings: '每行一次会议：学校、会议日期、会议类别、主持人、参会人员（用“、”分隔）、会议纪要。',
  insurance: '每行一份保单：学校、保单号、保险公司、起止日期、承保学生数；保单号在本区内不能重复。',
  duty: '每行一天一个角色的值班：学校、值班日期、值班角色、姓名、值班时长、值班表（须已在值班带班台账中新建且包含该日期）。',
  security: '每行一个校门的保安人数；同一学校同一登记日期的各行合并为一次登记，报警装置、视频、周界报警各列须相同。',
  food: '每行一条记录：学校、记录类型（日管控、周排查、月调度、陪餐、证照、明厨亮灶与追溯平台）、日期、负责人及该类型的各列，与“食品安全”台账导出的列相同；已过期的证照不能登记。',
  gate: '每行一条登记：来访人员、车辆或一天的护学岗，与“门卫来访”导出的列相同；到达、离开时间填北京时间（如 2026-05-06 09:30），身份证号只保存脱敏后的号码。',
  health_checks: '每行一个班级一次晨检或午检：应到、缺勤、因病缺勤人数和各症状人数；每名因病缺勤学生在“因病缺课追踪”中写“姓名（症状）：追踪情况”。',
  education: '每行一条记录：安全教育活动、寄宿生晚点名或防溺水告家长书，与“安全教育活动”台账导出的列相同。',
  equipment: '每行一台特种设备：类别、名称、三落实、两有证和登记时的下次检验日期；应急预案文件请导入后在台账中上传。',
  equipment_logs: '每行一次维护保养或定期检验：按“学校 + 设备名称”找到已登记的设备；定期检验须填应检日期、是否按期和下次检验日期。',
  chemicals: '每行一个药品室的一种危险化学品：名称、计量单位、管制类别、存放位置和双人双锁的两名保管人；结存由出入库记录计算，不能导入。',
  chemical_movements: '每行一次出入库：按“学校 + 药品室 + 药品名称”找到药品，全部记录按日期重算结存，任何一行使结存为负或归还超过未还数量，整个文件都不导入。',
  netsec_systems: '每行一个网络系统或网站：类别、名称、网址或入口、责任人、等保级别和备案号，与“网络安全 · 系统与网站”导出的列相同；同一学校的系统名称不能重复。',
  school_buses: '每行一辆校车：车牌号、座位数、行驶证号、保险到期日、年审日期和年审到期日、开始运营日期、是否在用，与“校车 · 校车”导出的列相同；车牌号在本区内不能重复，在用校车的保险不能已到期。',
  bus_drivers: '每行一名校车驾驶人：姓名、准驾车型、驾驶证有效期、背景审查日期和结果、体检日期、是否在岗，与“校车 · 驾驶人”导出的列相同；在岗驾驶人的驾驶证不能已过期。',
};

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
          {statusText(job)}
        </Tag>
      </Space>
      <Progress
        percent={percent(job)}
        status={job.status === 'failed' ? 'exception' : job.status === 'done' ? 'success' : 'active'}
        format={() => (job.total > 0 ? `${job.processed} / ${job.total} 行` : '…')}
      />
      {job.status === 'queued' && (
        <Typography.Text type="secondary" data-testid="import-queued">
          {job.queuePosition !== null ? `前面还有 ${job.queuePosition - 1} 个导入，` : '系统正在处理其他导入，'}轮到后将自动开始校验，请勿重复上传。
        </Typography.Text>
      )}
      {job.status === 'validating' && <Typography.Text type="secondary">正在逐行校验文件，全部通过后才会开始导入。</Typography.Text>}
      {job.status === 'done' && (
        <Alert
          type="success"
          showIcon
          icon={<CheckCircleOutlined />}
          title={`导入完成：新建 ${job.createdCount} ${importedUnitLabels[job.kind]}`}
          description={
            job.kind === 'users' ? (
              '新账号使用导入时设置的初始密码，本人首次登录时须修改密码。'
            ) : isLedgerImportKind(job.kind) ? (
              <>
                共处理 {job.total} 行，可在 <Link to={ledgerPaths[job.kind]}>{kindLabels[job.kind]}台账</Link> 中查看。
              </>
            ) : (
              `共处理 ${job.total} 行。`
            )
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
  title = `${kindLabels[kind]}导入`,
  picker,
}: {
  kind: ImportKind;
  jobId: ImportJob['id'] | null;
  onStarted: (job: ImportJob) => void;
  title?: string;
  /** Above the hint: the choice of ledger on the ledger card. */
  picker?: ReactNode;
}) {
  const [form] = Form.useForm<{ initialPassword?: string }>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const job = useImportJob(jobId);

  useEffect(() => {
    if (job.data && !running(job.data.status)) void queryClient.invalidateQueries({ queryKey: ['imports', 'list'] });
    if (job.data?.status === 'done') {
      if (isLedgerImportKind(job.data.kind)) {
        // New records change the ledger lists, the compliance cards and the home page.
        void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'imports' });
      } else {
        void queryClient.invalidateQueries({ queryKey: ['units'] });
        void queryClient.invalidateQueries({ queryKey: ['users'] });
        void queryClient.invalidateQueries({ queryKey: ['home'] });
      }
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
      title={title}
      extra={
        <Button type="link" icon={<DownloadOutlined />} href={apiUrl('/imports/template', { kind })} data-testid={`import-template-${kind}`}>
          下载{picker ? `“${kindLabels[kind]}”` : ''}模板
        </Button>
      }
      data-testid={`import-card-${picker ? 'ledgers' : kind}`}
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {picker}
        <Typography.Text type="secondary">{hints[kind]}</Typography.Text>
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

const noJobs = () => Object.fromEntries(importKinds.map((k) => [k, null])) as Record<ImportKind, ImportJob['id'] | null>;

export default function ImportsPage() {
  const can = useCan();
  const s = useSearchState();
  const baseKinds = can('import.run') ? (['units', 'users'] as const) : [];
  const ledgers = can('ledger.write');
  // The ledger chosen on the ledger card, kept in the address (a ledger page links to ?kind=…).
  const ledgerKind: LedgerImportKind = pick(s.get('kind'), ledgerImportKinds) ?? 'drills';
  const [active, setActive] = useState<Record<ImportKind, ImportJob['id'] | null>>(noJobs);
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
      for (const kind of importKinds) {
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
      { title: '类型', dataIndex: 'kind', width: 120, render: (k: ImportKind) => `${kindLabels[k]}导入` },
      { title: '文件名', dataIndex: 'fileName' },
      { title: '操作人', dataIndex: 'actorName', width: 100, render: (v: string | null) => v ?? '—' },
      {
        title: '状态',
        dataIndex: 'status',
        width: 130,
        render: (s: ImportStatus, j) => <Tag color={statusColors[s]}>{statusText(j)}</Tag>,
      },
      { title: '进度', key: 'progress', width: 160, render: (_, j) => <Progress size="small" percent={percent(j)} status={j.status === 'failed' ? 'exception' : undefined} /> },
      { title: '新建', dataIndex: 'createdCount', width: 130, align: 'right', render: (n: number, j) => `${n} ${importedUnitLabels[j.kind]}` },
      {
        title: '操作',
        key: 'actions',
        width: 90,
        render: (_, j) => (
          <Button
            type="link"
            size="small"
            onClick={() => {
              setActive((prev) => ({ ...prev, [j.kind]: j.id }));
              if (isLedgerImportKind(j.kind)) s.set({ kind: j.kind });
            }}
          >
            查看
          </Button>
        ),
      },
    ],
    [s],
  );

  return (
    <>
      <PageHeader
        title="数据导入"
        subTitle={`用 Excel 批量导入${[baseKinds.length ? '单位和人员账号' : '', ledgers ? '学校安全台账' : ''].filter(Boolean).join('及')}；导入在后台进行，可以离开本页稍后回来查看`}
      />
      <Row gutter={[16, 16]}>
        {baseKinds.map((kind) => (
          <Col xs={24} xl={12} key={kind}>
            <ImportCard kind={kind} jobId={active[kind]} onStarted={(job) => setActive((prev) => ({ ...prev, [kind]: job.id }))} />
          </Col>
        ))}
        {ledgers && (
          <Col span={24}>
            <ImportCard
              key={ledgerKind}
              kind={ledgerKind}
              title="台账导入"
              jobId={active[ledgerKind]}
              onStarted={(job) => setActive((prev) => ({ ...prev, [ledgerKind]: job.id }))}
              picker={
                <Select<LedgerImportKind>
                  value={ledgerKind}
                  onChange={(kind) => s.set({ kind })}
                  options={ledgerImportKinds.map((k) => ({ value: k, label: kindLabels[k] }))}
                  showSearch
                  optionFilterProp="label"
                  style={{ width: 240 }}
                  aria-label="选择台账"
                  data-testid="import-ledger-kind"
                />
              }
            />
          </Col>
        )}
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

