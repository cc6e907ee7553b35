// 风险清单 (隐患排查治理): the risk list in the person's scope (003, 004) — the list with filters above
// and export at the top right, identify and edit in a drawer, each risk's steps in its detail;
// 四色分布 (the bureau's by town, a town's by school) with an ECharts chart; 复核日历 (review these
// risks before <day>).
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Space, Table, Tabs, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { safetyAreaLabels, safetyAreas } from '../../contracts/enums.js';
import { riskKindLabels, riskKinds, riskLevelLabels, riskLevels, riskSeasonLabels, riskStatuses, riskStatusLabels, type RiskView } from '../../contracts/risks.js';
import { useCan, useMe } from '../auth.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { PlaceFilters, schoolColumn } from '../ledger/ledgerParts.js';
import { RiskDetailDrawer } from './RiskDetailDrawer.js';
import { RiskDueList } from './RiskDueList.js';
import { RiskFormDrawer } from './RiskFormDrawer.js';
import { RiskMatrixView } from './RiskMatrixView.js';
import { RISK_KEY, risksApi, type RiskQuery } from './risksApi.js';
import { ReviewStateTag, RiskLevelTag } from './tags.js';

const TABS = ['list', 'matrix', 'due'] as const;

export default function RisksPage() {
  const me = useMe();
  const can = useCan();
  const s = useSearchState();
  const isSchool = me.unit.kind === 'school';
  const canManage = can('risk.manage');
  const tab = pick(s.get('tab'), TABS) ?? 'list';
  const [q, setQ] = useState(s.get('q') ?? '');
  const [detail, setDetail] = useState<number | null>(positiveInt(s.get('open')) ?? null);
  const [editing, setEditing] = useState<RiskView | null | undefined>(undefined);

  const query: RiskQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    level: pick(s.get('level'), riskLevels),
    riskKind: pick(s.get('riskKind'), riskKinds),
    area: pick(s.get('area'), safetyAreas),
    status: pick(s.get('status'), riskStatuses),
    escalated: pick(s.get('escalated'), ['true', 'false'] as const),
    q: s.get('q')?.trim() || undefined,
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...RISK_KEY, 'list', query], queryFn: () => risksApi.list(query), placeholderData: keepPreviousData, enabled: tab === 'list' });

  const columns: TableColumnsType<RiskView> = [
    ...schoolColumn<RiskView>(isSchool),
    { title: '区域/部位', dataIndex: 'place', width: 130, ellipsis: true, render: (v: string, r) => <span title={safetyAreaLabels[r.area]}>{v}</span> },
    {
      title: '风险名称',
      dataIndex: 'riskName',
      ellipsis: true,
      render: (v: string, r) => (
        <a onClick={() => setDetail(r.id)} data-testid="risk-open">
          {v}
        </a>
      ),
    },
    {
      title: '风险等级',
      dataIndex: 'level',
      width: 150,
      render: (_: unknown, r) => (
        <Space size={4}>
          <RiskLevelTag level={r.level} />
          <Typography.Text type="secondary">
            {r.likelihood}×{r.severity}
          </Typography.Text>
        </Space>
      ),
    },
    { title: '类别', dataIndex: 'riskKind', width: 130, render: (_: unknown, r) => `${riskKindLabels[r.riskKind]}${r.season ? `·${riskSeasonLabels[r.season]}` : ''}` },
    { title: '管控责任人', dataIndex: 'controlOwnerName', width: 100 },
    {
      title: '下次复核',
      dataIndex: 'reviewDueOn',
      width: 170,
      render: (v: string | null, r) => (
        <Tooltip title={r.reviewReason}>
          <Space size={4} direction="vertical">
            {v && <span>{v} 前</span>}
            <ReviewStateTag state={r.reviewState} />
          </Space>
        </Tooltip>
      ),
    },
    {
      title: '处置',
      key: 'handled',
      width: 120,
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          {r.escalatedOn && <Tag color="orange">已升级上报</Tag>}
          {r.hazardCode && <Tag color="red">隐患 {r.hazardCode}</Tag>}
        </Space>
      ),
    },
    { title: '操作', key: 'actions', width: 80, fixed: 'right', render: (_: unknown, r) => <a onClick={() => setDetail(r.id)}>查看</a> },
  ];

  const emptyText = canManage ? '还没有登记风险：点右上角“辨识登记风险”，按区域、部位逐项辨识' : '没有符合条件的风险';

  return (
    <div>
      <PageHeader
        title="风险清单"
        subTitle="安全风险辨识、评估、复核、升级与管控（003、004）"
        extra={
          <Space>
            {canManage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="risk-create">
                辨识登记风险
              </Button>
            )}
            {tab === 'list' && <ExportButton path="/risks/export" query={query} testId="risk-export" />}
          </Space>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(k) => s.set({ tab: k === 'list' ? undefined : k })}
        items={[
          {
            key: 'list',
            label: '风险清单',
            children: (
              <Card>
                <Space wrap style={{ marginBottom: 16 }}>
                  <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="risk-filter-school" />
                  <EnumFilter placeholder="风险等级" labels={riskLevelLabels} value={query.level} onChange={(v) => s.set({ level: v })} />
                  <EnumFilter placeholder="风险类别" labels={riskKindLabels} value={query.riskKind} onChange={(v) => s.set({ riskKind: v })} />
                  <EnumFilter placeholder="排查领域" labels={safetyAreaLabels} value={query.area} onChange={(v) => s.set({ area: v })} minWidth={160} />
                  <EnumFilter placeholder="升级上报" labels={{ true: '已升级上报', false: '未升级' }} value={query.escalated} onChange={(v) => s.set({ escalated: v })} />
                  <EnumFilter placeholder="管控中" labels={riskStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} />
                  <Input.Search allowClear placeholder="风险名称或部位" value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => s.set({ q: v.trim() || undefined })} style={{ width: 200 }} />
                </Space>
                <Table<RiskView>
                  rowKey="id"
                  size="middle"
                  loading={list.isFetching}
                  columns={columns}
                  dataSource={list.data?.items ?? []}
                  pagination={s.pagination(list.data?.total, '项')}
                  locale={{ emptyText }}
                  scroll={{ x: 1000 }}
                  data-testid="risk-table"
                />
              </Card>
            ),
          },
          {
            key: 'matrix',
            label: '四色分布',
            children: (
              <RiskMatrixView
                townId={query.townId}
                onPick={(row, rowsAre, level) =>
                  s.set({ tab: undefined, level, ...(rowsAre === 'town' ? { townId: row.unitId ?? undefined, schoolId: undefined } : { schoolId: row.unitId ?? undefined }) })
                }
              />
            ),
          },
          { key: 'due', label: '复核日历', children: <RiskDueList schoolId={query.schoolId} townId={query.townId} onOpen={setDetail} /> },
        ]}
      />
      <RiskDetailDrawer id={detail} onClose={() => setDetail(null)} onEdit={(r) => setEditing(r)} />
      <RiskFormDrawer open={editing !== undefined} risk={editing} onClose={() => setEditing(undefined)} />
    </div>
  );
}
