// A number of days some service reads from a rule of the district's pack in force when it makes a
// record (the inquiry of a bullying case, the due day of a petition …): the record keeps the day it
// computed, so a later version of the pack does not move a deadline already given. A pack stored
// before the rule existed, or with the rule switched off: the shipped default.
import { and, eq } from 'drizzle-orm';
import type { Rule } from '../../domain/rules/pack.js';
import type { Executor } from '../db/client.js';
import { rulePacks, rulePackVersions } from '../db/schema.js';

/** Each code's threshold in whole days (at least 1), else its default; with the version in force. */
export async function ruleDaysFor<C extends string>(db: Executor, districtId: number, defaults: Record<C, number>): Promise<{ days: Record<C, number>; packVersion: number | null }> {
  const [row] = await db
    .select({ rules: rulePackVersions.rules, number: rulePackVersions.number })
    .from(rulePacks)
    .innerJoin(rulePackVersions, and(eq(rulePackVersions.packId, rulePacks.id), eq(rulePackVersions.number, rulePacks.currentVersion)))
    .where(eq(rulePacks.districtId, districtId));
  const rules = (row?.rules ?? []) as Rule[];
  const days = {} as Record<C, number>;
  for (const code of Object.keys(defaults) as C[]) {
    const rule = rules.find((r) => r.code === code);
    days[code] = rule?.enabled && rule.threshold.min >= 1 ? Math.round(rule.threshold.min) : defaults[code];
  }
  return { days, packVersion: row?.number ?? null };
}
