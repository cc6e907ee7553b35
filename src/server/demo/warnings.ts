// The demo district's warnings (预警提示, 000 item 10; issue 21), made through the service as the people
// would: a typhoon warning demo.bureau issued to every school 20 days ago and closed two days later.
// Most schools signed within the hour and reported; so the screens show something, two signed late
// (past the pack's two hours), two never signed, and one signed without reporting. Two schools take
// in evacuees (担负应急疏散安置任务) and were asked the shelter checks.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { requiredActionsFor, type WarningAction } from '../../domain/warnings.js';
import type { Actor } from '../access/access.js';
import type { Ctx } from '../context.js';
import type { Db } from '../db/client.js';
import { units } from '../db/schema.js';
import { closeWarning, issueWarning, reportWarning, signWarning } from '../warnings/warnings.service.js';
import { demoPeople } from './people.js';

export const DEMO_SHELTERS = ['示范区第二中学', '北河中学'];
export const DEMO_WARNING_LATE = ['西城育才学校', '南山第二小学'];
export const DEMO_WARNING_UNSIGNED = ['北河希望小学', '南山村幼儿园'];
const SIGNED_ONLY = '东湖第二小学';

export async function loadDemoWarnings(db: Db, districtId: number, now: Date): Promise<void> {
  const { table, people, rolesOf, actorOf } = await demoPeople(db, districtId);
  await db.update(units).set({ shelter: true }).where(and(eq(units.districtId, districtId), inArray(units.name, DEMO_SHELTERS)));
  const at = (actor: Actor, d: Date): Ctx => ({ db, actor, ip: null, roleTable: table, now: d });
  const bureauPerson = people.find((p) => p.username === 'demo.bureau');
  if (!bureauPerson) return;
  const bureau = actorOf(bureauPerson);

  // 20 days ago at 09:00 in Shanghai.
  const issuedAt = new Date(Math.floor(now.getTime() / 86_400_000) * 86_400_000 - 20 * 86_400_000 + 3_600_000);
  const hours = (h: number) => new Date(issuedAt.getTime() + h * 3_600_000);
  const actions: WarningAction[] = ['evacuate_shacks', 'waterlogging_points', 'construction_sites', 'falling_objects', 'suspend_outdoor'];
  const w = await issueWarning(at(bureau, issuedAt), {
    warningKind: 'typhoon',
    warningLevel: 'orange',
    warningTitle: '第12号台风“海葵”橙色预警',
    warningActions: actions,
    requirements: '各校于今日 18:00 前完成校园巡查，加固门窗、广告牌和临时设施，清理排水沟；明日暂停户外活动。',
    targetMode: 'all',
    targetUnitIds: [],
    deadlineAt: hours(24).toISOString(),
  });

  const schools = await db.select().from(units).where(and(eq(units.districtId, districtId), eq(units.kind, 'school'), eq(units.status, 'active'))).orderBy(asc(units.id));
  for (const [i, s] of schools.entries()) {
    if (DEMO_WARNING_UNSIGNED.includes(s.name)) continue;
    const officer = people.find((p) => p.unitId === s.id && (rolesOf(p.id).includes('school_safety_officer') || rolesOf(p.id).includes('principal')));
    if (!officer) continue;
    const me = actorOf(officer);
    const late = DEMO_WARNING_LATE.includes(s.name);
    const signedAt = hours(late ? 5 + (i % 3) : 0.2 + (i % 7) * 0.1);
    const signed = await signWarning(at(me, signedAt), w.id);
    if (s.name === SIGNED_ONLY) continue;
    const required = requiredActionsFor(actions, s.shelter);
    await reportWarning(at(me, hours(late ? 23 : 6 + (i % 5))), w.id, {
      version: signed.mine?.version ?? 1,
      reportNote: late ? '签收时限内值班人员未看到通知，已整改值班制度' : null,
      actionResults: required.map((action) => ({
        action,
        done: !(action === 'evacuate_shacks' && i % 2 === 0),
        note: action === 'evacuate_shacks' && i % 2 === 0 ? '校内无危棚简屋' : null,
        fileIds: [],
      })),
    });
  }
  // Signatures and reports do not change the warning's version: the one it was issued with closes it.
  await closeWarning(at(bureau, hours(48)), w.id, w.version);
}
