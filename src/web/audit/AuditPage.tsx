import { EnumFilter } from '../components/EnumFilter.js';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Empty, Input, Row, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import type { AuditEvent } from '../../contracts/audit.js';
import { fieldLabels } from '../../contracts/common.js';
import { auditActionLabels, auditActions, auditObjectTypeLabels, auditObjectTypes } from '../../contracts/enums.js';
import { api, type AuditQuery } from '../api.js';
import { ExportButton } from '../components/ExportButton.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, useSearchState } from '../components/useSearchState.js';
import { DASH, formatDateTime } from '../format.js';
import { ResetButton } from '../components/ResetButton.js';

const results = ['success', 'failure'] as const;
const resultLabels: Record<(typeof results)[number], string> = { success: '成功', failure: '失败' };
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateParam = (v: string | undefined) => (v && DATE.test(v) ? v : undefined);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The names (in Chinese where known) of the fields that differ between before and after. */
function changedFields(before: unknown, after: unknown): string[] {
  if (!isRecord(before) || !isRecord(after)) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys]
    .filter((k) => k !== 'version' && JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => fieldLabels[k] ?? k);
}

function JsonBlock({ title, value }: { title: string; value: unknown }) {
  return (
    <div>
      <Typography.Text type="secondary">{title}</Typography.Text>
      {value === null || value === undefined ? (
        <div className="json-block">{DASH}</div>
      ) : (
        <pre className="json-block">{JSON.stringify(value, null, 2)}</pre>
      )}
    </div>
  );
}

export default function AuditPage() {
  const s = useSearchState();
  const query: AuditQuery = {
    action: pick(s.get('action'), auditActions),
    objectType: pick(s.get('objectType'), auditObjectTypes),
    result: pick(s.get('result'), results),
    q: s.get('q'),
    from: dateParam(s.get('from')),
    to: dateParam(s.get('to')),
    page: s.page,
    pageSize: s.pageSize,
  };
  const [q, setQ] = useState(query.q ?? '');
  useEffect(() => setQ(query.q ?? ''), [query.q]);

  const list = useQuery({ queryKey: ['audit', query], queryFn: () => api.auditEvents(query), placeholderData: keepPreviousData });
  const filtered = Object.entries(query).some(([k, v]) => !['page', 'pageSize'].includes(k) && v !== undefined && v !== '');

  const columns: TableColumnsType<AuditEvent> = [
    { title: '时间（北京时间）', dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v) },
    { title: '操作人', dataIndex: 'actorName', width: 110, render: (v: string | null) => v ?? DASH },
    { title: '操作人单位', dataIndex: 'actorUnitName', render: (v: string | null) => v ?? DASH },
    { title: '操作', dataIndex: 'action', width: 100, render: (v: AuditEvent['action']) => auditActionLabels[v] ?? v },
    { title: '对象类型', dataIndex: 'objectType', width: 90, render: (v: AuditEvent['objectType']) => auditObjectTypeLabels[v] ?? v },
    { title: '对象编号', dataIndex: 'objectId', width: 100, render: (v: string | null) => v ?? DASH },
    {
      title: '结果',
      dataIndex: 'result',
      width: 80,
      render: (v: AuditEvent['result']) => <Tag color={v === 'success' ? 'green' : 'red'}>{resultLabels[v]}</Tag>,
    },
    { title: 'IP', dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? DASH },
  ];

  return (
    <>
      <PageHeader
        title="审计日志"
        subTitle="登录、数据变更与导出等操作的不可篡改记录"
        extra={<ExportButton path="/audit-events/export" query={query} testId="audit-export" />}
      />
      <Card size="small">
        <div className="filter-bar">
          <Input.Search
            allowClear
            placeholder="操作人姓名或对象编号"
            style={{ width: 220 }}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onSearch={(v) => s.set({ q: v.trim() })}
            data-testid="audit-search"
          />
          <EnumFilter placeholder="操作" labels={auditActionLabels} value={query.action} onChange={(v) => s.set({ action: v })} />
          <EnumFilter placeholder="对象类型" labels={auditObjectTypeLabels} value={query.objectType} onChange={(v) => s.set({ objectType: v })} />
          <EnumFilter placeholder="结果" labels={resultLabels} value={query.result} onChange={(v) => s.set({ result: v })} minWidth={90} />
          <DatePicker.RangePicker
            value={[query.from ? dayjs(query.from) : null, query.to ? dayjs(query.to) : null]}
            format="YYYY-MM-DD"
            allowEmpty={[true, true]}
            placeholder={['开始日期', '结束日期']}
            onChange={(range) =>
              s.set({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })
            }
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
          />
          <ResetButton shown={filtered} onClick={() => s.reset()} />
        </div>
        <div data-testid="audit-table">
          <Table<AuditEvent>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items}
            loading={list.isFetching}
            scroll={{ x: 1000 }}
            expandable={{
              rowExpandable: (e) => e.before !== null || e.after !== null,
              expandedRowRender: (e) => {
                const changed = changedFields(e.before, e.after);
                return (
                  <Space orientation="vertical" style={{ width: '100%' }}>
                    {changed.length > 0 && (
                      <Typography.Text>
                        变更字段：
                        {changed.map((f) => (
                          <Tag key={f}>{f}</Tag>
                        ))}
                      </Typography.Text>
                    )}
                    <Row gutter={16}>
                      <Col xs={24} md={12}>
                        <JsonBlock title="变更前" value={e.before} />
                      </Col>
                      <Col xs={24} md={12}>
                        <JsonBlock title="变更后" value={e.after} />
                      </Col>
                    </Row>
                  </Space>
                );
              },
            }}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={list.isError ? '加载失败，请稍后重试' : filtered ? '没有符合条件的记录，请调整筛选条件或日期范围' : '暂无审计记录'}
                />
              ),
            }}
            pagination={s.pagination(list.data?.total, '条')}
          />
        </div>
      </Card>
    </>
  );
}
