// What the rule engine reads from the responsibility letter ledger (letter.unit_signed,
// letter.staff_signed; 000 item 1, 001 item 3): the published letters of the district — the
// bureau's and the evaluated schools' own — and the evaluated schools' signatures.
import { and, eq, gte, inArray, lte, or, sql } from 'drizzle-orm';
import type { LetterLevel } from '../../contracts/rules.js';
import { addDays } from '../../domain/dates.js';
import type { LetterRecord, SignatureRecord } from '../../domain/rules/records.js';
import { letterSignatures, responsibilityLetters } from '../db/schema.js';
import { column, dayColumn, readColumns } from '../db/columns.js';
import type { EngineRecords, ReadScope } from '../compliance/ledger-readers.js';

const L = responsibilityLetters;
const S = letterSignatures;

export async function readLetters(s: ReadScope, out: EngineRecords, lookbackDays: number): Promise<void> {
  // Letters are yearly: the years the lookback reaches, published by the day judged. A withdrawn
  // revision is not read, so the revision before it is the one to sign again.
  const fromYear = Number(addDays(s.asOf, -lookbackDays).slice(0, 4));
  const letterWhere = and(
    eq(L.districtId, s.districtId),
    eq(L.status, 'published'),
    gte(L.year, fromYear),
    lte(L.publishedOn, s.asOf),
    or(eq(L.level, 'bureau_to_unit'), s.schools({ districtId: L.districtId, schoolId: L.issuerUnitId, schoolPath: L.issuerPath })),
  );
  const [letters, signatures] = await Promise.all([
    s.db.select({ id: L.id, issuerUnitId: L.issuerUnitId, level: L.level, year: L.year, version: L.revision, publishedOn: L.publishedOn }).from(L).where(letterWhere),
    // Read as columns (db/columns.ts): a school's staff sign one by one, and the drivers spent
    // most of a read on each row, then on parsing `array_agg` text (BENCHMARKS.md, issues 4 and 15).
    readColumns<{ ids: number[]; letters: number[]; units: number[]; persons: Array<number | null>; signed: string[] }>(
      s.db,
      sql`select ${column(S.id, 'ids')}, ${column(S.letterId, 'letters')}, ${column(S.unitId, 'units')}, ${column(S.staffId, 'persons')}, ${dayColumn(S.signedOn, 'signed')}
          from ${S} where ${and(s.schools({ districtId: S.districtId, schoolId: S.unitId, schoolPath: S.unitPath }), lte(S.signedOn, s.asOf), inArray(S.letterId, s.db.select({ id: L.id }).from(L).where(letterWhere)))}`,
      ['signed'],
    ),
  ]);
  out.records.letters = letters.map((l): LetterRecord => ({ ...l, level: l.level as LetterLevel }));
  const c = signatures;
  const list: SignatureRecord[] = new Array(c.ids.length);
  for (let i = 0; i < c.ids.length; i++) list[i] = { id: c.ids[i], letterId: c.letters[i], unitId: c.units[i], personId: c.persons[i], signedOn: c.signed[i] };
  // In the order they were made: a parallel scan hands them over in another order each time, and a
  // finding keeps the first ids it is given.
  out.records.signatures = list.sort((a, b) => (a.id as number) - (b.id as number));
}
