// 通报约谈问责 (监管考核): notices with their replies, interviews with their commitments,
// accountability decisions, and the award check (前置审核, 001 第27条) for a unit and a year.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Empty, Form, Input, InputNumber, List, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  accountabilityMeasureLabels,
  accountabilityMeasures,
  awardBarKindLabels,
  noticeStatuses,
  noticeStatusLabels,
  type AccountabilityMeasure,
  type DecisionView,
  type NoticeView,
} from '../../contracts/accountability.js';
import { useCan, useMe } from '../auth.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { FileList } from '../components/FileList.js';
import { PageHeader } from '../components/PageHeader.js';
import { PhotoUpload } from '../components/PhotoUpload.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { toDay, todayBeijing } from '../dates.js';
import { LedgerDrawer } from '../ledger/ledgerPage.js';
import { useLedgerSave } from '../ledger/ledgerParts.js';
import { UnitTreeSelect } from '../units/tree.js';
import { ACCOUNTABILITY_KEY, accountabilityApi } from './accountabilityApi.js';
import { InterviewsTab } from './InterviewsTab.js';
import { noticeStatusColors } from './NoticeDetailPage.js';
import { NoticeDrawer } from './NoticeDrawer.js';

const tabs = ['notices', 'interviews', 'decisions', 'award'] as const;
type TabKey = (typeof tabs)[number];

function NoticesTab() {
  const can = useCan();
  const s = useSearchState();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const query = {
    status: pick(s.get('status'), noticeStatuses),
    unitId: positiveInt(s.get('unitId')),
    year: positiveInt(s.get('year')),
    overdue: s.get('overdue') === 'true' ? 'true' : undefined,
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...ACCOUNTABILITY_KEY, 'notices', query], queryFn: () => accountabilityApi.notices(query), placeholderData: keepPreviousData });
  return (
    <>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <EnumFilter placeholder="状态" labels={noticeStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={120} />
          <UnitTreeSelect allowClear placeholder="被通报单位" style={{ width: 220 }} value={query.unitId} onChange={(v) => s.set({ unitId: v })} />
          <InputNumber placeholder="年度" min={2000} max={2099} value={query.year} onChange={(v) => s.set({ year: v ?? undefined })} style={{ width: 100 }} />
          <Select allowClear placeholder="回复情况" style={{ width: 150 }} value={query.overdue} onChange={(v) => s.set({ overdue: v })} options={[{ value: 'true', label: '有逾期未回复' }]} />
        </Space>
        <Space wrap>
          {can('accountability.manage') && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="notice-create">
              起草通报
            </Button>
          )}
          <ExportButton path="/notices/export" query={{ status: query.status, unitId: query.unitId, year: query.year, overdue: query.overdue }} testId="notices-export" />
        </Space>
      </Space>
      <Table<NoticeView>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1000 }}
        pagination={s.pagination(list.data?.total, '份通报')}
        locale={{ emptyText: can('accountability.manage') ? '暂无通报。对隐患逾期不改、整改弄虚作假、迟报瞒报等情况，点击“起草通报”，经区教育局审核签发后发布。' : '暂无发给本单位的通报' }}
        onRow={(n) => ({ onClick: () => navigate(`/accountability/notices/${n.id}`), style: { cursor: 'pointer' }, 'data-notice-id': n.id }) as never}
        data-testid="notices-table"
        columns={[
          { title: '编号', dataIndex: 'code', width: 150, render: (v: string, n) => <Link to={`/accountability/notices/${n.id}`}>{v}</Link> },
          { title: '标题', dataIndex: 'title', ellipsis: true },
          { title: '被通报单位', dataIndex: 'unitNames', width: 220, ellipsis: true, render: (v: string[]) => v.join('、') },
          { title: '状态', dataIndex: 'status', width: 110, render: (v: NoticeView['status']) => <Tag color={noticeStatusColors[v]}>{noticeStatusLabels[v]}</Tag> },
          { title: '发布日期', dataIndex: 'publishedOn', width: 110, render: (v: string | null) => v ?? '—' },
          { title: '回复期限', dataIndex: 'replyDueOn', width: 110 },
          {
            title: '回复',
            key: 'replies',
            width: 150,
            render: (_, n) => (
              <span>
                {n.replies.replied}/{n.replies.total}
                {n.replies.overdue > 0 && <Tag color="red" style={{ marginLeft: 6 }}>逾期 {n.replies.overdue}</Tag>}
              </span>
            ),
          },
        ]}
      />
      <NoticeDrawer open={creating} onClose={() => setCreating(false)} onSaved={(n) => navigate(`/accountability/notices/${n.id}`)} />
    </>
  );
}

