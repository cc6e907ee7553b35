// A number some service reads from a rule of the district's pack in force: the days of a deadline
// when it makes a record (the inquiry of a bullying case, the due day of a petition …: the record
// keeps the day it computed, so a later version of the pack does not move a deadline already given),
// or a count a view judges against (video patrols a month). A pack stored before the rule existed,
// or with the rule switched off: the shipped default.
import { and, eq } from 'drizzle-orm';
import type { Rule } from '../../domain/rules/pack.js';
import type { Executor } from '../db/client.js';
import { rulePacks, rulePackVersions } from '../db/schema.js';

/** Each code's threshold rounded (at least `least`: a day's deadline is at least 1), else its default; with the version in force. */
export async function ruleThresholdsFor<C extends string>(db: Executor, districtId: number, defaults: Record<C, number>, least = 1): Promise<{ values: Record<C, number>; packVersion: number | null }> {
  const [row] = await db
    .select({ rules: rulePackVersions.rules, number: rulePackVersions.number })
    .from(rulePacks)
    .innerJoin(rulePackVersions, and(eq(rulePackVersions.packId, rulePacks.id), eq(rulePackVersions.number, rulePacks.currentVersion)))
    .where(eq(rulePacks.districtId, districtId));
  const rules = (row?.rules ?? []) as Rule[];
  const values = {} as Record<C, number>;
  for (const code of Object.keys(defaults) as C[]) {
    const rule = rules.find((r) => r.code === code);
    values[code] = rule?.enabled && Number.isFinite(rule.threshold.min) && rule.threshold.min >= least ? Math.round(rule.threshold.min) : defaults[code];
  }
  return { values, packVersion: row?.number ?? null };
}
