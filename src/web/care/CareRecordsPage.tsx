// 重点学生包靠 (001 item 20; issue 16): the students of concern the person may see — the school's
// whole ledger for the principal and named care staff, their own students for a carer. Names are
// masked here (张*明): a list may be on a shared screen; the name shows only on the record, opened
// with a purpose. The principal also names care staff and sees who read what. No Excel export of
// names: the counts are on 心理筛查 → 统计.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Form, Input, Popconfirm, Select, Space, Table, Tabs, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { concernKindLabels, consentStatusLabels, readPurposeLabels, readPurposes, type CareRecordRow, type ReadPurpose } from '../../contracts/care.js';
import { PageHeader } from '../components/PageHeader.js';
import { showError } from '../feedback.js';
import { CareRecordDrawer } from './CareRecordDrawer.js';
import { CARE_KEY, careApi } from './careApi.js';
import { useCareMe } from './useCareMenu.js';

export function DueTag({ r }: { r: Pick<CareRecordRow, 'status' | 'overdueDays' | 'nextDueOn'> }) {
  if (r.status !== 'open') return <Tag>已结案</Tag>;
  if (r.overdueDays > 0) return <Tag color="red" data-testid="care-overdue">随访逾期 {r.overdueDays} 天</Tag>;
  return <span>{r.nextDueOn} 前随访</span>;
}

function RecordsTab() {
  const navigate = useNavigate();
  const me = useCareMe().data;
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const [overdue, setOverdue] = useState<string | undefined>();
  const [search, setSearch] = useState<{ name: string; purpose: ReadPurpose } | null>(null);
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<{ name?: string; purpose?: ReadPurpose }>();
  const q = useQuery({
    queryKey: [...CARE_KEY, 'records', status, overdue, search, page],
    queryFn: () => careApi.records({ status, overdue, studentName: search?.name, purpose: search?.purpose, ...page }),
    placeholderData: keepPreviousData,
  });
  const keeps = (me?.schools.length ?? 0) > 0;
  const columns: TableColumnsType<CareRecordRow> = [
    { title: '学生', dataIndex: 'maskedName', width: 90, render: (v: string) => <span data-testid="care-masked-name">{v}</span> },
    { title: '学校', dataIndex: 'schoolName', width: 160, responsive: ['md'] },
    { title: '年级班级', width: 100, render: (_, r) => `${r.studentGrade}年级${r.className}` },
    { title: '关注类别', dataIndex: 'concernKinds', render: (ks: CareRecordRow['concernKinds']) => ks.map((k) => <Tag key={k}>{concernKindLabels[k]}</Tag>), responsive: ['sm'] },
    { title: '包靠人', dataIndex: 'carers', width: 120, render: (cs: CareRecordRow['carers']) => cs.map((c) => c.displayName).join('、') },
    { title: '上次随访', dataIndex: 'lastFollowUpOn', width: 110, render: (v: string | null) => v ?? '—', responsive: ['md'] },
    { title: '随访', width: 140, render: (_, r) => <DueTag r={r} /> },
    { title: '知情同意', dataIndex: 'consent', width: 90, render: (v: CareRecordRow['consent']) => (v === 'pending' ? <Tag color="orange">{consentStatusLabels[v]}</Tag> : consentStatusLabels[v]), responsive: ['lg'] },
    {
      title: '操作',
      width: 80,
      render: (_, r) => (
        <Button type="link" size="large" onClick={() => navigate(`/care/records/${r.id}`)} data-testid={`care-open-${r.id}`}>
          查阅
        </Button>
      ),
    },
  ];
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select value={status} onChange={(v) => (setStatus(v), setPage({ ...page, page: 1 }))} options={[{ value: 'open', label: '在册' }, { value: 'closed', label: '已结案' }]} style={{ width: 100 }} />
        <Select allowClear placeholder="随访状态" value={overdue} onChange={(v) => (setOverdue(v), setPage({ ...page, page: 1 }))} options={[{ value: 'true', label: '已逾期' }, { value: 'false', label: '未逾期' }]} style={{ width: 120 }} />
        <Form form={form} layout="inline" onFinish={(v) => setSearch(v.name && v.purpose ? { name: v.name, purpose: v.purpose } : null)}>
          <Form.Item name="name" style={{ marginBottom: 0 }}>
            <Input placeholder="按完整姓名查找" allowClear style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="purpose" style={{ marginBottom: 0 }} rules={[{ required: true, message: '请选择查阅目的' }]}>
            <Select placeholder="查阅目的" options={readPurposes.map((p) => ({ value: p, label: readPurposeLabels[p] }))} style={{ width: 130 }} />
          </Form.Item>
          <Button htmlType="submit">查找</Button>
          {search && <Button onClick={() => (form.resetFields(), setSearch(null))}>清除</Button>}
        </Form>
        {keeps && (
          <Button type="primary" onClick={() => setCreating(true)} data-testid="care-create">
            新建档案
          </Button>
        )}
      </Space>
      <Table
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={q.data?.items ?? []}
        loading={q.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={keeps ? '暂无重点学生，点击“新建档案”登记需要包靠的学生' : '暂无您包靠的学生'} /> }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: q.data?.total ?? 0, pageSizeOptions: [20, 50, 100], showSizeChanger: true, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
      />
      {me && <CareRecordDrawer open={creating} schools={me.schools} onClose={() => setCreating(false)} onSaved={(r) => navigate(`/care/records/${r.id}`, { state: { opened: r } })} />}
    </>
  );
}

