// The safety ledgers of the benchmark district (issue 4): from 1 September of the previous school
// year to today, for the 1,000 schools of bench/dataset.ts, written by SQL generate_series in a
// few INSERT … SELECT statements (the compliance triggers of migration 0009 are statement-level,
// so each statement marks the schools once). Deterministic: hashint8 of row numbers and the
// school's index, no random(), and every date relative to today — PGlite and PostgreSQL get
// identical ledgers on the same day.
//
// What a school gets (P = staffPerSchool, 80 by default; each school has P − 20 … P + 20 staff):
//   staff          posts: principal, safety vice principal, vice principal, safety department head,
//                  safety manager, 30 % head teachers, teachers, two guards, a lab technician, a
//                  school doctor, a dorm manager at boarding schools; 2 % have left; some
//                  principals, vice principals and safety managers are new in post;
//   trainings      a one-hour school-based safety training every month of term for everyone, a
//                  monthly head-teacher session, two external courses a year, safety business
//                  courses for the safety heads, appointment training of new principals (40 h),
//                  pre-post training of new safety managers: about 19 a person;
//   drills         one a month in term (kinds in turn; nap-time drills in kindergartens), night
//                  drills at boarding schools, school-bus drills where there are buses;
//   meetings       the leader in charge monthly, the leadership team once a quarter;
//   letters        the bureau's letter of each year, signed by every unit; each school's own,
//                  signed by its staff;
//   duty           a roster per holiday of the school calendar and per key period, a leader and a
//                  staff member on every day (24 h), confirmed the morning after;
//   profiles       three security profiles (the start of each term);
//   insurance      a school liability policy per school year;
//   inspections    two fire special inspections in each key period (003), through a campaign of
//                  the hazard loop with the fire area;
//   calendars      the school calendars of both school years, and two key periods (one in spring,
//                  one around today).
// Some schools fall short on purpose (school index i, 0-based, by id), so that the findings vary:
//   i % 50 = 7   no drill last month or this month;     i % 50 = 17  no drill yet this month;
//   i % 23 = 4   (boarding) one night drill this year;  i % 45 = 8   no leadership-team meeting since July;
//   i % 45 = 26  no leader's meeting last month;        i % 17 = 4   every tenth staff member misses this year's monthly trainings;
//   i % 19 = 6   the safety department head misses this year's safety business courses;
//   i % 40 = 3   a new principal without appointment training (due within the year of taking the post);
//   i % 60 = 37  a new safety manager without pre-post training;
//   i % 100 = 42 the bureau's letter of this year unsigned; i % 33 = 5  three staff have not signed the school's letter;
//   i % 40 = 11  two days of the autumn holiday without a leader on duty;
//   i % 40 = 23  an unconfirmed duty day in the current key period; i % 40 = 31 its last days not rostered yet;
//   i % 37 = 3   no night guard; i % 41 = 6 a broken one-key alarm; i % 29 = 9 video kept 15 days;
//   i % 53 = 2   video not linked to the bureau; i % 47 = 5 perimeter alarm not armed; i % 31 = 4 one guard at the first gate;
//   i % 60 = 11  this year's policy 30 students short; i % 70 = 21 this year's policy starts on 15 September (a gap);
//   i % 43 = 10  one fire inspection in the current key period.
import { sql } from 'drizzle-orm';
import { addDays } from '../src/domain/dates.js';
import type { SchoolCalendar } from '../src/domain/rules/periods.js';
import type { Db } from '../src/server/db/client.js';
import { demoCalendar } from '../src/server/demo/ledgers.js';

export interface LedgerDataset {
  /** Rows per table (the district's). */
  counts: Record<string, number>;
  total: number;
  from: string;
  today: string;
  /** Seconds per step, to see where the load time goes. */
  steps: Record<string, number>;
  loadMs: number;
}

/** The school year (its first calendar year) a day falls in: from 1 August, as the demo calendars. */
const schoolYearStarting = (day: string) => (day.slice(5) >= '08-01' ? Number(day.slice(0, 4)) : Number(day.slice(0, 4)) - 1);
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
/** A non-negative pseudo-random integer from a SQL integer expression (deterministic). */
const h = (expr: string) => `(hashint8((${expr})::bigint)::bigint + 2147483648)`;

