// The outbox (issue 17): writes made without a signal wait here, in the order they were made, and
// are sent when the network returns: an inspection's marks and signed submission, a hazard's signed
// rectification. Photos go first and the write referencing them follows with the server's file ids;
// each write carries the version it was made on, so a record someone else changed meanwhile answers
// 409 and the write stays here as a conflict for the person to decide, never written over and never
// dropped. The decisions themselves are plain functions in outbox-rules.ts.
import type { z } from 'zod';
import type { UploadedFile } from '../../contracts/files.js';
import type { hazardDetailBody } from '../../contracts/hazards.js';
import type { InspectionDetail, InspectionTarget } from '../../contracts/inspections.js';
import { ApiError, api, http, setCsrfToken } from '../api.js';
import { localPhotoIdsOf, movedOn, ownEntries, recordOf, resolveConflict, withUploadedPhoto } from './outbox-rules.js';
import { offlineDb, readSnapshot, saveSnapshot, type LocalPhoto, type OutboxEntry, type RectifyEntry } from './store.js';

type HazardDetail = z.infer<typeof hazardDetailBody>;

// ---- who listens -------------------------------------------------------------------------------

type Listener = () => void;
const listeners = new Set<Listener>();
/** Calls back whenever the outbox changed (a write queued, sent, refused or resolved). */
export function subscribe(fn: Listener) {
  listeners.add(fn);
  return () => void listeners.delete(fn);
}
const changed = () => listeners.forEach((fn) => fn());

type SyncedListener = (targetId: number, target: InspectionTarget) => void;
const syncedListeners = new Set<SyncedListener>();
/** An open form hears the new version its queued writes reached. */
export function onSynced(fn: SyncedListener) {
  syncedListeners.add(fn);
  return () => void syncedListeners.delete(fn);
}

// ---- the network's answer ----------------------------------------------------------------------

/** No answer at all (no signal, server unreachable): the write must wait, it was not refused. */
export const isNetworkError = (err: unknown) => err instanceof ApiError && err.status === 0;

export const inspectionSnapshotKey = (id: number) => `inspection:${id}`;
export const hazardSnapshotKey = (id: number) => `hazard:${id}`;

/** GET with a kept copy: the answer is kept on the phone, and served from there when there is no network. */
export async function withSnapshot<T>(key: string, get: () => Promise<T>, keep: (value: T) => T = (v) => v): Promise<T> {
  try {
    const value = await get();
    void saveSnapshot(key, keep(value)).catch(() => undefined);
    return value;
  } catch (err) {
    if (!isNetworkError(err)) throw err;
    const kept = await readSnapshot<T>(key).catch(() => undefined);
    if (kept === undefined) throw err;
    return kept;
  }
}

// ---- queue -------------------------------------------------------------------------------------

export async function listOutbox(userId: number): Promise<OutboxEntry[]> {
  return ownEntries(await (await offlineDb()).getAll('outbox'), userId);
}

/** A write to queue: what the page knows; the outbox adds its place, time and state. */
export type NewEntry = OutboxEntry extends infer E ? (E extends OutboxEntry ? Omit<E, 'id' | 'createdAt' | 'state'> : never) : never;

export async function enqueue(entry: NewEntry) {
  await (await offlineDb()).add('outbox', { ...entry, createdAt: new Date().toISOString(), state: 'pending' } as OutboxEntry);
  changed();
}

/** Whether a record (outbox-rules `targetRecord`, `hazardRecord`) has writes waiting: then new writes queue behind them, to keep the order. */
export async function hasQueued(userId: number, record: string) {
  return (await listOutbox(userId)).some((e) => recordOf(e) === record);
}

// ---- photos kept on the phone ------------------------------------------------------------------

const photoUrls = new Map<number, string>();
/** The thumbnail of a photo not uploaded yet. */
export const localPhotoUrl = (id: number) => photoUrls.get(id);

export async function keepPhoto(blob: Blob, name: string, unitId?: number): Promise<LocalPhoto> {
  // Negative and distinct per phone: a server file id is always positive.
  const id = -(Date.now() * 1000 + Math.floor(Math.random() * 1000));
  const photo: LocalPhoto = { id, blob, name, unitId };
  await (await offlineDb()).put('photos', photo);
  photoUrls.set(id, URL.createObjectURL(blob));
  return photo;
}

