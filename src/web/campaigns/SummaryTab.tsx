// 总结评估 (002 三、(三)): each hazard of the campaign ends in one of three classes — resolved;
// being resolved with a committed date; hard to resolve soon, with the department that takes it to
// the coordination meeting. The leading group draws a reproducible sample of the first two classes
// (follow-up inspections are created for it); a failed follow-up is a false fix (弄虚作假) for the 通报.
import { DownloadOutlined, ExperimentOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Form, Input, InputNumber, Modal, Radio, Row, Select, Skeleton, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { safetyAreaLabels, summaryClassLabels, type SummaryClass } from '../../contracts/enums.js';
import type { SummaryHazardRow } from '../../contracts/campaigns.js';
import { decideClassification } from '../../domain/campaigns.js';
import { apiUrl } from '../api.js';
import { applyServerErrors, numberRule } from '../forms.js';
import { formatDateTime } from '../format.js';
import { fromDay, toDay, todayBeijing } from '../dates.js';
import { GradeTag, HazardStatusTag } from '../hazards/tags.js';
import { inspectionsApi } from '../inspections/inspectionsApi.js';
import { useDepartments } from './CampaignFormDrawer.js';
import { CAMPAIGNS_KEY, campaignsApi, type CampaignDetail, type CampaignSample } from './campaignsApi.js';

const classColors: Record<SummaryClass, string> = { resolved: 'green', resolving: 'orange', hard: 'red' };

export function SummaryClassTag({ value }: { value: SummaryClass | null }) {
  return value ? <Tag color={classColors[value]}>{summaryClassLabels[value]}</Tag> : <Tag>未分类</Tag>;
}

function hazardColumns(extra: TableColumnsType<SummaryHazardRow> = []): TableColumnsType<SummaryHazardRow> {
  return [
    { title: '隐患编号', dataIndex: 'code', width: 140, render: (v: string, r) => <Link to={`/hazards/${r.id}`}>{v}</Link> },
    { title: '学校', dataIndex: 'schoolName', width: 160, ellipsis: true },
    { title: '领域', dataIndex: 'area', width: 130, ellipsis: true, render: (v: SummaryHazardRow['area']) => safetyAreaLabels[v] },
    { title: '隐患描述', dataIndex: 'description', width: 240, ellipsis: { showTitle: true } },
    { title: '等级', dataIndex: 'grade', width: 70, render: (v: SummaryHazardRow['grade']) => <GradeTag grade={v} /> },
    { title: '状态', dataIndex: 'status', width: 100, render: (v: SummaryHazardRow['status']) => <HazardStatusTag status={v} /> },
    { title: '责任部门', dataIndex: 'responsibleDepartmentName', width: 120, ellipsis: true, render: (v: string | null) => v ?? '—' },
    ...extra,
  ];
}

export function SummaryTab({ campaign }: { campaign: CampaignDetail }) {
  const summary = useQuery({ queryKey: [...CAMPAIGNS_KEY, 'summary', campaign.id], queryFn: () => campaignsApi.summary(campaign.id) });
  const [classifying, setClassifying] = useState<SummaryHazardRow | null>(null);
  const canClassify = campaign.actions.includes('classify');

  if (summary.isPending) return <Skeleton active />;
  if (summary.isError || !summary.data) return <Alert type="error" showIcon title="总结加载失败" action={<Button onClick={() => void summary.refetch()}>重试</Button>} />;
  const s = summary.data;

  const count = (title: string, value: number, opts: { color?: string; link?: string; testId?: string } = {}) => (
    <Col xs={12} md={6}>
      <Card size="small" data-testid={opts.testId}>
        <Statistic title={opts.link ? <Link to={opts.link}>{title}</Link> : title} value={value} suffix="条" styles={{ content: opts.color ? { color: opts.color } : undefined }} />
      </Card>
    </Col>
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="campaign-summary">
      <Card
        size="small"
        title="整改情况三类汇总"
        extra={
          <Button icon={<DownloadOutlined />} href={apiUrl(`/campaigns/${campaign.id}/summary/export`)} data-testid="summary-export">
            导出总结（Excel）
          </Button>
        }
      >
        <Row gutter={[12, 12]}>
          {count('风险隐患已化解', s.counts.resolved, { color: '#389e0d', testId: 'summary-resolved', link: `/hazards?campaignId=${campaign.id}&summaryClass=resolved` })}
          {count('正在化解中（可明确完成时限）', s.counts.resolving, { color: '#d46b08', link: `/hazards?campaignId=${campaign.id}&summaryClass=resolving` })}
          {count('化解难度较大，难以短期内化解', s.counts.hard, { color: '#cf1322', link: `/hazards?campaignId=${campaign.id}&summaryClass=hard` })}
          {count('尚未分类', s.counts.unclassified, { testId: 'summary-unclassified' })}
        </Row>
        <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
          002 方案：各责任部门将风险隐患整改情况分三类反馈；对前两类由领导小组按比例抽查，发现弄虚作假、敷衍了事的予以通报追责；第三类由领导小组召集专题研商。
        </Typography.Paragraph>
      </Card>

      <Card size="small" title={`待分类的隐患（${s.counts.unclassified} 条${s.unclassified.length < s.counts.unclassified ? `，显示前 ${s.unclassified.length} 条` : ''}）`}>
        <Table<SummaryHazardRow>
          rowKey="id"
          size="small"
          dataSource={s.unclassified}
          scroll={{ x: 'max-content' }}
          pagination={{ defaultPageSize: 20, pageSizeOptions: [20, 50, 100], showSizeChanger: true, hideOnSinglePage: true }}
          data-testid="summary-unclassified-table"
          columns={hazardColumns(
            canClassify
              ? [
                  {
                    title: '操作',
                    key: 'classify',
                    width: 90,
                    fixed: 'right',
                    render: (_, r) => (
                      <Button type="link" size="small" onClick={() => setClassifying(r)} data-testid="summary-classify">
                        分类
                      </Button>
                    ),
                  },
                ]
              : [],
          )}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="所有隐患都已分类" /> }}
        />
      </Card>

      <SamplesCard campaign={campaign} />

      <Card size="small" title={`整改不实（弄虚作假）通报名单（${s.falseFixes.length} 条）`}>
        <Table<SummaryHazardRow>
          rowKey="id"
          size="small"
          dataSource={s.falseFixes}
          scroll={{ x: 'max-content' }}
          pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
          data-testid="summary-false-fixes"
          columns={hazardColumns([{ title: '重新分类', dataIndex: 'summaryClass', width: 150, render: (v: SummaryClass | null) => <SummaryClassTag value={v} /> }])}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="抽查回头看尚未发现整改不实" /> }}
        />
      </Card>

      <Card size="small" title={`专题协调清单（难以短期内化解，${s.coordination.length} 条）`}>
        <Table<SummaryHazardRow>
          rowKey="id"
          size="small"
          dataSource={s.coordination}
          scroll={{ x: 'max-content' }}
          pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
          data-testid="summary-coordination"
          columns={hazardColumns([
            { title: '牵头协调部门', dataIndex: 'coordinationDepartmentName', width: 130, render: (v: string | null) => (v ? <Tag color="red">{v}</Tag> : '—') },
            ...(canClassify
              ? [
                  {
                    title: '操作',
                    key: 'classify',
                    width: 90,
                    fixed: 'right' as const,
                    render: (_: unknown, r: SummaryHazardRow) => (
                      <Button type="link" size="small" onClick={() => setClassifying(r)}>
                        改分类
                      </Button>
                    ),
                  },
                ]
              : []),
          ])}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有难以短期内化解的隐患" /> }}
        />
      </Card>

      <ClassifyModal campaign={campaign} hazard={classifying} onClose={() => setClassifying(null)} />
    </Space>
  );
}

