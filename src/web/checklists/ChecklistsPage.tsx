import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Empty, Input, Table, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { checklistStatusLabels, checklistStatuses, type ChecklistTemplate } from '../../contracts/checklists.js';
import { useCan } from '../auth.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { formatDateTime } from '../format.js';
import { ChecklistActionButtons } from './ChecklistActions.js';
import { ChecklistDetailDrawer } from './ChecklistDetailDrawer.js';
import { CHECKLISTS_KEY, checklistsApi, type ChecklistQuery } from './checklistsApi.js';
import { BuiltinTag, ChecklistStatusTag } from './tags.js';
import './checklists.css';
import { ResetButton } from '../components/ResetButton.js';

const kindLabels = { true: '内置', false: '自定义' } as const;
const kinds = ['true', 'false'] as const;

export default function ChecklistsPage() {
  const can = useCan();
  const s = useSearchState();
  const query: ChecklistQuery = {
    q: s.get('q'),
    builtin: pick(s.get('builtin'), kinds),
    status: pick(s.get('status'), checklistStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const openId = positiveInt(s.get('open'));
  const setOpen = (id: number | undefined) => s.set({ open: id }, { keepPage: true });

  const [q, setQ] = useState(query.q ?? '');
  useEffect(() => setQ(query.q ?? ''), [query.q]);

  const list = useQuery({ queryKey: [...CHECKLISTS_KEY, 'list', query], queryFn: () => checklistsApi.list(query), placeholderData: keepPreviousData });
  const filtered = Boolean(query.q || query.builtin || query.status);

  const columns: TableColumnsType<ChecklistTemplate> = [
    {
      title: '模板名称',
      dataIndex: 'name',
      render: (name: string, r) => (
        <div>
          <Typography.Link onClick={() => setOpen(r.id)}>{name}</Typography.Link>
          {r.description && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }} ellipsis={{ rows: 1, tooltip: r.description }}>
              {r.description}
            </Typography.Paragraph>
          )}
        </div>
      ),
    },
    { title: '类型', dataIndex: 'builtin', width: 84, render: (v: boolean) => <BuiltinTag builtin={v} /> },
    { title: '当前版本', dataIndex: 'currentVersion', width: 90, render: (v: number) => `第 ${v} 版` },
    { title: '检查项', key: 'items', width: 130, align: 'right', render: (_, r) => `${r.sectionCount} 个领域 · ${r.itemCount} 项` },
    { title: '状态', dataIndex: 'status', width: 84, render: (v: ChecklistTemplate['status']) => <ChecklistStatusTag status={v} /> },
    { title: '更新时间', dataIndex: 'updatedAt', width: 160, render: (v: string) => formatDateTime(v) },
    {
      title: '操作',
      key: 'actions',
      width: 220,
      fixed: 'right',
      render: (_, r) => <ChecklistActionButtons template={r} onView={() => setOpen(r.id)} link />,
    },
  ];

  const emptyText = filtered
    ? '没有符合条件的检查表，请调整筛选条件'
    : can('checklist.manage')
      ? '暂无检查表模板。内置模板会在系统启动时自动生成，可“复制”后编辑成本区的检查表'
      : '暂无检查表模板';

  return (
    <>
      <PageHeader
        title="检查表模板"
        subTitle={
          can('checklist.manage')
            ? '内置模板依据专项整治方案等文件编制，不可修改；“复制”后可编辑，每次保存生成新版本，已完成的检查保留其使用的版本'
            : '检查任务使用的排查表；点击名称查看检查项、检查方法与依据'
        }
      />
      <Card size="small">
        <div className="filter-bar">
          <Input.Search
            allowClear
            placeholder="模板名称"
            style={{ width: 220 }}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onSearch={(v) => s.set({ q: v.trim() })}
            data-testid="checklist-search"
          />
          <EnumFilter placeholder="类型" labels={kindLabels} value={query.builtin} onChange={(v) => s.set({ builtin: v })} minWidth={100} />
          <EnumFilter placeholder="状态" labels={checklistStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={100} />
          <ResetButton shown={filtered} onClick={() => s.reset()} />
        </div>
        <div data-testid="checklists-table">
          <Table<ChecklistTemplate>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items}
            loading={list.isFetching}
            scroll={{ x: 900 }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={list.isError ? '加载失败，请稍后重试' : emptyText} /> }}
            pagination={s.pagination(list.data?.total, '个模板')}
          />
        </div>
      </Card>
      <ChecklistDetailDrawer id={openId ?? null} onClose={() => setOpen(undefined)} onOpen={(id) => setOpen(id)} />
    </>
  );
}
