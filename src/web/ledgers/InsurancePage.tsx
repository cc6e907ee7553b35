// 校方责任保险: the school liability insurance ledger (001 item 26) in the person's scope — filters
// above (kept in the address), record and correct in a drawer, void with a reason, Excel export. A
// policy ending within 30 days or ended is flagged, and so is one covering fewer students than the
// school has (the count from 组织机构).
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Empty, Input, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { recordStatuses, recordStatusLabels, type InsuranceView } from '../../contracts/school-ledgers.js';
import { api } from '../api.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { ImportButton } from '../components/ImportButton.js';
import { FileList } from '../components/FileList.js';
import { PageHeader } from '../components/PageHeader.js';
import { ResetButton } from '../components/ResetButton.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { addDays } from '../../domain/dates.js';
import { daysUntil, fromDay, toDay, todayBeijing } from '../hazards/dates.js';
import { InsuranceFormDrawer } from './InsuranceFormDrawer.js';
import { PlaceFilters, RecordStatusTag, VoidRecordModal, isDay, schoolColumn, useLedgerViewer } from './ledgerParts.js';
import { INSURANCE_KEY, schoolLedgersApi, type InsuranceQuery } from './schoolLedgersApi.js';

/** Within this many days of its end a policy is flagged, as the rule's due-soon window (001 item 26). */
const ENDING_SOON_DAYS = 30;

function PeriodCell({ p, today, renewed }: { p: InsuranceView; today: string; /** A later policy of the school picks up from its end. */ renewed: boolean }) {
  const left = daysUntil(p.endsOn, today);
  let flag = null;
  if (p.status === 'recorded') {
    if (p.startsOn > today) flag = <Tag color="blue">未生效</Tag>;
    else if (left < 0)
      flag = (
        <Tag color="default" data-testid="insurance-ended">
          已到期
        </Tag>
      );
    else if (left <= ENDING_SOON_DAYS && renewed) flag = <Tag color="green">已续保</Tag>;
    else if (left <= ENDING_SOON_DAYS)
      flag = (
        <Tooltip title="请及时续保，避免脱保">
          <Tag color="orange" data-testid="insurance-ending">
            {left === 0 ? '今天到期' : `${left} 天后到期`}
          </Tag>
        </Tooltip>
      );
    else flag = <Tag color="green">保障中</Tag>;
  }
  return (
    <span>
      {p.startsOn} 至 {p.endsOn}
      <div style={{ marginTop: 2 }}>{flag}</div>
    </span>
  );
}

function CoverCell({ p, students }: { p: InsuranceView; students: number | null | undefined }) {
  if (students === undefined || students === null) {
    return (
      <span>
        {p.studentsCovered} 人
        {students === null && <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>在校生人数未填写</div>}
      </span>
    );
  }
  const short = students - p.studentsCovered;
  return (
    <span>
      {p.studentsCovered} / {students} 人
      {short > 0 && p.status === 'recorded' && (
        <div>
          <Tooltip title="承保学生数少于学校在校生人数（组织机构中填写）；如另有保单共同承保，以合规看板为准">
            <Tag color="red" data-testid="insurance-short">
              少保 {short} 人
            </Tag>
          </Tooltip>
        </div>
      )}
    </span>
  );
}

