// The outbox's decisions as plain functions over its entries (issue 17), apart from IndexedDB and
// the network so that the unit tier tests them: whose work is sent, what is kept in order behind
// what, which photos a write still needs, and what each choice on a conflict leaves on the phone.
import type { OutboxEntry } from './store.js';

/** The record a write changes: writes to one record are sent in the order they were made. */
export const targetRecord = (targetId: number) => `target:${targetId}`;
export const hazardRecord = (hazardId: number) => `hazard:${hazardId}`;
export const recordOf = (e: OutboxEntry) => (e.kind === 'rectify' ? hazardRecord(e.hazardId) : targetRecord(e.targetId));

/**
 * The writes of this person, oldest first. Entries are tagged with who queued them: another person
 * signed in on the same phone never sees, nor sends under their own session, someone else's work.
 */
export function ownEntries(all: readonly OutboxEntry[], userId: number): OutboxEntry[] {
  return all.filter((e) => e.userId === userId).sort((a, b) => a.id! - b.id!);
}

/** The file ids a write sends: a photo kept on the phone has a negative id until it is uploaded. */
export function fileIdsOf(e: OutboxEntry): number[] {
  if (e.kind === 'rectify') return e.fileIds;
  if (e.kind === 'marks') return e.results.flatMap((r) => r.fileIds ?? []);
  return [];
}
export const localPhotoIdsOf = (e: OutboxEntry) => [...new Set(fileIdsOf(e).filter((id) => id < 0))];

/** The write with a photo kept on the phone replaced by its uploaded id; null when it does not use that photo. */
export function withUploadedPhoto(e: OutboxEntry, local: number, uploaded: number): OutboxEntry | null {
  if (!fileIdsOf(e).includes(local)) return null;
  const swap = (ids: number[]) => ids.map((id) => (id === local ? uploaded : id));
  if (e.kind === 'rectify') return { ...e, fileIds: swap(e.fileIds) };
  if (e.kind === 'marks') return { ...e, results: e.results.map((r) => (r.fileIds ? { ...r, fileIds: swap(r.fileIds) } : r)) };
  return null;
}

/** Our write went through at `version`: the later writes to the same record move on to it. */
export function movedOn(all: readonly OutboxEntry[], sent: OutboxEntry, version: number): OutboxEntry[] {
  return all.filter((o) => o.id! > sent.id! && recordOf(o) === recordOf(sent)).map((o) => ({ ...o, version }));
}

/**
 * Whether 用我的版本重新提交 can still work: the record is still open to this write. A checklist
 * someone else submitted and signed, or a hazard no longer being rectified (submitted, accepted,
 * closed by another), leaves only 放弃我的.
 */
export function mayResendMine(e: OutboxEntry): boolean {
  if (e.state !== 'conflict' || !e.theirs) return false;
  return e.kind === 'rectify' ? e.theirs.status === 'rectifying' : e.theirs.status !== 'submitted';
}

export type ConflictChoice = 'mine' | 'discard';

/**
 * What a choice on a conflict leaves: 用我的版本重新提交 puts the same write back in line on the
 * version the server holds now (its photos and key unchanged, so it is still sent once);
 * 放弃我的 removes the write and the photos kept on the phone that no other waiting write uses.
 */
export function resolveConflict(
  e: OutboxEntry,
  choice: ConflictChoice,
  others: readonly OutboxEntry[],
): { keep: OutboxEntry | null; dropPhotos: number[] } {
  if (choice === 'mine') {
    if (!mayResendMine(e)) throw new Error('this write can no longer be sent again');
    return { keep: { ...e, state: 'pending', error: undefined, version: e.theirs!.version, theirs: undefined } as OutboxEntry, dropPhotos: [] };
  }
  const stillUsed = new Set(others.filter((o) => o.id !== e.id).flatMap(fileIdsOf));
  return { keep: null, dropPhotos: localPhotoIdsOf(e).filter((id) => !stillUsed.has(id)) };
}