interface DecisionValues {
  unitId?: number;
  measure?: AccountabilityMeasure;
  decidedOn?: Dayjs;
  documentNo?: string;
  subjectName?: string;
  subjectPost?: string;
  reason?: string;
  fileIds?: number[];
}

function DecisionDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<DecisionValues>();
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  const save = useLedgerSave({
    form,
    fields: ['unitId', 'measure', 'decidedOn', 'documentNo', 'subjectName', 'subjectPost', 'reason', 'fileIds'],
    listKey: ACCOUNTABILITY_KEY,
    onClose,
    save: (v: DecisionValues) =>
      accountabilityApi.createDecision({
        unitId: v.unitId!,
        measure: v.measure!,
        decidedOn: toDay(v.decidedOn)!,
        documentNo: v.documentNo?.trim() || null,
        subjectName: v.subjectName?.trim() || null,
        subjectPost: v.subjectPost?.trim() || null,
        reason: v.reason?.trim() ?? '',
        noticeId: null,
        interviewId: null,
        fileIds: v.fileIds ?? [],
      }),
    done: (d) => `已登记对${d.unitName}的问责决定`,
  });
  return (
    <LedgerDrawer open={open} onClose={onClose} title="登记问责决定" width={640} saving={save.isPending} onSave={() => form.validateFields().then((v) => save.mutate(v))} testId="decision">
      <Form form={form} layout="vertical">
        <Form.Item name="unitId" label="被问责单位" rules={[{ required: true, message: '请选择被问责单位' }]}>
          <UnitTreeSelect selectable={(u) => (u.kind === 'school' || u.kind === 'town' || u.kind === 'department') && u.status === 'active'} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="measure" label="问责方式" rules={[{ required: true, message: '请选择问责方式' }]}>
            <Select style={{ width: 220 }} options={accountabilityMeasures.map((m) => ({ value: m, label: accountabilityMeasureLabels[m] }))} />
          </Form.Item>
          <Form.Item name="decidedOn" label="决定日期" rules={[{ required: true, message: '请选择决定日期' }]}>
            <DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') > todayBeijing()} />
          </Form.Item>
        </Space>
        <Form.Item name="documentNo" label="决定文号">
          <Input maxLength={100} placeholder="如：示教安〔2026〕12号" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="subjectName" label="被问责人（如有）" tooltip="只记录决定所需的姓名和职务">
            <Input style={{ width: 200 }} maxLength={50} />
          </Form.Item>
          <Form.Item name="subjectPost" label="职务">
            <Input style={{ width: 200 }} maxLength={50} />
          </Form.Item>
        </Space>
        <Form.Item name="reason" label="问责事由" rules={[{ required: true, whitespace: true, message: '请填写问责事由' }]}>
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
        <Form.Item name="fileIds" label="决定文件">
          <PhotoUpload label="上传文件" />
        </Form.Item>
      </Form>
    </LedgerDrawer>
  );
}

function DecisionsTab() {
  const can = useCan();
  const s = useSearchState();
  const [creating, setCreating] = useState(false);
  const query = { unitId: positiveInt(s.get('unitId')), measure: pick(s.get('measure'), accountabilityMeasures), year: positiveInt(s.get('year')), page: s.page, pageSize: s.pageSize };
  const list = useQuery({ queryKey: [...ACCOUNTABILITY_KEY, 'decisions', query], queryFn: () => accountabilityApi.decisions(query), placeholderData: keepPreviousData });
  return (
    <>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <UnitTreeSelect allowClear placeholder="被问责单位" style={{ width: 220 }} value={query.unitId} onChange={(v) => s.set({ unitId: v })} />
          <EnumFilter placeholder="问责方式" labels={accountabilityMeasureLabels} value={query.measure} onChange={(v) => s.set({ measure: v })} minWidth={150} />
        </Space>
        <Space wrap>
          <ExportButton path="/accountability-decisions/export" query={{ unitId: query.unitId, measure: query.measure, year: query.year }} testId="decisions-export" />
          {can('accountability.approve') && (
            <Button type="primary" onClick={() => setCreating(true)}>
              登记问责决定
            </Button>
          )}
        </Space>
      </Space>
      <Table<DecisionView>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1000 }}
        pagination={s.pagination(list.data?.total, '项问责')}
        locale={{ emptyText: can('accountability.approve') ? '暂无问责决定。作出问责决定后点击“登记问责决定”记录问责方式和文号。' : '暂无问责决定' }}
        columns={[
          { title: '决定日期', dataIndex: 'decidedOn', width: 110 },
          { title: '被问责单位', dataIndex: 'unitName', width: 180 },
          { title: '问责方式', dataIndex: 'measure', width: 150, render: (m: AccountabilityMeasure) => <Tag color="red">{accountabilityMeasureLabels[m]}</Tag> },
          { title: '被问责人', key: 'subject', width: 160, render: (_, d) => (d.subjectName ? `${d.subjectName}${d.subjectPost ? `（${d.subjectPost}）` : ''}` : '—') },
          { title: '文号', dataIndex: 'documentNo', width: 170, render: (v: string | null) => v ?? '—' },
          { title: '问责事由', dataIndex: 'reason', ellipsis: true },
          { title: '文件', dataIndex: 'files', width: 100, render: (f: DecisionView['files']) => <FileList files={f} size={32} empty="—" /> },
        ]}
      />
      <DecisionDrawer open={creating} onClose={() => setCreating(false)} />
    </>
  );
}

