// 零报告: the daily reports of a key period (003). The bureau requires them for a key period; a
// school sends today's (or a missed day's) report, "nothing happened" included; towns and the bureau
// see every school × day, missing ones red from the next morning.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Input, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { DailyBoard } from '../../contracts/incidents.js';
import { useMe } from '../auth.js';
import { PageHeader } from '../components/PageHeader.js';
import { positiveInt, useSearchState } from '../components/useSearchState.js';
import { todayBeijing } from '../dates.js';
import { showError } from '../feedback.js';
import { formatDateTime } from '../format.js';
import { INCIDENTS_KEY, incidentsApi } from './incidentsApi.js';

type Row = DailyBoard['schools'][number];
type Cell = Row['cells'][number];

const cellTag: Record<Cell['state'], { color: string; text: string }> = {
  nothing: { color: 'green', text: '无事件' },
  something: { color: 'orange', text: '有事件' },
  missing: { color: 'red', text: '未报' },
  open: { color: 'default', text: '待报' },
};

function SchoolReport({ board }: { board: DailyBoard }) {
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const mine = board.schools.find((s) => s.schoolId === me.unit.id);
  const pending = mine?.cells.filter((c) => c.state === 'open' || c.state === 'missing') ?? [];
  const [day, setDay] = useState<string | undefined>(undefined);
  const chosen = day ?? pending.at(-1)?.day;
  const send = useMutation({
    mutationFn: (nothingHappened: boolean) => incidentsApi.submitDaily({ schoolId: me.unit.id, reportDay: chosen!, nothingHappened, note: note.trim() || undefined }),
    onSuccess: (b) => {
      queryClient.setQueryData([...INCIDENTS_KEY, 'daily', b.period?.id ?? null], b);
      void queryClient.invalidateQueries({ queryKey: [...INCIDENTS_KEY, 'daily'] });
      message.success(`${chosen} 零报告已报送`);
      setNote('');
      setDay(undefined);
    },
    onError: showError,
  });
  if (!pending.length) return <Alert type="success" showIcon style={{ marginBottom: 16 }} message="本校截至今天的零报告均已报送" />;
  return (
    <Card title="报送零报告" style={{ marginBottom: 16 }} data-testid="daily-report-card">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          日期
          <Select value={chosen} onChange={setDay} style={{ width: 150 }} options={pending.map((c) => ({ value: c.day, label: `${c.day}${c.state === 'missing' ? '（未报，补报）' : ''}` }))} />
        </Space>
        <Input.TextArea rows={2} maxLength={500} placeholder="有事件时简述情况（并在“突发事件”中报告）" value={note} onChange={(e) => setNote(e.target.value)} data-testid="daily-note" />
        <Space wrap>
          <Button type="primary" size="large" loading={send.isPending} onClick={() => send.mutate(true)} data-testid="daily-nothing">
            今日无事件，报送零报告
          </Button>
          <Button size="large" loading={send.isPending} disabled={!note.trim()} onClick={() => send.mutate(false)}>
            有事件，报送情况
          </Button>
        </Space>
      </Space>
    </Card>
  );
}

export default function DailyReportsPage() {
  const s = useSearchState();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const keyPeriodId = positiveInt(s.get('keyPeriodId'));
  const board = useQuery({ queryKey: [...INCIDENTS_KEY, 'daily', keyPeriodId ?? null], queryFn: () => incidentsApi.daily(keyPeriodId) });
  const require = useMutation({
    mutationFn: (id: number) => incidentsApi.requireDaily(id),
    onSuccess: (b) => {
      void queryClient.invalidateQueries({ queryKey: [...INCIDENTS_KEY, 'daily'] });
      message.success(`已要求“${b.period?.name}”期间各校每日零报告`);
      s.set({ keyPeriodId: b.period?.id });
    },
    onError: showError,
  });
  const b = board.data;
  const today = todayBeijing();
  const columns: TableColumnsType<Row> = [
    { title: '学校', dataIndex: 'schoolName', width: 200, fixed: 'left' },
    ...(b?.days ?? []).map((day, i) => ({
      title: day.slice(5),
      key: day,
      width: 90,
      render: (_: unknown, r: Row) => {
        const c = r.cells[i];
        const t = cellTag[c.state];
        return (
          <Tooltip title={c.reportedAt ? `${formatDateTime(c.reportedAt)} 报送${c.note ? `：${c.note}` : ''}` : c.state === 'missing' ? '次日 8 时前未报' : '今日待报'}>
            <Tag color={t.color} data-testid="daily-cell" data-state={c.state}>
              {t.text}
            </Tag>
          </Tooltip>
        );
      },
    })),
  ];
  return (
    <>
      <PageHeader title="零报告" subTitle="重点时段每日报告，没有发生事件也要报告（003 第五部分）" />
      <Card style={{ marginBottom: 16 }}>
        <Space wrap>
          重点时段
          <Select
            style={{ minWidth: 280 }}
            placeholder="请选择重点时段"
            value={b?.period?.id}
            onChange={(v) => s.set({ keyPeriodId: v })}
            options={(b?.periods ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.startsOn} 至 ${p.endsOn}）${p.required ? '' : ' · 未要求零报告'}` }))}
            data-testid="daily-period"
          />
          {b?.canRequire && b.period && !b.period.required && (
            <Button type="primary" loading={require.isPending} onClick={() => require.mutate(b.period!.id)} data-testid="daily-require">
              要求各校每日零报告
            </Button>
          )}
          {b?.period?.required && <Tag color="blue">已要求每日零报告</Tag>}
          {b && b.missingCount > 0 && <Tag color="red">未报 {b.missingCount} 校次</Tag>}
        </Space>
      </Card>
      {b?.canReport && b.period?.required && b.period.startsOn <= today && <SchoolReport board={b} />}
      <Card>
        {!b?.period ? (
          <Empty description={b?.canRequire ? '还没有重点时段：请先在“系统管理 → 校历”中设定重点时段，再要求零报告' : '当前没有要求零报告的重点时段'} />
        ) : !b.period.required ? (
          <Empty description={b.canRequire ? '该重点时段尚未要求零报告，点击上方“要求各校每日零报告”' : '教育局尚未要求该重点时段的零报告'} />
        ) : (
          <Table<Row> rowKey="schoolId" size="small" loading={board.isFetching} columns={columns} dataSource={b.schools} scroll={{ x: 200 + 90 * b.days.length }} pagination={{ pageSize: 50, showTotal: (n) => `共 ${n} 所学校` }} locale={{ emptyText: <Empty description="重点时段尚未开始" /> }} />
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          当日零报告须在次日 8 时前报送（规则包默认值，局可修改），逾时未报标红，并提醒学校补报。
        </Typography.Text>
      </Card>
    </>
  );
}
