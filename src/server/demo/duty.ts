// The demo district's duty ledger (值班带班, 000 item 4, 003): a key period the bureau declared a
// week ago that runs for another week (003: 即日起至…, 24-hour leader and staff duty every day),
// with a roster at every school, and a roster for each holiday of the school calendars that ended
// in the last three months or is under way (000 item 4: a leader in charge every day). The leader
// is the principal, the staff member on duty the safety officer; past days are confirmed by the
// person on duty (where that person has an account: at 示范区第一幼儿园 the principal has none, so
// its leader days wait for confirmation). One school falls short:
//   - 东湖第二小学: two past days of the key period without a staff member, one holiday day without a leader.
// 示范区实验小学 (demo.school) has left the staff slot of the key period's last day open.
// Written in bulk (one audit event per table), to keep the bootstrap fast.
import { and, eq, isNotNull } from 'drizzle-orm';
import type { DutyRole } from '../../contracts/rules.js';
import { addDays, eachDay, shanghaiDate } from '../../domain/dates.js';
import { MAX_ROSTER_DAYS } from '../../domain/day-ranges.js';
import type { Holiday } from '../../domain/rules/periods.js';
import { writeAudit } from '../audit/audit.js';
import type { Db } from '../db/client.js';
import { dutyEntries, dutyRosters, keyPeriods, schoolCalendars, staffMembers, units, users } from '../db/schema.js';

/** Days of the key period and a holiday left without cover. */
export const DEMO_DUTY_SHORT = '东湖第二小学';
/** The school whose last key-period day still lacks a staff member (the e2e fills it). */
export const DEMO_DUTY_OPEN_SLOT = '示范区实验小学';
export const DEMO_KEY_PERIOD = '重大活动期间安全保障重点时段';

