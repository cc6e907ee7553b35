// 应急演练: the drill ledger (000 item 17, 001 item 6, 000 item 5) in the person's scope — filters
// above (kept in the address), record and correct in a drawer, void with a reason, Excel export.
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Empty, Form, Input, Modal, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { drillStatuses, drillStatusLabels, type Drill } from '../../contracts/ledgers.js';
import { drillKindLabels, drillKinds } from '../../contracts/rules.js';
import { api } from '../api.js';
import { useCan, useMe } from '../auth.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { ImportButton } from '../components/ImportButton.js';
import { FileList } from '../components/FileList.js';
import { PageHeader } from '../components/PageHeader.js';
import { ResetButton } from '../components/ResetButton.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { fromDay, toDay } from '../hazards/dates.js';
import { UnitTreeSelect } from '../units/tree.js';
import { DrillFormDrawer } from './DrillFormDrawer.js';
import { COMPLIANCE_KEY, DRILLS_KEY, ledgersApi, type DrillQuery } from './ledgersApi.js';

const isDay = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);

function VoidModal({ drill, onClose }: { drill: Drill | null; onClose: () => void }) {
  const [form] = Form.useForm<{ voidReason: string }>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: (reason: string) => ledgersApi.voidDrill(drill!.id, drill!.version, reason),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: DRILLS_KEY });
      void queryClient.invalidateQueries({ queryKey: COMPLIANCE_KEY });
      message.success('演练记录已作废，不再计入达标');
      onClose();
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: DRILLS_KEY }),
  });
  return (
    <Modal
      open={!!drill}
      title="作废演练记录"
      onCancel={onClose}
      okText="作废"
      okButtonProps={{ danger: true, loading: run.isPending, ...({ 'data-testid': 'drill-void-submit' } as object) }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {drill && (
        <Typography.Paragraph type="secondary">
          {drill.schoolName} · {drill.heldOn} · {drillKindLabels[drill.kind]}。作废后记录保留留痕，但不再计入演练达标。
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => run.mutate(v.voidReason.trim())}>
        <Form.Item name="voidReason" label="作废原因" rules={[{ required: true, whitespace: true, message: '请填写作废原因' }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：日期登记错误，已重新登记" data-testid="drill-void-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function DrillsPage() {
  const me = useMe();
  const can = useCan();
  const s = useSearchState();
  const canWrite = can('ledger.write');
  const [editing, setEditing] = useState<Drill | null>(null);
  const [creating, setCreating] = useState(s.get('record') === '1');
  const [voiding, setVoiding] = useState<Drill | null>(null);

  const query: DrillQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    kind: pick(s.get('kind'), drillKinds),
    from: isDay(s.get('from')),
    to: isDay(s.get('to')),
    status: pick(s.get('status'), drillStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...DRILLS_KEY, 'list', query], queryFn: () => ledgersApi.drills(query), placeholderData: keepPreviousData });

  const isSchool = me.unit.kind === 'school';
  const wide = me.scope !== 'unit';
  const towns = useQuery({
    queryKey: ['units', 'list', { kind: 'town', pageSize: 200 }],
    queryFn: () => api.units({ kind: 'town', pageSize: 200 }),
    enabled: wide && can('unit.read'),
    staleTime: 5 * 60_000,
    meta: { silent: true },
  });

  const filters = ['schoolId', 'townId', 'kind', 'from', 'to', 'status'] as const;
  const filtered = filters.some((k) => query[k] !== undefined);

  const columns: TableColumnsType<Drill> = [
    { title: '演练日期', dataIndex: 'heldOn', width: 110, fixed: 'left' },
    ...(isSchool
      ? []
      : [
          {
            title: '学校',
            dataIndex: 'schoolName',
            width: 180,
            ellipsis: true,
            render: (v: string, d: Drill) => (
              <span title={v}>
                {v}
                {d.townName && <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{d.townName}</div>}
              </span>
            ),
          },
        ]),
    { title: '演练类型', dataIndex: 'kind', width: 130, render: (v: Drill['kind']) => drillKindLabels[v] },
    { title: '参加人数', dataIndex: 'participants', width: 90, align: 'right', render: (v: number) => `${v} 人` },
    { title: '疏散用时', dataIndex: 'evacuationSeconds', width: 90, align: 'right', render: (v: number | null) => (v === null ? '—' : `${v} 秒`) },
    { title: '外部观摩', dataIndex: 'observers', width: 140, ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: '发现的问题', dataIndex: 'problems', width: 220, ellipsis: { showTitle: true }, render: (v: string | null) => v ?? '—' },
    { title: '照片', dataIndex: 'files', width: 120, render: (f: Drill['files']) => <FileList files={f} size={32} empty="—" /> },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (v: Drill['status'], d) =>
        v === 'voided' ? (
          <Tag color="default" title={d.voidReason ?? undefined}>
            {drillStatusLabels[v]}
          </Tag>
        ) : (
          <Tag color="green">{drillStatusLabels[v]}</Tag>
        ),
    },
    { title: '登记人', dataIndex: 'createdByName', width: 90 },
    ...(canWrite
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 120,
            fixed: 'right' as const,
            render: (_: unknown, d: Drill) =>
              d.status === 'recorded' ? (
                <Space size={4}>
                  <Button size="small" type="link" onClick={() => setEditing(d)} data-testid="drill-edit">
                    修改
                  </Button>
                  <Button size="small" type="link" danger onClick={() => setVoiding(d)} data-testid="drill-void">
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
      ? '没有符合条件的演练记录，请调整筛选条件'
      : canWrite
        ? '暂无演练记录。开展演练后点击“登记演练”记录日期、类型、人数和照片'
        : '暂无演练记录';

  return (
    <>
      <PageHeader
        title="应急演练"
        subTitle="中小学每月至少 1 次、幼儿园每季度至少 1 次应急疏散演练（000 第17条，001 第6条）"
        extra={
          <Space wrap>
            {canWrite && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="drill-create">
                登记演练
              </Button>
            )}
            <ExportButton path="/drills/export" query={query} testId="drill-export" />
            <ImportButton kind="drills" testId="drill-import" />
          </Space>
        }
      />
      <Card size="small">
        <div className="filter-bar">
          {wide && (
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder="镇街"
              style={{ minWidth: 140 }}
              value={query.townId}
              onChange={(v) => s.set({ townId: v })}
              options={towns.data?.items.map((t) => ({ value: t.id, label: t.name }))}
            />
          )}
          {!isSchool && (
            <UnitTreeSelect
              allowClear
              placeholder="学校"
              style={{ width: 220 }}
              value={query.schoolId}
              onChange={(v) => s.set({ schoolId: v })}
              selectable={(u) => u.kind === 'school'}
              data-testid="drill-filter-school"
            />
          )}
          <EnumFilter placeholder="演练类型" labels={drillKindLabels} value={query.kind} onChange={(v) => s.set({ kind: v })} minWidth={150} />
          <DatePicker.RangePicker
            allowEmpty={[true, true]}
            placeholder={['开始日期', '结束日期']}
            value={[fromDay(query.from) ?? null, fromDay(query.to) ?? null]}
            onChange={(r) => s.set({ from: toDay(r?.[0]), to: toDay(r?.[1]) })}
          />
          <EnumFilter placeholder="有效记录" labels={drillStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          <ResetButton shown={filtered} onClick={() => s.set(Object.fromEntries(filters.map((k) => [k, undefined])))} />
        </div>
        <div data-testid="drill-table">
          <Table<Drill>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items}
            loading={list.isFetching}
            scroll={{ x: 'max-content' }}
            onRow={(d) => ({ 'data-testid': 'drill-row', 'data-drill-id': d.id }) as HTMLAttributes<HTMLElement>}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> }}
            pagination={s.pagination(list.data?.total, '条')}
          />
        </div>
      </Card>
      <DrillFormDrawer
        open={creating || !!editing}
        drill={editing}
        onClose={() => {
          setCreating(false);
          setEditing(null);
          if (s.get('record')) s.set({ record: undefined }, { keepPage: true });
        }}
      />
      <VoidModal drill={voiding} onClose={() => setVoiding(null)} />
    </>
  );
}