interface ClassifyValues {
  summaryClass?: SummaryClass;
  committedOn?: ReturnType<typeof fromDay> | null;
  coordinationDepartmentId?: number;
}

function ClassifyModal({ campaign, hazard, onClose }: { campaign: CampaignDetail; hazard: SummaryHazardRow | null; onClose: () => void }) {
  const [form] = Form.useForm<ClassifyValues>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const departments = useDepartments(hazard !== null);
  const chosen = Form.useWatch('summaryClass', form);
  const today = todayBeijing();

  useEffect(() => {
    if (!hazard) return;
    form.resetFields();
    form.setFieldsValue({ summaryClass: hazard.summaryClass ?? undefined, committedOn: fromDay(hazard.committedOn) ?? null, coordinationDepartmentId: hazard.coordinationDepartmentId ?? undefined });
  }, [hazard, form]);

  // Which classes the hazard's status allows (the same rule the server applies).
  const refusal = (c: SummaryClass) => {
    if (!hazard) return null;
    const r = decideClassification(hazard.status, { summaryClass: c, committedOn: '9999-12-31', coordinationDepartmentId: 1 }, today);
    return 'kind' in r && r.kind === 'state' ? r.message : null;
  };

  const save = useMutation({
    mutationFn: (v: ClassifyValues) =>
      campaignsApi.classify(campaign.id, hazard!.id, {
        version: hazard!.version,
        summaryClass: v.summaryClass!,
        committedOn: v.summaryClass === 'resolving' ? (toDay(v.committedOn ?? undefined) ?? null) : null,
        coordinationDepartmentId: v.summaryClass === 'hard' ? (v.coordinationDepartmentId ?? null) : null,
      }),
    onSuccess: (r) => {
      message.success(`已归为“${summaryClassLabels[r.summaryClass]}”`);
      void queryClient.invalidateQueries({ queryKey: [...CAMPAIGNS_KEY, 'summary', campaign.id] });
      void queryClient.invalidateQueries({ queryKey: ['hazards'] });
      onClose();
    },
    onError: (err) => applyServerErrors(form, err, ['summaryClass', 'committedOn', 'coordinationDepartmentId']),
  });

  return (
    <Modal
      open={hazard !== null}
      title={hazard ? `总结分类：${hazard.code}` : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="确定"
      cancelText="取消"
      confirmLoading={save.isPending}
      okButtonProps={{ disabled: !chosen }}
      destroyOnHidden
      forceRender
    >
      {hazard && (
        <Typography.Paragraph type="secondary">
          {hazard.schoolName} · {safetyAreaLabels[hazard.area]} · 当前状态：<HazardStatusTag status={hazard.status} />
          <br />
          {hazard.description}
        </Typography.Paragraph>
      )}
      <Form<ClassifyValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="classify-form">
        <Form.Item name="summaryClass" label="分类" rules={[{ required: true, message: '请选择分类' }]}>
          <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            {(['resolved', 'resolving', 'hard'] as const).map((c) => {
              const why = refusal(c);
              return (
                <Radio key={c} value={c} disabled={!!why} data-testid={`classify-${c}`}>
                  {summaryClassLabels[c]}
                  {why && <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{why}</div>}
                </Radio>
              );
            })}
          </Radio.Group>
        </Form.Item>
        {chosen === 'resolving' && (
          <Form.Item name="committedOn" label="承诺完成日期" rules={[{ required: true, message: '“正在化解中”须明确完成时限' }]}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') < today} data-testid="classify-committed-on" />
          </Form.Item>
        )}
        {chosen === 'hard' && (
          <Form.Item name="coordinationDepartmentId" label="提请专题协调会的牵头部门" rules={[{ required: true, message: '请选择牵头部门' }]}>
            <Select showSearch optionFilterProp="label" options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))} loading={departments.isPending} data-testid="classify-department" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

interface SampleValues {
  percent?: number;
  seed?: string;
  plannedOn?: ReturnType<typeof fromDay>;
  inspectorIds?: number[];
}

function SamplesCard({ campaign }: { campaign: CampaignDetail }) {
  const [form] = Form.useForm<SampleValues>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const canDraw = campaign.actions.includes('draw_sample');
  const samples = useQuery({ queryKey: [...CAMPAIGNS_KEY, 'samples', campaign.id], queryFn: () => campaignsApi.samples(campaign.id) });
  const [who, setWho] = useState('');
  const candidates = useQuery({
    queryKey: ['inspections', 'candidates', null, who],
    queryFn: () => inspectionsApi.candidates({ q: who || undefined }),
    enabled: canDraw,
    meta: { silent: true },
  });

  const draw = useMutation({
    mutationFn: (v: SampleValues) =>
      campaignsApi.drawSample(campaign.id, {
        ratio: (v.percent ?? 0) / 100,
        seed: v.seed?.trim() || null,
        plannedOn: toDay(v.plannedOn) ?? null,
        inspectorIds: v.inspectorIds ?? [],
      }),
    onSuccess: (s) => {
      message.success(`已抽取 ${s.hazards.length} 条隐患，随机种子 ${s.seed}，并生成回头看检查`);
      void queryClient.invalidateQueries({ queryKey: [...CAMPAIGNS_KEY, 'samples', campaign.id] });
      void queryClient.invalidateQueries({ queryKey: ['inspections'] });
      form.setFieldsValue({ seed: undefined });
    },
    onError: (err) => applyServerErrors(form, err, ['ratio', 'seed', 'plannedOn', 'inspectorIds']),
  });

  const columns: TableColumnsType<CampaignSample> = [
    { title: '抽取时间', dataIndex: 'drawnAt', width: 160, render: (v: string) => formatDateTime(v) },
    { title: '抽取人', dataIndex: 'drawnByName', width: 90 },
    { title: '比例', dataIndex: 'ratio', width: 70, render: (v: number) => `${Math.round(v * 1000) / 10}%` },
    {
      title: '随机种子',
      dataIndex: 'seed',
      width: 170,
      render: (v: string) => (
        <Typography.Text code copyable={{ text: v, tooltips: ['复制', '已复制'] }} data-testid="sample-seed">
          {v}
        </Typography.Text>
      ),
    },
    {
      title: '抽中的隐患',
      key: 'hazards',
      render: (_, s) => (
        <Space size={[8, 4]} wrap>
          {s.hazards.map((h) => (
            <Link key={h.id} to={`/hazards/${h.id}`} title={h.schoolName}>
              {h.code}
              {h.falseFix && (
                <Tag color="volcano" style={{ marginLeft: 4 }}>
                  整改不实
                </Tag>
              )}
            </Link>
          ))}
        </Space>
      ),
    },
    {
      title: '回头看检查',
      key: 'followUps',
      width: 110,
      render: (_, s) =>
        s.followUpInspectionIds.length ? (
          <Space orientation="vertical" size={0}>
            {s.followUpInspectionIds.map((id) => (
              <Link key={id} to={`/inspections/${id}`} data-testid="sample-follow-up">
                查看检查
              </Link>
            ))}
          </Space>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <Card size="small" title="按比例抽查（回头看）" data-testid="summary-samples">
      {canDraw && (
        <Form<SampleValues> form={form} layout="inline" onFinish={(v) => draw.mutate(v)} initialValues={{ percent: 10 }} style={{ rowGap: 8, marginBottom: 12 }} data-testid="sample-form">
          <Form.Item name="percent" label="抽查比例" rules={[{ required: true, message: '请填写比例' }, numberRule(1, 100, { unit: '%' })]}>
            <InputNumber step={5} suffix="%" style={{ width: 110 }} data-testid="sample-ratio" />
          </Form.Item>
          <Form.Item name="seed" label="随机种子" tooltip="留空由系统生成并记录；用同一种子可重现同一抽查结果">
            <Input allowClear placeholder="可不填" maxLength={100} style={{ width: 160 }} data-testid="sample-seed-input" />
          </Form.Item>
          <Form.Item name="plannedOn" label="回头看日期">
            <DatePicker placeholder="今天" />
          </Form.Item>
          <Form.Item name="inspectorIds" label="检查人员" tooltip="不选时由抽取人本人执行">
            <Select
              mode="multiple"
              showSearch
              filterOption={false}
              onSearch={setWho}
              style={{ minWidth: 200 }}
              placeholder="输入姓名搜索"
              options={(candidates.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.unitName}）` }))}
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<ExperimentOutlined />} loading={draw.isPending} data-testid="sample-draw">
              抽取并生成回头看
            </Button>
          </Form.Item>
        </Form>
      )}
      <Typography.Paragraph type="secondary">从“已化解”“正在化解中”两类中随机抽取；回头看不合格的隐患将重新整改，并列入整改不实通报名单。</Typography.Paragraph>
      <Table<CampaignSample>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={samples.data?.items}
        loading={samples.isFetching}
        scroll={{ x: 'max-content' }}
        pagination={false}
        data-testid="sample-table"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={canDraw ? '尚未抽查。对前两类隐患分类后，填写比例抽取' : '尚未抽查'} /> }}
      />
    </Card>
  );
}
