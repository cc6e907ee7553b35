// The ledgers of issue 15 for the compliance bench (food safety, gate, daily health checks, safety
// education), added by SQL generate_series to the district of bench/dataset.ts after
// bench/ledger-dataset.ts, so that "every rule for every school" is measured with them: from
// `days` days before today (365 by default: a school year) to yesterday, for every school,
// weekdays as school days. Deterministic (hashint4 of the school's id and the day), like the other
// bench data. What a school gets per weekday (9 in 10 schools have a canteen):
//   food      a daily control; a weekly check on Wednesdays, 陪餐 on Tuesdays and Thursdays, a
//             monthly dispatch on the 5th; three certificates and a platform state;
//   gate      a 护学岗 record, two visitors (one in 40 without a staff member) and a vehicle;
//   health    morning and noon checks of three classes;
//   education an activity for each education day, roll calls at boarding schools, a drowning letter.
// Some schools fall short: i % 31 = 5 misses every 20th daily control; i % 27 = 3 misses 护学岗 on
// Fridays; i % 29 = 7 has no noon check on Mondays.
import { sql } from 'drizzle-orm';
import { addDays } from '../src/domain/dates.js';
import type { Db } from '../src/server/db/client.js';

export interface SchoolLifeDataset {
  counts: Record<string, number>;
  total: number;
  loadMs: number;
}

