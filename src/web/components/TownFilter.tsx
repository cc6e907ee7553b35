import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { api } from '../api.js';
import { useCan, useMe } from '../auth.js';

/**
 * 镇街 above a list, for those who see more than one town (the bureau, departments); nothing for a
 * town or a school. The district's towns are read once and shared by every page (one query key).
 */
export function TownFilter({ value, onChange }: { value: number | undefined; onChange: (townId: number | undefined) => void }) {
  const me = useMe();
  const can = useCan();
  const wide = me.scope !== 'unit';
  const towns = useQuery({
    queryKey: ['units', 'list', { kind: 'town', pageSize: 200 }],
    queryFn: () => api.units({ kind: 'town', pageSize: 200 }),
    enabled: wide && can('unit.read'),
    staleTime: 5 * 60_000,
    meta: { silent: true },
  });
  if (!wide) return null;
  return (
    <Select
      allowClear
      showSearch
      optionFilterProp="label"
      placeholder="镇街"
      style={{ minWidth: 140 }}
      value={value}
      onChange={onChange}
      options={towns.data?.items.map((t) => ({ value: t.id, label: t.name }))}
    />
  );
}
