import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { GENESIS_HASH, signCheckpoint, type Checkpoint } from '../../domain/audit-chain.js';
import type { Executor } from '../db/client.js';

// Signed checkpoints of the audit chain (issue 11 item 5), one JSON line each, appended to a file
// under DATA_DIR: outside the database, so a database role that rewrites or deletes the newest
// events cannot make the checkpoints agree.
export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';

export function checkpointPath(dataDir: string): string {
  return path.join(dataDir, CHECKPOINT_FILE);
}

const checkpointLine = z.object({
  eventId: z.number().int().min(0),
  hash: z.string().min(1),
  at: z.string().min(1),
  mac: z.string().regex(/^[0-9a-f]{64}$/),
});

/** Every checkpoint in the file, in the order written; [] when there is no file. */
export function readCheckpoints(file: string): Checkpoint[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return text
    .split('\n')
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line)
    .map(([line, n]) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        parsed = null;
      }
      const ok = checkpointLine.safeParse(parsed);
      if (!ok.success) throw new Error(`${file} line ${n} is not a checkpoint`);
      return ok.data;
    });
}

// The checkpoints in each file, as `id:hash`, read once per process: an idle trail adds no lines.
const written = new Map<string, Set<string>>();

/**
 * The head of every chain: the newest event of each district and of the events without one
 * (issue 18: one chain per district), the newest of all first. An index lookup per district.
 */
async function chainHeads(db: Executor): Promise<Array<{ eventId: number; hash: string }>> {
  const { rows } = (await db.execute(sql`
    select h.id, h.hash from districts d
      cross join lateral (select e.id, e.hash from audit_events e where e.district_id = d.id order by e.id desc limit 1) h
    union all
    (select id, hash from audit_events where district_id is null order by id desc limit 1)`)) as unknown as { rows: Array<{ id: number | string; hash: string }> };
  return rows.map((r) => ({ eventId: Number(r.id), hash: r.hash })).sort((a, b) => b.eventId - a.eventId);
}

/**
 * Appends a signed checkpoint of the head of every chain not yet in the file (the newest event of
 * all first: the file's first line marks where keyed events begin). Returns the checkpoints written.
 */
export async function writeCheckpoint(db: Executor, file: string, key: Buffer, now = new Date()): Promise<Checkpoint[]> {
  const heads = await chainHeads(db);
  if (!heads.length) heads.push({ eventId: 0, hash: GENESIS_HASH });
  let seen = written.get(file);
  if (!seen) {
    seen = new Set(readCheckpoints(file).map((c) => `${c.eventId}:${c.hash}`));
    written.set(file, seen);
  }
  const fresh = heads.filter((h) => !seen.has(`${h.eventId}:${h.hash}`));
  if (!fresh.length) return [];
  const checkpoints = fresh.map((h) => signCheckpoint(key, h, now));
  mkdirSync(path.dirname(file), { recursive: true });
  // O_APPEND: one write for the run, never rewriting what is there.
  appendFileSync(file, checkpoints.map((c) => `${JSON.stringify(c)}\n`).join(''), { mode: 0o600 });
  for (const h of fresh) seen.add(`${h.eventId}:${h.hash}`);
  return checkpoints;
}