export async function generateSchoolLife(db: Db, opts: { districtId: number; adminId: number; today: string; days?: number }): Promise<SchoolLifeDataset> {
  const started = Date.now();
  const { districtId: D, adminId: A, today: T } = opts;
  const from = addDays(T, -(opts.days ?? 365));
  const to = addDays(T, -1);
  const run = (q: string) => db.execute(sql.raw(q));
  const stamp = `${D}, s.id, s.path, ${A}, '基准数据'`;
  const cols = 'district_id, school_id, school_path, created_by, created_by_name';
  // The schools with their 0-based index, and the weekdays of the span.
  const schools = `(select id, path, boarding, canteen, (row_number() over (order by id) - 1)::int as i from units where district_id = ${D} and kind = 'school') s`;
  const weekdays = `(select d::date as d from generate_series('${from}'::date, '${to}'::date, interval '1 day') d where extract(isodow from d) < 6) w`;
  await run(`update units set canteen = (hashint4(id) % 10 <> 0) where district_id = ${D} and kind = 'school'`);
  // Food safety.
  await run(`insert into food_records (${cols}, kind, recorded_on, person, staff_checked, staff_unwell, samples_kept, sample_grams, sample_hours)
    select ${stamp}, 'daily_check', w.d, '食堂管理员', 10, 0, 6, 150, 48 from ${schools}, ${weekdays}
    where s.canteen and not (s.i % 31 = 5 and extract(doy from w.d)::int % 20 = 0)`);
  await run(`insert into food_records (${cols}, kind, recorded_on, person, finding_count, meal, summary)
    select ${stamp}, k.kind, w.d, '总务处主任', case when k.kind = 'weekly_check' then 0 end, case when k.kind = 'accompanied_meal' then 'lunch' end, case when k.kind = 'monthly_dispatch' then '月调度报告' end
    from ${schools}, ${weekdays}, (values ('weekly_check', 3), ('accompanied_meal', 2), ('accompanied_meal', 4), ('monthly_dispatch', 0)) k(kind, dow)
    where s.canteen and (extract(isodow from w.d)::int = k.dow or (k.dow = 0 and extract(day from w.d) between 5 and 7 and extract(isodow from w.d) = 1))`);
  await run(`insert into food_records (${cols}, kind, recorded_on, person, certificate_type, expires_on, bright_kitchen_online, traceability_online)
    select ${stamp}, k.kind, '${from}'::date, k.person, k.ctype, case when k.kind = 'certificate' then '${T}'::date + 100 + hashint4(s.id) % 500 end,
      case when k.kind = 'platform_status' then true end, case when k.kind = 'platform_status' then hashint4(s.id) % 50 <> 0 end
    from ${schools}, (values ('certificate', '张师傅', 'health_certificate'), ('certificate', '李师傅', 'health_certificate'), ('certificate', '配送中心', 'supplier_licence'), ('platform_status', '总务处', null)) k(kind, person, ctype)
    where s.canteen`);
  // Gate.
  await run(`insert into gate_records (${cols}, kind, recorded_on, guard_name, arrival_teachers, arrival_guards, dismissal_teachers, dismissal_guards)
    select ${stamp}, 'guard_post', w.d, '保安', 2, 2, case when s.i % 27 = 3 and extract(isodow from w.d) = 5 then 0 else 2 end, 2 from ${schools}, ${weekdays}`);
  await run(`insert into gate_records (${cols}, kind, recorded_on, guard_name, visitor_name, id_number_masked, id_checked, purpose, host_name, escort_name, admitted, arrived_at, left_at)
    select ${stamp}, 'visitor', w.d, '保安', '来访人', '310104********123X', true, '家长来访', '班主任',
      case when hashint4(s.id * 7919 + extract(doy from w.d)::int * 2 + v) % 40 = 0 then null else '值班教师' end, true,
      (w.d + time '09:00' + v * interval '3 hours') at time zone 'Asia/Shanghai', (w.d + time '09:40' + v * interval '3 hours') at time zone 'Asia/Shanghai'
    from ${schools}, ${weekdays}, generate_series(0, 1) v`);
  await run(`insert into gate_records (${cols}, kind, recorded_on, guard_name, plate, admitted, refusal_reason, arrived_at)
    select ${stamp}, 'vehicle', w.d, '保安', '沪A00000', hashint4(s.id + extract(doy from w.d)::int) % 5 <> 0, case when hashint4(s.id + extract(doy from w.d)::int) % 5 = 0 then '无关车辆' end,
      (w.d + time '10:00') at time zone 'Asia/Shanghai'
    from ${schools}, ${weekdays}`);
  // Daily health checks.
  await run(`insert into health_checks (${cols}, checked_on, session, class_name, checker_name, enrolled, absent, absent_ill)
    select ${stamp}, w.d, ss.session, c.name, '班主任', 45, 0, 0
    from ${schools}, ${weekdays}, (values ('morning'), ('noon')) ss(session), (values ('一年级一班'), ('三年级二班'), ('五年级三班')) c(name)
    where not (s.i % 29 = 7 and ss.session = 'noon' and extract(isodow from w.d) = 1)`);
  // Safety education: an activity on each education day of the span (the fixed days), roll calls, a drowning letter.
  await run(`insert into education_records (${cols}, kind, held_on, person, education_day, title, classes_reached)
    select ${stamp}, 'activity', make_date(y, e.m, e.d), '德育处', e.k || ':' || y, '主题教育活动', 20
    from ${schools}, generate_series(extract(year from '${from}'::date)::int, extract(year from '${to}'::date)::int) y,
      (values ('disaster_prevention_day', 5, 12), ('work_safety_day', 6, 16), ('anti_drug_day', 6, 26), ('drill_day', 9, 18), ('fire_day', 11, 9), ('traffic_safety_day', 12, 2)) e(k, m, d)
    where make_date(y, e.m, e.d) between '${from}'::date and '${to}'::date`);
  await run(`insert into education_records (${cols}, kind, held_on, person, dormitory, expected, present, absent_without_leave, parents_notified)
    select ${stamp}, 'roll_call', w.d, '宿管员', '1号楼', 120, 120, 0, 0 from ${schools}, ${weekdays} where s.boarding`);
  await run(`insert into education_records (${cols}, kind, held_on, person, classes_total, classes_acknowledged)
    select ${stamp}, 'drowning_letter', make_date(y, 6, 20), '德育处', 24, 24
    from ${schools}, generate_series(extract(year from '${from}'::date)::int, extract(year from '${to}'::date)::int) y where make_date(y, 6, 20) between '${from}'::date and '${to}'::date`);
  const counts: Record<string, number> = {};
  for (const t of ['food_records', 'gate_records', 'health_checks', 'education_records']) {
    const r = (await run(`select count(*)::int as n from ${t} where district_id = ${D}`)) as unknown as { rows: Array<{ n: number }> };
    counts[t] = r.rows[0].n;
  }
  // One statement a call: PGlite's extended protocol takes no more.
  for (const t of ['food_records', 'gate_records', 'health_checks', 'education_records']) await run(`analyze ${t}`);
  return { counts, total: Object.values(counts).reduce((a, b) => a + b, 0), loadMs: Date.now() - started };
}