function StaffTab() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: [...CARE_KEY, 'staff'], queryFn: careApi.staff });
  const [userId, setUserId] = useState<number | undefined>();
  const grant = useMutation({ mutationFn: careApi.grantStaff, onSuccess: () => (setUserId(undefined), qc.invalidateQueries({ queryKey: CARE_KEY })), onError: showError });
  const revoke = useMutation({ mutationFn: careApi.revokeStaff, onSuccess: () => qc.invalidateQueries({ queryKey: CARE_KEY }), onError: showError });
  const taken = new Set(q.data?.items.map((i) => i.userId));
  return (
    <Card size="small">
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message="关爱专干可查看、登记本校全部重点学生档案；包靠人只能看到自己包靠的学生。每一次指定、撤销和查阅都记入审计日志。" />
      <Space style={{ marginBottom: 12 }}>
        <Select showSearch optionFilterProp="label" placeholder="选择本校教职工" value={userId} onChange={setUserId} style={{ width: 200 }} options={(q.data?.candidates ?? []).filter((c) => !taken.has(c.id)).map((c) => ({ value: c.id, label: c.displayName }))} />
        <Button type="primary" disabled={!userId} loading={grant.isPending} onClick={() => userId && grant.mutate(userId)}>
          指定为关爱专干
        </Button>
      </Space>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: '尚未指定关爱专干：选择本校教职工后点击“指定为关爱专干”' }}
        columns={[
          { title: '姓名', dataIndex: 'displayName' },
          { title: '指定人', dataIndex: 'grantedByName' },
          { title: '指定时间', dataIndex: 'grantedAt', render: (v: string) => new Date(v).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) },
          {
            title: '操作',
            render: (_, r) => (
              <Popconfirm title={`撤销${r.displayName}的关爱专干权限？`} onConfirm={() => revoke.mutate(r.id)}>
                <Button type="link" danger>
                  撤销
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Card>
  );
}

function ReadsTab() {
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const q = useQuery({ queryKey: [...CARE_KEY, 'reads', page], queryFn: () => careApi.reads(page), placeholderData: keepPreviousData });
  return (
    <Table
      rowKey="id"
      size="small"
      dataSource={q.data?.items ?? []}
      loading={q.isFetching}
      locale={{ emptyText: '暂无查阅记录' }}
      pagination={{ current: page.page, pageSize: page.pageSize, total: q.data?.total ?? 0, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
      columns={[
        { title: '时间', dataIndex: 'at', render: (v: string) => new Date(v).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) },
        { title: '查阅人', dataIndex: 'actorName' },
        { title: '学生', render: (_, r) => (r.search ? <Tooltip title="按姓名查找（不记录所查姓名）">按姓名查找</Tooltip> : r.maskedName) },
        { title: '查阅目的', dataIndex: 'purpose', render: (v: ReadPurpose | null) => (v ? readPurposeLabels[v] : '—') },
      ]}
    />
  );
}

export default function CareRecordsPage() {
  const me = useCareMe().data;
  const principal = me?.schools.some((s) => s.role === 'principal') ?? false;
  return (
    <>
      <PageHeader title="重点学生包靠" subTitle="特异体质、心理异常等学生“一对一”包靠（001 第20条），姓名仅在档案内显示" />
      {me && !me.keyReady && <Alert type="error" showIcon style={{ marginBottom: 12 }} message="服务器未配置学生关爱加密密钥（CARE_KEY），暂不能读写重点学生档案，请联系系统管理员" />}
      {principal ? (
        <Tabs
          items={[
            { key: 'records', label: '重点学生', children: <RecordsTab /> },
            { key: 'staff', label: '关爱专干', children: <StaffTab /> },
            { key: 'reads', label: '查阅记录', children: <ReadsTab /> },
          ]}
        />
      ) : (
        <RecordsTab />
      )}
    </>
  );
}
