// Finishing a key rotation for bullying cases (ARCHITECTURE.md, "Key rotation"): the cases and
// their follow-ups are sealed with the students-of-concern key ring, so `npm run care:rekey` re-seals
// them too, case by case in short transactions (the case locked while it is re-sealed). Without
// this pass the old key could not be dropped from CARE_KEYS_PREVIOUS: a case sealed under it would
// no longer open. Idempotent: a second run finds nothing.
import { asc, eq, gt } from 'drizzle-orm';
import type { Sealer } from '../care/crypto.js';
import type { Db } from '../db/client.js';
import { bullyingCases, bullyingFollowUps } from '../db/schema.js';
import { caseAad } from './cases.service.js';

export async function rekeyBullying(db: Db, sealer: Sealer): Promise<{ cases: number; followUps: number }> {
  let cases = 0;
  let followUps = 0;
  const again = (v: string | null, where: string) => (v && sealer.isStale(v) ? sealer.seal(sealer.open(v, where), where) : v);
  for (let after = 0; ; ) {
    const ids = await db.select({ id: bullyingCases.id }).from(bullyingCases).where(gt(bullyingCases.id, after)).orderBy(asc(bullyingCases.id)).limit(500);
    if (!ids.length) break;
    after = ids[ids.length - 1].id;
    for (const { id } of ids) {
      await db.transaction(async (tx) => {
        const [r] = await tx.select().from(bullyingCases).where(eq(bullyingCases.id, id)).for('update');
        if (!r) return;
        if ([r.reporterEnc, r.summaryEnc, r.reasonsEnc, r.handlingEnc].some((v) => v && sealer.isStale(v))) {
          await tx
            .update(bullyingCases)
            .set({
              reporterEnc: again(r.reporterEnc, caseAad.reporter(r.schoolId))!,
              summaryEnc: again(r.summaryEnc, caseAad.summary(r.schoolId))!,
              reasonsEnc: again(r.reasonsEnc, caseAad.reasons(r.schoolId)),
              handlingEnc: again(r.handlingEnc, caseAad.handling(r.schoolId)),
            })
            .where(eq(bullyingCases.id, id));
          cases++;
        }
        for (const f of await tx.select({ id: bullyingFollowUps.id, noteEnc: bullyingFollowUps.noteEnc }).from(bullyingFollowUps).where(eq(bullyingFollowUps.caseId, id))) {
          if (!sealer.isStale(f.noteEnc)) continue;
          await tx.update(bullyingFollowUps).set({ noteEnc: again(f.noteEnc, caseAad.followUp(id))! }).where(eq(bullyingFollowUps.id, f.id));
          followUps++;
        }
      });
    }
  }
  return { cases, followUps };
}
