// Picks a person from 教职工岗位 by name (searched on the server), showing their posts; used by the
// training form and the training list's filter.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useDeferredValue, useState } from 'react';
import { staffPostLabels } from '../../contracts/rules.js';
import type { StaffView } from '../../contracts/staff.js';
import { STAFF_KEY, staffApi } from './staffApi.js';

export const postsText = (s: Pick<StaffView, 'posts'>) => s.posts.map((p) => staffPostLabels[p.post]).join('、');

export function StaffSelect({
  value,
  onChange,
  schoolId,
  withSchool,
  includeLeft,
  disabled,
  placeholder = '输入姓名搜索',
  style,
  testId,
  onPicked,
}: {
  value?: number;
  onChange?: (id: number | undefined) => void;
  /** Only this school's staff. */
  schoolId?: number;
  /** Name the school beside the person (a town's or the bureau's filter over many schools). */
  withSchool?: boolean;
  /** Those who left too (a list filter); a new training is for someone still at the school. */
  includeLeft?: boolean;
  disabled?: boolean;
  placeholder?: string;
  style?: React.CSSProperties;
  testId?: string;
  onPicked?: (s: StaffView | undefined) => void;
}) {
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const query = { schoolId, q: q || undefined, all: includeLeft ? ('true' as const) : undefined, pageSize: 50 };
  const list = useQuery({
    queryKey: [...STAFF_KEY, 'pick', query],
    queryFn: () => staffApi.staff(query),
    enabled: !disabled,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  // The chosen person may not be among the first matches (a filter from the address).
  const known = list.data?.items.find((s) => s.id === value);
  const chosen = useQuery({
    queryKey: [...STAFF_KEY, 'one', value],
    queryFn: () => staffApi.staffMember(value!),
    enabled: value !== undefined && !known && !list.isPending,
    staleTime: 60_000,
    meta: { silent: true },
  });
  const items = [...(list.data?.items ?? [])];
  if (value !== undefined && !known && chosen.data) items.unshift(chosen.data);

  return (
    <Select<number>
      showSearch
      allowClear
      filterOption={false}
      disabled={disabled}
      placeholder={placeholder}
      style={style}
      value={value}
      onSearch={setSearch}
      onChange={(v) => {
        onChange?.(v ?? undefined);
        onPicked?.(items.find((s) => s.id === v));
        setSearch('');
      }}
      loading={list.isFetching}
      notFoundContent={list.isPending ? '加载中…' : '没有匹配的人员，请先在“教职工岗位”中登记'}
      options={items.map((s) => ({
        value: s.id,
        label: `${s.name}${withSchool ? `（${s.schoolName}）` : ''}`,
        title: postsText(s),
        desc: postsText(s),
      }))}
      optionRender={(o) => (
        <div>
          {o.label}
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{o.data.desc}</div>
        </div>
      )}
      data-testid={testId}
    />
  );
}
