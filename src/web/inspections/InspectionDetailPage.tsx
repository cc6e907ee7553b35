import { ArrowLeftOutlined, DownloadOutlined, EditOutlined, PlayCircleOutlined, SignatureOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Empty, Popconfirm, Result, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { hazardGradeLabels, safetyAreaLabels } from '../../contracts/enums.js';
import type { InspectionDetail, InspectionTarget } from '../../contracts/inspections.js';
import { hazardItemKey } from '../../contracts/inspections.js';
import { ApiError } from '../api.js';
import { FileList } from '../components/FileList.js';
import { PageHeader } from '../components/PageHeader.js';
import { PageSpin } from '../components/FullPageSpin.js';
import { showError } from '../feedback.js';
import { formatDateTime } from '../format.js';
import { INSPECTIONS_KEY, inspectionsApi } from './inspectionsApi.js';
import { InspectionKindTag, InspectionStatusTag, ResultTag } from './tags.js';

export const inspectionKey = (id: number) => [...INSPECTIONS_KEY, 'detail', id] as const;

/** The rows of one school's form: the checklist items, or in a follow-up the hazards of that school. */
export function formRows(insp: InspectionDetail, target: InspectionTarget) {
  if (insp.kind === 'follow_up') {
    return insp.followUpHazards
      .filter((h) => h.schoolId === target.schoolId)
      .map((h, i) => ({ no: i + 1, key: hazardItemKey(h.id), section: safetyAreaLabels[h.area], text: `${h.code} ${h.location}：${h.description}`, hint: h.measures ? `整改措施：${h.measures}` : '' }));
  }
  const rows: Array<{ no: number; key: string; section: string; text: string; hint: string }> = [];
  for (const s of insp.sections) {
    for (const item of s.items) {
      rows.push({ no: rows.length + 1, key: item.key, section: s.title, text: item.text, hint: [item.method, item.standard].filter(Boolean).join('；') });
    }
  }
  return rows;
}

function TargetResults({ insp, target }: { insp: InspectionDetail; target: InspectionTarget }) {
  const byKey = new Map(target.results.map((r) => [r.itemKey, r]));
  const rows = formRows(insp, target);
  return (
    <Table
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: '序号', dataIndex: 'no', width: 60 },
        { title: '检查领域', dataIndex: 'section', width: 140 },
        { title: '检查内容', dataIndex: 'text' },
        { title: '结果', key: 'result', width: 90, render: (_, r) => <ResultTag result={byKey.get(r.key)?.result} /> },
        { title: '备注', key: 'note', width: 200, render: (_, r) => byKey.get(r.key)?.note ?? '' },
        { title: '照片', key: 'files', width: 160, render: (_, r) => <FileList files={byKey.get(r.key)?.files ?? []} size={40} /> },
        {
          title: '隐患',
          key: 'hazard',
          width: 150,
          render: (_, r) => {
            const res = byKey.get(r.key);
            if (res?.hazardId) return <Link to={`/hazards/${res.hazardId}`}>{res.hazardCode}</Link>;
            if (res?.checkedHazardId) return <Link to={`/hazards/${res.checkedHazardId}`}>查看隐患</Link>;
            return '';
          },
        },
      ]}
    />
  );
}

