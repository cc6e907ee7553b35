// 年度考核 (安全绩效考核, issue 14): the year's scores of schools, towns and departments with their
// grades and ranks, filters above (town, stage, grade), export at the top right, the grade
// distribution (ECharts), a unit opened down to its records in a drawer, and for the bureau the
// scheme, computing, publishing and the year-end report (.docx).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Popconfirm, Row, Segmented, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { assessedKindLabels, assessedKinds, assessmentGradeLabels, assessmentGrades, runStatusLabels, type AssessedKind, type ScoreRow } from '../../contracts/assessment.js';
import { schoolStageLabels, schoolStages } from '../../contracts/enums.js';
import { useMe } from '../auth.js';
import { EChart, type EChartOption } from '../components/EChart.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { PageHeader } from '../components/PageHeader.js';
import { ResetButton } from '../components/ResetButton.js';
import { TownFilter } from '../components/TownFilter.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { formatDateTime } from '../format.js';
import { ASSESSMENT_KEY, assessmentApi } from './assessmentApi.js';
import { GradeTag, gradeHex } from './GradeTag.js';
import { SchemeDrawer } from './SchemeDrawer.js';
import { UnitScoreDrawer } from './UnitScoreDrawer.js';

const thisYear = () => new Date().getFullYear();

