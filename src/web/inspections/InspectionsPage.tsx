import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Checkbox, Empty, Input, Progress, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { inspectionKindLabels, inspectionKinds, inspectionStatusLabels, inspectionStatuses } from '../../contracts/enums.js';
import type { Inspection } from '../../contracts/inspections.js';
import { useMe } from '../auth.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { UnitTreeSelect } from '../units/tree.js';
import { CreateInspectionDrawer } from './CreateInspectionDrawer.js';
import { INSPECTIONS_KEY, inspectionsApi, type InspectionQuery } from './inspectionsApi.js';
import { SelfCheckButton, useInspectionOptions } from './SelfCheckButton.js';
import { InspectionKindTag, InspectionStatusTag } from './tags.js';
import { ResetButton } from '../components/ResetButton.js';

export default function InspectionsPage() {
  const me = useMe();
  const s = useSearchState();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const options = useInspectionOptions();

  const query: InspectionQuery = {
    q: s.get('q'),
    kind: pick(s.get('kind'), inspectionKinds),
    status: pick(s.get('status'), inspectionStatuses),
    schoolId: positiveInt(s.get('schoolId')),
    campaignId: positiveInt(s.get('campaignId')),
    mine: s.get('mine') === 'true' ? 'true' : undefined,
    page: s.page,
    pageSize: s.pageSize,
  };
  const [q, setQ] = useState(query.q ?? '');
  useEffect(() => setQ(query.q ?? ''), [query.q]);

  const list = useQuery({ queryKey: [...INSPECTIONS_KEY, 'list', query], queryFn: () => inspectionsApi.list(query), placeholderData: keepPreviousData });
  const filtered = Object.entries(query).some(([k, v]) => !['page', 'pageSize'].includes(k) && v !== undefined && v !== '');
  const canCreate = (options.data?.kinds.length ?? 0) > 0;

  const columns: TableColumnsType<Inspection> = [
    { title: '编号', dataIndex: 'code', width: 150, render: (v: string, r) => <Link to={`/inspections/${r.id}`}>{v}</Link> },
    { title: '检查名称', dataIndex: 'title', ellipsis: true },
    { title: '类型', dataIndex: 'kind', width: 110, render: (v: Inspection['kind']) => <InspectionKindTag kind={v} /> },
    {
      title: '被检查学校',
      key: 'schools',
      ellipsis: true,
      render: (_, r) => {
        const names = r.schools.map((x) => x.name);
        const text = names.length > 2 ? `${names.slice(0, 2).join('、')} 等 ${names.length} 所` : names.join('、');
        return <Tooltip title={names.join('、')}>{text || '—'}</Tooltip>;
      },
    },
    { title: '检查日期', dataIndex: 'plannedOn', width: 110 },
    { title: '检查人员', key: 'inspectors', ellipsis: true, render: (_, r) => r.inspectors.map((p) => p.name).join('、') },
    {
      title: '进度',
      key: 'progress',
      width: 130,
      render: (_, r) => (
        <Tooltip title={`已提交 ${r.submittedCount} / ${r.targetCount} 所学校`}>
          <Progress percent={r.targetCount ? Math.round((r.submittedCount / r.targetCount) * 100) : 0} size="small" format={() => `${r.submittedCount}/${r.targetCount}`} />
        </Tooltip>
      ),
    },
    { title: '状态', dataIndex: 'status', width: 90, render: (v: Inspection['status']) => <InspectionStatusTag status={v} /> },
    {
      title: '操作',
      key: 'actions',
      width: 110,
      fixed: 'right',
      render: (_, r) => {
        const mine = r.inspectors.some((p) => p.id === me.user.id);
        return (
          <Button type="link" size="small" onClick={() => navigate(`/inspections/${r.id}`)} data-testid="inspection-open">
            {r.status === 'in_progress' && mine ? '去填写' : r.actions.includes('start') ? '查看/开始' : '查看'}
          </Button>
        );
      },
    },
  ];

  const emptyText = filtered
    ? '没有符合条件的检查任务，请调整筛选条件'
    : canCreate
      ? me.unit.kind === 'school'
        ? '暂无检查任务，点击“发起自查”对照检查表检查本校'
        : '暂无检查任务，点击“发起检查”安排检查'
      : '暂无检查任务';

  return (
    <>
      <PageHeader
        title="检查任务"
        subTitle="自查、普查、抽查、督查与回头看：逐项检查，不合格项提交后自动登记为隐患"
        extra={
          <Space wrap>
            <SelfCheckButton type="primary" />
            {canCreate && (
              <Button type={me.unit.kind === 'school' ? 'default' : 'primary'} icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="inspection-create">
                发起检查
              </Button>
            )}
          </Space>
        }
      />
      <Card size="small">
        <div className="filter-bar">
          <Input.Search allowClear placeholder="编号或名称" style={{ width: 200 }} value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => s.set({ q: v.trim() })} />
          <EnumFilter placeholder="检查类型" labels={inspectionKindLabels} value={query.kind} onChange={(v) => s.set({ kind: v })} />
          <EnumFilter placeholder="状态" labels={inspectionStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={100} />
          {me.unit.kind !== 'school' && (
            <UnitTreeSelect
              allowClear
              placeholder="被检查学校"
              style={{ width: 220 }}
              value={query.schoolId}
              selectable={(u) => u.kind === 'school'}
              onChange={(v) => s.set({ schoolId: v })}
            />
          )}
          <Checkbox checked={query.mine === 'true'} onChange={(e) => s.set({ mine: e.target.checked ? 'true' : undefined })} data-testid="inspection-mine">
            我参与的
          </Checkbox>
          {query.campaignId && (
            <Tag closable onClose={() => s.set({ campaignId: undefined })}>
              专项整治 #{query.campaignId}
            </Tag>
          )}
          <ResetButton shown={filtered} onClick={() => s.reset()} />
        </div>
        <div data-testid="inspections-table">
          <Table<Inspection>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items}
            loading={list.isFetching}
            scroll={{ x: 1100 }}
            onRow={(r) => ({ onDoubleClick: () => navigate(`/inspections/${r.id}`) })}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={list.isError ? '加载失败，请稍后重试' : emptyText} /> }}
            pagination={s.pagination(list.data?.total, '项')}
          />
        </div>
        <Typography.Text type="secondary">四不两直检查在开始前，被检查学校看不到。</Typography.Text>
      </Card>
      <CreateInspectionDrawer open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