/** 前置审核: pick a unit and a year; what bars it from awards, each with the record behind it. */
function AwardCheckTab() {
  const me = useMe();
  const s = useSearchState();
  const unitId = positiveInt(s.get('unitId')) ?? (me.unit.kind === 'school' ? me.unit.id : undefined);
  const year = positiveInt(s.get('year')) ?? Number(todayBeijing().slice(0, 4));
  const check = useQuery({ queryKey: [...ACCOUNTABILITY_KEY, 'award', unitId, year], queryFn: () => accountabilityApi.awardCheck(unitId!, year), enabled: !!unitId });
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <UnitTreeSelect
          placeholder="选择要审核的单位"
          style={{ width: 260 }}
          value={unitId}
          onChange={(v) => s.set({ unitId: v })}
          selectable={(u) => u.kind === 'school' || u.kind === 'town' || u.kind === 'department'}
          data-testid="award-unit"
        />
        <DatePicker picker="year" allowClear={false} value={dayjs(`${year}-01-01`)} onChange={(d) => s.set({ year: d ? d.year() : undefined })} />
      </Space>
      {!unitId ? (
        <Empty description="选择单位和年度，查看其是否存在不得参加评优评先的情形（001 第27条：评选表彰前置审核）" />
      ) : check.data ? (
        <Card data-testid="award-result">
          {check.data.barred ? (
            <Alert type="error" showIcon message={`${check.data.unitName} ${check.data.year} 年度存在 ${check.data.items.length} 项不得评优评先的情形`} style={{ marginBottom: 12 }} />
          ) : (
            <Alert type="success" showIcon message={`${check.data.unitName} ${check.data.year} 年度未发现不得评优评先的情形`} style={{ marginBottom: 12 }} />
          )}
          {check.data.items.length > 0 && (
            <List
              dataSource={check.data.items}
              renderItem={(i) => (
                <List.Item data-testid="award-item" extra={<Link to={i.link}>查看记录</Link>}>
                  <List.Item.Meta title={<Space><Tag color="red">{awardBarKindLabels[i.kind]}</Tag>{i.on}</Space>} description={i.reason} />
                </List.Item>
              )}
            />
          )}
          <Typography.Text type="secondary">已核查：{check.data.sources.join('；')}</Typography.Text>
        </Card>
      ) : (
        <Card loading />
      )}
    </>
  );
}

export default function AccountabilityPage() {
  const s = useSearchState();
  const tab: TabKey = pick(s.get('tab'), tabs) ?? 'notices';
  return (
    <>
      <PageHeader title="通报约谈问责" subTitle="对安全措施不到位、隐患不排除、整改不及时，迟报、漏报、瞒报的，进行通报、约谈；评选表彰实施前置审核（001 第27条）" />
      <Tabs
        activeKey={tab}
        // A tab keeps only its own filters.
        onChange={(k) => s.set({ tab: k === 'notices' ? undefined : k, unitId: undefined, status: undefined, year: undefined, overdue: undefined, measure: undefined, pageSize: undefined })}
        items={[
          { key: 'notices', label: '通报', children: tab === 'notices' ? <NoticesTab /> : null },
          { key: 'interviews', label: '约谈', children: tab === 'interviews' ? <InterviewsTab /> : null },
          { key: 'decisions', label: '问责', children: tab === 'decisions' ? <DecisionsTab /> : null },
          { key: 'award', label: '前置审核', children: tab === 'award' ? <AwardCheckTab /> : null },
        ]}
      />
    </>
  );
}
