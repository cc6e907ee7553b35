// The issuer's live view of a warning: figures, receipts by town as a stacked bar (reported, signed
// without a report, missing) refreshed every few seconds, the schools with their state, 一键提醒 and
// 关闭预警 (000 item 10), and the same view as an Excel file.
import { BellOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Popconfirm, Row, Select, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { receiptStateLabels, type BoardSchool, type ReceiptState, type WarningView } from '../../contracts/warnings.js';
import { EChart } from '../components/EChart.js';
import { ExportButton } from '../components/ExportButton.js';
import { formatDateTime } from '../format.js';
import { ReceiptTag } from './tags.js';
import { WARNINGS_KEY, warningsApi } from './warningsApi.js';

/** How often the live view asks again while the warning is open. */
const POLL_MS = 5000;

export function WarningBoardCard({ w }: { w: WarningView }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [state, setState] = useState<ReceiptState | undefined>();
  const board = useQuery({
    queryKey: [...WARNINGS_KEY, 'board', w.id],
    queryFn: () => warningsApi.board(w.id),
    refetchInterval: w.status === 'open' ? POLL_MS : false,
    meta: { silent: true },
  });
  const settle = (next: WarningView) => {
    qc.setQueryData([...WARNINGS_KEY, 'one', w.id], next);
    qc.invalidateQueries({ queryKey: WARNINGS_KEY });
  };
  const remind = useMutation({
    mutationFn: () => warningsApi.remind(w.id, w.version),
    onSuccess: (r) => (message.success(`已提醒 ${r.schools} 所学校（${r.people} 人）`), settle(r.warning)),
  });
  const close = useMutation({ mutationFn: () => warningsApi.close(w.id, w.version), onSuccess: (next) => (message.success('预警已关闭'), settle(next)) });
  const b = board.data;
  const missing = b ? b.schools.filter((s) => s.state === 'missing').length : undefined;
  const overdue = b ? b.schools.filter((s) => s.overdue && s.state === 'missing').length : undefined;
  const towns = b?.byTown ?? [];
  const option = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: ['已上报', '已签收未上报', '未签收'] },
    grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
    xAxis: { type: 'category', data: towns.map((t) => t.townName), axisLabel: { interval: 0, rotate: towns.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', name: '所', minInterval: 1 },
    series: [
      { name: '已上报', type: 'bar', stack: 'r', data: towns.map((t) => t.reported), itemStyle: { color: '#52c41a' } },
      { name: '已签收未上报', type: 'bar', stack: 'r', data: towns.map((t) => t.signed), itemStyle: { color: '#1677ff' } },
      { name: '未签收', type: 'bar', stack: 'r', data: towns.map((t) => t.missing), itemStyle: { color: '#f5222d' } },
    ],
  };
  const columns: TableColumnsType<BoardSchool> = [
    { title: '学校', dataIndex: 'schoolName', render: (n: string, s) => (s.shelter ? <Space>{n}<Tag color="purple">安置学校</Tag></Space> : n) },
    { title: '镇街', dataIndex: 'townName', width: 140 },
    { title: '状态', dataIndex: 'state', width: 200, render: (st: ReceiptState, s) => <ReceiptTag state={st} overdue={s.overdue} /> },
    { title: '签收', key: 'signed', width: 200, render: (_, s) => (s.signedAt ? `${s.signedByName ?? ''} ${formatDateTime(s.signedAt)}` : '—') },
    { title: '上报', key: 'reported', width: 200, render: (_, s) => (s.reportedAt ? <Space>{formatDateTime(s.reportedAt)}{s.lateReport && <Tag color="red">逾期上报</Tag>}{s.notDone > 0 && <Tag color="orange">{s.notDone} 项未落实</Tag>}</Space> : '—') },
  ];
  const rows = (b?.schools ?? []).filter((s) => !state || s.state === state);
  return (
    <Card
      title="签收与上报情况"
      extra={
        <Space>
          <ExportButton path={`/warnings/${w.id}/board/export`} query={{}} testId="warning-export" />
          {w.allowed.includes('remind') && (
            <Popconfirm title={`向 ${b ? b.schools.length - b.warning.reported : ''} 所未上报的学校发送提醒？`} okText="提醒" cancelText="取消" onConfirm={() => remind.mutate()}>
              <Button icon={<BellOutlined />} loading={remind.isPending} disabled={b ? b.warning.reported === b.schools.length : false} data-testid="warning-remind">
                一键提醒
              </Button>
            </Popconfirm>
          )}
          {w.allowed.includes('close') && (
            <Popconfirm title="关闭后学校不能再签收和上报，确定关闭？" okText="关闭预警" cancelText="取消" onConfirm={() => close.mutate()}>
              <Button danger icon={<StopOutlined />} loading={close.isPending} data-testid="warning-close">
                关闭预警
              </Button>
            </Popconfirm>
          )}
        </Space>
      }
      data-testid="warning-board"
    >
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Statistic title="下发学校" value={b?.warning.targets ?? '—'} suffix="所" loading={board.isPending} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="已签收" value={b?.warning.signed ?? '—'} suffix="所" loading={board.isPending} data-testid="warning-signed-count" />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="已上报" value={b?.warning.reported ?? '—'} suffix="所" loading={board.isPending} valueStyle={{ color: '#389e0d' }} data-testid="warning-reported-count" />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="未签收（超时）" value={missing ?? '—'} suffix={overdue ? `所（${overdue}）` : '所'} loading={board.isPending} valueStyle={missing ? { color: '#cf1322' } : undefined} />
        </Col>
      </Row>
      <EChart option={option} height={280} testId="warning-chart" />
      <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 12 }}>
        {w.status === 'open' ? `每 ${POLL_MS / 1000} 秒自动刷新` : '预警已关闭'}
        {b ? `，更新于 ${formatDateTime(b.at)}` : ''}
        {w.lastRemindedAt ? `；上次提醒 ${formatDateTime(w.lastRemindedAt)}` : ''}
      </Typography.Text>
      <Space style={{ marginBottom: 12 }}>
        <Select allowClear placeholder="状态" value={state} onChange={setState} options={(['missing', 'signed', 'reported'] as const).map((s) => ({ value: s, label: receiptStateLabels[s] }))} style={{ minWidth: 140 }} />
      </Space>
      <Table<BoardSchool> rowKey="schoolId" size="small" columns={columns} dataSource={rows} loading={board.isPending} scroll={{ x: 800 }} pagination={{ pageSize: 20, pageSizeOptions: [20, 50, 100], showSizeChanger: true }} data-testid="warning-schools" />
    </Card>
  );
}