const surnames = `array['王','李','张','刘','陈','杨','黄','赵','吴','周','徐','孙','马','朱','胡','郭','何','高','林','罗','郑','梁','谢','宋','唐','许','韩','冯','邓','曹','彭','曾','肖','田','董','袁','潘','于','蒋','蔡']`;
const givens = `array['建国','海燕','志强','丽华','明','静','伟','芳','晓东','红梅','国庆','秀英','立新','雪梅','春生','文杰','慧敏','永刚','玉兰','振华']`;
const kinds = `array['fire','earthquake','stampede','violent_intrusion','flood_typhoon']`;
const insurers = `array['中国人民财产保险股份有限公司','中国平安财产保险股份有限公司','中国太平洋财产保险股份有限公司']`;
const leadershipMinutes = `array['通报本季度校园安全形势，研究部署消防、食品、交通安全重点工作，明确各部门安全职责。','学习上级安全工作文件精神，分析隐患排查整改情况，研究安全经费保障和人防物防技防建设。','总结上季度安全工作，研究季节性安全风险防范措施，部署开学（假期）前后安全检查。']`;
const leaderMinutes = `array['检查本月隐患整改进度，布置应急疏散演练和安全教育课安排。','通报门卫值守和视频监控运行情况，部署校园周边交通秩序维护。','研究食堂食品安全和传染病防控工作，落实晨午检和因病缺课追踪。','部署防溺水、防台防汛安全提醒，核对值班带班安排。']`;

