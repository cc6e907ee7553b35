import { Tag, Tooltip } from 'antd';
import { checklistStatusLabels, type ChecklistStatus } from '../../contracts/checklists.js';
import { seedTitles } from '../../domain/checklists/builtin.js';

export function BuiltinTag({ builtin }: { builtin: boolean }) {
  return builtin ? <Tag color="blue">内置</Tag> : <Tag>自定义</Tag>;
}

// In force green, archived grey (UX.md).
export function ChecklistStatusTag({ status }: { status: ChecklistStatus }) {
  return <Tag color={status === 'active' ? 'green' : 'default'}>{checklistStatusLabels[status]}</Tag>;
}

/** An item's source, e.g. '002 第8条；001 第4条', with the documents' titles on hover. */
export function SourceText({ source }: { source: string }) {
  if (!source) return <>—</>;
  const titles = [...new Set(source.match(/\b00[0-4]\b/g) ?? [])].map((n) => `${n}：${seedTitles[n]}`);
  return titles.length ? (
    <Tooltip title={titles.join('\n')} styles={{ root: { whiteSpace: 'pre-line', maxWidth: 420 } }}>
      <span className="checklist-source">{source}</span>
    </Tooltip>
  ) : (
    <>{source}</>
  );
}