export default function InsurancePage() {
  const { isSchool, canWrite, can } = useLedgerViewer();
  const s = useSearchState();
  const [editing, setEditing] = useState<InsuranceView | null>(null);
  const [creating, setCreating] = useState(s.get('record') === '1');
  const [voiding, setVoiding] = useState<InsuranceView | null>(null);
  const [insurer, setInsurer] = useState(s.get('insurer') ?? '');
  const today = todayBeijing();

  const query: InsuranceQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    insurer: s.get('insurer')?.trim() || undefined,
    from: isDay(s.get('from')),
    to: isDay(s.get('to')),
    status: pick(s.get('status'), recordStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({
    queryKey: [...INSURANCE_KEY, 'list', query],
    queryFn: () => schoolLedgersApi.insurancePolicies(query),
    placeholderData: keepPreviousData,
  });

  // The enrolled students of the schools on this page (组织机构), to compare with the cover.
  const schoolIds = [...new Set(list.data?.items.map((p) => p.schoolId) ?? [])];
  const units = useQueries({
    queries: schoolIds.map((id) => ({
      queryKey: ['units', 'detail', id],
      queryFn: () => api.unit(id),
      enabled: can('unit.read'),
      staleTime: 5 * 60_000,
      meta: { silent: true },
    })),
  });
  const students = new Map(schoolIds.map((id, i) => [id, units[i]?.data?.studentCount]));

  const renewed = (p: InsuranceView) =>
    !!list.data?.items.some((o) => o.id !== p.id && o.schoolId === p.schoolId && o.status === 'recorded' && o.endsOn > p.endsOn && o.startsOn <= addDays(p.endsOn, 1));

  const filters = ['schoolId', 'townId', 'insurer', 'from', 'to', 'status'] as const;
  const filtered = filters.some((k) => query[k] !== undefined);

  const columns: TableColumnsType<InsuranceView> = [
    ...schoolColumn<InsuranceView>(isSchool),
    { title: '保单号', dataIndex: 'policyNo', width: 170, fixed: isSchool ? 'left' : undefined },
    { title: '保险公司', dataIndex: 'insurer', width: 200, ellipsis: { showTitle: true } },
    { title: '保险期', key: 'period', width: 210, render: (_: unknown, p) => <PeriodCell p={p} today={today} renewed={renewed(p)} /> },
    {
      title: '承保 / 在校学生',
      dataIndex: 'studentsCovered',
      width: 140,
      align: 'right',
      render: (_: number, p) => <CoverCell p={p} students={students.get(p.schoolId)} />,
    },
    { title: '保单材料', dataIndex: 'files', width: 120, render: (f: InsuranceView['files']) => <FileList files={f} size={32} empty="—" /> },
    { title: '状态', dataIndex: 'status', width: 80, render: (v: InsuranceView['status'], d) => <RecordStatusTag status={v} voidReason={d.voidReason} /> },
    { title: '登记人', dataIndex: 'createdByName', width: 90 },
    ...(canWrite
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 120,
            fixed: 'right' as const,
            render: (_: unknown, d: InsuranceView) =>
              d.status === 'recorded' ? (
                <Space size={4}>
                  <Button size="small" type="link" onClick={() => setEditing(d)} data-testid="insurance-edit">
                    修改
                  </Button>
                  <Button size="small" type="link" danger onClick={() => setVoiding(d)} data-testid="insurance-void">
                    作废
                  </Button>
                </Space>
              ) : (
                <Typography.Text type="secondary" title={d.voidReason ?? undefined}>
                  {d.voidReason ? `原因：${d.voidReason}` : '—'}
                </Typography.Text>
              ),
          },
        ]
      : []),
  ];

  const emptyText = list.isError
    ? '加载失败，请稍后重试'
    : filtered
      ? '没有符合条件的保险记录，请调整筛选条件'
      : canWrite
        ? '暂无保险记录。办理校方责任保险后点击“登记保单”记录保单号、保险期和承保学生数'
        : '暂无保险记录';

  return (
    <>
      <PageHeader
        title="校方责任保险"
        subTitle="办理校方责任保险，应保尽保，不脱保漏保（001 第26条）"
        extra={
          <Space wrap>
            {canWrite && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="insurance-create">
                登记保单
              </Button>
            )}
            <ExportButton path="/insurance-policies/export" query={query} testId="insurance-export" />
            <ImportButton kind="insurance" testId="insurance-import" />
          </Space>
        }
      />
      <Card size="small">
        <div className="filter-bar">
          <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="insurance-filter-school" />
          <Input.Search
            allowClear
            placeholder="保险公司"
            style={{ width: 200 }}
            value={insurer}
            onChange={(e) => {
              setInsurer(e.target.value);
              if (!e.target.value) s.set({ insurer: undefined });
            }}
            onSearch={(v) => s.set({ insurer: v.trim() || undefined })}
          />
          <Tooltip title="保险期与所选日期有重叠的保单">
            <DatePicker.RangePicker
              allowEmpty={[true, true]}
              placeholder={['保险期从', '至']}
              value={[fromDay(query.from) ?? null, fromDay(query.to) ?? null]}
              onChange={(r) => s.set({ from: toDay(r?.[0]), to: toDay(r?.[1]) })}
            />
          </Tooltip>
          <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          <ResetButton
            shown={filtered}
            onClick={() => {
              setInsurer('');
              s.set(Object.fromEntries(filters.map((k) => [k, undefined])));
            }}
          />
        </div>
        <div data-testid="insurance-table">
          <Table<InsuranceView>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items}
            loading={list.isFetching}
            scroll={{ x: 'max-content' }}
            onRow={(d) => ({ 'data-testid': 'insurance-row', 'data-policy-id': d.id }) as HTMLAttributes<HTMLElement>}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> }}
            pagination={s.pagination(list.data?.total, '条')}
          />
        </div>
      </Card>
      <InsuranceFormDrawer
        open={creating || !!editing}
        policy={editing}
        onClose={() => {
          setCreating(false);
          setEditing(null);
          if (s.get('record')) s.set({ record: undefined }, { keepPage: true });
        }}
      />
      <VoidRecordModal<InsuranceView>
        record={voiding}
        title="作废保险记录"
        describe={(p) => `${p.schoolName} · 保单 ${p.policyNo}（${p.startsOn} 至 ${p.endsOn}）。作废后记录保留留痕，但不再计入保险覆盖。`}
        onVoid={(p, reason) => schoolLedgersApi.voidInsurancePolicy(p.id, p.version, reason)}
        listKey={INSURANCE_KEY}
        done="保险记录已作废，不再计入覆盖"
        testId="insurance"
        onClose={() => setVoiding(null)}
      />
    </>
  );
}
