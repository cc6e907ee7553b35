// Units of the district picked by name (search as you type): for answering a unit word the
// resolution could not find, and for a patch's schools.
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import type { UnitKind } from '../../contracts/enums.js';
import { api } from '../api.js';

export function UnitSelect({ value, onChange, kind, placeholder = '输入名称搜索单位', testId }: { value?: number[]; onChange?: (ids: number[]) => void; kind?: UnitKind; placeholder?: string; testId?: string }) {
  const [q, setQ] = useState('');
  const found = useQuery({ queryKey: ['units', 'list', { q, kind, pageSize: 50 }], queryFn: () => api.units({ q: q || undefined, kind, status: 'active', pageSize: 50 }), meta: { silent: true } });
  const [known, setKnown] = useState(new Map<number, string>());
  const options = [...new Map([...known, ...(found.data?.items ?? []).map((u) => [u.id, u.name] as const)])].map(([id, name]) => ({ value: id, label: name }));
  return (
    <Select
      mode="multiple"
      showSearch
      filterOption={false}
      onSearch={setQ}
      placeholder={placeholder}
      value={value}
      onChange={(ids: number[]) => {
        setKnown(new Map([...known, ...options.filter((o) => ids.includes(o.value)).map((o) => [o.value, o.label] as const)]));
        onChange?.(ids);
      }}
      options={options}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}
