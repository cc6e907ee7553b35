// The demo district's fire-safety standardisation (000 item 5, 001 item 13; issue 21), made through the
// service as the people would: each school's safety officer self-assesses and submits, 安全管理中心
// (demo.dept) accepts. Most schools were accepted in the last months; so the screens show something:
//   - 示范区第一幼儿园 (demo.kg), 东湖中学, 西城实验中学, 南山第二小学, 北河中心幼儿园: self-assessed, waiting for acceptance;
//   - 西城育才学校: failed (燃气管道占压, 疏散通道堆放杂物), its two items hazards in the register;
//   - 东湖第二小学, 北河第二小学: self-assessing (drafts);
//   - 示范区实验小学 (demo.school) and a few others: not started (demo.school tries 发起自评).
// Accepted schools name one or two fire patrol staff from their staff records.
import { and, asc, eq } from 'drizzle-orm';
import { addDays, shanghaiDate } from '../../domain/dates.js';
import type { FireAnswerInput } from '../../contracts/fire-standard.js';
import { DEFAULT_FIRE_STANDARD, standardKeys } from '../../domain/fire-standard.js';
import type { Actor } from '../access/access.js';
import type { Ctx } from '../context.js';
import type { Db } from '../db/client.js';
import { staffMembers, units } from '../db/schema.js';
import { acceptFireAssessment, createFireAssessment, nameFirePatrol, submitFireAssessment, updateFireAssessment } from '../fire-standard/fire-standard.service.js';
import { demoPeople } from './people.js';

export const DEMO_FIRE_WAITING = ['示范区第一幼儿园', '东湖中学', '西城实验中学', '南山第二小学', '北河中心幼儿园'];
export const DEMO_FIRE_FAILED = '西城育才学校';
export const DEMO_FIRE_DRAFTS = ['东湖第二小学', '北河第二小学'];
const NOT_STARTED = ['示范区实验小学', '南山村幼儿园', '北河新苗幼儿园', '示范区新华职业学校', '示范区机关幼儿园'];
const AREAS = ['教学楼、图书馆', '宿舍楼、食堂', '实验室、配电房'];

export async function loadDemoFireStandard(db: Db, districtId: number, now: Date): Promise<void> {
  const { table, people, rolesOf, actorOf } = await demoPeople(db, districtId);
  const today = shanghaiDate(now);
  const ctxAt = (actor: Actor, day: string): Ctx => ({ db, actor, ip: null, roleTable: table, now: new Date(`${day}T02:00:00Z`) });
  const dept = people.find((p) => p.username === 'demo.dept');
  if (!dept) return;
  const accepter = actorOf(dept);

  const schools = await db.select().from(units).where(and(eq(units.districtId, districtId), eq(units.kind, 'school'), eq(units.status, 'active'))).orderBy(asc(units.id));
  const staff = await db.select({ id: staffMembers.id, schoolId: staffMembers.schoolId }).from(staffMembers).where(eq(staffMembers.districtId, districtId)).orderBy(asc(staffMembers.id));
  const keys = standardKeys(DEFAULT_FIRE_STANDARD.sections);
  const allMeet = (): FireAnswerInput[] => keys.map((key) => ({ key, result: 'meets', fileIds: [] }));

  for (const [i, s] of schools.entries()) {
    if (s.stage === 'off_campus' || NOT_STARTED.includes(s.name)) continue;
    const officer = people.find((p) => p.unitId === s.id && rolesOf(p.id).includes('school_safety_officer'));
    if (!officer) continue;
    const me = actorOf(officer);
    const submitDay = addDays(today, -(40 + (i % 5) * 12));
    let a = await createFireAssessment(ctxAt(me, addDays(submitDay, -3)), s.id);
    let answers = allMeet();
    // Boarding schools answer the night-drill item; others say it does not apply.
    if (!s.boarding) answers = answers.map((x) => (x.key === 'evac-04' ? { ...x, result: 'na' } : x));
    if (s.name === DEMO_FIRE_FAILED) answers = answers.map((x) => (x.key === 'fac-03' ? { key: x.key, result: 'fails', note: '食堂燃气管道上方搭建储物架，存在占压', fileIds: [] } : x));
    if (DEMO_FIRE_DRAFTS.includes(s.name)) {
      await updateFireAssessment(ctxAt(me, addDays(today, -2)), a.id, { version: a.version, answers: answers.slice(0, 8), note: null });
      continue;
    }
    a = await updateFireAssessment(ctxAt(me, addDays(submitDay, -1)), a.id, { version: a.version, answers, note: s.name === DEMO_FIRE_FAILED ? '自评发现燃气管道占压 1 项，正在整改' : null });
    const waiting = DEMO_FIRE_WAITING.includes(s.name);
    const day = waiting ? addDays(today, -(3 + (i % 4) * 4)) : submitDay;
    a = await submitFireAssessment(ctxAt(me, day), a.id, a.version, '请区教育局组织达标验收');
    if (waiting) continue;
    const acceptedOn = addDays(day, 10);
    if (s.name === DEMO_FIRE_FAILED) {
      await acceptFireAssessment(ctxAt(accepter, acceptedOn), a.id, { version: a.version, result: 'fail', acceptedOn, comment: '燃气管道占压未整改，二楼疏散通道堆放杂物，验收不达标，请限期整改后重新申请验收', failedKeys: ['fac-03', 'evac-01'] });
      continue;
    }
    await acceptFireAssessment(ctxAt(accepter, acceptedOn), a.id, { version: a.version, result: 'pass', acceptedOn, comment: '消防设施完好有效，疏散通道畅通，制度和记录齐全，验收达标', failedKeys: [] });
    for (const [k, p] of staff.filter((x) => x.schoolId === s.id).slice(0, 1 + (i % 2)).entries()) {
      await nameFirePatrol(ctxAt(me, day), { schoolId: s.id, staffId: p.id, patrolArea: AREAS[(i + k) % AREAS.length], namedOn: addDays(day, -20) });
    }
  }
}