export async function loadDemoDuty(db: Db, districtId: number, now: Date): Promise<void> {
  const today = shanghaiDate(now);
  const schools = await db
    .select({ id: units.id, name: units.name, path: units.path })
    .from(units)
    .where(and(eq(units.districtId, districtId), eq(units.kind, 'school'), isNotNull(units.stage)))
    .orderBy(units.id);
  const staff = await db
    .select({ id: staffMembers.id, schoolId: staffMembers.schoolId, name: staffMembers.name, userId: staffMembers.userId, posts: staffMembers.posts, phone: users.phone })
    .from(staffMembers)
    .leftJoin(users, eq(users.id, staffMembers.userId))
    .where(eq(staffMembers.districtId, districtId));
  const [bureau] = await db.select({ id: users.id, displayName: users.displayName }).from(users).where(and(eq(users.districtId, districtId), eq(users.username, 'demo.bureau')));
  const calendars = await db.select({ holidays: schoolCalendars.holidays }).from(schoolCalendars).where(eq(schoolCalendars.districtId, districtId));
  const holidays = calendars
    .flatMap((c) => c.holidays as Holiday[])
    .filter((h) => h.startsOn <= today && h.endsOn >= addDays(today, -90))
    .sort((a, b) => a.startsOn.localeCompare(b.startsOn));

  await db.transaction(async (tx) => {
    const [existing] = await tx.select().from(keyPeriods).where(eq(keyPeriods.districtId, districtId)).limit(1);
    const kp =
      existing ??
      (await tx
        .insert(keyPeriods)
        .values({ districtId, name: DEMO_KEY_PERIOD, startsOn: addDays(today, -7), endsOn: addDays(today, 7), createdBy: bureau.id, createdAt: new Date(`${addDays(today, -8)}T02:00:00Z`) })
        .returning())[0];

    type Plan = { school: (typeof schools)[number]; title: string; startsOn: string; endsOn: string; keyPeriod: boolean };
    const plans: Plan[] = [];
    for (const s of schools) {
      plans.push({ school: s, title: `${kp.name}24小时值班带班`, startsOn: kp.startsOn, endsOn: kp.endsOn, keyPeriod: true });
      for (const h of holidays) {
        // Days of the key period are on its roster already (one entry per school, day and role).
        const startsOn = h.startsOn;
        const endsOn = h.endsOn >= kp.startsOn && h.startsOn <= kp.endsOn ? addDays(kp.startsOn, -1) : h.endsOn;
        if (endsOn < startsOn) continue;
        plans.push({ school: s, title: `${startsOn.slice(0, 4)}年${h.name}值班安排`, startsOn, endsOn, keyPeriod: false });
      }
    }
    const rosterRows: Array<typeof dutyRosters.$inferInsert> = plans.map((p) => {
      const safety = staff.find((x) => x.schoolId === p.school.id && x.userId && (x.posts as Array<{ post: string }>).some((y) => y.post === 'safety_department_head'));
      const createdAt = new Date(`${addDays(p.startsOn, -3)}T02:00:00Z`);
      return {
        districtId,
        schoolId: p.school.id,
        schoolPath: p.school.path,
        title: p.title,
        startsOn: p.startsOn,
        endsOn: p.endsOn,
        keyPeriodId: p.keyPeriod ? kp.id : null,
        phone: safety?.phone ?? null,
        createdBy: safety?.userId ?? bureau.id,
        createdByName: safety?.name ?? bureau.displayName,
        createdAt,
        updatedAt: createdAt,
      };
    });
    const rosters = rosterRows.length ? await tx.insert(dutyRosters).values(rosterRows).returning({ id: dutyRosters.id }) : [];

    const entryRows: Array<typeof dutyEntries.$inferInsert> = [];
    plans.forEach((p, k) => {
      const s = p.school;
      const mine = staff.filter((x) => x.schoolId === s.id);
      const holds = (post: string) => mine.find((x) => (x.posts as Array<{ post: string }>).some((y) => y.post === post));
      const principal = holds('principal');
      const safety = holds('safety_department_head') ?? holds('safety_vice_principal');
      if (!principal || !safety) return;
      // The days counted, not compared (issue 11 item 1): a holiday of a stored calendar is walked.
      for (const [n, d] of eachDay(p.startsOn, p.endsOn, MAX_ROSTER_DAYS).entries()) {
        const short = s.name === DEMO_DUTY_SHORT;
        const roles: DutyRole[] = p.keyPeriod ? ['leader', 'staff'] : ['leader'];
        for (const role of roles) {
          if (short && p.keyPeriod && role === 'staff' && (d === addDays(today, -4) || d === addDays(today, -3))) continue;
          if (short && !p.keyPeriod && n === 1) continue;
          if (s.name === DEMO_DUTY_OPEN_SLOT && p.keyPeriod && role === 'staff' && d === p.endsOn) continue;
          const who = role === 'leader' ? principal : safety;
          // Confirmed the morning after by the person on duty (who needs an account for it).
          const confirmed = who.userId !== null && d < today;
          const at = new Date(`${addDays(d, 1)}T00:30:00Z`);
          entryRows.push({
            districtId,
            rosterId: rosters[k].id,
            schoolId: s.id,
            schoolPath: s.path,
            dutyOn: d,
            role,
            staffId: who.id,
            userId: who.userId,
            personName: who.name,
            phone: who.phone,
            hours: p.keyPeriod ? 24 : 24 - (n % 2) * 12,
            confirmedAt: confirmed ? at : null,
            confirmedBy: confirmed ? who.userId : null,
            version: confirmed ? 2 : 1,
            createdAt: rosterRows[k].createdAt,
            updatedAt: confirmed ? at : rosterRows[k].createdAt,
          });
        }
      }
    });
    for (let i = 0; i < entryRows.length; i += 2000) await tx.insert(dutyEntries).values(entryRows.slice(i, i + 2000));
    const system = { actor: null, ip: null };
    if (!existing) await writeAudit(tx, system, { action: 'create', objectType: 'key_period', objectId: kp.id, districtId, actorName: '系统', after: { demo: true, name: kp.name, startsOn: kp.startsOn, endsOn: kp.endsOn } });
    await writeAudit(tx, system, { action: 'import', objectType: 'duty_roster', districtId, actorName: '系统', after: { demo: true, rosters: rosters.length, entries: entryRows.length } });
  });
}
