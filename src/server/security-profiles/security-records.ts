// The security profiles (人防、物防、技防) as the rule engine reads them: the latest profile of each
// school on or before a day (by recorded day, then id), mapped onto SecurityProfileRecord. Shared
// by the compliance reader and the profile ledger's list, so both judge the same record.
import { and, desc, lte, type SQL } from 'drizzle-orm';
import type { GuardSlot } from '../../contracts/rules.js';
import type { SecurityProfileRecord } from '../../domain/rules/records.js';
import type { Executor } from '../db/client.js';
import { securityProfiles } from '../db/schema.js';

export type ProfileRow = typeof securityProfiles.$inferSelect;
export type StoredGate = { name: string; guards: Record<GuardSlot, number> };

/** The latest profile per school among the rows `where` selects, recorded on or before `asOf`. */
export function latestProfiles(db: Executor, where: SQL | undefined, asOf: string): Promise<ProfileRow[]> {
  return db
    .selectDistinctOn([securityProfiles.schoolId])
    .from(securityProfiles)
    .where(and(where, lte(securityProfiles.recordedOn, asOf)))
    .orderBy(securityProfiles.schoolId, desc(securityProfiles.recordedOn), desc(securityProfiles.id));
}

export function profileRecordOf(p: ProfileRow): SecurityProfileRecord {
  return {
    id: p.id,
    unitId: p.schoolId,
    recordedOn: p.recordedOn,
    gates: p.gates as StoredGate[],
    alarms: { installed: p.alarmsInstalled, working: p.alarmsWorking, lastTestedOn: p.alarmsLastTestedOn },
    video: { retentionDays: p.videoRetentionDays, linkedToBureau: p.videoLinkedToBureau },
    perimeterAlarm: { installed: p.perimeterInstalled, armed24h: p.perimeterArmed24h },
  };
}
