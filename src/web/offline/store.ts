// What the phone keeps for work without a signal (issue 17), in IndexedDB through idb: the last
// answers of the pages that work offline (snapshots), the writes waiting to be sent (outbox) and
// the photos taken meanwhile (as blobs, until they are uploaded).
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { HazardStatus } from '../../contracts/enums.js';
import type { HazardStep } from '../../contracts/hazards.js';
import type { FailedItem, SaveResults } from '../../contracts/inspections.js';

export type OutboxState = 'pending' | 'conflict' | 'failed';

interface EntryBase {
  id?: number;
  /** Whose work it is: only that person's session sends it. */
  userId: number;
  createdAt: string;
  state: OutboxState;
  /** What it is, for the outbox list, e.g. "北河中心小学 · 检查表第 3 项". */
  title: string;
  /** Why it waits (a refusal's message), in Chinese. */
  error?: string;
  /** The version of the record this write was made on; after each of our own writes goes through, the later ones move on to the answer's version. */
  version: number;
}
interface InspectionEntry extends EntryBase {
  /** The items' names by key ("第 3 项 灭火器在有效期内"), to show both versions of a conflict. */
  itemLabels: Record<string, string>;
  inspectionId: number;
  targetId: number;
  /** On a conflict: the server's version of the same items and the version to write over it. */
  theirs?: { version: number; status: string; results: SaveResults['results'] };
}
export interface MarksEntry extends InspectionEntry {
  kind: 'marks';
  results: SaveResults['results'];
}
export interface SubmitEntry extends InspectionEntry {
  kind: 'submit';
  summary: string | null;
  failed: FailedItem[];
  submitKey: string;
}
/** A step signed on a hazard since, on a conflict: what the other person did. */
export interface TheirStep {
  action: HazardStep['action'];
  actorName: string;
  actorUnitName: string;
  at: string;
  /** What they wrote: the comment, or the evidence of a rectification. */
  text: string | null;
}
/** A hazard's rectification (整改反馈, the step 'submit') signed with no network. */
export interface RectifyEntry extends EntryBase {
  kind: 'rectify';
  hazardId: number;
  evidence: string;
  comment: string | null;
  /** Server file ids, and negative ids of photos kept on the phone until they are uploaded. */
  fileIds: number[];
  stepKey: string;
  /** The last signed step the person had seen: on a conflict, the steps after it are what changed. */
  seenStepId: number;
  /** On a conflict: the hazard as it is on the server now, and the steps signed since. */
  theirs?: { version: number; status: HazardStatus; steps: TheirStep[] };
}
export type OutboxEntry = MarksEntry | SubmitEntry | RectifyEntry;

export interface LocalPhoto {
  /** Negative, so it never meets a server file id in a list of file ids. */
  id: number;
  blob: Blob;
  name: string;
  unitId?: number;
}

interface OfflineDb extends DBSchema {
  snapshots: { key: string; value: unknown };
  outbox: { key: number; value: OutboxEntry };
  photos: { key: number; value: LocalPhoto };
}

let opened: Promise<IDBPDatabase<OfflineDb>> | null = null;
export function offlineDb() {
  opened ??= openDB<OfflineDb>('anxiao-offline', 1, {
    upgrade(db) {
      db.createObjectStore('snapshots');
      db.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
      db.createObjectStore('photos', { keyPath: 'id' });
    },
  });
  return opened;
}

export async function saveSnapshot(key: string, value: unknown) {
  await (await offlineDb()).put('snapshots', value, key);
}
export async function readSnapshot<T>(key: string): Promise<T | undefined> {
  return (await (await offlineDb()).get('snapshots', key)) as T | undefined;
}
/** On sign-out: the pages kept for offline use go; the queued work stays for its owner's next sign-in. */
export async function clearSnapshots() {
  await (await offlineDb()).clear('snapshots');
}
