// 教职工岗位: who holds which post at each school since when (001 item 7 reads it for the training
// hours), in the person's scope — filters in the address, register and correct in a drawer, export.
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Checkbox, Empty, Input, Space, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useNavigate } from 'react-router';
import { staffPostLabels, staffPosts } from '../../contracts/rules.js';
import type { StaffView } from '../../contracts/school-ledgers.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { ImportButton } from '../components/ImportButton.js';
import { PageHeader } from '../components/PageHeader.js';
import { ResetButton } from '../components/ResetButton.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { PlaceFilters, schoolColumn, useLedgerViewer } from './ledgerParts.js';
import { StaffFormDrawer } from './StaffFormDrawer.js';
import { STAFF_KEY, schoolLedgersApi, type StaffQuery } from './schoolLedgersApi.js';

export default function StaffPage() {
  const { isSchool, canWrite } = useLedgerViewer();
  const s = useSearchState();
  const navigate = useNavigate();
  const [editing, setEditing] = useState<StaffView | null>(null);
  const [creating, setCreating] = useState(s.get('record') === '1');
  const [q, setQ] = useState(s.get('q') ?? '');

  const query: StaffQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    post: pick(s.get('post'), staffPosts),
    q: s.get('q')?.trim() || undefined,
    all: s.get('all') === 'true' ? 'true' : undefined,
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...STAFF_KEY, 'list', query], queryFn: () => schoolLedgersApi.staff(query), placeholderData: keepPreviousData });

  const filters = ['schoolId', 'townId', 'post', 'q', 'all'] as const;
  const filtered = filters.some((k) => query[k] !== undefined);

  const columns: TableColumnsType<StaffView> = [
    {
      title: '姓名',
      dataIndex: 'name',
      width: 120,
      fixed: 'left',
      render: (v: string, d) => (
        <span>
          {v}
          {d.userId && (
            <Tooltip title="已关联本校系统账号">
              <Tag color="blue" style={{ marginLeft: 6 }}>
                账号
              </Tag>
            </Tooltip>
          )}
        </span>
      ),
    },
    ...schoolColumn<StaffView>(isSchool),
    {
      title: '岗位（任职日期）',
      dataIndex: 'posts',
      width: 340,
      render: (posts: StaffView['posts']) => (
        <Space size={[4, 4]} wrap>
          {posts.map((p) => (
            <Tag key={p.post} data-testid="staff-post-tag">
              {staffPostLabels[p.post]}
              {p.since && <span style={{ color: 'rgba(0,0,0,0.45)' }}>（{p.since} 起）</span>}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: '离岗日期',
      dataIndex: 'leftOn',
      width: 110,
      render: (v: string | null) => (v ? <Tag color="default">{v} 离岗</Tag> : <Tag color="green">在岗</Tag>),
    },
    { title: '登记人', dataIndex: 'createdByName', width: 90 },
    {
      title: '操作',
      key: 'actions',
      width: canWrite ? 180 : 100,
      fixed: 'right' as const,
      render: (_: unknown, d: StaffView) => (
        <Space size={4}>
          <Button size="small" type="link" onClick={() => navigate(`/trainings?staffId=${d.id}${isSchool ? '' : `&schoolId=${d.schoolId}`}`)} data-testid="staff-trainings">
            培训记录
          </Button>
          {canWrite && (
            <Button size="small" type="link" onClick={() => setEditing(d)} data-testid="staff-edit">
              {d.leftOn ? '修改' : '修改 / 离岗'}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const emptyText = list.isError
    ? '加载失败，请稍后重试'
    : filtered
      ? '没有符合条件的人员，请调整筛选条件'
      : canWrite
        ? '暂无教职工岗位。点击“登记教职工”录入校长、分管安全副校长、安全管理干部、班主任、教师等人员及任职日期'
        : '暂无教职工岗位';

  return (
    <>
      <PageHeader
        title="教职工岗位"
        subTitle="登记各岗位人员及任职日期，安全培训学时按岗位要求统计（001 第7条）"
        extra={
          <Space wrap>
            {canWrite && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="staff-create">
                登记教职工
              </Button>
            )}
            <ExportButton path="/staff/export" query={query} testId="staff-export" />
            <ImportButton kind="staff" testId="staff-import" />
          </Space>
        }
      />
      <Card size="small">
        <div className="filter-bar">
          <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="staff-filter-school" />
          <EnumFilter placeholder="岗位" labels={staffPostLabels} value={query.post} onChange={(v) => s.set({ post: v })} minWidth={170} />
          <Input.Search
            allowClear
            placeholder="姓名"
            style={{ width: 180 }}
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              if (!e.target.value) s.set({ q: undefined });
            }}
            onSearch={(v) => s.set({ q: v.trim() || undefined })}
            data-testid="staff-filter-name"
          />
          <Checkbox checked={query.all === 'true'} onChange={(e) => s.set({ all: e.target.checked ? 'true' : undefined })}>
            含已离岗人员
          </Checkbox>
          <ResetButton
            shown={filtered}
            onClick={() => {
              setQ('');
              s.set(Object.fromEntries(filters.map((k) => [k, undefined])));
            }}
          />
        </div>
        <div data-testid="staff-table">
          <Table<StaffView>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items}
            loading={list.isFetching}
            scroll={{ x: 'max-content' }}
            onRow={(d) => ({ 'data-testid': 'staff-row', 'data-staff-id': d.id }) as HTMLAttributes<HTMLElement>}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> }}
            pagination={s.pagination(list.data?.total, '人')}
          />
        </div>
      </Card>
      <StaffFormDrawer
        open={creating || !!editing}
        staff={editing}
        onClose={() => {
          setCreating(false);
          setEditing(null);
          if (s.get('record')) s.set({ record: undefined }, { keepPage: true });
        }}
      />
    </>
  );
}
