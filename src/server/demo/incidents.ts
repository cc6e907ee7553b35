// The demo district's incidents (突发事件, issue 13), reported through the real service by the people
// who would report and sign for them, over the year:
//   - 示范区实验小学: a sprained ankle in PE, reported on time, signed for by 东湖街道 and the bureau, closed.
//   - 东湖第二小学: suspected food poisoning (较大), first report 95 minutes after knowing: late (迟报).
//   - 东湖中学: a pupil hit by a car on the way home, entered by 东湖街道 from the police; the school
//     reported four hours later: missing (漏报).
//   - 示范区第一幼儿园: a fall two days ago, open, waiting for the bureau's receipt.
// And the daily reports (零报告) of the demo key period: required by the bureau; every school sent
// them but 东湖第二小学, which missed the last two days.
import { and, eq, inArray } from 'drizzle-orm';
import type { RoleKey, SafetyArea, UnitKind } from '../../contracts/enums.js';
import type { CreateIncident } from '../../contracts/incidents.js';
import { addDays, eachDay, shanghaiDate } from '../../domain/dates.js';
import { buildActor, loadRoleTable, type Actor } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Db } from '../db/client.js';
import { incidentDailyReports, incidentDailyRequirements, keyPeriods, units, userRoles, users } from '../db/schema.js';
import { addReport, createIncident, receiveReport } from '../incidents/incidents.service.js';

export const DEMO_INCIDENT_LATE = '东湖第二小学';
export const DEMO_INCIDENT_MISSING = '东湖中学';
export const DEMO_DAILY_SHORT = '东湖第二小学';

