import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Drawer, Empty, Grid, Select, Space, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { safetyAreaLabels } from '../../contracts/enums.js';
import type { ChecklistItem, ChecklistSection } from '../../domain/checklists/checklist.js';
import { formatDateTime } from '../format.js';
import { ChecklistActionButtons } from './ChecklistActions.js';
import { CHECKLISTS_KEY, checklistsApi } from './checklistsApi.js';
import { BuiltinTag, ChecklistStatusTag, SourceText } from './tags.js';

type Row = ChecklistItem & { no: number };

const columns: TableColumnsType<Row> = [
  { title: '序号', dataIndex: 'no', width: 56, align: 'center' },
  { title: '检查内容', dataIndex: 'text' },
  { title: '检查方法', dataIndex: 'method', width: 130, render: (v: string) => v || '—' },
  { title: '标准', dataIndex: 'standard', width: 220, render: (v: string) => v || '—' },
  { title: '依据', dataIndex: 'source', width: 130, render: (v: string) => <SourceText source={v} /> },
];

/** Every section with its items, numbered through the whole form as on paper. */
export function ChecklistSections({ sections }: { sections: ChecklistSection[] }) {
  const numbered = useMemo(() => {
    let no = 0;
    return sections.map((s) => ({ ...s, rows: s.items.map((i) => ({ ...i, no: ++no })) }));
  }, [sections]);
  if (!sections.length) return <Empty description="此版本没有检查项" />;
  return (
    <Space orientation="vertical" size={20} style={{ width: '100%' }}>
      {numbered.map((s, i) => (
        <div key={i} data-testid="checklist-section">
          <Space size={8} style={{ marginBottom: 8 }}>
            <Typography.Text strong>{s.title}</Typography.Text>
            <Tag>{safetyAreaLabels[s.area]}</Tag>
            <Typography.Text type="secondary">{s.items.length} 项</Typography.Text>
          </Space>
          <Table<Row> rowKey="key" size="small" columns={columns} dataSource={s.rows} pagination={false} scroll={{ x: 760 }} bordered />
        </div>
      ))}
    </Space>
  );
}

export function ChecklistDetailDrawer({ id, onClose }: { id: number | null; onClose: () => void; onOpen?: (id: number) => void }) {
  const screens = Grid.useBreakpoint();
  const [version, setVersion] = useState<number | undefined>(undefined);
  useEffect(() => setVersion(undefined), [id]);
  const detail = useQuery({
    queryKey: [...CHECKLISTS_KEY, 'detail', id, version],
    queryFn: () => checklistsApi.get(id!, version),
    enabled: id !== null,
  });
  const d = detail.data;
  const old = d && d.shown.number !== d.currentVersion;

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={screens.lg ? 1000 : '100%'}
      title={d ? d.name : '检查表模板'}
      extra={d && <ChecklistActionButtons template={d} version={d.shown.number} />}
      destroyOnHidden
    >
      {detail.isLoading && <Spin />}
      {detail.isError && <Empty description="加载失败，或该模板不存在" />}
      {d && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
            <Descriptions.Item label="类型">
              <BuiltinTag builtin={d.builtin} />
            </Descriptions.Item>
            <Descriptions.Item label="状态">
              <ChecklistStatusTag status={d.status} />
            </Descriptions.Item>
            <Descriptions.Item label="当前版本">第 {d.currentVersion} 版</Descriptions.Item>
            <Descriptions.Item label="检查项">
              {d.sectionCount} 个领域 · {d.itemCount} 项
            </Descriptions.Item>
            <Descriptions.Item label="复制自">{d.copiedFromName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="更新时间">{formatDateTime(d.updatedAt)}</Descriptions.Item>
            {d.description && (
              <Descriptions.Item label="说明" span={3}>
                {d.description}
              </Descriptions.Item>
            )}
          </Descriptions>
          {d.builtin && <Alert type="info" showIcon title="内置模板依据文件编制，不可修改。需要调整时请“复制”为本区的自定义模板后编辑。" />}
          <Space wrap>
            <span>查看版本：</span>
            <Select<number>
              value={d.shown.number}
              onChange={(n) => setVersion(n === d.currentVersion ? undefined : n)}
              style={{ minWidth: 280 }}
              data-testid="checklist-version"
              options={d.versions.map((v) => ({
                value: v.number,
                label: `第 ${v.number} 版${v.number === d.currentVersion ? '（当前）' : ''} · ${v.itemCount} 项 · ${formatDateTime(v.createdAt)}${v.createdByName ? ` · ${v.createdByName}` : ''}`,
              }))}
            />
          </Space>
          {old && <Alert type="warning" showIcon title={`正在查看历史版本第 ${d.shown.number} 版；新的检查任务使用当前的第 ${d.currentVersion} 版。`} />}
          <ChecklistSections sections={d.shown.sections} />
        </Space>
      )}
    </Drawer>
  );
}
