// The frame shared by the ledger list pages (应急演练, 安全专题会议, 安全培训, 校方责任保险, 教职工岗位,
// 值班带班): the drawer state (opened by ?record=1 from the home page), the filters kept in the address
// with their reset, the date range filter, the 登记 button, the table with its empty text and paging,
// the 修改 / 作废 column; and the record drawer with its 取消 / 保存 footer.
import { PlusOutlined } from '@ant-design/icons';
import type { UseQueryResult } from '@tanstack/react-query';
import { Button, Card, DatePicker, Drawer, Empty, Grid, Space, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState, type HTMLAttributes, type ReactNode } from 'react';
import { ResetButton } from '../components/ResetButton.js';
import { useSearchState } from '../components/useSearchState.js';
import { fromDay, toDay } from '../dates.js';

/**
 * Which record the drawer corrects (else a new one, when `creating`) and which one the void modal
 * asks about. `closeDrawer` also drops ?record=1, so a reload does not open the drawer again.
 */
export function useLedgerDrawers<T>() {
  const s = useSearchState();
  const [editing, setEditing] = useState<T | null>(null);
  const [creating, setCreating] = useState(s.get('record') === '1');
  const [voiding, setVoiding] = useState<T | null>(null);
  const closeDrawer = () => {
    setCreating(false);
    setEditing(null);
    if (s.get('record')) s.set({ record: undefined }, { keepPage: true });
  };
  return { editing, setEditing, creating, setCreating, voiding, setVoiding, drawerOpen: creating || !!editing, closeDrawer };
}

/** Whether any of a list's filters is set, and clearing them all (the address keeps them). */
export function useFilterKeys<Q extends object>(query: Q, keys: readonly (keyof Q & string)[]) {
  const s = useSearchState();
  return {
    filtered: keys.some((k) => query[k] !== undefined),
    clear: () => s.set(Object.fromEntries(keys.map((k) => [k, undefined]))),
  };
}

/** From / to days of a list, kept in the address as from and to; `tooltip` says what they bound. */
export function DayRangeFilter({
  from,
  to,
  placeholder = ['开始日期', '结束日期'],
  tooltip,
}: {
  from: string | undefined;
  to: string | undefined;
  placeholder?: [string, string];
  tooltip?: string;
}) {
  const s = useSearchState();
  const picker = (
    <DatePicker.RangePicker
      allowEmpty={[true, true]}
      placeholder={placeholder}
      value={[fromDay(from) ?? null, fromDay(to) ?? null]}
      onChange={(r) => s.set({ from: toDay(r?.[0]), to: toDay(r?.[1]) })}
    />
  );
  return tooltip ? <Tooltip title={tooltip}>{picker}</Tooltip> : picker;
}

/** The page's 登记… button, for those who write the ledger. */
export function CreateButton({ shown, onClick, testId, children }: { shown: boolean; onClick: () => void; testId: string; children: ReactNode }) {
  if (!shown) return null;
  return (
    <Button type="primary" icon={<PlusOutlined />} onClick={onClick} data-testid={testId}>
      {children}
    </Button>
  );
}

/** 修改 and 作废 on a recorded row; a voided one shows its reason. Left out for those who only read. */
export function recordActionsColumn<T extends { status: 'recorded' | 'voided'; voidReason: string | null }>({
  canWrite,
  testId,
  onEdit,
  onVoid,
}: {
  canWrite: boolean;
  testId: string;
  onEdit: (r: T) => void;
  onVoid: (r: T) => void;
}): TableColumnsType<T> {
  if (!canWrite) return [];
  return [
    {
      title: '操作',
      key: 'actions',
      width: 120,
      fixed: 'right',
      render: (_: unknown, d: T) =>
        d.status === 'recorded' ? (
          <Space size={4}>
            <Button size="small" type="link" onClick={() => onEdit(d)} data-testid={`${testId}-edit`}>
              修改
            </Button>
            <Button size="small" type="link" danger onClick={() => onVoid(d)} data-testid={`${testId}-void`}>
              作废
            </Button>
          </Space>
        ) : (
          <Typography.Text type="secondary" title={d.voidReason ?? undefined}>
            {d.voidReason ? `原因：${d.voidReason}` : '—'}
          </Typography.Text>
        ),
    },
  ];
}

/**
 * A ledger's list: the filter bar (the page's filters, then 重置) over the table. Test ids:
 * `${testId}-table` around the table, `${testId}-row` on a row with its id as `rowIdAttr`.
 */
export function LedgerList<T extends { id: number }>({
  testId,
  rowIdAttr,
  filters,
  filtered,
  onReset,
  list,
  columns,
  empty,
  canWrite,
  unit = '条',
}: {
  testId: string;
  rowIdAttr: `data-${string}`;
  filters: ReactNode;
  filtered: boolean;
  onReset: () => void;
  list: UseQueryResult<{ items: T[]; total: number }>;
  columns: TableColumnsType<T>;
  /** 暂无{noun}; 没有符合条件的{filteredNoun ?? noun}; for writers 暂无{noun}。{hint}. */
  empty: { noun: string; filteredNoun?: string; hint: string };
  canWrite: boolean;
  /** What a row is counted as under the table (条, 人, 张). */
  unit?: string;
}) {
  const s = useSearchState();
  const emptyText = list.isError
    ? '加载失败，请稍后重试'
    : filtered
      ? `没有符合条件的${empty.filteredNoun ?? empty.noun}，请调整筛选条件`
      : canWrite
        ? `暂无${empty.noun}。${empty.hint}`
        : `暂无${empty.noun}`;
  return (
    <Card size="small">
      <div className="filter-bar">
        {filters}
        <ResetButton shown={filtered} onClick={onReset} />
      </div>
      <div data-testid={`${testId}-table`}>
        <Table<T>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          scroll={{ x: 'max-content' }}
          onRow={(d) => ({ 'data-testid': `${testId}-row`, [rowIdAttr]: d.id }) as HTMLAttributes<HTMLElement>}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> }}
          pagination={s.pagination(list.data?.total, unit)}
        />
      </div>
    </Card>
  );
}

/** A record's drawer: the whole screen on a phone, 取消 and 保存 (`${testId}-submit`) in the footer. */
export function LedgerDrawer({
  open,
  onClose,
  title,
  width,
  saving,
  onSave,
  testId,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  width: number;
  saving: boolean;
  onSave: () => void;
  testId: string;
  children: ReactNode;
}) {
  const screens = Grid.useBreakpoint();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={title}
      size={screens.sm ? width : '100%'}
      forceRender
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={onSave} data-testid={`${testId}-submit`}>
            保存
          </Button>
        </Space>
      }
    >
      {children}
    </Drawer>
  );
}
