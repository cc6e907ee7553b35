// A school's training hours per person this calendar year, beside the yearly requirement of their
// posts from the district's rule pack (001 item 7: 分管安全副校长、安全监管部门负责人 20 学时,
// 班主任、专任教师 10 学时, as the bureau set them). Computed from the training and staff lists
// themselves — the same records the compliance board counts (by the training's last day).
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Space, Tag, Tooltip, Typography } from 'antd';
import type { RulePackView, StaffPost } from '../../contracts/rules.js';
import { todayBeijing } from '../dates.js';
import { allPages } from '../ledger/ledgerApi.js';
import { RULES_KEY, rulesApi } from '../rules/rulesApi.js';
import { postsText } from './StaffSelect.js';
import { STAFF_KEY, TRAININGS_KEY, staffApi } from './staffApi.js';

interface Requirement {
  posts: StaffPost[];
  min: number;
  subject: string;
}

/** The rules that ask each holder of some posts for hours within the calendar year. */
function yearlyRequirements(pack: RulePackView | undefined): Requirement[] {
  if (!pack) return [];
  return pack.rules
    .filter((r) => r.enabled && r.period === 'calendar_year' && r.measure.kind === 'person_hours' && r.measure.window === 'period')
    .map((r) => ({ posts: (r.measure.posts as StaffPost[]) ?? [], min: r.threshold.min, subject: r.subject }));
}

const fmt = (n: number) => String(Math.round(n * 10) / 10);

export function TrainingHoursSummary({ schoolId }: { schoolId: number }) {
  const today = todayBeijing();
  const year = today.slice(0, 4);
  const staff = useQuery({
    queryKey: [...STAFF_KEY, 'all', schoolId],
    queryFn: () => allPages((page, pageSize) => staffApi.staff({ schoolId, page, pageSize })),
  });
  const trainings = useQuery({
    queryKey: [...TRAININGS_KEY, 'year', schoolId, year],
    queryFn: () => allPages((page, pageSize) => staffApi.trainings({ schoolId, from: `${year}-01-01`, to: today, page, pageSize })),
  });
  const pack = useQuery({ queryKey: [...RULES_KEY, undefined], queryFn: () => rulesApi.rules(), staleTime: 5 * 60_000, meta: { silent: true } });

  if (!staff.data || !trainings.data) return null;
  const reqs = yearlyRequirements(pack.data);
  // The board counts a course in the year it ended.
  const hours = new Map<number, number>();
  for (const t of trainings.data.items) if (t.endsOn.startsWith(year)) hours.set(t.staffId, (hours.get(t.staffId) ?? 0) + t.hours);

  const people = staff.data.items.map((p) => {
    const own = reqs.filter((r) => p.posts.some((x) => r.posts.includes(x.post)));
    const required = own.length ? Math.max(...own.map((r) => r.min)) : null;
    const h = hours.get(p.id) ?? 0;
    return { p, h, required, short: required !== null && h < required };
  });
  people.sort((a, b) => Number(b.short) - Number(a.short) || a.h - b.h || a.p.name.localeCompare(b.p.name, 'zh'));
  const shortCount = people.filter((x) => x.short).length;

  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={`${year} 年培训学时（按人员）`}
      extra={
        reqs.length > 0 && (
          <Typography.Text type={shortCount ? 'danger' : 'success'} data-testid="training-summary-short">
            {shortCount ? `${shortCount} 人未达年度学时要求` : '在岗人员均已达到年度学时要求'}
          </Typography.Text>
        )
      }
      data-testid="training-summary"
    >
      {!staff.data.complete || !trainings.data.complete ? (
        <Alert type="info" showIcon message="记录较多，汇总只统计了前 1000 条，请导出 Excel 统计" style={{ marginBottom: 8 }} />
      ) : null}
      {people.length === 0 ? (
        <Typography.Text type="secondary">尚未登记教职工岗位，登记后这里按人员汇总本年度学时</Typography.Text>
      ) : (
        <Space size={[6, 6]} wrap>
          {people.map(({ p, h, required, short }) => (
            <Tooltip
              key={p.id}
              title={
                <>
                  {postsText(p)}
                  {required !== null ? `；年度要求不少于 ${required} 学时` : '；该岗位无年度学时要求'}
                </>
              }
            >
              <Tag color={required === null ? 'default' : short ? 'red' : 'green'} data-testid="training-summary-person" data-name={p.name}>
                {p.name} {fmt(h)}
                {required !== null ? ` / ${required}` : ''} 学时
              </Tag>
            </Tooltip>
          ))}
        </Space>
      )}
    </Card>
  );
}
