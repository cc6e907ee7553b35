// Issue 11 item 5: the keyed chain covers every column, a tail rewritten without the key and the
// newest events deleted are found, and events hashed the old way still verify.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asc, getTableColumns, gte, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtEventHash, eventHash, GENESIS_HASH, SEALED_FIELDS, type SealedFields } from '../../domain/audit-chain.js';
import { auditEvents } from '../db/schema.js';
import { startTestApp, onPostgres, testConfig, type TestContext } from '../test/harness.js';
import { buildDistrict, buildTree, buildUser, login, type Client } from '../test/factories.js';
import { writeAudit } from './audit.js';
import { checkpointPath, readCheckpoints, writeCheckpoint } from './checkpoints.js';
import { auditKey, loadAuditKey } from './key.js';
import { verifyAuditTrail } from './verify.js';

let t: TestContext;
let admin: Client;
let tree: Awaited<ReturnType<typeof buildTree>>;
let dataDir: string;
let file: string;
type Row = typeof auditEvents.$inferSelect;

const verify = () => verifyAuditTrail(t.database.db, { checkpoints: readCheckpoints(file) });
const events = () => t.database.db.select().from(auditEvents).orderBy(asc(auditEvents.id));

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'anxiao-audit-'));
  file = checkpointPath(dataDir);
  t = await startTestApp({ dataDir });
  // A trail from before the keyed chain: three events hashed the old way (v1).
  let prev = GENESIS_HASH;
  for (let i = 1; i <= 3; i++) {
    const e = {
      at: new Date(Date.UTC(2025, 0, i)),
      districtId: null,
      actorId: null,
      actorName: '系统',
      actorUnitId: null,
      actorUnitName: null,
      actorUnitPath: null,
      action: 'import',
      objectType: 'unit',
      objectId: String(i),
      before: null,
      after: { records: i },
      result: 'success',
      ip: null,
    };
    const hash = eventHash(prev, { id: 0, ...e });
    await t.database.db.insert(auditEvents).values({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  // The upgrade's first start: the switch-over checkpoint, then keyed events.
  await writeCheckpoint(t.database.db, file, auditKey());
  tree = await buildTree(t.database.db);
  admin = await login(t.app, (await buildUser(t.database.db, tree.bureau, ['bureau_admin'])).username);
  for (let i = 0; i < 3; i++) await admin.post('/api/v1/units', { kind: 'town', parentId: tree.bureau.id, name: `链镇${Date.now()}${i}` });
  await writeCheckpoint(t.database.db, file, auditKey());
});
afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** As a tamperer with the database's owner or superuser rights: switches the trigger off, sets the rows. */
async function overwrite(rows: Array<Pick<Row, 'id'> & Partial<Row>>) {
  await t.database.db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
    for (const { id, ...set } of rows) await tx.update(auditEvents).set(set).where(sql`id = ${id}`);
    await tx.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`);
  });
}

/**
 * Re-chains the events from `from` on, each edited by `edit` and hashed by `hashOf`, as a tamperer
 * without the key would: in one chain (`shared`, as v1 was) or in each district's own (v3).
 */
function rechain(all: Row[], from: number, edit: Partial<Row>, hashOf: (prev: string, e: SealedFields) => string, shared = false) {
  const heads = new Map<number | null, string>();
  let prev = from > 0 ? all[from - 1].hash : GENESIS_HASH;
  for (const row of all.slice(0, from)) heads.set(row.districtId, row.hash);
  return all.slice(from).map((row) => {
    const before = shared ? prev : (heads.get(row.districtId) ?? GENESIS_HASH);
    const e = { ...row, ...edit, prevHash: before };
    const hash = hashOf(before, e);
    prev = hash;
    heads.set(row.districtId, hash);
    return { ...e, hash };
  });
}

describe('the keyed audit chain', () => {
  it('hashes every column of audit_events but the id and the chain itself', async () => {
    const chain = new Set(['id', 'prevHash', 'hash']);
    const columns = Object.keys(getTableColumns(auditEvents)).filter((c) => !chain.has(c));
    expect([...SEALED_FIELDS].sort()).toEqual(columns.sort());
    // And the database has no column the schema does not know of.
    const { rows } = (await t.database.db.execute(
      sql`select column_name from information_schema.columns where table_name = 'audit_events' and table_schema = current_schema()`,
    )) as unknown as { rows: Array<{ column_name: string }> };
    const names = Object.values(getTableColumns(auditEvents)).map((c) => c.name);
    expect(rows.map((r) => r.column_name).sort()).toEqual(names.sort());
  });

  it('verifies old unkeyed events followed by keyed ones, with the checkpoints', async () => {
    const all = await events();
    expect(all.slice(0, 3).every((e) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
    expect(all.slice(3).every((e) => /^v3:[0-9a-f]{64}$/.test(e.hash))).toBe(true);
    expect(await verify()).toEqual({ checked: all.length, broken: null });
  });

  it('finds an edited actor unit path (it decides who may read the event)', async () => {
    const target = (await events()).find((e) => e.actorUnitPath)!;
    await overwrite([{ id: target.id, actorUnitPath: '/0/' }]);
    expect((await verify()).broken).toEqual({ id: target.id, reason: 'hash_mismatch' });
    await overwrite([{ id: target.id, actorUnitPath: target.actorUnitPath }]);
    expect((await verify()).broken).toBeNull();
  });

  it('finds the tail rewritten and re-chained without the key', async () => {
    const all = await events();
    const from = all.length - 3;
    const edit = { actorUnitPath: '/0/', actorUnitName: '他校' };
    // With a guessed key: the keyed hashes do not hold.
    const guessed = Buffer.from('guessed-audit-key-0123456789abcdef012345');
    await overwrite(rechain(all, from, edit, (p, e) => districtEventHash(guessed, p, e)));
    expect((await verifyAuditTrail(t.database.db)).broken).toEqual({ id: all[from].id, reason: 'hash_mismatch' });
    // With the old unkeyed hash, which anyone can compute: a downgrade, refused.
    await overwrite(rechain(all, from, edit, (p, e) => eventHash(p, e), true));
    expect((await verifyAuditTrail(t.database.db)).broken).toEqual({ id: all[from].id, reason: 'downgrade' });
    // Every keyed event downgraded, back to the old ones: after the switch-over checkpoint, still refused.
    await overwrite(rechain(all, 3, {}, (p, e) => eventHash(p, e), true));
    expect((await verify()).broken).toEqual({ id: all[3].id, reason: 'downgrade' });
    await overwrite(all.slice(3));
    expect((await verify()).broken).toBeNull();
  });

  it('keeps the checkpoints in an append-only file readable by the owner only, and one per new head', async () => {
    const before = readCheckpoints(file).length;
    expect(await writeCheckpoint(t.database.db, file, auditKey())).toEqual([]);
    expect(readCheckpoints(file)).toHaveLength(before);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dataDir, 'audit.key'), { throwIfNoEntry: false })).toBeUndefined();
  });

  it('finds the newest events deleted, up to the last checkpoint', async () => {
    await admin.post('/api/v1/units', { kind: 'town', parentId: tree.bureau.id, name: `链镇${Date.now()}` });
    const written = await writeCheckpoint(t.database.db, file, auditKey());
    expect(written).toHaveLength(1); // only this district's head moved
    const [checkpoint] = written;
    await admin.post('/api/v1/units', { kind: 'town', parentId: tree.bureau.id, name: `链镇${Date.now()}` });
    const all = await events();
    expect(checkpoint.eventId).toBeLessThan(all.at(-1)!.id);
    const drop = async (fromId: number) => {
      await t.database.db.transaction(async (tx) => {
        await tx.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
        await tx.delete(auditEvents).where(gte(auditEvents.id, fromId));
        await tx.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`);
      });
    };
    // Events after the last checkpoint can go unseen: the limit of anchoring.
    await drop(checkpoint.eventId + 1);
    expect((await verify()).broken).toBeNull();
    // From the checkpoint's event on: found, where the chain alone still holds.
    await drop(checkpoint.eventId);
    expect((await verifyAuditTrail(t.database.db)).broken).toBeNull();
    expect((await verify()).broken).toEqual({ id: checkpoint.eventId, reason: 'checkpoint_missing' });
    if (onPostgres) {
      // And `npm run audit:verify` says so, with the key and checkpoints of DATA_DIR.
      const run = () =>
        execFileSync(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], {
          cwd: path.resolve(import.meta.dirname, '../../..'),
          env: { ...process.env, DATABASE_URL: (t.database as { superuserUrl?: string }).superuserUrl!, DATA_DIR: dataDir, AUDIT_KEY: testConfig.auditKey! },
          encoding: 'utf8',
          stdio: 'pipe',
        });
      expect(run).toThrow(new RegExp(`BROKEN at event #${checkpoint.eventId}: a signed checkpoint names this event`));
    }
  });
});

