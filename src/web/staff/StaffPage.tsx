// 教职工岗位: who holds which post at each school since when (001 item 7 reads it for the training
// hours), the outsourced guards, drivers and cleaners beside the school's own, and everyone's entry
// check (准入查询, 001 item 11), in the person's scope — filters in the address, register and
// correct in a drawer, export.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Checkbox, Input, Space, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { staffPostLabels, staffPosts } from '../../contracts/rules.js';
import { entryCheckFilterLabels, entryCheckResultLabels, entryCheckResults, outsourcedKindLabels, outsourcedKinds, staffKindFilterLabels, type StaffView } from '../../contracts/staff.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { ImportButton } from '../components/ImportButton.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { CreateButton, LedgerList, useFilterKeys, useLedgerDrawers } from '../ledger/ledgerPage.js';
import { PlaceFilters, schoolColumn, useLedgerViewer } from '../ledger/ledgerParts.js';
import { StaffFormDrawer } from './StaffFormDrawer.js';
import { STAFF_KEY, staffApi, type StaffQuery } from './staffApi.js';

export default function StaffPage() {
  const { isSchool, canWrite } = useLedgerViewer();
  const s = useSearchState();
  const navigate = useNavigate();
  const d = useLedgerDrawers<StaffView>();
  const [q, setQ] = useState(s.get('q') ?? '');

  const query: StaffQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    post: pick(s.get('post'), staffPosts),
    q: s.get('q')?.trim() || undefined,
    all: s.get('all') === 'true' ? 'true' : undefined,
    outsourcedKind: pick(s.get('outsourcedKind'), [...outsourcedKinds, 'own'] as const),
    entryCheck: pick(s.get('entryCheck'), [...entryCheckResults, 'none'] as const),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...STAFF_KEY, 'list', query], queryFn: () => staffApi.staff(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'post', 'q', 'all', 'outsourcedKind', 'entryCheck']);

  const columns: TableColumnsType<StaffView> = [
    {
      title: '姓名',
      dataIndex: 'name',
      width: 120,
      fixed: 'left',
      render: (v: string, r) => (
        <span>
          {v}
          {r.userId && (
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
      title: '人员类别',
      dataIndex: 'outsourcedKind',
      width: 150,
      render: (k: StaffView['outsourcedKind'], r) =>
        k ? (
          <Tooltip title={r.employer ? `外包单位：${r.employer}` : undefined}>
            <Tag color="purple">外包{outsourcedKindLabels[k]}</Tag>
          </Tooltip>
        ) : (
          '本校教职工'
        ),
    },
    {
      title: '准入查询',
      dataIndex: 'entryCheckResult',
      width: 170,
      // 001 item 11: nobody on post without a check; a pending or not-clear result is as much a gap.
      render: (v: StaffView['entryCheckResult'], r) =>
        v ? (
          <span data-testid="staff-entry-check">
            <Tag color={v === 'clear' ? 'green' : v === 'pending' ? 'orange' : 'red'}>{entryCheckResultLabels[v]}</Tag>
            <span style={{ color: 'rgba(0,0,0,0.45)' }}>{r.entryCheckOn}</span>
          </span>
        ) : (
          <Tag color="red" data-testid="staff-entry-check">
            未查询
          </Tag>
        ),
    },
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
      render: (_: unknown, r: StaffView) => (
        <Space size={4}>
          <Button size="small" type="link" onClick={() => navigate(`/trainings?staffId=${r.id}${isSchool ? '' : `&schoolId=${r.schoolId}`}`)} data-testid="staff-trainings">
            培训记录
          </Button>
          {canWrite && (
            <Button size="small" type="link" onClick={() => d.setEditing(r)} data-testid="staff-edit">
              {r.leftOn ? '修改' : '修改 / 离岗'}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="教职工岗位"
        subTitle="登记各岗位人员（含外包保安、校车司机、保洁）及任职日期、准入查询；安全培训学时按岗位要求统计（001 第7条），在岗人员须完成准入查询（001 第11条）"
        extra={
          <Space wrap>
            <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="staff-create">
              登记教职工
            </CreateButton>
            <ExportButton path="/staff/export" query={query} testId="staff-export" />
            <ImportButton kind="staff" testId="staff-import" />
          </Space>
        }
      />
      <LedgerList<StaffView>
        testId="staff"
        rowIdAttr="data-staff-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={() => {
          setQ('');
          clear();
        }}
        canWrite={canWrite}
        empty={{ noun: '教职工岗位', filteredNoun: '人员', hint: '点击“登记教职工”录入校长、分管安全副校长、安全管理干部、班主任、教师及外包保安、校车司机、保洁等人员，填写任职日期和准入查询结果' }}
        unit="人"
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="staff-filter-school" />
            <EnumFilter placeholder="岗位" labels={staffPostLabels} value={query.post} onChange={(v) => s.set({ post: v })} minWidth={170} />
            <EnumFilter placeholder="人员类别" labels={staffKindFilterLabels} value={query.outsourcedKind} onChange={(v) => s.set({ outsourcedKind: v })} minWidth={130} />
            <EnumFilter placeholder="准入查询" labels={entryCheckFilterLabels} value={query.entryCheck} onChange={(v) => s.set({ entryCheck: v })} minWidth={150} />
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
          </>
        }
      />
      <StaffFormDrawer open={d.drawerOpen} staff={d.editing} onClose={d.closeDrawer} />
    </>
  );
}
