import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { desc } from 'drizzle-orm';
import { z } from 'zod';
import { GENESIS_HASH, signCheckpoint, type Checkpoint } from '../../domain/audit-chain.js';
import type { Executor } from '../db/client.js';
import { auditEvents } from '../db/schema.js';

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

// The last checkpoint written to each file by this process: an idle trail adds no lines.
const lastWritten = new Map<string, string>();

/**
 * Appends a signed checkpoint of the newest event, unless the file's last one already names it.
 * Returns the checkpoint written, or null.
 */
export async function writeCheckpoint(db: Executor, file: string, key: Buffer, now = new Date()): Promise<Checkpoint | null> {
  const [last] = await db.select({ id: auditEvents.id, hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  const head = last ? { eventId: last.id, hash: last.hash } : { eventId: 0, hash: GENESIS_HASH };
  const tag = `${head.eventId}:${head.hash}`;
  if (!lastWritten.has(file)) {
    const existing = readCheckpoints(file).at(-1);
    if (existing) lastWritten.set(file, `${existing.eventId}:${existing.hash}`);
  }
  if (lastWritten.get(file) === tag) return null;
  const checkpoint = signCheckpoint(key, head, now);
  mkdirSync(path.dirname(file), { recursive: true });
  // O_APPEND: one write per line, never rewriting what is there.
  appendFileSync(file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
  lastWritten.set(file, tag);
  return checkpoint;
}