export default function InspectionDetailPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const detail = useQuery({ queryKey: inspectionKey(id), queryFn: () => inspectionsApi.get(id), enabled: Number.isInteger(id) && id > 0, meta: { silent: true } });

  const refresh = () => void queryClient.invalidateQueries({ queryKey: INSPECTIONS_KEY });
  const start = useMutation({
    mutationFn: (insp: InspectionDetail) => inspectionsApi.start(insp.id, insp.version),
    onSuccess: (insp) => {
      queryClient.setQueryData(inspectionKey(id), insp);
      refresh();
      // One school to fill: straight into its form (issue 17: the way in was a small link off-screen).
      const fill = insp.targets.filter((t) => t.actions.includes('fill'));
      if (fill.length === 1) {
        message.success('检查已开始，请逐项填写');
        navigate(`/inspections/${insp.id}/targets/${fill[0].id}/fill`);
        return;
      }
      message.success('检查已开始，检查人员可以逐项填写');
    },
    onError: (err) => {
      showError(err);
      refresh();
    },
  });
  const sign = useMutation({
    mutationFn: (t: InspectionTarget) => inspectionsApi.sign(id, t.id, t.version),
    onSuccess: () => {
      refresh();
      message.success('已会签');
    },
    onError: (err) => {
      showError(err);
      refresh();
    },
  });

  if (detail.isPending) return <PageSpin />;
  if (detail.isError) {
    const notFound = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? '检查任务不存在或无权访问' : '加载失败'}
        subTitle={notFound ? undefined : '请稍后重试'}
        extra={<Button onClick={() => navigate('/inspections')}>返回检查任务</Button>}
      />
    );
  }
  const insp = detail.data;
  const fillable = insp.targets.filter((t) => t.actions.includes('fill'));

  const columns: TableColumnsType<InspectionTarget> = [
    { title: '被检查学校', dataIndex: 'schoolName' },
    { title: '状态', dataIndex: 'status', width: 90, render: (v: InspectionTarget['status']) => <InspectionStatusTag status={v} /> },
    {
      title: '已检查',
      key: 'marked',
      width: 100,
      render: (_, t) => `${t.results.length} / ${formRows(insp, t).length} 项`,
    },
    {
      title: insp.kind === 'follow_up' ? '未通过' : '不合格/隐患',
      key: 'failed',
      width: 110,
      render: (_, t) => {
        const failed = t.results.filter((r) => r.result === 'fail').length;
        return failed ? <Tag color="red">{failed} 项</Tag> : <Typography.Text type="secondary">0</Typography.Text>;
      },
    },
    {
      title: '签字',
      key: 'signatures',
      render: (_, t) =>
        t.signatures.length ? (
          <Space orientation="vertical" size={0}>
            {t.signatures.map((s) => (
              <span key={s.userId}>
                {s.name} <Typography.Text type="secondary">{formatDateTime(s.at)}</Typography.Text>
              </span>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">未提交</Typography.Text>
        ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 240,
      render: (_, t) => (
        <Space size={0} wrap>
          {t.actions.includes('fill') && (
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => navigate(`/inspections/${insp.id}/targets/${t.id}/fill`)} data-testid="target-fill">
              填写检查表
            </Button>
          )}
          {t.actions.includes('sign') && (
            <Popconfirm title="确认会签？" description="签字即表示您对该校检查结果负责（签字压责）。" okText="签字" cancelText="取消" onConfirm={() => sign.mutateAsync(t).catch(() => undefined)}>
              <Button type="link" size="small" icon={<SignatureOutlined />} loading={sign.isPending && sign.variables?.id === t.id}>
                会签
              </Button>
            </Popconfirm>
          )}
          <Button type="link" size="small" icon={<DownloadOutlined />} href={inspectionsApi.exportUrl(insp.id, t.id)} data-testid="target-export">
            导出排查表
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={`${insp.code} ${insp.title}`}
        subTitle={
          <Space size={4}>
            <InspectionKindTag kind={insp.kind} />
            <InspectionStatusTag status={insp.status} />
          </Space>
        }
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/inspections')}>
              返回列表
            </Button>
            {/* The way into the form is a large button at the top, one per school when there are few
                (issue 17: it was a small link in the table, off-screen on a phone). */}
            {fillable.length <= 5 &&
              fillable.map((t) => (
                <Button key={t.id} type="primary" size="large" icon={<EditOutlined />} onClick={() => navigate(`/inspections/${insp.id}/targets/${t.id}/fill`)} data-testid="inspection-fill">
                  {fillable.length === 1 ? '填写检查表' : `填写：${t.schoolName}`}
                </Button>
              ))}
            {insp.actions.includes('start') && (
              <Popconfirm
                title="开始检查？"
                description={insp.kind === 'unannounced' ? '开始后被检查学校即可看到本次检查。' : '开始后检查人员可以逐项填写。'}
                okText="开始"
                cancelText="取消"
                onConfirm={() => start.mutateAsync(insp).catch(() => undefined)}
              >
                <Button type="primary" icon={<PlayCircleOutlined />} loading={start.isPending} data-testid="inspection-start">
                  开始检查
                </Button>
              </Popconfirm>
            )}
          </Space>
        }
      />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
            <Descriptions.Item label="检查日期">{insp.plannedOn}</Descriptions.Item>
            <Descriptions.Item label="组织单位">{insp.organizerUnitName}</Descriptions.Item>
            <Descriptions.Item label="发起人">{insp.createdByName}</Descriptions.Item>
            {insp.inspectorUnitName && <Descriptions.Item label="检查单位">{insp.inspectorUnitName}</Descriptions.Item>}
            <Descriptions.Item label="检查人员">{insp.inspectors.map((p) => `${p.name}（${p.unitName}）`).join('、')}</Descriptions.Item>
            <Descriptions.Item label="检查表">
              {insp.checklistName ? `${insp.checklistName}（第 ${insp.checklistVersionNumber} 版）` : insp.kind === 'follow_up' ? `复查 ${insp.followUpHazards.length} 条隐患` : '—'}
            </Descriptions.Item>
            {insp.campaignName && (
              <Descriptions.Item label="专项整治">
                <Link to={`/campaigns/${insp.campaignId}`}>{insp.campaignName}</Link>
              </Descriptions.Item>
            )}
            {insp.followUpOfCode && (
              <Descriptions.Item label="原检查">
                <Link to={`/inspections/${insp.followUpOfId}`}>{insp.followUpOfCode}</Link>
              </Descriptions.Item>
            )}
            <Descriptions.Item label="开始时间">{formatDateTime(insp.startedAt)}</Descriptions.Item>
          </Descriptions>
        </Card>
        {insp.kind === 'follow_up' && insp.followUpHazards.length > 0 && (
          <Card size="small" title="复查的隐患">
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={insp.followUpHazards}
              columns={[
                { title: '隐患编号', dataIndex: 'code', width: 150, render: (v: string, h) => <Link to={`/hazards/${h.id}`}>{v}</Link> },
                { title: '位置', dataIndex: 'location', width: 160 },
                { title: '描述', dataIndex: 'description' },
                { title: '等级', dataIndex: 'grade', width: 70, render: (g: keyof typeof hazardGradeLabels) => hazardGradeLabels[g] },
                { title: '回头看', dataIndex: 'falseFix', width: 110, render: (v: boolean) => (v ? <Tag color="volcano">整改不实</Tag> : '') },
              ]}
            />
          </Card>
        )}
        <Card size="small" title={`被检查学校（${insp.targets.length} 所）`}>
          <Table<InspectionTarget>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={insp.targets}
            pagination={insp.targets.length > 20 ? { pageSize: 20 } : false}
            scroll={{ x: 900 }}
            expandable={{ expandedRowRender: (t) => <TargetResults insp={insp} target={t} />, rowExpandable: (t) => t.results.length > 0 }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有可查看的被检查学校" /> }}
            data-testid="inspection-targets"
          />
        </Card>
      </Space>
    </>
  );
}
