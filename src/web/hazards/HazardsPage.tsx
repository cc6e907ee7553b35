// 隐患台账: every hazard in the person's scope, filters above (kept in the address bar), the steps
// each row allows, export of the register and of the three lists at the top right.
import { PlusOutlined, RightOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Empty, Grid, Input, List, Pagination, Segmented, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState, type HTMLAttributes } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  hazardGradeLabels,
  hazardGrades,
  hazardSourceLabels,
  hazardSources,
  hazardStatusLabels,
  hazardStatuses,
  safetyAreaLabels,
  safetyAreas,
  summaryClassLabels,
  summaryClasses,
} from '../../contracts/enums.js';
import type { Hazard } from '../../contracts/hazards.js';
import { api } from '../api.js';
import { useCan, useMe } from '../auth.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { PageHeader } from '../components/PageHeader.js';
import { TownFilter } from '../components/TownFilter.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { UnitTreeSelect } from '../units/tree.js';
import { HazardReportDrawer } from './HazardReportDrawer.js';
import { HazardActionButtons, HazardStepModal, type StepTarget } from './HazardStepModal.js';
import { hazardsApi, hazardViews, viewFilter, type HazardQuery, type HazardView as View } from './hazardsApi.js';
import { DeadlineText, GradeTag, HazardStateTags, responsibleText } from './tags.js';
import { ThreeListsButton } from './ThreeListsButton.js';
import './hazards.css';
import { ResetButton } from '../components/ResetButton.js';


/** The steps offered in a row; reopening after a failed follow-up is done from the detail page. */
const rowActionsOf = (h: Hazard) => h.actions.filter((a) => a !== 'reopen');

