import { EnumFilter } from '../components/EnumFilter.js';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Input, Row, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import {
  ownershipLabels,
  ownerships,
  schoolStageLabels,
  schoolStages,
  unitKindLabels,
  unitKinds,
  unitStatuses,
  userStatusLabels,
} from '../../contracts/enums.js';
import type { Unit } from '../../contracts/units.js';
import { api, type UnitQuery } from '../api.js';
import { useCan } from '../auth.js';
import { ExportButton } from '../components/ExportButton.js';
import { PageHeader } from '../components/PageHeader.js';
import { StatusTag } from '../components/StatusTag.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { withUnit } from '../format.js';
import { UnitActionButtons } from './UnitActions.js';
import { UnitDetailDrawer } from './UnitDetailDrawer.js';
import { UnitFormDrawer, type UnitFormTarget } from './UnitFormDrawer.js';
import { UnitTreePanel } from './UnitTreePanel.js';
import { useUnitTree } from './tree.js';
import { ResetButton } from '../components/ResetButton.js';

const boolOptions = [
  { value: 'true', label: '是' },
  { value: 'false', label: '否' },
];
const bools = ['true', 'false'] as const;

export default function UnitsPage() {
  const can = useCan();
  const s = useSearchState();
  const tree = useUnitTree();
  const [detailId, setDetailId] = useState<number | null>(null);
  const [formTarget, setFormTarget] = useState<UnitFormTarget | null>(null);

  const query: UnitQuery = {
    q: s.get('q'),
    kind: pick(s.get('kind'), unitKinds),
    stage: pick(s.get('stage'), schoolStages),
    ownership: pick(s.get('ownership'), ownerships),
    boarding: pick(s.get('boarding'), bools),
    schoolBus: pick(s.get('schoolBus'), bools),
    rural: pick(s.get('rural'), bools),
    status: pick(s.get('status'), unitStatuses),
    under: positiveInt(s.get('under')),
    page: s.page,
    pageSize: s.pageSize,
  };

  const [q, setQ] = useState(query.q ?? '');
  useEffect(() => setQ(query.q ?? ''), [query.q]);

  const list = useQuery({ queryKey: ['units', 'list', query], queryFn: () => api.units(query), placeholderData: keepPreviousData });
  const underUnit = useMemo(() => tree.data?.items.find((i) => i.id === query.under), [tree.data, query.under]);
  const filtered = Object.entries(query).some(([k, v]) => !['page', 'pageSize'].includes(k) && v !== undefined && v !== '');

  const canManage = can('unit.manage');
  const openCreate = (parentId?: number) => setFormTarget({ mode: 'create', parentId });
  const onEdit = (unit: Unit) => setFormTarget({ mode: 'edit', unit });
  const onCreateChild = (unit: Unit) => openCreate(unit.id);

  const columns: TableColumnsType<Unit> = [
    {
      title: '单位名称',
      dataIndex: 'name',
      render: (name: string, u) => (
        <Space orientation="vertical" size={2}>
          <Typography.Link onClick={() => setDetailId(u.id)}>{name}</Typography.Link>
          {(u.code || u.boarding || u.schoolBus || u.rural) && (
            <Space size={4} wrap>
              {u.code && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  编码 {u.code}
                </Typography.Text>
              )}
              {u.kind === 'school' && u.boarding && <Tag variant="filled">寄宿制</Tag>}
              {u.kind === 'school' && u.schoolBus && <Tag variant="filled">校车</Tag>}
              {u.kind === 'school' && u.rural && <Tag variant="filled">农村</Tag>}
            </Space>
          )}
        </Space>
      ),
    },
    { title: '单位类型', dataIndex: 'kind', width: 96, render: (k: Unit['kind']) => unitKindLabels[k] },
    { title: '学段', dataIndex: 'stage', width: 104, render: (v: Unit['stage']) => (v ? schoolStageLabels[v] : '—') },
    { title: '办学性质', dataIndex: 'ownership', width: 84, render: (v: Unit['ownership']) => (v ? ownershipLabels[v] : '—') },
    { title: '学生数', dataIndex: 'studentCount', width: 96, align: 'right', render: (v: number | null) => withUnit(v, '人') },
    { title: '状态', dataIndex: 'status', width: 72, render: (v: Unit['status']) => <StatusTag status={v} /> },
    {
      title: '操作',
      key: 'actions',
      width: 170,
      fixed: 'right',
      render: (_, u) =>
        u.actions.length ? (
          <UnitActionButtons unit={u} onEdit={onEdit} onCreateChild={onCreateChild} link />
        ) : (
          <Button type="link" size="small" onClick={() => setDetailId(u.id)}>
            查看
          </Button>
        ),
    },
  ];

  const emptyText = filtered ? '没有符合条件的单位，请调整筛选条件' : canManage ? '暂无单位，点击“新建单位”添加' : '暂无单位';

  return (
    <>
      <PageHeader
        title="组织机构"
        subTitle="您可查看范围内的区教育局、科室、镇街与学校；点击单位查看详情"
        extra={
          <Space>
            {canManage && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => openCreate(underUnit && underUnit.status === 'active' && underUnit.kind !== 'school' ? underUnit.id : undefined)}
                data-testid="unit-create"
              >
                新建单位
              </Button>
            )}
            <ExportButton path="/units/export" query={query} testId="unit-export" />
          </Space>
        }
      />
      <Row gutter={16}>
        <Col xs={24} lg={7} xl={6} xxl={5} style={{ marginBottom: 16 }}>
          <UnitTreePanel
            selectedId={query.under}
            onSelectBranch={(item) => s.set({ under: item?.id })}
            onOpenLeaf={(item) => setDetailId(item.id)}
          />
        </Col>
        <Col xs={24} lg={17} xl={18} xxl={19}>
          <Card size="small">
            <div className="filter-bar">
              <Input.Search
                allowClear
                placeholder="单位名称、编码或地址"
                style={{ width: 240 }}
                value={q}
                onChange={(e) => setQ(e.target.value)}
                onSearch={(v) => s.set({ q: v.trim() })}
                data-testid="unit-search"
              />
              <EnumFilter placeholder="单位类型" labels={unitKindLabels} value={query.kind} onChange={(v) => s.set({ kind: v })} />
              <EnumFilter placeholder="学段" labels={schoolStageLabels} value={query.stage} onChange={(v) => s.set({ stage: v })} />
              <EnumFilter placeholder="办学性质" labels={ownershipLabels} value={query.ownership} onChange={(v) => s.set({ ownership: v })} />
              <Select allowClear placeholder="寄宿制" value={query.boarding} onChange={(v) => s.set({ boarding: v })} options={boolOptions} style={{ minWidth: 100 }} />
              <Select allowClear placeholder="使用校车" value={query.schoolBus} onChange={(v) => s.set({ schoolBus: v })} options={boolOptions} style={{ minWidth: 100 }} />
              <Select allowClear placeholder="农村学校" value={query.rural} onChange={(v) => s.set({ rural: v })} options={boolOptions} style={{ minWidth: 100 }} />
              <EnumFilter placeholder="状态" labels={userStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={90} />
              <ResetButton shown={filtered} onClick={() => s.reset()} />
            </div>
            {underUnit && (
              <div style={{ marginBottom: 12 }}>
                <Tag color="blue" closable onClose={() => s.set({ under: undefined })} data-testid="unit-under">
                  范围：{underUnit.name} 的全部下级单位
                </Tag>
              </div>
            )}
            <div data-testid="units-table">
              <Table<Unit>
                rowKey="id"
                size="middle"
                columns={columns}
                dataSource={list.data?.items}
                loading={list.isFetching}
                scroll={{ x: 820 }}
                onRow={(u) => ({ onClick: () => setDetailId(u.id), className: 'clickable-row' })}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={list.isError ? '加载失败，请稍后重试' : emptyText} /> }}
                pagination={s.pagination(list.data?.total, '个单位')}
              />
            </div>
          </Card>
        </Col>
      </Row>

      <UnitDetailDrawer
        unitId={detailId}
        onClose={() => setDetailId(null)}
        onEdit={(u) => setFormTarget({ mode: 'edit', unit: u })}
        onCreateChild={onCreateChild}
      />
      <UnitFormDrawer target={formTarget} onClose={() => setFormTarget(null)} />
    </>
  );
}
