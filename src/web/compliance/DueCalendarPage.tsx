// 安全日历: a school's month of what falls due — the rules' deadlines from its compliance findings
// (drills, meetings, training hours, letters, duty days …), what was missed and is still to make
// good, the safety education days (000 第15条 and the task table), key periods (003) and holidays
// of the school calendar. A school sees its own; a town or the bureau picks a school (or comes from
// the school's card). The month and school live in the address.
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Calendar, Card, Col, Empty, List, Row, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { dueItemKindLabels, type DueItem, type DueItemKind } from '../../contracts/compliance.js';
import { useMe } from '../auth.js';
import { PageHeader, usePageTitle } from '../components/PageHeader.js';
import { useSearchState } from '../components/useSearchState.js';
import { todayBeijing } from '../dates.js';
import { UnitTreeSelect } from '../units/tree.js';
import { complianceActionsApi, DUE_CALENDAR_KEY } from './complianceActionsApi.js';
import { FindingTag, findingHex } from '../ledger/tags.js';

// Findings take their status colour (UX.md); the other kinds one colour each.
const kindHex: Record<Exclude<DueItemKind, 'finding'>, string> = {
  education_day: '#1d5fd6',
  key_period: '#722ed1',
  holiday: '#13c2c2',
  semester: '#8c8c8c',
};
const colourOf = (i: DueItem) => (i.kind === 'finding' && i.status ? findingHex[i.status] : kindHex[i.kind as Exclude<DueItemKind, 'finding'>]);

const cellList = { listStyle: 'none', margin: 0, padding: 0 } as const;
const cellLine = { fontSize: 12, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' } as const;

const isMonth = (v: string | undefined) => (v && /^\d{4}-(0[1-9]|1[0-2])$/.test(v) ? v : undefined);
const isDayParam = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);

/** The items on a day: single days on theirs, spans (holidays, key periods, June) on each of their days. */
function itemsOn(items: DueItem[], day: string) {
  return items.filter((i) => i.startsOn <= day && day <= i.endsOn);
}

function ItemLine({ item }: { item: DueItem }) {
  return (
    <List.Item data-testid="due-item" data-kind={item.kind} data-rule={item.ruleCode ?? undefined}>
      <div style={{ width: '100%' }}>
        <Space size={8} wrap>
          {item.kind === 'finding' && item.status ? <FindingTag status={item.status} /> : <Tag color={colourOf(item)}>{dueItemKindLabels[item.kind]}</Tag>}
          <Typography.Text strong>{item.title}</Typography.Text>
          <Typography.Text type="secondary">{item.startsOn === item.endsOn ? item.startsOn : `${item.startsOn} 至 ${item.endsOn}`}</Typography.Text>
        </Space>
        {item.detail && <div style={{ color: 'rgba(0,0,0,0.65)' }}>{item.detail}</div>}
        {item.source && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            依据：{item.source}
          </Typography.Text>
        )}
      </div>
    </List.Item>
  );
}