export default function HazardsPage() {
  const me = useMe();
  const can = useCan();
  const navigate = useNavigate();
  const s = useSearchState();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const [step, setStep] = useState<StepTarget | null>(null);
  const [reporting, setReporting] = useState(s.get('report') === '1');

  const view: View = pick(s.get('view'), hazardViews) ?? 'all';
  const query: HazardQuery = {
    q: s.get('q'),
    status: pick(s.get('status'), hazardStatuses),
    grade: pick(s.get('grade'), hazardGrades),
    area: pick(s.get('area'), safetyAreas),
    source: pick(s.get('source'), hazardSources),
    townId: positiveInt(s.get('townId')),
    schoolId: positiveInt(s.get('schoolId')),
    campaignId: positiveInt(s.get('campaignId')),
    summaryClass: pick(s.get('summaryClass'), summaryClasses),
    inspectionId: positiveInt(s.get('inspectionId')),
    departmentId: positiveInt(s.get('departmentId')),
    ...viewFilter(view),
    page: s.page,
    pageSize: s.pageSize,
  };
  const [q, setQ] = useState(query.q ?? '');
  useEffect(() => setQ(query.q ?? ''), [query.q]);

  const list = useQuery({ queryKey: ['hazards', 'list', query], queryFn: () => hazardsApi.list(query), placeholderData: keepPreviousData });
  const stats = useQuery({ queryKey: ['hazards', 'stats'], queryFn: hazardsApi.stats, meta: { silent: true } });

  // Towns and departments are filters for those who see more than one town (the bureau, departments).
  const wide = me.scope !== 'unit';
  const departments = useQuery({
    queryKey: ['units', 'list', { kind: 'department', pageSize: 200 }],
    queryFn: () => api.units({ kind: 'department', pageSize: 200 }),
    enabled: wide && can('unit.read'),
    staleTime: 5 * 60_000,
    meta: { silent: true },
  });

  const filters = ['q', 'status', 'grade', 'area', 'source', 'townId', 'schoolId', 'campaignId', 'summaryClass', 'inspectionId', 'departmentId'] as const;
  const filtered = filters.some((k) => query[k] !== undefined && query[k] !== '');
  const first = list.data?.items[0];

  const allColumns: TableColumnsType<Hazard> = [
    {
      title: '隐患编号',
      dataIndex: 'code',
      width: 130,
      fixed: 'left',
      render: (v: string, h) => (
        <Link to={`/hazards/${h.id}`} data-testid="hazard-code">
          {v}
        </Link>
      ),
    },
    {
      title: '学校',
      dataIndex: 'schoolName',
      width: 150,
      ellipsis: true,
      render: (v: string, h) => (
        <span title={h.townName ? `${h.townName} · ${v}` : v}>
          {v}
          {h.townName && wide && <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{h.townName}</div>}
        </span>
      ),
    },
    // 等级, 状态 and 整改时限 are what a reader scans for: next to the school, within the first
    // screen at 1440 px rather than behind the horizontal scroll (issue 17).
    { title: '等级', dataIndex: 'grade', width: 64, render: (v: Hazard['grade']) => <GradeTag grade={v} /> },
    { title: '状态', dataIndex: 'status', width: 130, render: (_: unknown, h) => <HazardStateTags hazard={h} /> },
    { title: '整改时限', dataIndex: 'deadline', width: 110, render: (_: unknown, h) => <DeadlineText hazard={h} /> },
    { title: '领域', dataIndex: 'area', width: 110, ellipsis: true, render: (v: Hazard['area']) => safetyAreaLabels[v] },
    {
      title: '隐患描述',
      dataIndex: 'description',
      width: 220,
      ellipsis: { showTitle: true },
      render: (v: string, h) => (
        <span title={`${h.location}：${v}`}>
          <Typography.Text type="secondary">{h.location}：</Typography.Text>
          {v}
        </span>
      ),
    },
    { title: '责任人 / 部门', key: 'responsible', width: 120, ellipsis: true, render: (_, h) => responsibleText(h) },
    { title: '发现日期', dataIndex: 'foundOn', width: 100 },
    {
      title: '操作',
      key: 'actions',
      width: 160,
      fixed: 'right',
      render: (_, h) =>
        rowActionsOf(h).length ? (
          <Space size={4} wrap>
            <HazardActionButtons hazard={h} size="small" onAction={setStep} rowActions />
          </Space>
        ) : (
          <Link to={`/hazards/${h.id}`}>查看</Link>
        ),
    },
  ];

  // A school sees only its own hazards: no school column.
  const columns = me.unit.kind === 'school' ? allColumns.filter((c) => c.title !== '学校') : allColumns;

  const emptyText =
    view === 'mine'
      ? '没有等待您处理的隐患'
      : view === 'overdue'
        ? '没有逾期隐患'
        : filtered
          ? '没有符合条件的隐患，请调整筛选条件'
          : can('hazard.report')
            ? '暂无隐患。发现隐患时点击“上报隐患”登记，或通过检查任务发现'
            : '暂无隐患';
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={list.isError ? '加载失败，请稍后重试' : emptyText} />;

  const count = (n: number | undefined, danger = false) =>
    n ? <Badge count={n} overflowCount={9999} size="small" color={danger ? '#ff4d4f' : '#1d5fd6'} style={{ marginLeft: 4 }} /> : null;

  return (
    <>
      <PageHeader
        title="隐患台账"
        subTitle="挂账销号：每条隐患从上报到销号，每一步都有签字记录"
        extra={
          <Space wrap>
            {can('hazard.report') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setReporting(true)} data-testid="hazard-report">
                上报隐患
              </Button>
            )}
            <ExportButton path="/hazards/export" query={{ ...query, mine: undefined }} testId="hazard-export" />
            <ThreeListsButton />
          </Space>
        }
      />
      <Card size="small">
        <div style={{ marginBottom: 12, overflowX: 'auto' }}>
          <Segmented<View>
            value={view}
            onChange={(v) => s.set({ view: v === 'all' ? undefined : v })}
            data-testid="hazard-view"
            options={[
              { value: 'all', label: '全部' },
              { value: 'open', label: <span>未销号{count(stats.data?.open)}</span> },
              { value: 'mine', label: <span data-testid="hazard-view-mine">待我处理{count(stats.data?.waitingOnMe)}</span> },
              { value: 'overdue', label: <span>逾期{count(stats.data?.overdue, true)}</span> },
            ]}
          />
        </div>
        <div className="filter-bar">
          <Input.Search
            allowClear
            placeholder="编号、描述或位置"
            style={{ width: 220 }}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onSearch={(v) => s.set({ q: v.trim() })}
            data-testid="hazard-search"
          />
          <EnumFilter placeholder="状态" labels={hazardStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          <EnumFilter placeholder="等级" labels={hazardGradeLabels} value={query.grade} onChange={(v) => s.set({ grade: v })} minWidth={90} />
          <EnumFilter placeholder="排查领域" labels={safetyAreaLabels} value={query.area} onChange={(v) => s.set({ area: v })} minWidth={170} />
          <EnumFilter placeholder="来源" labels={hazardSourceLabels} value={query.source} onChange={(v) => s.set({ source: v })} minWidth={110} />
          <TownFilter value={query.townId} onChange={(v) => s.set({ townId: v })} />
          {me.unit.kind !== 'school' && (
            <UnitTreeSelect
              allowClear
              placeholder="学校"
              style={{ width: 220 }}
              value={query.schoolId}
              onChange={(v) => s.set({ schoolId: v })}
              selectable={(u) => u.kind === 'school'}
            />
          )}
          {wide && (
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder="责任部门"
              style={{ minWidth: 150 }}
              value={query.departmentId}
              onChange={(v) => s.set({ departmentId: v })}
              options={departments.data?.items.map((d) => ({ value: d.id, label: d.name }))}
            />
          )}
          {query.campaignId && (
            <Tag closable onClose={() => s.set({ campaignId: undefined })} color="blue">
              专项整治：{first?.campaignId === query.campaignId && first.campaignName ? first.campaignName : `#${query.campaignId}`}
            </Tag>
          )}
          {query.summaryClass && (
            <Tag closable onClose={() => s.set({ summaryClass: undefined })} color="blue">
              总结分类：{summaryClassLabels[query.summaryClass]}
            </Tag>
          )}
          {query.inspectionId && (
            <Tag closable onClose={() => s.set({ inspectionId: undefined })} color="blue">
              检查：{first?.inspectionId === query.inspectionId && first.inspectionCode ? first.inspectionCode : `#${query.inspectionId}`}
            </Tag>
          )}
          <ResetButton shown={filtered} onClick={() => s.set(Object.fromEntries(filters.map((k) => [k, undefined])))} />
        </div>

        {phone ? (
          <>
            <List<Hazard>
              dataSource={list.data?.items}
              loading={list.isFetching}
              locale={{ emptyText: empty }}
              data-testid="hazard-table"
              renderItem={(h) => (
                <List.Item
                  className="hazard-card"
                  data-testid="hazard-row"
                  data-hazard-id={h.id}
                  data-hazard-code={h.code}
                  onClick={() => navigate(`/hazards/${h.id}`)}
                >
                  <div style={{ width: '100%' }}>
                    <div className="hazard-card-head">
                      <Space size={4} wrap>
                        <GradeTag grade={h.grade} />
                        <HazardStateTags hazard={h} />
                      </Space>
                      <RightOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />
                    </div>
                    <div className="hazard-card-desc">{h.description}</div>
                    <div className="hazard-card-meta">
                      {h.code} · {h.schoolName} · {safetyAreaLabels[h.area]}
                    </div>
                    <div className="hazard-card-meta">
                      整改时限：<DeadlineText hazard={h} />
                    </div>
                    {rowActionsOf(h).length > 0 && (
                      <Space size={8} wrap style={{ marginTop: 8 }}>
                        <HazardActionButtons hazard={h} onAction={setStep} rowActions />
                      </Space>
                    )}
                  </div>
                </List.Item>
              )}
            />
            <Pagination
              style={{ marginTop: 12, textAlign: 'center' }}
              simple
              current={query.page}
              pageSize={query.pageSize}
              total={list.data?.total ?? 0}
              onChange={(page, pageSize) => s.setPage(page, pageSize)}
            />
          </>
        ) : (
          <div data-testid="hazard-table">
            <Table<Hazard>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={list.data?.items}
              loading={list.isFetching}
              scroll={{ x: 'max-content' }}
              rowClassName={(h) => (h.overdue ? 'hazard-row-overdue' : '')}
              onRow={(h) => ({ 'data-testid': 'hazard-row', 'data-hazard-id': h.id, 'data-hazard-code': h.code }) as HTMLAttributes<HTMLElement>}
              locale={{ emptyText: empty }}
              pagination={s.pagination(list.data?.total, '条')}
            />
          </div>
        )}
      </Card>

      <HazardStepModal target={step} onClose={() => setStep(null)} />
      <HazardReportDrawer
        open={reporting}
        onClose={() => {
          setReporting(false);
          if (s.get('report')) s.set({ report: undefined }, { keepPage: true });
        }}
        onCreated={(h) => navigate(`/hazards/${h.id}`)}
      />
    </>
  );
}
