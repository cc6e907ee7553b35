// Demo video links and video patrols (issue 22): every school with a safety officer has its gate
// and perimeter links and, but for 南山第二小学, its canteen kitchen (明厨亮灶); on the 15th of last
// month 东湖街道's officer patrolled its first school by video and found canteen staff without masks,
// so last month's coverage, the hazard list and the canteen notice draft show something. The bureau
// (demo.bureau) patrolled the other schools and off-campus institutions last month (on the 10th, the canteen schools' kitchens again on
// the 20th), so the board's video_patrol.monthly and video_patrol.canteen are met but for a few:
//   - 北河第二小学 was not patrolled at all (video_patrol.monthly, 001 item 4);
//   - 西城小学's kitchen was looked at once (video_patrol.canteen, 000 item 7 / 001 item 17);
//   - 南山第二小学 has a canteen but no kitchen link, so its kitchen could not be patrolled.
import { and, asc, eq } from 'drizzle-orm';
import { shanghaiDate } from '../../domain/dates.js';
import type { Actor } from '../access/access.js';
import type { Ctx } from '../context.js';
import type { Db } from '../db/client.js';
import { units } from '../db/schema.js';
import { getInspection, saveResults, submitTarget } from '../inspections/inspections.service.js';
import { createVideoLink, startVideoPatrol } from '../video-patrol/video-patrol.service.js';
import { demoPeople } from './people.js';

export const DEMO_NO_CANTEEN_LINK = '南山第二小学';
export const DEMO_VIDEO_UNPATROLLED = '北河第二小学';
export const DEMO_CANTEEN_ONCE = '西城小学';

export async function loadDemoVideoPatrol(db: Db, districtId: number, now: Date): Promise<void> {
  const { table, people, rolesOf, actorOf } = await demoPeople(db, districtId);
  const ctx = (actor: Actor, at = now): Ctx => ({ db, actor, ip: null, roleTable: table, now: at });

  const schools = await db.select().from(units).where(and(eq(units.districtId, districtId), eq(units.kind, 'school'), eq(units.status, 'active'))).orderBy(asc(units.id));
  for (const s of schools) {
    const officer = people.find((p) => p.unitId === s.id && rolesOf(p.id).includes('school_safety_officer'));
    if (!officer) continue;
    const c = ctx(actorOf(officer));
    const base = `https://tianyan.example.edu.cn/live/${s.id}`;
    await createVideoLink(c, { schoolId: s.id, name: '校门', area: 'gate', url: `${base}/gate`, platform: '校园天眼' });
    await createVideoLink(c, { schoolId: s.id, name: '周界', area: 'perimeter', url: `${base}/perimeter`, platform: '校园天眼' });
    if (s.name !== DEMO_NO_CANTEEN_LINK && s.stage !== 'off_campus') {
      await createVideoLink(c, { schoolId: s.id, name: '食堂后厨', area: 'canteen', url: `https://mingchu.example.edu.cn/kitchen/${s.id}`, platform: '明厨亮灶平台' });
    }
  }

  // Last month's patrol by the town officer of its first school with a canteen link.
  const townOfficer = people.find((p) => p.username === 'demo.town');
  if (!townOfficer) return;
  const school = schools.find((s) => s.path.startsWith(townOfficer.unitPath) && s.name !== DEMO_NO_CANTEEN_LINK && s.stage !== 'off_campus');
  if (!school) return;
  const today = shanghaiDate(now);
  const [y, m] = today.split('-').map(Number);
  const last = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  const at = new Date(`${last}-15T02:30:00Z`);
  const c = ctx(actorOf(townOfficer), at);
  const started = await startVideoPatrol(c, school.id);
  const insp = await getInspection(c, started.inspectionId);
  const keys = insp.sections.flatMap((sec) => sec.items.map((i) => i.key));
  let target = insp.targets[0];
  target = await saveResults(c, insp.id, target.id, {
    version: target.version,
    results: keys.map((itemKey) => (itemKey === 'vp-canteen-01' ? { itemKey, result: 'fail' as const, note: '午餐备餐时段两名后厨人员未戴口罩' } : { itemKey, result: 'pass' as const })),
  });
  await submitTarget(c, insp.id, target.id, { version: target.version, summary: '门岗在岗，周界完好；后厨着装不规范', failed: [{ itemKey: 'vp-canteen-01', location: '食堂后厨（明厨亮灶视频）' }] });

  // The bureau patrols the rest last month, all in order: on the 10th every school (the
  // kitchen too where there is a kitchen link), on the 20th the kitchens again.
  const bureau = people.find((p) => p.username === 'demo.bureau');
  if (!bureau) return;
  const patrol = async (schoolId: number, day: string, kitchen: boolean) => {
    const ci = ctx(actorOf(bureau), new Date(`${day}T01:30:00Z`));
    const started = await startVideoPatrol(ci, schoolId);
    const insp = await getInspection(ci, started.inspectionId);
    const t = insp.targets[0];
    const results = insp.sections.flatMap((sec) => sec.items.map((i) => ({ itemKey: i.key, result: !kitchen && i.key.startsWith('vp-canteen-') ? ('na' as const) : ('pass' as const) })));
    const saved = await saveResults(ci, insp.id, t.id, { version: t.version, results });
    await submitTarget(ci, insp.id, t.id, { version: saved.version, summary: kitchen ? '门岗在岗，周界完好，后厨规范' : '门岗在岗，周界完好' });
  };
  for (const s of schools) {
    if (s.name === DEMO_VIDEO_UNPATROLLED) continue;
    const kitchen = s.canteen && s.name !== DEMO_NO_CANTEEN_LINK;
    if (s.id !== school.id) await patrol(s.id, `${last}-10`, kitchen);
    if (kitchen && s.name !== DEMO_CANTEEN_ONCE) await patrol(s.id, `${last}-20`, true);
  }
}