/** At start: the thumbnails of the photos still waiting, so a form reloaded offline shows them. */
export async function loadLocalPhotos() {
  for (const p of await (await offlineDb()).getAll('photos')) if (!photoUrls.has(p.id)) photoUrls.set(p.id, URL.createObjectURL(p.blob));
}

async function uploadPhoto(localId: number): Promise<number> {
  const db = await offlineDb();
  const photo = await db.get('photos', localId);
  if (!photo) throw new ApiError(404, 'LOCAL_PHOTO_MISSING', '手机上暂存的照片已丢失，请重新拍照');
  const form = new FormData();
  if (photo.unitId) form.append('unitId', String(photo.unitId));
  form.append('file', photo.blob, photo.name);
  const uploaded = await http.upload<UploadedFile>('/files', form);
  return uploaded.id;
}

// ---- sending -----------------------------------------------------------------------------------

const resultKey = (r: { itemKey: string; result: string | null; note?: string | null; fileIds?: number[] }) =>
  JSON.stringify([r.itemKey, r.result, r.note?.trim() || null, [...(r.fileIds ?? [])].sort()]);

async function freshTarget(e: OutboxEntry & { kind: 'marks' | 'submit' }): Promise<InspectionTarget | undefined> {
  const detail = await http.get<InspectionDetail>(`/inspections/${e.inspectionId}`);
  void saveSnapshot(inspectionSnapshotKey(e.inspectionId), detail).catch(() => undefined);
  return detail.targets.find((t) => t.id === e.targetId);
}

async function freshHazard(id: number): Promise<HazardDetail> {
  const detail = await http.get<HazardDetail>(`/hazards/${id}`);
  void saveSnapshot(hazardSnapshotKey(id), detail).catch(() => undefined);
  return detail;
}

/** Uploads the photos this write kept on the phone, and puts their server ids in it and in every later write that uses them. */
async function uploadPhotosOf(e: OutboxEntry): Promise<OutboxEntry> {
  const db = await offlineDb();
  let current = e;
  for (const local of localPhotoIdsOf(e)) {
    const real = await uploadPhoto(local);
    // Kept before anything else: a retry after a lost answer then sends these ids, never the photo again.
    for (const other of await db.getAll('outbox')) {
      const swapped = withUploadedPhoto(other, local, real);
      if (!swapped) continue;
      await db.put('outbox', swapped);
      if (swapped.id === e.id) current = swapped;
    }
    await db.delete('photos', local);
    const url = photoUrls.get(local);
    if (url) URL.revokeObjectURL(url);
    photoUrls.delete(local);
  }
  return current;
}

/** Sends one write; answers the version the record reached, the page's copy kept up to date. */
async function send(e: OutboxEntry): Promise<number> {
  if (e.kind === 'rectify') {
    const h = await http.post<HazardDetail>(`/hazards/${e.hazardId}/transitions`, {
      action: 'submit',
      version: e.version,
      evidence: e.evidence,
      comment: e.comment,
      fileIds: e.fileIds,
      stepKey: e.stepKey,
    });
    await saveSnapshot(hazardSnapshotKey(h.id), h).catch(() => undefined);
    return h.version;
  }
  const base = `/inspections/${e.inspectionId}/targets/${e.targetId}`;
  const target =
    e.kind === 'marks'
      ? await http.put<InspectionTarget>(`${base}/results`, { version: e.version, results: e.results })
      : await http.post<InspectionTarget>(`${base}/submit`, { version: e.version, summary: e.summary, failed: e.failed, submitKey: e.submitKey });
  await keepTarget(e, target);
  return target.version;
}

async function keepTarget(e: OutboxEntry & { kind: 'marks' | 'submit' }, target: InspectionTarget) {
  const kept = await readSnapshot<InspectionDetail>(inspectionSnapshotKey(e.inspectionId));
  if (kept) await saveSnapshot(inspectionSnapshotKey(e.inspectionId), { ...kept, targets: kept.targets.map((t) => (t.id === target.id ? target : t)) });
  syncedListeners.forEach((fn) => fn(e.targetId, target));
}

/** Our write went through: it leaves the outbox, and the later writes to the same record move on to the new version. */
async function done(e: OutboxEntry, version: number) {
  const db = await offlineDb();
  await db.delete('outbox', e.id!);
  for (const later of movedOn(await db.getAll('outbox'), e, version)) await db.put('outbox', later);
}