export default function DueCalendarPage() {
  usePageTitle('安全日历');
  const me = useMe();
  const s = useSearchState();
  const isSchool = me.unit.kind === 'school';
  const schoolId = isSchool ? me.unit.id : Number(s.get('school')) || undefined;
  const today = todayBeijing();
  const month = isMonth(s.get('month')) ?? today.slice(0, 7);
  const selected = isDayParam(s.get('day')) ?? (month === today.slice(0, 7) ? today : `${month}-01`);

  const cal = useQuery({
    queryKey: [...DUE_CALENDAR_KEY, schoolId, month],
    queryFn: () => complianceActionsApi.dueCalendar(schoolId!, month),
    enabled: !!schoolId,
  });
  const items = useMemo(() => cal.data?.items ?? [], [cal.data]);
  const dayItems = useMemo(() => itemsOn(items, selected), [items, selected]);

  const cellRender = (d: Dayjs, info: { type: string }) => {
    if (info.type !== 'date' || d.format('YYYY-MM') !== month) return null;
    const on = itemsOn(items, d.format('YYYY-MM-DD'));
    if (!on.length) return null;
    return (
      <ul style={cellList} data-testid="due-cell" data-day={d.format('YYYY-MM-DD')}>
        {on.slice(0, 3).map((i) => (
          <li key={i.key} style={cellLine}>
            <Badge color={colourOf(i)} text={<span style={{ fontSize: 12 }}>{i.title}</span>} />
          </li>
        ))}
        {on.length > 3 && <li style={{ ...cellLine, color: 'rgba(0,0,0,0.45)' }}>另有 {on.length - 3} 项</li>}
      </ul>
    );
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <PageHeader
        title="安全日历"
        subTitle={cal.data ? `${cal.data.unitName} · ${dayjs(`${month}-01`).format('YYYY年M月')}` : undefined}
        extra={
          !isSchool && (
            <UnitTreeSelect
              showSearch
              placeholder="选择学校"
              style={{ width: 260 }}
              value={schoolId}
              onChange={(v) => s.set({ school: v, day: undefined })}
              selectable={(u) => u.kind === 'school'}
              data-testid="due-calendar-school"
            />
          )
        }
      />
      {!schoolId ? (
        <Card>
          <Empty description={<span>请选择一所学校，或在<Link to="/compliance">合规看板</Link>的学校卡片中点“安全日历”</span>} />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={16}>
            <Card size="small" loading={cal.isPending && !cal.data}>
              <Calendar
                value={dayjs(selected)}
                onSelect={(d, info) => s.set({ month: d.format('YYYY-MM'), day: info.source === 'date' ? d.format('YYYY-MM-DD') : undefined })}
                onPanelChange={(d) => s.set({ month: d.format('YYYY-MM'), day: undefined })}
                cellRender={cellRender}
                data-testid="due-calendar"
              />
              <Space size={12} wrap style={{ marginTop: 8 }}>
                {(['missed', 'due_soon', 'met'] as const).map((st) => (
                  <Badge key={st} color={findingHex[st]} text={{ missed: '未达标', due_soon: '即将到期', met: '到期（已达标）' }[st]} />
                ))}
                {(Object.keys(kindHex) as Array<keyof typeof kindHex>).map((k) => (
                  <Badge key={k} color={kindHex[k]} text={dueItemKindLabels[k]} />
                ))}
              </Space>
            </Card>
          </Col>
          <Col xs={24} xl={8}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              {!!cal.data?.overdue.length && (
                <Card size="small" title={<Typography.Text type="danger">已过截止日期、仍未达标</Typography.Text>} data-testid="due-overdue">
                  <List size="small" dataSource={cal.data.overdue} renderItem={(i) => <ItemLine item={i} />} />
                </Card>
              )}
              <Card size="small" title={`${dayjs(selected).format('M月D日')}的事项`} data-testid="due-day-list">
                <List
                  size="small"
                  dataSource={dayItems}
                  locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="这一天没有到期事项" /> }}
                  renderItem={(i) => <ItemLine item={i} />}
                />
              </Card>
              <Card size="small" title="本月全部事项" data-testid="due-month-list">
                <List
                  size="small"
                  loading={cal.isPending}
                  dataSource={items}
                  locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={cal.isError ? '加载失败，请稍后重试' : '本月没有到期事项'} /> }}
                  renderItem={(i) => <ItemLine item={i} />}
                />
              </Card>
              {!!cal.data?.pendingLedgers.length && (
                <Alert type="info" showIcon title={`以下台账尚未上线，其到期事项暂不列入：${cal.data.pendingLedgers.join('、')}`} />
              )}
            </Space>
          </Col>
        </Row>
      )}
    </Space>
  );
}

/** The school's home: what falls due this month, compact, linking to the calendar. */
export function HomeDueThisMonth({ unitId }: { unitId: number }) {
  const month = todayBeijing().slice(0, 7);
  const cal = useQuery({
    queryKey: [...DUE_CALENDAR_KEY, unitId, month],
    queryFn: () => complianceActionsApi.dueCalendar(unitId, month),
    meta: { silent: true },
  });
  const today = todayBeijing();
  const due = useMemo(
    () => [...(cal.data?.overdue ?? []), ...(cal.data?.items ?? []).filter((i) => i.endsOn >= today && (i.kind === 'finding' ? i.status !== 'met' || i.startsOn >= today : i.kind !== 'semester'))].slice(0, 6),
    [cal.data, today],
  );
  return (
    <Card size="small" title="本月到期" extra={<Link to="/due-calendar">安全日历</Link>} data-testid="home-due-this-month">
      <List
        size="small"
        loading={cal.isPending}
        dataSource={due}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本月没有待办的到期事项" /> }}
        renderItem={(i) => (
          <List.Item data-testid="home-due-item">
            <Space size={8} wrap>
              <Badge color={colourOf(i)} />
              <Typography.Text type={i.status === 'missed' ? 'danger' : undefined}>{i.startsOn === i.endsOn ? i.startsOn : `${i.startsOn} 起`}</Typography.Text>
              <span>{i.title}</span>
              {i.status === 'missed' && <Tag color="red">未达标</Tag>}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
