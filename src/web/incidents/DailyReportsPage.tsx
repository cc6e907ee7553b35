// 零报告: the daily reports of a key period (003). The bureau requires them for a key period; a
// school sends today's (or a missed day's) report, "nothing happened" included; towns and the bureau
// see every school × day, missing ones red from the next morning.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Input, Radio, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { DailyBoard } from '../../contracts/incidents.js';
import { useCan, useMe } from '../auth.js';
import { DISPUTE_KEY, disputesApi } from '../disputes/disputesApi.js';
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

/** The school's records a day's report may name: those still open, and those registered from that day on. */
function useDisputeOptions(schoolId: number, day: string | undefined, enabled: boolean) {
  const list = useQuery({ queryKey: [...DISPUTE_KEY, 'daily-options', schoolId], queryFn: () => disputesApi.list({ schoolId, page: 1, pageSize: 50 }), enabled });
  return (list.data?.items ?? [])
    .filter((d) => d.state !== 'concluded' || (day !== undefined && d.receivedOn >= day))
    .map((d) => ({ value: d.id, label: `${d.kind === 'petition' ? '信访' : '纠纷'} ${d.receivedOn}：${d.summary.slice(0, 24)}`, receivedOn: d.receivedOn }));
}

function SchoolReport({ board }: { board: DailyBoard }) {
  const me = useMe();
  const can = useCan();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [disputesSome, setDisputesSome] = useState(false);
  const [disputeIds, setDisputeIds] = useState<number[]>([]);
  const mine = board.schools.find((s) => s.schoolId === me.unit.id);
  const pending = mine?.cells.filter((c) => c.state === 'open' || c.state === 'missing') ?? [];
  const [day, setDay] = useState<string | undefined>(undefined);
  const chosen = day ?? pending.at(-1)?.day;
  const options = useDisputeOptions(me.unit.id, chosen, can('dispute.read') && pending.length > 0);
  const send = useMutation({
    mutationFn: (v: { nothingHappened: boolean; disputesNothing: boolean }) =>
      incidentsApi.submitDaily({ schoolId: me.unit.id, reportDay: chosen!, nothingHappened: v.nothingHappened, note: note.trim() || undefined, disputesNothing: v.disputesNothing, disputeIds: v.disputesNothing ? [] : disputeIds }),
    onSuccess: (b) => {
      queryClient.setQueryData([...INCIDENTS_KEY, 'daily', b.period?.id ?? null], b);
      void queryClient.invalidateQueries({ queryKey: [...INCIDENTS_KEY, 'daily'] });
      message.success(`${chosen} 零报告已报送`);
      setNote('');
      setDay(undefined);
      setDisputesSome(false);
      setDisputeIds([]);
    },
    onError: showError,
  });
  if (!pending.length) return <Alert type="success" showIcon style={{ marginBottom: 16 }} message="本校截至今天的零报告均已报送" />;
  // Registered that very day: the report cannot say none (the server refuses it too).
  const registeredThatDay = options.filter((o) => o.receivedOn === chosen);
  const disputesOk = !disputesSome || disputeIds.length > 0;
  return (
    <Card title="报送零报告" style={{ marginBottom: 16 }} data-testid="daily-report-card">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          日期
          <Select value={chosen} onChange={setDay} style={{ width: 150 }} options={pending.map((c) => ({ value: c.day, label: `${c.day}${c.state === 'missing' ? '（未报，补报）' : ''}` }))} />
        </Space>
        <Input.TextArea rows={2} maxLength={500} placeholder="有事件时简述情况（并在“突发事件”中报告）" value={note} onChange={(e) => setNote(e.target.value)} data-testid="daily-note" />
        <Space wrap align="start">
          <span>矛盾纠纷、信访</span>
          <Radio.Group
            value={disputesSome || registeredThatDay.length > 0}
            onChange={(e) => setDisputesSome(e.target.value)}
            options={[
              { value: false, label: '无新增或升级', disabled: registeredThatDay.length > 0 },
              { value: true, label: '有' },
            ]}
            data-testid="daily-disputes"
          />
          {(disputesSome || registeredThatDay.length > 0) && (
            <Select
              mode="multiple"
              style={{ minWidth: 320 }}
              placeholder="选择本校已登记的矛盾纠纷、信访"
              value={disputeIds}
              onChange={(v) => {
                setDisputesSome(true);
                setDisputeIds(v);
              }}
              options={options}
              notFoundContent="没有可选的记录：请先在“矛盾纠纷与信访”中登记"
              data-testid="daily-dispute-ids"
            />
          )}
        </Space>
        <Space wrap>
          <Button type="primary" size="large" loading={send.isPending} disabled={disputesSome || registeredThatDay.length > 0} onClick={() => send.mutate({ nothingHappened: true, disputesNothing: true })} data-testid="daily-nothing">
            无事件、无矛盾纠纷，报送零报告
          </Button>
          <Button size="large" loading={send.isPending} disabled={!disputesOk || (!note.trim() && !disputesSome && !registeredThatDay.length)} onClick={() => send.mutate({ nothingHappened: !note.trim(), disputesNothing: !(disputesSome || registeredThatDay.length > 0) })} data-testid="daily-something">
            有情况，报送
          </Button>
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          填写了事件情况即按“有事件”报送；重点时段须同时报告当日新增或升级的矛盾纠纷、信访（000 第3条、003 第三部分之六），当日已登记的不能报“无”。
        </Typography.Text>
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
          <Tooltip title={c.reportedAt ? `${formatDateTime(c.reportedAt)} 报送${c.note ? `：${c.note}` : ''}${c.disputes === 'some' ? `；矛盾纠纷、信访 ${c.disputeIds.length} 件` : ''}` : c.state === 'missing' ? '次日 8 时前未报' : '今日待报'}>
            <Space size={2} direction="vertical">
              <Tag color={t.color} data-testid="daily-cell" data-state={c.state}>
                {t.text}
              </Tag>
              {c.disputes === 'some' && (
                <Link to={c.disputeIds.length === 1 ? `/disputes?open=${c.disputeIds[0]}` : `/disputes?schoolId=${r.schoolId}`}>
                  <Tag color="purple" data-testid="daily-cell-disputes">
                    纠纷 {c.disputeIds.length}
                  </Tag>
                </Link>
              )}
            </Space>
          </Tooltip>
        );
      },
    })),
  ];
  return (
    <>
      <PageHeader title="零报告" subTitle="重点时段每日报告突发事件和矛盾纠纷、信访，没有发生也要报告（003 第五部分之三、第三部分之六，000 第3条）" />
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
          {b && b.disputeCount > 0 && <Tag color="purple">报告矛盾纠纷、信访 {b.disputeCount} 校次</Tag>}
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
