// Demo safety budgets (issue 21; 001 items 4 and 25): this year's budget of every school with a
// safety officer, by category and source, about three quarters spent by now; one school budgeted no
// 保安 wages though it has guards, and one has not drawn up its budget, so the execution view and
// budget.guards_funded show both.
import { and, asc, eq } from 'drizzle-orm';
import type { BudgetLineInput } from '../../contracts/budget.js';
import { shanghaiDate } from '../../domain/dates.js';
import type { Db } from '../db/client.js';
import { units } from '../db/schema.js';
import { createBudget } from '../budget/budget.service.js';
import { demoPeople } from './people.js';

export const DEMO_GUARDS_UNFUNDED = '西城小学';
export const DEMO_NO_BUDGET = '南山中学';

export async function loadDemoBudget(db: Db, districtId: number, now: Date): Promise<void> {
  const { table, people, rolesOf, actorOf } = await demoPeople(db, districtId);
  const year = Number(shanghaiDate(now).slice(0, 4));
  const schools = await db.select().from(units).where(and(eq(units.districtId, districtId), eq(units.kind, 'school'), eq(units.status, 'active'))).orderBy(asc(units.id));
  for (const [i, s] of schools.entries()) {
    if (s.name === DEMO_NO_BUDGET) continue;
    const officer = people.find((p) => p.unitId === s.id && rolesOf(p.id).includes('school_safety_officer'));
    if (!officer) continue;
    // Sizes follow the school: 人防/物防/技防 and training by its students, 保安 by its gates.
    const students = s.studentCount ?? 600;
    const yuan = (x: number) => Math.round(x) * 100;
    // Spent to the yuan.
    const spent = (fen: number, share: number) => Math.round((fen * share) / 100 / 100) * 100;
    const lines: BudgetLineInput[] = [
      { category: 'physical', source: 'fiscal', budgetFen: yuan(students * 40), spentFen: 0 },
      { category: 'technical', source: 'fiscal', budgetFen: yuan(students * 60), spentFen: 0 },
      { category: 'technical', source: 'special_grant', budgetFen: yuan(20_000), spentFen: 0 },
      { category: 'emergency', source: 'fiscal', budgetFen: yuan(8_000), spentFen: 0 },
      { category: 'training', source: 'self_raised', budgetFen: yuan(3_000), spentFen: 0 },
    ];
    if (s.name !== DEMO_GUARDS_UNFUNDED) lines.push({ category: 'guard_wages', source: 'fiscal', budgetFen: yuan(48_000 * Math.max(1, s.gateCount ?? 1)), spentFen: 0 });
    const share = 60 + ((i * 7) % 30);
    for (const l of lines) l.spentFen = spent(l.budgetFen, share);
    await createBudget({ db, actor: actorOf(officer), ip: null, roleTable: table, now }, { schoolId: s.id, year, budgetLines: lines, note: '按区教育局安全经费预算编报要求填报' });
  }
}
