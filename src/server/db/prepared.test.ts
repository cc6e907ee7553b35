// db/prepared.ts (issue 19): hot statements are named prepared statements on node-postgres, the
// values stay parameters, and PGlite answers the same (there it is the plain query).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { buildDistrict, buildUnit, buildUser } from '../test/factories.js';
import { freshDatabase, onPostgres } from '../test/harness.js';
import type { Database } from './client.js';
import { anyOfPlaceholder, placeholdersOf, prepared, preparedOnce, statementName } from './prepared.js';
import { notifications, units } from './schema.js';

describe('prepared statements (issue 19)', () => {
  let database: Database;
  let districtId: number;
  let userId: number;
  beforeAll(async () => {
    database = await freshDatabase();
    const district = await buildDistrict(database.db);
    districtId = district.districtId;
    userId = (await buildUser(database.db, district.bureau, [])).id;
    await buildUnit(database.db, district.bureau, 'town', { name: '东湖街道' });
    await buildUnit(database.db, district.bureau, 'town', { name: '西湖街道' });
  });
  afterAll(() => database.close());

  const townsOf = (db: Database['db'], district: number, name: string) =>
    db.select({ name: units.name }).from(units).where(sql`${units.districtId} = ${district} and ${units.name} = ${name}`).orderBy(asc(units.id));

  it('names a statement by its SQL text: one name per shape, whatever the values', () => {
    const a = townsOf(database.db, districtId, '东湖街道').toSQL().sql;
    const b = townsOf(database.db, districtId + 1, '西湖街道').toSQL().sql;
    expect(a).toBe(b);
    expect(statementName(a)).toBe(statementName(b));
    expect(statementName(a)).not.toBe(statementName(a.replace('order by', 'order  by')));
    expect(statementName(a)).toMatch(/^ax_[\w-]{22}$/);
  });

  it('answers with the values of each call, not those it was first prepared with', async () => {
    for (let i = 0; i < 7; i++) {
      // Past PostgreSQL's five custom plans, so a generic plan would be in use by now.
      expect(await prepared(townsOf(database.db, districtId, '东湖街道'))).toEqual([{ name: '东湖街道' }]);
      expect(await prepared(townsOf(database.db, districtId, '西湖街道'))).toEqual([{ name: '西湖街道' }]);
      expect(await prepared(townsOf(database.db, districtId + 1000, '东湖街道'))).toEqual([]);
    }
  });

  it('keeps the statement on the connection on PostgreSQL (PGlite: no named statements)', async () => {
    const query = townsOf(database.db, districtId, '东湖街道');
    const name = statementName(query.toSQL().sql);
    // A transaction holds one connection of the pool: the statement is prepared on it and listed there.
    const listed = await database.db.transaction(async (tx) => {
      await prepared(townsOf(tx as never, districtId, '东湖街道'));
      const r = (await tx.execute(sql`select name from pg_prepared_statements where name = ${name}`)) as unknown as { rows: Array<{ name: string }> };
      return r.rows.map((x) => x.name);
    });
    expect(listed).toEqual(onPostgres ? [name] : []);
  });

  it('builds a fixed shape once per process and fills in each call\'s values on any handle', async () => {
    let builds = 0;
    const byName = (db: Database['db'], name: string) =>
      preparedOnce(
        db,
        'test-town-by-name',
        () => {
          builds += 1;
          return db.select({ name: units.name }).from(units).where(sql`${units.districtId} = ${sql.placeholder('district')} and ${units.name} = ${sql.placeholder('name')}`);
        },
        { district: districtId, name },
      );
    for (let i = 0; i < 7; i++) {
      expect(await byName(database.db, '东湖街道')).toEqual([{ name: '东湖街道' }]);
      expect(await byName(database.db, '西湖街道')).toEqual([{ name: '西湖街道' }]);
    }
    // Many calls in flight share the one built statement and each gets its own answer.
    const names = ['东湖街道', '西湖街道', '南湖街道'];
    expect(await Promise.all(Array.from({ length: 30 }, (_, i) => byName(database.db, names[i % 3])))).toEqual(
      Array.from({ length: 30 }, (_, i) => (i % 3 === 2 ? [] : [{ name: names[i % 3] }])),
    );
    expect(builds).toBe(1);
    // A transaction is another handle: the same built statement, run on its connection (a signed
    // step's statements are built once, not once per step).
    await database.db.transaction(async (tx) => {
      expect(await byName(tx as never, '东湖街道')).toEqual([{ name: '东湖街道' }]);
    });
    expect(builds).toBe(1);
  });

  it('writes a row built once: null stays SQL null (a timestamp\'s encoder would fail on it), a value goes through its column', async () => {
    const insert = (row: typeof notifications.$inferInsert) =>
      preparedOnce(database.db, 'test-notification-insert', () => database.db.insert(notifications).values(placeholdersOf(row)).returning({ id: notifications.id }), row);
    const base = { districtId, userId, kind: 'assigned', title: '测试', link: null, dedupeKey: null } as const;
    const readAt = new Date('2026-12-06T01:02:03.000Z');
    const [unread] = await insert({ ...base, readAt: null });
    const [read] = await insert({ ...base, readAt });
    const rows = await database.db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(asc(notifications.id));
    expect(rows.find((r) => r.id === unread.id)).toMatchObject({ readAt: null, link: null, dedupeKey: null });
    expect(rows.find((r) => r.id === read.id)!.readAt).toEqual(readAt);
    // A key left out of the values is a mistake, not a null.
    await expect(preparedOnce(database.db, 'test-notification-insert', () => database.db.insert(notifications).values(placeholdersOf(base)), { ...base, readAt: undefined })).rejects.toThrow(/readAt/);
  });

  it('prepares writes too, in a transaction that rolls back', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await prepared(tx.update(units).set({ name: '改名街道' }).where(eq(units.name, '西湖街道')));
        expect(await prepared(townsOf(tx as never, districtId, '改名街道'))).toEqual([{ name: '改名街道' }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await prepared(townsOf(database.db, districtId, '西湖街道'))).toEqual([{ name: '西湖街道' }]);
  });

  it('maps rows as drizzle does: nested objects, decoders, a left join that found nothing as null', async () => {
    const parent = alias(units, 'parent');
    const query = (db: Database['db'], where = eq(units.districtId, districtId)) =>
      db
        .select({
          unit: units,
          parent: { id: parent.id, name: parent.name, createdAt: parent.createdAt },
          parentName: parent.name,
          children: sql<number>`(select count(*) from ${units} c where c.parent_id = ${units.id})`.mapWith(Number),
          label: sql<string>`${units.name} || '/' || ${units.kind}`.as('label'),
        })
        .from(units)
        .leftJoin(parent, eq(parent.id, units.parentId))
        .where(where)
        .orderBy(asc(units.id));
    // drizzle's own mapping (mapResultRow) is the reference: the same rows, the same values and types.
    const expected = await query(database.db);
    const rows = await prepared(query(database.db));
    expect(rows).toEqual(expected);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows[0].parent).toBeNull(); // the bureau has no parent unit
    expect(rows[1].parent).toMatchObject({ id: rows[0].unit.id, name: rows[0].unit.name });
    expect(rows[1].parent!.createdAt).toBeInstanceOf(Date);
    expect(rows[0].unit.createdAt).toBeInstanceOf(Date);
    expect(typeof rows[0].children).toBe('number');
    expect(rows[0].children).toBeGreaterThanOrEqual(2);
    // A statement built once maps each call's rows the same way.
    const once = await preparedOnce(database.db, 'test-units-by-ids', () => query(database.db, anyOfPlaceholder(units.id, 'ids')), { ids: rows.map((r) => r.unit.id) });
    expect(once).toEqual(expected);
  });
});