describe('one chain per district (issue 18: writes that scale)', () => {
  it("chains each district's events on its own, and finds a district's newest events deleted while another district wrote later", async () => {
    const other = await buildDistrict(t.database.db);
    const write = (districtId: number, n: number) =>
      t.database.db.transaction((tx) => writeAudit(tx, { actor: null, ip: null }, { action: 'import', objectType: 'unit', objectId: n, districtId }));
    await write(other.districtId, 1);
    await write(tree.districtId, 2);
    await write(other.districtId, 3);
    const mine = (await events()).filter((e) => e.districtId === other.districtId);
    expect(mine[0].prevHash).toBe(GENESIS_HASH); // the district's first event starts its chain
    expect(mine[1].prevHash).toBe(mine[0].hash); // and the next follows it, not the other district's event between
    // Checkpoints of their own (the test above left the shared file naming a deleted event).
    const own = path.join(dataDir, 'per-district-checkpoints.jsonl');
    const verifyOwn = () => verifyAuditTrail(t.database.db, { checkpoints: readCheckpoints(own) });
    const written = await writeCheckpoint(t.database.db, own, auditKey());
    // Every chain's head, the newest of all first.
    expect(written[0].eventId).toBe(mine[1].id);
    expect(written.map((c) => c.eventId)).toContain(mine[1].id - 1);
    expect(written.map((c) => c.eventId)).toContain(3); // the events without a district
    expect((await verifyOwn()).broken).toBeNull();
    await write(tree.districtId, 4); // the newest event of all is another district's
    // The other district's newest event removed: its chain alone still holds, its checkpoint does not.
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
      await tx.delete(auditEvents).where(sql`id = ${mine[1].id}`);
      await tx.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`);
    });
    expect((await verifyAuditTrail(t.database.db)).broken).toBeNull();
    expect((await verifyOwn()).broken).toEqual({ id: mine[1].id, reason: 'checkpoint_missing' });
  });

  it.skipIf(!onPostgres)("does not make one district's writer wait for another's", async () => {
    const a = await buildDistrict(t.database.db);
    const b = await buildDistrict(t.database.db);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let wroteA = false;
    // District A's transaction writes its event and stays open.
    const first = t.database.db.transaction(async (tx) => {
      await writeAudit(tx, { actor: null, ip: null }, { action: 'import', objectType: 'unit', districtId: a.districtId });
      wroteA = true;
      await held;
    });
    while (!wroteA) await new Promise((r) => setTimeout(r, 10));
    // District B's writer commits meanwhile; a second writer of A waits for the first.
    await t.database.db.transaction((tx) => writeAudit(tx, { actor: null, ip: null }, { action: 'import', objectType: 'unit', districtId: b.districtId }));
    let secondA = false;
    const second = t.database.db
      .transaction((tx) => writeAudit(tx, { actor: null, ip: null }, { action: 'import', objectType: 'unit', districtId: a.districtId }))
      .then(() => (secondA = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(secondA).toBe(false);
    release();
    await first;
    await second;
    const chainA = (await events()).filter((e) => e.districtId === a.districtId);
    expect(chainA).toHaveLength(2);
    expect(chainA[1].prevHash).toBe(chainA[0].hash);
  });
});

describe('the audit key', () => {
  it('comes from AUDIT_KEY, else a file made at first start with mode 0600, which the verifier never makes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'anxiao-key-'));
    try {
      expect(() => loadAuditKey({ auditKey: null, dataDir: dir }, { create: false })).toThrow(/No audit key/);
      const made = loadAuditKey({ auditKey: null, dataDir: dir }, { create: true });
      expect(made.source).toBe('created');
      expect(statSync(made.file!).mode & 0o777).toBe(0o600);
      const again = loadAuditKey({ auditKey: null, dataDir: dir }, { create: true });
      expect(again).toMatchObject({ source: 'file' });
      expect(again.key.equals(made.key)).toBe(true);
      expect(loadAuditKey({ auditKey: 'e'.repeat(32), dataDir: dir }, { create: true })).toMatchObject({ source: 'env', file: null });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
