// The hazard register of the benchmark district (issue 3): N hazards (1,000,000 by default) found
// over the five years up to today in the 1,000 schools of bench/dataset.ts, written by SQL
// generate_series in a few statements (seconds on PostgreSQL, minutes on PGlite).
//
// Deterministic (hashint8 of the row number, no random()), so PGlite and PostgreSQL get the same
// register. The mix: ids and found dates rise together; old hazards are nearly all closed (销号)
// with a small long-overdue backlog; the last 90 days carry most open ones, 40% still
// 'reported' (the transition scenario confirms those); 2% major; areas, sources and schools spread
// by weights; one spring campaign a year (2022–2026) and the current autumn one take 70% of the
// inspection hazards found in their period; the responsible department comes from the area; each
// campaign has a self-check per school, submitted by 92% of them (a quarter after the due day).
// History (hazard_steps): every hazard has its signed 'report' step, open ones every further step
// up to their status; closed ones keep only the report step (their full history would be ~5
// million rows, too slow to load into PGlite for a benchmark — the figures do not read it).
// code_counters is set to the last number used per year, so a hazard reported next gets the next code.
import { sql } from 'drizzle-orm';
import type { Db } from '../src/server/db/client.js';

export interface HazardDataset {
  hazards: number;
  steps: number;
  byStatus: Record<string, number>;
  campaignIds: number[];
  /** The current (autumn) campaign. */
  currentCampaignId: number;
  loadMs: number;
}

/** `weights` as a 100-slot SQL array indexed by a hash % 100. */
function slots(weights: Array<[string, number]>): string {
  const total = weights.reduce((s, [, w]) => s + w, 0);
  if (total !== 100) throw new Error(`weights add up to ${total}, not 100`);
  return `array[${weights.flatMap(([v, w]) => Array<string>(w).fill(`'${v}'`)).join(',')}]`;
}

const areaSlots = slots([
  ['fire_chemicals', 16],
  ['management', 8],
  ['food_disease', 12],
  ['mental_bullying', 5],
  ['education', 5],
  ['emergency', 6],
  ['closed_campus', 10],
  ['guards', 8],
  ['defences', 14],
  ['surroundings', 8],
  ['traffic', 8],
]);
const sourceSlots = slots([
  ['self_check', 40],
  ['town_check', 18],
  ['spot_check', 14],
  ['school_report', 10],
  ['joint', 5],
  ['specialist', 5],
  ['cross', 3],
  ['unannounced', 3],
  ['follow_up', 1],
  ['public_report', 1],
]);
const locations = `array['教学楼一楼走廊','食堂操作间','学校大门','实验室','宿舍楼','操场','图书馆','配电房','校车停放区','围墙东侧']`;
const descriptions = `array['灭火器压力不足，未按期检验','疏散通道堆放杂物','监控录像保存不足30天','一键报警装置无法接通','门卫在岗人数不足2人','食品留样记录不全','危化品未双人双锁管理','护栏松动存在坠落风险','心理辅导室未按时开放','周边占道经营影响学生通行']`;