export async function generateLedgers(
  db: Db,
  opts: { districtId: number; bureauId: number; adminId: number; today: string; staffPerSchool: number },
): Promise<LedgerDataset> {
  const started = Date.now();
  const { districtId: D, bureauId, adminId, today: T, staffPerSchool: P } = opts;
  const sy = schoolYearStarting(T);
  const from = `${sy - 1}-09-01`;
  const calendars: SchoolCalendar[] = [demoCalendar(sy - 1), demoCalendar(sy)];
  const keyPeriods = [
    { name: `${sy}年全国两会期间重点时段`, startsOn: `${sy}-03-03`, endsOn: `${sy}-03-15` },
    { name: '冬春季消防安全重点时段', startsOn: addDays(T, -9), endsOn: addDays(T, 5) },
  ];
  const newManagerSince = addDays(T, -40);
  const years: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(T.slice(0, 4)); y++) years.push(y);
  const latestYear = years[years.length - 1];
  const steps: Record<string, number> = {};

  await db.transaction(async (tx) => {
    const exec = async (step: string, query: string) => {
      const t0 = performance.now();
      await tx.execute(sql.raw(query));
      steps[step] = (steps[step] ?? 0) + (performance.now() - t0) / 1000;
    };
    const rows = async <R>(query: string) => ((await tx.execute(sql.raw(query))) as unknown as { rows: R[] }).rows;

    // ---- calendars and key periods -------------------------------------------------------------
    for (const c of calendars) {
      await exec(
        'calendars',
        `insert into school_calendars (district_id, school_year, semesters, holidays, updated_by)
         values (${D}, ${q(c.schoolYear)}, ${q(JSON.stringify(c.semesters))}::jsonb, ${q(JSON.stringify(c.holidays))}::jsonb, ${adminId})`,
      );
    }
    const kpIds: number[] = [];
    for (const k of keyPeriods) {
      const [r] = await rows<{ id: number }>(
        `insert into key_periods (district_id, name, starts_on, ends_on, created_by) values (${D}, ${q(k.name)}, '${k.startsOn}', '${k.endsOn}', ${adminId}) returning id`,
      );
      kpIds.push(r.id);
    }

    // ---- the schools, their accounts, their staff --------------------------------------------
    await exec(
      'staff',
      `create temp table bl_users on commit drop as
       select u.unit_id as school_id, (row_number() over (partition by u.unit_id order by u.id))::int as rn, u.id, u.display_name
       from users u join units s on s.id = u.unit_id where s.district_id = ${D} and s.kind = 'school'`,
    );
    await exec(
      'staff',
      `create temp table bl_schools on commit drop as
       select x.*, greatest(12, ${P} - 20 + (x.i * 37) % 41) as n, coalesce(o.id, ${adminId}) as officer_id, coalesce(o.display_name, '基准管理员') as officer_name
       from (select (row_number() over (order by u.id) - 1)::int as i, u.id, u.path, u.stage, u.boarding, u.school_bus,
               coalesce(u.student_count, 500) as students, greatest(1, coalesce(u.gate_count, 1)) as gates, u.stage = 'kindergarten' as kg
             from units u where u.district_id = ${D} and u.kind = 'school') x
       left join bl_users o on o.school_id = x.id and o.rn = 2`,
    );
    const name = (seed: string) => `(${surnames})[1 + ${h(seed)} % 40] || (${givens})[1 + ${h(seed)} / 40 % 20]`;
    await exec(
      'staff',
      `insert into staff_members (district_id, school_id, school_path, user_id, name, posts, left_on, created_by, created_by_name)
       select ${D}, s.id, s.path, u.id, coalesce(u.display_name, ${name('s.i * 1000 + k')}),
         case
           when k = 0 then jsonb_build_array(jsonb_build_object('post', 'principal', 'since', case when s.i % 20 = 3 then '${sy}-03-01' else '2018-09-01' end))
           when k = 1 then '[{"post":"safety_vice_principal","since":"2021-09-01"},{"post":"vice_principal","since":"2021-09-01"}]'::jsonb
           when k = 2 then jsonb_build_array(jsonb_build_object('post', 'vice_principal', 'since', case when s.i % 25 = 5 then '${sy}-09-01' else '2020-02-15' end))
           when k = 3 then '[{"post":"safety_department_head","since":"2022-09-01"},{"post":"teacher","since":"2012-09-01"}]'::jsonb
           when k = 4 then jsonb_build_array(jsonb_build_object('post', 'safety_manager', 'since', case when s.i % 30 = 7 then '${newManagerSince}' else '2023-09-01' end))
           when k >= s.n - 4 then jsonb_build_array(jsonb_build_object('post', (array['guard','guard','lab_technician','school_doctor'])[k - s.n + 5], 'since', '2019-09-01'))
           when s.boarding and k = s.n - 5 then '[{"post":"dorm_manager","since":"2019-09-01"}]'::jsonb
           when k < 5 + s.n * 3 / 10 then jsonb_build_array(jsonb_build_object('post', 'head_teacher', 'since', (2012 + k % 12) || '-09-01'), jsonb_build_object('post', 'teacher', 'since', (2010 + k % 12) || '-09-01'))
           else jsonb_build_array(jsonb_build_object('post', 'teacher', 'since', (2008 + k % 16) || '-09-01'))
         end,
         case when k >= 5 and ${h('s.i * 1000 + k + 7')} % 50 = 0 then '${sy}-07-15'::date end,
         s.officer_id, s.officer_name
       from bl_schools s cross join generate_series(0, s.n - 1) k
       left join bl_users u on u.school_id = s.id and u.rn = k + 1
       order by s.i, k`,
    );
    await exec(
      'staff',
      `create temp table bl_staff on commit drop as
       select m.id, s.i, s.id as school_id, s.path, s.n, s.officer_id, s.officer_name, m.user_id, m.name, m.left_on,
         (row_number() over (partition by m.school_id order by m.id) - 1)::int as k,
         m.posts @> '[{"post":"head_teacher"}]' as ht,
         (m.posts @> '[{"post":"safety_vice_principal"}]' or m.posts @> '[{"post":"safety_department_head"}]') as head,
         (select max(p->>'since') from jsonb_array_elements(m.posts) p where p->>'post' in ('principal','vice_principal')) as lead_since,
         (select max(p->>'since') from jsonb_array_elements(m.posts) p where p->>'post' = 'safety_manager') as mgr_since
       from staff_members m join bl_schools s on s.id = m.school_id`,
    );
    await exec('staff', `create index on bl_staff (school_id, k)`);
    await exec('staff', `analyze bl_staff`);

    // Months from the start to this one; term months (not July, August) for the monthly trainings.
    await exec(
      'trainings',
      `create temp table bl_months on commit drop as
       select m::date as m, extract(month from m)::int as mm from generate_series('${from}'::date, date_trunc('month', '${T}'::date), interval '1 month') m`,
    );

    // ---- trainings ------------------------------------------------------------------------------
    const trainingCols = 'district_id, school_id, school_path, staff_id, course, hours, starts_on, ends_on, provider, created_by, created_by_name';
    const present = (day: string) => `(st.left_on is null or ${day} < st.left_on)`;
    // The new safety manager of some schools came from elsewhere: no training here before the first day.
    const trained = (day: string) => `${present(day)} and not (st.i % 60 = 37 and st.k = 4 and ${day} <= st.mgr_since::date)`;
    // Every month of term: a one-hour school-based session; every tenth person of some schools misses this year's.
    await exec(
      'trainings',
      `insert into trainings (${trainingCols})
       select ${D}, st.school_id, st.path, st.id, '校本安全培训（' || to_char(mo.m, 'YYYY年FMMM月') || '）', 1.0, x.d, x.d, '本校安全办', st.officer_id, st.officer_name
       from bl_staff st cross join bl_months mo
       cross join lateral (select (mo.m + 2 + st.i % 20)::date as d) x
       where mo.mm not in (7, 8) and x.d <= '${T}' and ${trained('x.d')}
         and not (st.i % 17 = 4 and st.k % 10 = 0 and mo.m >= '${T.slice(0, 4)}-01-01')`,
    );
    // Head teachers: a monthly head-teacher safety session.
    await exec(
      'trainings',
      `insert into trainings (${trainingCols})
       select ${D}, st.school_id, st.path, st.id, '班主任安全工作培训（' || to_char(mo.m, 'YYYY年FMMM月') || '）', 1.0, x.d, x.d, '本校德育处', st.officer_id, st.officer_name
       from bl_staff st cross join bl_months mo
       cross join lateral (select (mo.m + 8 + st.i % 15)::date as d) x
       where st.ht and mo.mm not in (7, 8) and x.d <= '${T}' and ${present('x.d')}`,
    );
    // External courses for everyone, safety business courses for the safety heads.
    const courses: Array<[string, number, string, string, string, string]> = [
      ['消防安全知识培训', 3, `${sy - 1}-11-15`, `${sy - 1}-11-15`, '区消防救援支队', 'true'],
      ['校园安全专题培训', 4, `${sy}-04-18`, `${sy}-04-18`, '区教育局安全管理中心', 'true'],
      ['安全业务培训（秋季）', 8, `${sy - 1}-10-20`, `${sy - 1}-10-21`, '市教委安全管理培训中心', 'st.head'],
      ['安全业务培训（春季）', 8, `${sy}-03-10`, `${sy}-03-11`, '市教委安全管理培训中心', 'st.head and not (st.i % 19 = 6 and st.k = 3)'],
      ['安全业务培训（暑期）', 12, `${sy}-07-20`, `${sy}-07-21`, '市教委安全管理培训中心', 'st.head and not (st.i % 19 = 6 and st.k = 3)'],
    ];
    for (const [course, hours, s, e, provider, who] of courses) {
      await exec(
        'trainings',
        `insert into trainings (${trainingCols})
         select ${D}, st.school_id, st.path, st.id, ${q(course)}, ${hours}, '${s}', '${e}', ${q(provider)}, st.officer_id, st.officer_name
         from bl_staff st where ${who} and '${e}' <= '${T}' and ${trained(`'${s}'::date`)}`,
      );
    }
    // New principals and vice principals: 40 hours of appointment training two months after taking the post.
    await exec(
      'trainings',
      `insert into trainings (${trainingCols})
       select ${D}, st.school_id, st.path, st.id, '新任校（园）长安全教育任职培训', 40, st.lead_since::date + 60, st.lead_since::date + 64, '市教委安全管理培训中心', st.officer_id, st.officer_name
       from bl_staff st
       where st.lead_since >= '${sy - 1}-01-01' and st.lead_since::date + 64 <= '${T}' and not (st.i % 40 = 3)`,
    );
    // New safety managers: four hours of pre-post training before the first day.
    await exec(
      'trainings',
      `insert into trainings (${trainingCols})
       select ${D}, st.school_id, st.path, st.id, '安全管理干部岗前培训', 4, st.mgr_since::date - 5, st.mgr_since::date - 5, '区教育局安全管理中心', st.officer_id, st.officer_name
       from bl_staff st
       where st.mgr_since >= '${sy - 1}-01-01' and not (st.i % 60 = 37)`,
    );

    // ---- drills ---------------------------------------------------------------------------------
    // A drill a month in term: February after term starts (the 20th), July before it ends (the 5th).
    await exec(
      'drills',
      `insert into drills (district_id, school_id, school_path, held_on, kind, participants, evacuation_seconds, observers, problems, created_by, created_by_name)
       select ${D}, s.id, s.path, x.d,
         case when s.kg and mo.mm in (4, 10) then 'nap_time' else (${kinds})[1 + (mo.mm + s.i) % 5] end,
         s.students + s.n, 90 + ${h('s.i * 100 + mo.mm')} % 150,
         case when mo.mm in (3, 9) then '区消防救援支队' end,
         case when ${h('s.i * 100 + mo.mm + 1')} % 10 = 0 then '个别班级疏散路线不熟，已重新讲解' end,
         s.officer_id, s.officer_name
       from bl_schools s cross join bl_months mo
       cross join lateral (select case mo.mm when 2 then mo.m + 19 + s.i % 7 when 7 then mo.m + s.i % 5 else mo.m + 2 + s.i % 15 end::date as d) x
       where mo.mm <> 8 and x.d <= '${T}'
         and not (s.i % 50 = 7 and mo.m >= date_trunc('month', '${T}'::date) - interval '1 month')
         and not (s.i % 50 = 17 and mo.m = date_trunc('month', '${T}'::date))`,
    );
    // Night drills at boarding schools (two a year), school-bus drills each semester.
    const extraDrills: Array<[string, string, string]> = [
      ['night_evacuation', `${sy - 1}-11-12`, 's.boarding'],
      ['night_evacuation', `${sy}-04-15`, 's.boarding'],
      ['night_evacuation', `${sy}-10-14`, 's.boarding and not (s.i % 23 = 4)'],
      ['school_bus', `${sy - 1}-10-22`, 's.school_bus'],
      ['school_bus', `${sy}-03-25`, 's.school_bus'],
      ['school_bus', `${sy}-10-21`, 's.school_bus'],
    ];
    for (const [kind, day, who] of extraDrills) {
      await exec(
        'drills',
        `insert into drills (district_id, school_id, school_path, held_on, kind, participants, evacuation_seconds, created_by, created_by_name)
         select ${D}, s.id, s.path, '${day}', '${kind}', s.students, 120 + s.i % 120, s.officer_id, s.officer_name
         from bl_schools s where ${who} and '${day}' <= '${T}'`,
      );
    }

    // ---- safety meetings --------------------------------------------------------------------------
    await exec(
      'meetings',
      `create temp table bl_leaders on commit drop as
       select school_id, max(name) filter (where k = 0) as principal, max(name) filter (where k = 1) as vice, max(name) filter (where k = 3) as head
       from bl_staff where k in (0, 1, 3) group by school_id`,
    );
    await exec(
      'meetings',
      `insert into safety_meetings (district_id, school_id, school_path, meeting_on, level, chair, attendees, minutes, decisions, created_by, created_by_name)
       select ${D}, s.id, s.path, x.d, x.level, case x.level when 'leadership_team' then l.principal else l.vice end,
         array[l.principal, l.vice, l.head],
         case x.level when 'leadership_team' then (${leadershipMinutes})[1 + mo.mm % 3] else (${leaderMinutes})[1 + mo.mm % 4] end,
         '责任到人，限期落实', s.officer_id, s.officer_name
       from bl_schools s join bl_leaders l on l.school_id = s.id cross join bl_months mo
       cross join lateral (values ('leader_in_charge', (mo.m + 9 + s.i % 10)::date), ('leadership_team', (mo.m + 15 + s.i % 8)::date)) x(level, d)
       where x.d <= '${T}'
         and (x.level = 'leader_in_charge' or mo.mm in (2, 5, 8, 11) or mo.m = '${from}')
         and not (x.level = 'leadership_team' and s.i % 45 = 8 and mo.m >= '${sy}-07-01')
         and not (x.level = 'leader_in_charge' and s.i % 45 = 26 and mo.m = date_trunc('month', '${T}'::date) - interval '1 month')`,
    );

    // ---- responsibility letters and signatures -------------------------------------------------------
    for (const y of years) {
      if (`${y}-01-10` > T) continue;
      await exec(
        'letters',
        `insert into responsibility_letters (district_id, issuer_unit_id, issuer_path, level, year, title, body, published_on, created_by, created_by_name)
         select ${D}, id, path, 'bureau_to_unit', ${y}, '${y}年度学校安全生产工作责任书', '依据《中小学幼儿园安全管理办法》，明确${y}年度安全生产工作目标和责任。', '${y}-01-10', ${adminId}, '基准管理员'
         from units where id = ${bureauId}`,
      );
      await exec(
        'letters',
        `insert into responsibility_letters (district_id, issuer_unit_id, issuer_path, level, year, title, published_on, created_by, created_by_name)
         select ${D}, s.id, s.path, 'unit_to_staff', ${y}, '${y}年度教职工安全工作责任书', '${y}-02-20'::date + s.i % 20, s.officer_id, s.officer_name
         from bl_schools s where '${y}-02-20'::date + s.i % 20 <= '${T}'`,
      );
      // Every unit under the bureau signs the bureau's letter (the schools, towns and departments).
      await exec(
        'signatures',
        `insert into letter_signatures (district_id, letter_id, unit_id, unit_path, signer_name, signed_on, method, created_by)
         select ${D}, l.id, u.id, u.path, coalesce(u.principal_name, u.name || '负责人'), x.d, 'file', ${adminId}
         from responsibility_letters l
         join units u on u.district_id = ${D} and u.kind in ('school', 'town', 'department')
         left join bl_schools s on s.id = u.id
         cross join lateral (select ('${y}-01-20'::date + u.id % 40) as d) x
         where l.district_id = ${D} and l.level = 'bureau_to_unit' and l.year = ${y} and x.d <= '${T}'
           and not (${y} = ${latestYear} and coalesce(s.i % 100 = 42, false))`,
      );
      await exec(
        'signatures',
        `insert into letter_signatures (district_id, letter_id, unit_id, unit_path, staff_id, signer_name, signer_user_id, signed_on, method, created_by)
         select ${D}, l.id, st.school_id, st.path, st.id, st.name, st.user_id, x.d, case when st.user_id is null then 'file' else 'in_app' end, coalesce(st.user_id, st.officer_id)
         from responsibility_letters l join bl_staff st on st.school_id = l.issuer_unit_id
         cross join lateral (select l.published_on + st.k % 25 as d) x
         where l.district_id = ${D} and l.level = 'unit_to_staff' and l.year = ${y} and x.d <= '${T}' and ${present('x.d')}
           and not (${y} = ${latestYear} and st.i % 33 = 5 and st.k in (7, 19, 31))`,
      );
    }

    // ---- duty rosters and entries (holidays of the calendars, key periods) --------------------------------
    const spans: Array<{ title: string; startsOn: string; endsOn: string; kp: number | null }> = [];
    for (const c of calendars) for (const hd of c.holidays) spans.push({ title: `${hd.startsOn.slice(0, 4)}年${hd.name}值班表`, startsOn: hd.startsOn, endsOn: hd.endsOn, kp: null });
    keyPeriods.forEach((k, n) => spans.push({ title: `${k.name}值班表`, startsOn: k.startsOn, endsOn: k.endsOn, kp: kpIds[n] }));
    const rostered = spans.filter((x) => x.endsOn >= from && x.startsOn <= addDays(T, 5));
    await exec(
      'duty',
      `create temp table bl_spans on commit drop as
       select * from (values ${rostered.map((x) => `(${q(x.title)}, '${x.startsOn}'::date, '${x.endsOn}'::date, ${x.kp ?? 'null::int'})`).join(', ')}) v(title, starts_on, ends_on, kp)`,
    );
    await exec(
      'duty',
      `insert into duty_rosters (district_id, school_id, school_path, title, starts_on, ends_on, key_period_id, phone, created_by, created_by_name)
       select ${D}, s.id, s.path, sp.title, sp.starts_on, sp.ends_on, sp.kp, '021-6' || lpad((s.i * 7 % 10000000)::text, 7, '0'), s.officer_id, s.officer_name
       from bl_schools s cross join bl_spans sp`,
    );
    // A day in a key period belongs to the key period's roster.
    const kp2Start = keyPeriods[1].startsOn;
    await exec(
      'duty',
      `insert into duty_entries (district_id, roster_id, school_id, school_path, duty_on, role, staff_id, user_id, person_name, phone, hours, confirmed_at, confirmed_by)
       select distinct on (r.school_id, x.d, ro.role) ${D}, r.id, r.school_id, r.school_path, x.d, ro.role, st.id, st.user_id, st.name,
         '139' || lpad((st.id % 100000000)::text, 8, '0'), 24,
         case when x.d <= '${T}'::date - 2 and not (s.i % 40 = 23 and x.d = '${addDays(T, -4)}' and ro.role = 'staff')
           then (x.d + 1)::timestamp at time zone 'Asia/Shanghai' + interval '9 hours' end,
         case when x.d <= '${T}'::date - 2 then coalesce(st.user_id, s.officer_id) end
       from duty_rosters r join bl_schools s on s.id = r.school_id
       cross join lateral generate_series(r.starts_on, r.ends_on, interval '1 day') g
       cross join lateral (select g::date as d) x
       cross join (values ('leader'), ('staff')) ro(role)
       join bl_staff st on st.school_id = r.school_id
         and st.k = case ro.role when 'leader' then (x.d - '${from}'::date) % 3 else 5 + (x.d - '${from}'::date) % (s.n - 9) end
       where r.district_id = ${D} and x.d >= '${from}' and x.d <= '${addDays(T, 5)}'
         and not (s.i % 40 = 11 and ro.role = 'leader' and x.d in ('${sy}-10-03', '${sy}-10-04'))
         and not (s.i % 40 = 31 and x.d > '${T}'::date + 2 and x.d >= '${kp2Start}')
       order by r.school_id, x.d, ro.role, r.key_period_id is null, r.id`,
    );

    // ---- security profiles: one at the start of each term; shortfalls in the latest ----------------
    const profileDays = [`${sy - 1}-09-05`, `${sy}-03-02`, `${sy}-09-03`].filter((d) => d <= T);
    const latest = profileDays[profileDays.length - 1];
    await exec(
      'profiles',
      `insert into security_profiles (district_id, school_id, school_path, recorded_on, gates, alarms_installed, alarms_working, alarms_last_tested_on,
         video_retention_days, video_linked_to_bureau, perimeter_installed, perimeter_armed_24h, note, created_by, created_by_name)
       select ${D}, s.id, s.path, r.d,
         (select jsonb_agg(jsonb_build_object('name', (array['正门','东门','西门','北门','南门'])[1 + (g - 1) % 5],
            'guards', jsonb_build_object(
              'school_hours', case when g = 1 and r.latest and s.i % 31 = 4 then 1 else 2 end,
              'arrival_peak', 4, 'dismissal_peak', 4,
              'night', case when g > 1 or (r.latest and s.i % 37 = 3) then 0 when s.boarding then 2 else 1 end)) order by g)
          from generate_series(1, s.gates) g),
         s.gates + 2, case when r.latest and s.i % 41 = 6 then s.gates + 1 else s.gates + 2 end, r.d - 10,
         case when r.latest and s.i % 29 = 9 then 15 else 30 + 60 * (s.i % 2) end,
         not (r.latest and s.i % 53 = 2), true, not (r.latest and s.i % 47 = 5),
         case when r.latest then '开学前人防物防技防核查' end, s.officer_id, s.officer_name
       from bl_schools s cross join (values ${profileDays.map((d) => `('${d}'::date, ${d === latest})`).join(', ')}) r(d, latest)`,
    );

    // ---- school liability insurance: a policy per school year ---------------------------------------
    for (const y of [sy - 1, sy]) {
      await exec(
        'insurance',
        `insert into insurance_policies (district_id, school_id, school_path, policy_no, insurer, starts_on, ends_on, students_covered, created_by, created_by_name)
         select ${D}, s.id, s.path, 'XFZR-${y}-' || lpad((s.i + 1)::text, 5, '0'), (${insurers})[1 + s.i % 3],
           case when ${y} = ${sy} and s.i % 70 = 21 then '${y}-09-15'::date else '${y}-09-01'::date end, '${y + 1}-08-31',
           case when ${y} = ${sy} and s.i % 60 = 11 then greatest(1, s.students - 30) else s.students end,
           s.officer_id, s.officer_name
         from bl_schools s`,
      );
    }

    // ---- fire special inspections in each key period (003), through a campaign with the fire area ----
    let inspectionNo = 0;
    for (const [n, k] of keyPeriods.entries()) {
      const [c] = await rows<{ id: number }>(
        `insert into campaigns (district_id, name, all_schools, starts_on, ends_on, status, created_by)
         values (${D}, ${q(`${k.name}消防安全专项检查`)}, true, '${k.startsOn}', '${k.endsOn}', '${k.endsOn < T ? 'finished' : 'active'}', ${adminId}) returning id`,
      );
      await exec(
        'inspections',
        `insert into campaign_areas (campaign_id, area, tasks, responsible_subject, responsible_department_ids)
         values (${c.id}, 'fire_chemicals', '消防设施、疏散通道、用电用气安全专项检查', '各学校', '{}')`,
      );
      for (const [round, offset] of [[1, 1], [2, 5]] as const) {
        const day = addDays(k.startsOn, offset);
        if (day > T) continue;
        const year = day.slice(0, 4);
        await exec(
          'inspections',
          `insert into inspections (district_id, code, kind, title, campaign_id, organizer_unit_id, planned_on, status, started_at, created_by)
           select ${D}, 'JC-${year}-' || lpad((${inspectionNo} + s.i + 1)::text, 6, '0'), 'self_check', '消防安全专项检查（第${round}次）', ${c.id}, s.id, '${day}', 'submitted',
             '${day}'::timestamp at time zone 'Asia/Shanghai' + interval '9 hours', s.officer_id
           from bl_schools s where not (${n} = 1 and ${round} = 2 and s.i % 43 = 10) order by s.i`,
        );
        await exec(
          'inspections',
          `insert into inspection_targets (inspection_id, district_id, school_id, school_path, status, submitted_at)
           select i.id, ${D}, s.id, s.path, 'submitted', '${day}'::timestamp at time zone 'Asia/Shanghai' + interval '16 hours'
           from inspections i join bl_schools s on s.id = i.organizer_unit_id
           where i.campaign_id = ${c.id} and i.title = '消防安全专项检查（第${round}次）'`,
        );
        inspectionNo += 10000;
      }
    }
    await exec(
      'inspections',
      `insert into code_counters (district_id, prefix, year, last)
       select ${D}, 'JC', substr(code, 4, 4)::int, max(substr(code, 9)::int) from inspections where district_id = ${D} group by 3
       on conflict (district_id, prefix, year) do update set last = greatest(code_counters.last, excluded.last)`,
    );
  });
  const t0 = performance.now();
  await db.execute(sql.raw('VACUUM ANALYZE'));
  steps.vacuum = (performance.now() - t0) / 1000;

  const tables = [
    'staff_members',
    'trainings',
    'drills',
    'safety_meetings',
    'responsibility_letters',
    'letter_signatures',
    'duty_rosters',
    'duty_entries',
    'security_profiles',
    'insurance_policies',
    'inspection_targets',
    'school_calendars',
    'key_periods',
  ];
  const counted = ((await db.execute(sql.raw(tables.map((t) => `select '${t}' as t, count(*)::int as n from ${t} where district_id = ${D}`).join(' union all ')))) as unknown as {
    rows: Array<{ t: string; n: number }>;
  }).rows;
  const counts = Object.fromEntries(tables.map((t) => [t, counted.find((r) => r.t === t)!.n]));
  for (const k of Object.keys(steps)) steps[k] = Math.round(steps[k] * 10) / 10;
  return { counts, total: Object.values(counts).reduce((a, b) => a + b, 0), from, today: T, steps, loadMs: Date.now() - started };
}
