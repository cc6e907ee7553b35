// 标准条目: the standard in force by section with its version history; the bureau revises it (item
// text, standard, source; items added or removed) with a reason, which makes a new version —
// assessments already begun keep the version they began with.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Drawer, Input, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ChecklistSection } from '../../domain/checklists/checklist.js';
import { errorMessage } from '../feedback.js';
import { formatDateTime } from '../format.js';
import { FIRE_KEY, fireApi } from './fireStandardApi.js';

function newKey(sections: ChecklistSection[]): string {
  const keys = new Set(sections.flatMap((s) => s.items.map((i) => i.key)));
  let n = keys.size + 1;
  while (keys.has(`item-${n}`)) n++;
  return `item-${n}`;
}

export function StandardEditor() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const std = useQuery({ queryKey: [...FIRE_KEY, 'standard'], queryFn: fireApi.standard });
  const [viewing, setViewing] = useState<number | null>(null);
  const shown = useQuery({ queryKey: [...FIRE_KEY, 'standard', viewing], queryFn: () => fireApi.standardVersion(viewing!), enabled: viewing !== null });
  const [draft, setDraft] = useState<ChecklistSection[] | null>(null);
  const [reason, setReason] = useState('');
  const save = useMutation({
    mutationFn: () => fireApi.reviseStandard({ version: std.data!.version, name: std.data!.current.name, sections: draft!, reason }),
    onSuccess: (s) => {
      message.success(`已保存为第 ${s.currentVersion} 版`);
      setDraft(null);
      setReason('');
      qc.invalidateQueries({ queryKey: FIRE_KEY });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const s = std.data;
  if (!s) return null;
  const version = viewing !== null && shown.data ? shown.data : s.current;
  const edit = (si: number, ii: number, patch: Partial<ChecklistSection['items'][number]>) =>
    setDraft((d) => d!.map((sec, i) => (i !== si ? sec : { ...sec, items: sec.items.map((it, j) => (j === ii ? { ...it, ...patch } : it)) })));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space wrap>
          <Typography.Text strong>{version.name}</Typography.Text>
          <Select
            style={{ minWidth: 260 }}
            value={viewing ?? s.currentVersion}
            onChange={(n) => setViewing(n === s.currentVersion ? null : n)}
            options={s.versions.map((v) => ({ value: v.number, label: `第 ${v.number} 版（${v.itemCount} 项，${v.createdByName}，${formatDateTime(v.createdAt)}）${v.number === s.currentVersion ? ' · 现行' : ''}` }))}
          />
          {version.reason && <Typography.Text type="secondary">修订原因：{version.reason}</Typography.Text>}
        </Space>
        {s.mayEdit && (
          <Button type="primary" onClick={() => setDraft(structuredClone(s.current.sections))}>
            修订标准
          </Button>
        )}
      </Space>
      {version.sections.map((sec) => (
        <Card key={sec.title} size="small" title={sec.title}>
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={sec.items}
            columns={[
              { title: '条目', dataIndex: 'text' },
              { title: '检查方法', dataIndex: 'method', width: 140 },
              { title: '标准', dataIndex: 'standard', width: 200 },
              { title: '依据', dataIndex: 'source', width: 110, render: (v) => (v ? <Tag>{v}</Tag> : '—') },
            ]}
          />
        </Card>
      ))}
      <Drawer open={draft !== null} onClose={() => setDraft(null)} width={860} title={`修订标准（保存后为第 ${s.currentVersion + 1} 版）`} destroyOnHidden>
        {draft && (
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            {draft.map((sec, si) => (
              <Card key={si} size="small" title={sec.title}>
                <List
                  dataSource={sec.items}
                  renderItem={(it, ii) => (
                    <List.Item
                      actions={[
                        <a key="del" onClick={() => setDraft((d) => d!.map((x, i) => (i !== si ? x : { ...x, items: x.items.filter((_, j) => j !== ii) })))}>
                          删除
                        </a>,
                      ]}
                    >
                      <Space direction="vertical" style={{ width: '100%' }}>
                        <Input.TextArea rows={2} maxLength={500} value={it.text} placeholder="条目内容" onChange={(e) => edit(si, ii, { text: e.target.value })} />
                        <Space wrap>
                          <Input style={{ width: 160 }} maxLength={100} value={it.method} placeholder="检查方法" onChange={(e) => edit(si, ii, { method: e.target.value })} />
                          <Input style={{ width: 300 }} maxLength={1000} value={it.standard} placeholder="标准" onChange={(e) => edit(si, ii, { standard: e.target.value })} />
                          <Input style={{ width: 140 }} maxLength={200} value={it.source} placeholder="依据" onChange={(e) => edit(si, ii, { source: e.target.value })} />
                        </Space>
                      </Space>
                    </List.Item>
                  )}
                />
                <Button size="small" onClick={() => setDraft((d) => d!.map((x, i) => (i !== si ? x : { ...x, items: [...x.items, { key: newKey(d!), text: '', method: '', standard: '', source: '' }] })))}>
                  添加条目
                </Button>
              </Card>
            ))}
            <Input.TextArea rows={2} maxLength={500} value={reason} placeholder="修订原因（必填）" onChange={(e) => setReason(e.target.value)} />
            <Button type="primary" loading={save.isPending} onClick={() => save.mutate()}>
              保存为新版本
            </Button>
          </Space>
        )}
      </Drawer>
    </Space>
  );
}