export async function generateHazards(
  db: Db,
  opts: { districtId: number; adminId: number; total: number; today: string },
): Promise<HazardDataset> {
  const started = Date.now();
  const { districtId: D, adminId, total: N, today } = opts;
  // One transaction: the temporary tables live on one connection of the pool.
  const campaignIds: number[] = [];
  await db.transaction(async (tx) => {
    const exec = (q: string) => tx.execute(sql.raw(q));
    const rows = async <T>(q: string) => ((await tx.execute(sql.raw(q))) as unknown as { rows: T[] }).rows;

    // Campaigns: a spring one each year and the current autumn one.
    const year = Number(today.slice(0, 4));
    const periods: Array<[string, string, string]> = [];
    for (let y = year - 4; y <= year; y++) periods.push([`${y}年春季校园安全隐患排查专项整治`, `${y}-03-01`, `${y}-06-30`]);
    periods.push([`${year}年秋季校园安全专项整治`, `${year}-09-01`, `${year}-12-31`]);
    for (const [name, from, to] of periods) {
      const status = to < today ? 'finished' : 'active';
      const [c] = await rows<{ id: number }>(
        `insert into campaigns (district_id, name, all_schools, starts_on, ends_on, self_check_due, status, created_by)
         values (${D}, '${name}', true, '${from}', '${to}', '${from}'::date + 30, '${status}', ${adminId}) returning id`,
      );
      campaignIds.push(c.id);
      // Phases of seed 002: concentrated investigation, special rectification, summary and evaluation.
      await exec(
        `insert into campaign_phases (campaign_id, sort, kind, name, starts_on, ends_on) values
         (${c.id}, 1, 'investigation', '集中排查', '${from}', '${from}'::date + 30),
         (${c.id}, 2, 'rectification', '专项整治', '${from}'::date + 31, '${to}'::date - 30),
         (${c.id}, 3, 'summary', '总结评估', '${to}'::date - 29, '${to}')`,
      );
    }

    await exec(`create temp table bench_schools on commit drop as select (row_number() over (order by id) - 1)::int as i, id, path from units where district_id = ${D} and kind = 'school'`);
    const [{ n: S }] = await rows<{ n: number }>(`select count(*)::int as n from bench_schools`);
    await exec(
      `create temp table bench_depts on commit drop as select a.area, min(u.id) as id from units u, unnest(u.areas) a(area) where u.district_id = ${D} and u.kind = 'department' group by a.area`,
    );
    await exec(`create temp table bench_campaigns on commit drop as select id, starts_on, ends_on from campaigns where id in (${campaignIds.join(',')})`);

    // Five years back from today; found_on rises with the row number.
    const days = 5 * 365;
    const h = (salt: number) => `(hashint8(g * 16 + ${salt})::bigint + 2147483648)`;
    await exec(`
      insert into hazards (district_id, code, school_id, school_path, area, location, description, grade, source, campaign_id,
        found_on, found_by_id, found_by_name, responsible_unit_id, responsible_department_id, measures, deadline, interim_controls,
        funds, status, submitted_by_id, closed_at, created_at, updated_at)
      select ${D}, 'YH-' || b.y || '-' || lpad((row_number() over (partition by b.y order by b.g))::text, 6, '0'),
        s.id, s.path, b.area, b.location, b.description, b.grade, b.source,
        (select c.id from bench_campaigns c where b.f between c.starts_on and c.ends_on
           and b.source in ('self_check','town_check','spot_check','joint','specialist') and b.r3 % 10 < 7 limit 1),
        b.f, ${adminId}, '基准管理员', s.id, d.id,
        case when b.status <> 'reported' then '按标准整改：' || b.description end,
        case when b.status <> 'reported' then b.f + (15 + b.r3 % 60)::int end,
        case when b.grade = 'major' then '设置警戒区域，专人值守' end,
        case when b.status <> 'reported' and b.r3 % 5 = 0 then (b.r3 % 50000)::numeric end,
        b.status,
        case when b.status in ('submitted','accepted') then ${adminId} end,
        case when b.status = 'closed' then least(now(), (b.f + (10 + b.r3 % 80)::int)::timestamp at time zone 'Asia/Shanghai' + interval '15 hours') end,
        b.f::timestamp at time zone 'Asia/Shanghai' + interval '9 hours',
        case when b.status = 'closed' then least(now(), (b.f + (10 + b.r3 % 80)::int)::timestamp at time zone 'Asia/Shanghai' + interval '15 hours')
             else b.f::timestamp at time zone 'Asia/Shanghai' + interval '9 hours' end
      from (
        select g, f, extract(year from f)::int as y, r3,
          (${areaSlots})[1 + (r1 % 100)::int] as area,
          (${sourceSlots})[1 + ((r1 / 100) % 100)::int] as source,
          (${locations})[1 + ((r1 / 10000) % 10)::int] as location,
          (${descriptions})[1 + ((r1 / 100000) % 10)::int] || '（' || g || '）' as description,
          case when r2 % 100 < 2 then 'major' else 'general' end as grade,
          r4 % ${S} as school_i,
          case
            when age > 365 then case when r2 / 100 % 1000 < 985 then 'closed' when r2 / 100 % 1000 < 993 then 'rectifying' else 'assigned' end
            when age > 90 then case when r2 / 100 % 1000 < 850 then 'closed' when r2 / 100 % 1000 < 870 then 'accepted' when r2 / 100 % 1000 < 900 then 'submitted'
                                    when r2 / 100 % 1000 < 950 then 'rectifying' when r2 / 100 % 1000 < 970 then 'assigned' else 'reported' end
            else case when r2 / 100 % 1000 < 250 then 'closed' when r2 / 100 % 1000 < 300 then 'accepted' when r2 / 100 % 1000 < 370 then 'submitted'
                      when r2 / 100 % 1000 < 500 then 'rectifying' when r2 / 100 % 1000 < 600 then 'assigned' else 'reported' end
          end as status
        from (
          select g, f, '${today}'::date - f as age, ${h(1)} as r1, ${h(2)} as r2, ${h(3)} as r3, ${h(4)} as r4
          from (select g, '${today}'::date - ${days} + ((g - 1)::bigint * ${days} / ${N})::int as f from generate_series(1, ${N}) g) x
        ) a
      ) b
      join bench_schools s on s.i = b.school_i
      left join bench_depts d on d.area = b.area
      order by b.g`);

    // The signed history: report for all; open hazards every step up to their status.
    const step = (action: string, from: string | null, to: string, statuses: string[], hours: number) =>
      exec(`
        insert into hazard_steps (hazard_id, district_id, action, from_status, to_status, actor_id, actor_name, actor_unit_name, at, comment)
        select id, ${D}, '${action}', ${from ? `'${from}'` : 'null'}, '${to}', ${adminId}, '基准管理员', '基准区教育局', least(now(), created_at + interval '${hours} hours'), null
        from hazards where district_id = ${D} and status in (${statuses.map((s) => `'${s}'`).join(',')}) order by id`);
    await step('report', null, 'reported', ['reported', 'assigned', 'rectifying', 'submitted', 'accepted', 'closed'], 0);
    await step('confirm', 'reported', 'assigned', ['assigned', 'rectifying', 'submitted', 'accepted'], 24);
    await step('start', 'assigned', 'rectifying', ['rectifying', 'submitted', 'accepted'], 48);
    await step('submit', 'rectifying', 'submitted', ['submitted', 'accepted'], 96);
    await step('accept', 'submitted', 'accepted', ['accepted'], 120);

    // Each campaign's self-checks (自查): one per school, submitted by 92% of them, most on time.
    let jc = 0;
    for (let k = 0; k < campaignIds.length; k++) {
      const [, from] = periods[k];
      const y = Number(from.slice(0, 4));
      await exec(`
        insert into inspections (district_id, code, kind, title, campaign_id, organizer_unit_id, planned_on, status, started_at, created_by, created_at, updated_at)
        select ${D}, 'JC-${y}-' || lpad((${jc} + s.i + 1)::text, 6, '0'), 'self_check', '专项整治自查', ${campaignIds[k]}, s.id, '${from}'::date + 14,
          case when s.i % 25 < 23 then 'submitted' else 'planned' end,
          case when s.i % 25 < 23 then '${from}'::date + 14 + interval '9 hours' end, ${adminId}, now(), now()
        from bench_schools s order by s.i`);
      await exec(`
        insert into inspection_targets (inspection_id, district_id, school_id, school_path, status, submitted_at)
        select i.id, ${D}, s.id, s.path, case when s.i % 25 < 23 then 'submitted' else 'planned' end,
          case when s.i % 25 < 23 then ('${from}'::date + (s.i % 40))::timestamp at time zone 'Asia/Shanghai' + interval '16 hours' end
        from inspections i join bench_schools s on s.id = i.organizer_unit_id
        where i.campaign_id = ${campaignIds[k]} and i.kind = 'self_check'`);
      jc += S;
      if (k + 1 < campaignIds.length && periods[k + 1][1].slice(0, 4) !== from.slice(0, 4)) jc = 0;
    }
    await exec(`
      insert into code_counters (district_id, prefix, year, last)
      select ${D}, 'JC', substr(code, 4, 4)::int, max(substr(code, 9)::int) from inspections where district_id = ${D} group by 3
      on conflict (district_id, prefix, year) do update set last = greatest(code_counters.last, excluded.last)`);

    // The next hazard reported in a year gets the next number of that year.
    await exec(`
      insert into code_counters (district_id, prefix, year, last)
      select ${D}, 'YH', substr(code, 4, 4)::int, max(substr(code, 9)::int) from hazards where district_id = ${D} group by 3
      on conflict (district_id, prefix, year) do update set last = greatest(code_counters.last, excluded.last)`);
  });
  await db.execute(sql.raw('VACUUM ANALYZE'));
  const rows = async <T>(q: string) => ((await db.execute(sql.raw(q))) as unknown as { rows: T[] }).rows;

  const byStatus = Object.fromEntries(
    (await rows<{ status: string; n: number }>(`select status, count(*)::int as n from hazards where district_id = ${D} group by status order by status`)).map((r) => [r.status, r.n]),
  );
  const [{ n: steps }] = await rows<{ n: number }>(`select count(*)::int as n from hazard_steps where district_id = ${D}`);
  return {
    hazards: Object.values(byStatus).reduce((a, b) => a + b, 0),
    steps,
    byStatus,
    campaignIds,
    currentCampaignId: campaignIds[campaignIds.length - 1],
    loadMs: Date.now() - started,
  };
}