let running: Promise<void> | null = null;

/**
 * Sends what waits, oldest first. A form whose write was refused or is in conflict holds back its
 * later writes (they were made on top of it); other forms go on. Stops at the first write with no
 * answer: the network is gone again.
 */
export function drain(userId: number): Promise<void> {
  running ??= (async () => {
    try {
      // The session's CSRF token: a page reloaded offline has none until it reaches the server.
      const me = await api.me();
      setCsrfToken(me.csrfToken);
      if (me.user.id !== userId) return;
      const db = await offlineDb();
      const held = new Set<string>();
      for (const { id } of await listOutbox(userId)) {
        // Read again: an earlier write to the same record moved this one on to a new version.
        const e = await db.get('outbox', id!);
        if (!e) continue;
        if (held.has(recordOf(e))) continue;
        if (e.state !== 'pending') {
          held.add(recordOf(e));
          continue;
        }
        let sending = e;
        try {
          sending = await uploadPhotosOf(e);
          await done(sending, await send(sending));
        } catch (err) {
          if (isNetworkError(err)) return;
          held.add(recordOf(e));
          await refused(sending, err);
        }
        changed();
      }
    } catch (err) {
      // No network or no session yet: everything stays queued for the next try.
      if (!(err instanceof ApiError)) throw err;
    } finally {
      running = null;
      changed();
    }
  })();
  return running;
}

async function refused(e: OutboxEntry, err: unknown) {
  const db = await offlineDb();
  const message = err instanceof ApiError ? err.message : '同步失败';
  if (err instanceof ApiError && err.status === 409) {
    if (e.kind === 'rectify') {
      await db.put('outbox', { ...e, state: 'conflict', error: message, theirs: theirsOf(e, await freshHazard(e.hazardId)) });
      return;
    }
    const t = await freshTarget(e);
    if (t) {
      const theirs = { version: t.version, status: t.status, results: t.results.map((r) => ({ itemKey: r.itemKey, result: r.result, note: r.note, fileIds: r.files.map((f) => f.id) })) };
      // The answer to our own earlier try was lost: the server already holds exactly these marks.
      const mine = e.kind === 'marks' ? e.results : [];
      const server = new Map(theirs.results.map((r) => [r.itemKey, resultKey(r)]));
      if (e.kind === 'marks' && t.status !== 'submitted' && mine.every((r) => server.get(r.itemKey) === resultKey(r))) {
        await keepTarget(e, t);
        await done(e, t.version);
        return;
      }
      await db.put('outbox', { ...e, state: 'conflict', error: message, theirs });
      return;
    }
  }
  await db.put('outbox', { ...e, state: 'failed', error: message });
}

/** The hazard as the server holds it now, with the steps signed after the one the person had seen. */
function theirsOf(e: RectifyEntry, h: HazardDetail): RectifyEntry['theirs'] {
  const steps = h.steps
    .filter((s) => s.id > e.seenStepId)
    .map((s) => ({ action: s.action, actorName: s.actorName, actorUnitName: s.actorUnitName, at: s.at, text: (typeof s.data?.evidence === 'string' ? s.data.evidence : null) ?? s.comment }));
  return { version: h.version, status: h.status, steps };
}

// ---- the person's choices on a conflict ---------------------------------------------------------

/** 用我的版本重新提交: the same write again, on the version the server holds now. */
export async function retryOnTheirs(userId: number, entryId: number) {
  const db = await offlineDb();
  const e = await db.get('outbox', entryId);
  if (!e) return;
  const { keep } = resolveConflict(e, 'mine', []);
  await db.put('outbox', keep!);
  changed();
  await drain(userId);
}

/** 放弃我的: the write and the photos only it used leave the phone. */
export async function discard(entryId: number) {
  const db = await offlineDb();
  const e = await db.get('outbox', entryId);
  if (!e) return;
  const { dropPhotos } = resolveConflict(e, 'discard', await db.getAll('outbox'));
  await db.delete('outbox', entryId);
  for (const id of dropPhotos) {
    await db.delete('photos', id);
    const url = photoUrls.get(id);
    if (url) URL.revokeObjectURL(url);
    photoUrls.delete(id);
  }
  changed();
}
