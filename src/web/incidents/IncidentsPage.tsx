// 突发事件: incidents in the person's scope — filters above (kept in the address), the discipline
// flags with their evidence, Excel export of the current filter at the top right, 报告突发事件 in a drawer.
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Input, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState, type HTMLAttributes } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  disciplineFlagLabels,
  disciplineFlags,
  incidentCategories,
  incidentCategoryLabels,
  incidentLevelLabels,
  incidentLevels,
  incidentStatuses,
  incidentStatusLabels,
  incidentSubtypeLabels,
  type IncidentRow,
} from '../../contracts/incidents.js';
import { useCan, useMe } from '../auth.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { PageHeader } from '../components/PageHeader.js';
import { ResetButton } from '../components/ResetButton.js';
import { TownFilter } from '../components/TownFilter.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { formatDateTime } from '../format.js';
import { DayRangeFilter } from '../ledger/ledgerPage.js';
import { isDay } from '../ledger/ledgerParts.js';
import { IncidentReportDrawer } from './IncidentReportDrawer.js';
import { INCIDENTS_KEY, incidentsApi, type IncidentQuery } from './incidentsApi.js';
import { FlagTags, LevelTag, StatusTag } from './tags.js';

export default function IncidentsPage() {
  const me = useMe();
  const can = useCan();
  const navigate = useNavigate();
  const s = useSearchState();
  const [reporting, setReporting] = useState(s.get('report') === '1');
  const query: IncidentQuery = {
    q: s.get('q'),
    townId: positiveInt(s.get('townId')),
    category: pick(s.get('category'), incidentCategories),
    severity: pick(s.get('severity'), incidentLevels),
    status: pick(s.get('status'), incidentStatuses),
    flag: pick(s.get('flag'), disciplineFlags),
    from: isDay(s.get('from')),
    to: isDay(s.get('to')),
    page: s.page,
    pageSize: s.pageSize,
  };
  const [q, setQ] = useState(query.q ?? '');
  useEffect(() => setQ(query.q ?? ''), [query.q]);
  const list = useQuery({ queryKey: [...INCIDENTS_KEY, 'list', query], queryFn: () => incidentsApi.list(query), placeholderData: keepPreviousData });
  const filtered = ['q', 'townId', 'category', 'severity', 'status', 'flag', 'from', 'to'].some((k) => query[k as keyof IncidentQuery] !== undefined);
  const canReport = can('incident.report');

  const columns: TableColumnsType<IncidentRow> = [
    {
      title: '事件',
      key: 'headline',
      width: 240,
      fixed: 'left',
      render: (_: unknown, r) => (
        <div>
          <Link to={`/incidents/${r.id}`} data-testid="incident-link">
            {r.headline}
          </Link>
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{r.code}</div>
        </div>
      ),
    },
    ...(me.unit.kind === 'school' ? [] : [{ title: '事发单位', dataIndex: 'unitName', width: 170 }]),
    { title: '发生时间', dataIndex: 'occurredAt', width: 150, render: (v: string) => formatDateTime(v) },
    { title: '类型', key: 'kind', width: 160, render: (_: unknown, r) => `${incidentCategoryLabels[r.category]} · ${incidentSubtypeLabels[r.subtype]}` },
    { title: '等级', dataIndex: 'severity', width: 80, render: (v: IncidentRow['severity']) => <LevelTag level={v} /> },
    { title: '伤亡', key: 'casualties', width: 130, render: (_: unknown, r) => `死 ${r.dead} · 伤 ${r.injured} · 失踪 ${r.missingPersons}` },
    { title: '状态', dataIndex: 'status', width: 90, render: (v: IncidentRow['status']) => <StatusTag status={v} /> },
    { title: '报告纪律', dataIndex: 'flags', width: 150, render: (f: IncidentRow['flags']) => <FlagTags flags={f} /> },
  ];

  return (
    <>
      <PageHeader
        title="突发事件"
        subTitle="突发事件第一时间报告，杜绝迟报、漏报、谎报、瞒报（002 第6项、003 第五部分）"
        extra={
          <Space wrap>
            {canReport && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setReporting(true)} data-testid="incident-create">
                报告突发事件
              </Button>
            )}
            <ExportButton path="/incidents/export" query={query} testId="incident-export" />
          </Space>
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search allowClear placeholder="名称、编号、地点" style={{ width: 200 }} value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => s.set({ q: v.trim() || undefined })} />
          {me.scope !== 'unit' && <TownFilter value={query.townId} onChange={(v) => s.set({ townId: v })} />}
          <EnumFilter placeholder="事件类别" labels={incidentCategoryLabels} value={query.category} onChange={(v) => s.set({ category: v })} />
          <EnumFilter placeholder="事件等级" labels={incidentLevelLabels} value={query.severity} onChange={(v) => s.set({ severity: v })} minWidth={100} />
          <EnumFilter placeholder="状态" labels={incidentStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={100} />
          <EnumFilter placeholder="报告纪律" labels={disciplineFlagLabels} value={query.flag} onChange={(v) => s.set({ flag: v })} minWidth={110} />
          <DayRangeFilter from={query.from} to={query.to} placeholder={['发生日期从', '至']} tooltip="按事件发生日期" />
          <ResetButton shown={filtered} onClick={() => s.set({ q: undefined, townId: undefined, category: undefined, severity: undefined, status: undefined, flag: undefined, from: undefined, to: undefined })} />
        </Space>
        <Table<IncidentRow>
          rowKey="id"
          data-testid="incident-table"
          size="middle"
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data?.items}
          scroll={{ x: 1100 }}
          onRow={(r) => ({ 'data-incident-id': r.id }) as HTMLAttributes<HTMLElement>}
          locale={{
            emptyText: (
              <Empty
                description={
                  filtered ? '没有符合条件的突发事件，请调整筛选条件' : canReport ? '暂无突发事件。发生事件时点击“报告突发事件”，提交即为首报' : '暂无突发事件'
                }
              />
            ),
          }}
          pagination={s.pagination(list.data?.total, '起')}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          报告纪律由系统按规则包的报告时限自动判定（迟报、漏报），谎报、瞒报、责任事故由教育局签字认定。
        </Typography.Text>
      </Card>
      <IncidentReportDrawer open={reporting} onClose={() => setReporting(false)} onCreated={(i) => navigate(`/incidents/${i.id}`)} />
    </>
  );
}