export default function AssessmentPage() {
  const me = useMe();
  const s = useSearchState();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const year = positiveInt(s.get('year')) ?? thisYear();
  const kind: AssessedKind = pick(s.get('kind'), assessedKinds) ?? 'school';
  const filters = { year, kind, townId: kind === 'school' ? positiveInt(s.get('townId')) : undefined, stage: kind === 'school' ? pick(s.get('stage'), schoolStages) : undefined, grade: pick(s.get('grade'), assessmentGrades) };
  const unitId = positiveInt(s.get('unit'));
  const [schemeOpen, setSchemeOpen] = useState(false);

  const q = { ...filters, page: s.page, pageSize: s.pageSize };
  const scores = useQuery({ queryKey: [...ASSESSMENT_KEY, 'scores', q], queryFn: () => assessmentApi.scores(q), placeholderData: keepPreviousData });
  const run = scores.data?.run;
  const indicators = scores.data?.indicators ?? [];

  const compute = useMutation({
    mutationFn: () => assessmentApi.compute(year),
    onSuccess: () => {
      message.success('已计算各单位得分');
      void qc.invalidateQueries({ queryKey: ASSESSMENT_KEY });
    },
    onError: (e) => message.error((e as Error).message),
  });
  const publish = useMutation({
    mutationFn: () => assessmentApi.publish(year, run!.version),
    onSuccess: () => {
      message.success('已发布，各单位可查看本单位结果');
      void qc.invalidateQueries({ queryKey: ASSESSMENT_KEY });
    },
    onError: (e) => message.error((e as Error).message),
  });

  const grades = run?.byGrade ?? {};
  const chart = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: assessmentGrades.map((g) => assessmentGradeLabels[g]) },
      yAxis: { type: 'value', minInterval: 1, name: '所' },
      series: [{ type: 'bar', name: '学校数', barMaxWidth: 36, data: assessmentGrades.map((g) => ({ value: grades[g] ?? 0, itemStyle: { color: gradeHex[g] } })) }],
    }),
    [grades],
  );

  const columns: TableColumnsType<ScoreRow> = [
    {
      title: '单位',
      dataIndex: 'unitName',
      fixed: 'left',
      width: 200,
      render: (n: string, r) => (
        <a onClick={() => s.set({ unit: r.unitId }, { keepPage: true })} data-testid="score-unit">
          {n}
        </a>
      ),
    },
    ...(kind === 'school'
      ? [
          { title: '镇街', dataIndex: 'townName', width: 120, render: (v: string | null) => v ?? '区直属' },
          { title: '学段', dataIndex: 'stage', width: 90, render: (v: ScoreRow['stage']) => (v ? schoolStageLabels[v] : '—') },
        ]
      : []),
    ...(kind === 'town'
      ? []
      : indicators.map((ind) => ({
          title: (
            <Tooltip title={`权重 ${ind.weight} 分`}>
              {ind.label}
            </Tooltip>
          ),
          key: ind.code,
          width: 110,
          render: (_: unknown, r: ScoreRow) => {
            const f = r.figures.find((x) => x.code === ind.code);
            return f?.hasData ? `${f.points}` : <Typography.Text type="secondary">暂无数据</Typography.Text>;
          },
        }))),
    { title: '计算得分', dataIndex: 'score', width: 90, render: (v: number | null) => v ?? '—' },
    {
      title: '调整后',
      dataIndex: 'adjustedScore',
      width: 90,
      render: (v: number | null, r) => (v === null ? '—' : <Tooltip title={`${r.adjustedByName}：${r.adjustmentReason}`}><Tag color="purple">{v}</Tag></Tooltip>),
    },
    { title: '最终得分', dataIndex: 'finalScore', width: 90, render: (v: number | null) => <b>{v ?? '—'}</b> },
    { title: '等次', dataIndex: 'grade', width: 130, render: (g: ScoreRow['grade'], r) => <GradeTag grade={g} vetoed={r.vetoed} /> },
    { title: kind === 'school' ? '学段内排名' : '排名', dataIndex: 'rankInStage', width: 100, render: (v: number | null) => v ?? '—' },
    ...(kind === 'school' ? [{ title: '镇街内排名', dataIndex: 'rankInTown', width: 100, render: (v: number | null) => v ?? '—' }] : []),
  ];

  const years = [0, 1, 2, 3].map((k) => thisYear() - k);
  const manage = !!run?.mayManage;
  return (
    <>
      <PageHeader
        title="年度考核"
        subTitle="安全绩效考核：按区教育局的考核方案计算各学校、镇街、科室的年度得分（001 第22条、第27条）"
        extra={
          <Space wrap>
            <Select value={year} onChange={(y) => s.set({ year: y })} options={years.map((y) => ({ value: y, label: `${y} 年度` }))} style={{ width: 120 }} data-testid="year-select" />
            <Button onClick={() => setSchemeOpen(true)}>考核方案</Button>
            {manage && run?.status !== 'published' && (
              <Button type="primary" loading={compute.isPending} onClick={() => compute.mutate()} data-testid="compute">
                {run?.status === 'draft' ? '重新计算' : '计算得分'}
              </Button>
            )}
            {manage && run?.status === 'draft' && (
              <Popconfirm title="发布后各单位可查看结果，方案与得分不能再修改。确认发布？" onConfirm={() => publish.mutate()} okText="发布">
                <Button loading={publish.isPending}>发布结果</Button>
              </Popconfirm>
            )}
            {me.scope === 'district' && (
              <Button href={assessmentApi.reportUrl(year)} data-testid="year-report">
                生成年度报告（Word）
              </Button>
            )}
            <ExportButton path="/assessment/export" query={filters} />
          </Space>
        }
      />
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={14}>
          <Card size="small" title="考核状态">
            <Descriptions size="small" column={2}>
              <Descriptions.Item label="状态">
                <Tag color={run?.status === 'published' ? 'green' : run?.status === 'draft' ? 'blue' : 'default'} data-testid="run-status">
                  {run ? runStatusLabels[run.status] : '…'}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label="方案版本">{run?.schemeVersion ? `第 ${run.schemeVersion} 版` : '—'}</Descriptions.Item>
              <Descriptions.Item label="计算">{run?.computedAt ? `${run.computedByName} · ${formatDateTime(run.computedAt)}` : '—'}</Descriptions.Item>
              <Descriptions.Item label="发布">{run?.publishedAt ? `${run.publishedByName} · ${formatDateTime(run.publishedAt)}` : '—'}</Descriptions.Item>
            </Descriptions>
            {manage && !!(run?.pendingPeriodDays || run?.staleSchools) && (
              <Alert
                type="warning"
                showIcon
                data-testid="run-backlog"
                title={[
                  run.pendingPeriodDays ? `本年度还有 ${run.pendingPeriodDays} 个时段结束日的台账达标情况未归档` : null,
                  run.staleSchools ? `${run.staleSchools} 所学校补录或更正了以往时段的台账，待重新评价` : null,
                ]
                  .filter(Boolean)
                  .join('；')}
                description="系统在后台每 10 分钟归档一批；学校较少时“计算得分”会先补齐，学校较多时按已归档的记录计算，可稍后重新计算。"
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title="学校等次分布">
            {run?.status === 'none' ? <Empty description="尚无结果" /> : <EChart option={chart} height={150} />}
          </Card>
        </Col>
      </Row>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented value={kind} onChange={(k) => s.set({ kind: k as string, townId: undefined, stage: undefined })} options={assessedKinds.map((k) => ({ value: k, label: assessedKindLabels[k] }))} />
        {kind === 'school' && <TownFilter value={filters.townId} onChange={(v) => s.set({ townId: v })} />}
        {kind === 'school' && <EnumFilter placeholder="学段" labels={schoolStageLabels} value={filters.stage} onChange={(v) => s.set({ stage: v })} />}
        <EnumFilter placeholder="等次" labels={assessmentGradeLabels} value={filters.grade} onChange={(v) => s.set({ grade: v })} />
        <ResetButton shown={!!(filters.townId || filters.stage || filters.grade)} onClick={() => s.set({ townId: undefined, stage: undefined, grade: undefined })} />
      </Space>
      <Table
        rowKey="unitId"
        size="middle"
        loading={scores.isFetching}
        columns={columns}
        dataSource={scores.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={s.pagination(scores.data?.total, '个单位')}
        locale={{
          emptyText:
            run?.status === 'none'
              ? manage
                ? '本年度尚未计算：先核对“考核方案”，再点“计算得分”'
                : '本年度考核结果尚未发布'
              : '没有符合筛选条件的单位',
        }}
      />
      <UnitScoreDrawer year={year} unitId={unitId} onClose={() => s.set({ unit: undefined }, { keepPage: true })} onOpenUnit={(id) => s.set({ unit: id }, { keepPage: true })} />
      <SchemeDrawer year={year} open={schemeOpen} onClose={() => setSchemeOpen(false)} />
    </>
  );
}
