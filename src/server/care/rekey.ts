// Finishing a key rotation (ARCHITECTURE.md, "Key rotation"): every value sealed under an earlier
// key of the ring is opened and sealed again under the current one, and the name's keyed hash is
// taken again, record by record in short transactions (a record locked while it is re-sealed), so
// the old key can then be dropped from CARE_KEYS_PREVIOUS. Idempotent: a second run finds nothing.
import { asc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { careFiles, careFollowUps, careRecords } from '../db/schema.js';
import { fileAad } from './care-files.js';
import { aad, NAME_INDEX, nameHashInput } from './care-records.service.js';
import type { Sealer } from './crypto.js';

export async function rekeyCare(db: Db, sealer: Sealer): Promise<{ records: number; followUps: number; files: number }> {
  let records = 0;
  let followUps = 0;
  let files = 0;
  const again = (v: string | null, where: string) => (v && sealer.isStale(v) ? sealer.seal(sealer.open(v, where), where) : v);
  for (let after = 0; ; ) {
    const ids = await db.select({ id: careRecords.id }).from(careRecords).where(gt(careRecords.id, after)).orderBy(asc(careRecords.id)).limit(500);
    if (!ids.length) break;
    after = ids[ids.length - 1].id;
    for (const { id } of ids) {
      await db.transaction(async (tx) => {
        const [r] = await tx.select().from(careRecords).where(eq(careRecords.id, id)).for('update');
        if (!r) return;
        const stale = [r.nameEnc, r.noteEnc, r.measuresEnc, r.contactEnc].some((v) => v && sealer.isStale(v));
        if (stale) {
          const name = r.nameEnc ? sealer.open(r.nameEnc, aad.name(r.schoolId)) : null;
          await tx
            .update(careRecords)
            .set({
              nameEnc: again(r.nameEnc, aad.name(r.schoolId)),
              nameHash: name ? sealer.blindIndex(nameHashInput(r.schoolId, name), NAME_INDEX) : r.nameHash,
              noteEnc: again(r.noteEnc, aad.note(r.schoolId)),
              measuresEnc: again(r.measuresEnc, aad.measures(r.schoolId)),
              contactEnc: again(r.contactEnc, aad.contact(r.schoolId)),
            })
            .where(eq(careRecords.id, id));
          records++;
        }
        for (const f of await tx.select({ id: careFollowUps.id, noteEnc: careFollowUps.noteEnc }).from(careFollowUps).where(eq(careFollowUps.recordId, id))) {
          if (!sealer.isStale(f.noteEnc)) continue;
          await tx.update(careFollowUps).set({ noteEnc: again(f.noteEnc, aad.followUp(id))! }).where(eq(careFollowUps.id, f.id));
          followUps++;
        }
        // Files in the same transaction: the key is read from the bytes' header, the bytes loaded only when stale.
        const keyIdOf = sql<string>`encode(substring(${careFiles.content} from 5 for 4), 'hex')`;
        for (const f of await tx.select({ id: careFiles.id, keyId: keyIdOf }).from(careFiles).where(eq(careFiles.recordId, id)).for('update')) {
          if (f.keyId === sealer.keyId) continue;
          const [full] = await tx.select().from(careFiles).where(eq(careFiles.id, f.id));
          await tx
            .update(careFiles)
            .set({
              nameEnc: again(full.nameEnc, fileAad.name(id))!,
              sha256Enc: again(full.sha256Enc, fileAad.sha256(id))!,
              content: sealer.sealBytes(sealer.openBytes(full.content, fileAad.content(id)), fileAad.content(id)),
            })
            .where(eq(careFiles.id, f.id));
          files++;
        }
      });
    }
  }
  return { records, followUps, files };
}
