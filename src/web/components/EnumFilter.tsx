import { Select } from 'antd';

/** A filter above a table: one of a fixed set of values, shown by its Chinese label; clearing it removes the filter. */
export function EnumFilter<K extends string>({
  placeholder,
  labels,
  value,
  onChange,
  minWidth = 120,
}: {
  placeholder: string;
  labels: Record<K, string>;
  value: K | undefined;
  onChange: (value: K | undefined) => void;
  minWidth?: number;
}) {
  return (
    <Select<K>
      allowClear
      placeholder={placeholder}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      options={(Object.keys(labels) as K[]).map((k) => ({ value: k, label: labels[k] }))}
      style={{ minWidth }}
    />
  );
}