export async function loadDemoIncidents(db: Db, districtId: number, now: Date): Promise<void> {
  const table = await loadRoleTable(db);
  const rows = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, unitId: users.unitId, unitName: units.name, unitKind: units.kind, unitPath: units.path, unitAreas: units.areas })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(eq(users.districtId, districtId));
  const roleRows = await db.select().from(userRoles).where(inArray(userRoles.userId, rows.map((r) => r.id)));
  const actor = (pick: (r: (typeof rows)[number], roles: RoleKey[]) => boolean): Actor => {
    const r = rows.find((x) => pick(x, roleRows.filter((y) => y.userId === x.id).map((y) => y.roleKey as RoleKey)));
    if (!r) throw new Error('demo incidents: no such person');
    return buildActor(table, {
      id: r.id,
      username: r.username,
      displayName: r.displayName,
      districtId,
      unitId: r.unitId,
      unitName: r.unitName,
      unitKind: r.unitKind as UnitKind,
      unitPath: r.unitPath,
      unitAreas: r.unitAreas as SafetyArea[],
      roles: roleRows.filter((x) => x.userId === r.id).map((x) => x.roleKey as RoleKey),
      mustChangePassword: false,
    });
  };
  const byName = (username: string) => actor((r) => r.username === username);
  const officerOf = (school: string) => actor((r, roles) => r.unitName === school && roles.includes('school_safety_officer'));
  const ctxAt = (a: Actor, at: Date): Ctx => ({ db, actor: a, ip: null, roleTable: table, now: at });
  const town = byName('demo.town');
  const bureau = byName('demo.bureau');
  const [school] = await db.select({ id: units.id }).from(units).where(and(eq(units.districtId, districtId), eq(units.name, '示范区实验小学')));
  const unitIdOf = async (name: string) => (await db.select({ id: units.id }).from(units).where(and(eq(units.districtId, districtId), eq(units.name, name))))[0].id;

  // A moment `days` ago at hh:mm Beijing time.
  const ago = (days: number, hhmm: string) => new Date(`${addDays(shanghaiDate(now), -days)}T${hhmm}:00+08:00`);
  const plus = (d: Date, minutes: number) => new Date(d.getTime() + minutes * 60_000);
  const base = (unitId: number, o: Partial<CreateIncident> & Pick<CreateIncident, 'headline' | 'occurredAt' | 'knownAt' | 'place' | 'category' | 'subtype'>): CreateIncident => ({
    unitId,
    severity: 'general',
    dead: 0,
    injured: 1,
    missingPersons: 0,
    actionsTaken: '',
    fileIds: [],
    ...o,
  });
  const written = (version: number, content: string, o: Partial<Parameters<typeof addReport>[2]> = {}) => ({ version, reportKind: 'written' as const, content, severity: 'general' as const, dead: 0, injured: 1, missingPersons: 0, fileIds: [], ...o });

  // 1. On time, signed for, closed.
  {
    const known = ago(90, '10:20');
    const s = officerOf('示范区实验小学');
    let i = await createIncident(
      ctxAt(s, plus(known, 25)),
      base(school.id, { headline: '学生体育课踝关节扭伤', occurredAt: ago(90, '10:05').toISOString(), knownAt: known.toISOString(), place: '田径场', category: 'accident_disaster', subtype: 'other', actionsTaken: '体育教师现场冰敷固定，校医检查后由家长陪同送区中心医院，已通知班主任' }),
    );
    await receiveReport(ctxAt(town, plus(known, 40)), i.id, i.reports[0].id);
    i = await receiveReport(ctxAt(bureau, plus(known, 70)), i.id, i.reports[0].id);
    i = await addReport(ctxAt(s, plus(known, 6 * 60)), i.id, written(i.version, '书面报告：学生右踝关节扭伤，X 光未见骨折，已回家休养；体育课前热身已要求加强'));
    await addReport(ctxAt(s, plus(known, 3 * 24 * 60)), i.id, { ...written(i.version, '终报：学生已返校上课，家长无异议，事件处置完毕'), reportKind: 'final' });
  }
  // 2. Late: 较大, first report after 95 minutes (60 allowed).
  {
    const known = ago(60, '12:10');
    const s = officerOf(DEMO_INCIDENT_LATE);
    let i = await createIncident(
      ctxAt(s, plus(known, 95)),
      base(await unitIdOf(DEMO_INCIDENT_LATE), {
        headline: '午餐后多名学生腹痛呕吐（疑似食物中毒）',
        occurredAt: ago(60, '12:00').toISOString(),
        knownAt: known.toISOString(),
        place: '学生食堂',
        category: 'public_health',
        subtype: 'food_poisoning',
        severity: 'larger',
        injured: 12,
        actionsTaken: '停止供餐并封存留样，12 名学生送区中心医院，已报告区市场监管局和疾控中心，通知家长',
      }),
    );
    await receiveReport(ctxAt(town, plus(known, 110)), i.id, i.reports[0].id);
    await receiveReport(ctxAt(bureau, plus(known, 120)), i.id, i.reports[0].id);
    i = await addReport(ctxAt(s, plus(known, 3 * 60)), i.id, written(i.version, '书面报告：12 名学生经治疗症状缓解，疾控已采样，初步判断为诺如病毒感染', { severity: 'larger', injured: 12 }));
    i = await addReport(ctxAt(s, plus(known, 26 * 60)), i.id, { ...written(i.version, '续报：11 名学生已出院，1 名留院观察；食堂停业整改', { severity: 'larger', injured: 12 }), reportKind: 'follow_up' });
    await addReport(ctxAt(s, plus(known, 5 * 24 * 60)), i.id, { ...written(i.version, '终报：全部学生康复返校，食堂经复查恢复供餐', { severity: 'larger', injured: 12 }), reportKind: 'final' });
  }
  // 3. Missing: the town learned it from the police; the school reported four hours later.
  {
    const known = ago(30, '17:00');
    const unitId = await unitIdOf(DEMO_INCIDENT_MISSING);
    let i = await createIncident(
      ctxAt(town, plus(known, 50)),
      base(unitId, {
        headline: '学生放学途中被电动车撞伤',
        occurredAt: ago(30, '16:40').toISOString(),
        knownAt: known.toISOString(),
        place: '东湖路与学府路交叉口',
        category: 'accident_disaster',
        subtype: 'traffic',
        actionsTaken: '镇街从派出所获悉，已电话联系学校了解情况',
      }),
    );
    const s = officerOf(DEMO_INCIDENT_MISSING);
    i = await addReport(ctxAt(s, plus(known, 4 * 60)), i.id, { ...written(i.version, '首报：初二学生放学途中被电动车撞伤左腿，已送医，班主任陪同'), reportKind: 'first' });
    await receiveReport(ctxAt(town, plus(known, 4 * 60 + 20)), i.id, i.reports[0].id);
  }
  // 4. Open, waiting for the bureau.
  {
    const known = ago(2, '15:10');
    const s = officerOf('示范区第一幼儿园');
    const i = await createIncident(
      ctxAt(s, plus(known, 30)),
      base(await unitIdOf('示范区第一幼儿园'), { headline: '幼儿户外活动摔伤额头', occurredAt: ago(2, '15:00').toISOString(), knownAt: known.toISOString(), place: '户外活动场', category: 'accident_disaster', subtype: 'other', actionsTaken: '保健老师止血包扎，送医缝合 3 针，已通知家长到院' }),
    );
    await receiveReport(ctxAt(town, plus(known, 50)), i.id, i.reports[0].id);
    await addReport(ctxAt(s, plus(known, 5 * 60)), i.id, written(i.version, '书面报告：幼儿额头伤口缝合 3 针，情况良好，已回家'));
  }

  // Daily reports of the demo key period (零报告): required; every school up to yesterday but one.
  const [kp] = await db.select().from(keyPeriods).where(eq(keyPeriods.districtId, districtId)).limit(1);
  if (!kp) return;
  const today = shanghaiDate(now);
  const schools = await db.select({ id: units.id, name: units.name, path: units.path }).from(units).where(and(eq(units.districtId, districtId), eq(units.kind, 'school')));
  const days = kp.startsOn < today ? eachDay(kp.startsOn, addDays(today, -1), 100) : [];
  const officers = new Map(schools.map((sc) => [sc.id, rows.find((r) => r.unitId === sc.id && roleRows.some((x) => x.userId === r.id && x.roleKey === 'school_safety_officer'))]));
  await db.transaction(async (tx) => {
    const [req] = await tx.insert(incidentDailyRequirements).values({ districtId, keyPeriodId: kp.id, createdBy: bureau.id, createdAt: new Date(`${kp.startsOn}T00:00:00+08:00`) }).returning();
    const values = schools.flatMap((sc) => {
      const o = officers.get(sc.id);
      if (!o) return [];
      return days
        .filter((d) => !(sc.name === DEMO_DAILY_SHORT && d >= addDays(today, -2)))
        .map((d) => ({ districtId, schoolId: sc.id, schoolPath: sc.path, reportDay: d, nothingHappened: true, note: null, disputesNothing: true, disputeIds: [], reportedAt: new Date(Date.parse(`${d}T17:30:00+08:00`) + (sc.id % 60) * 60_000), actorId: o.id, actorName: o.displayName }));
    });
    if (values.length) await tx.insert(incidentDailyReports).values(values);
    await writeAudit(tx, { actor: null, ip: null }, { action: 'import', objectType: 'incident_daily_report', districtId, actorName: '系统', after: { demo: true, requirementId: req.id, reports: values.length } });
  });
}
