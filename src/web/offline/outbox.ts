// The outbox (issue 17): writes made without a signal wait here, in the order they were made, and
// are sent when the network returns. Photos go first and the marks referencing them follow with the
// server's file ids; each write carries the version it was made on, so a form someone else changed
// meanwhile answers 409 and the write stays here as a conflict for the person to decide, never
// written over and never dropped.
import type { UploadedFile } from '../../contracts/files.js';
import type { InspectionDetail, InspectionTarget } from '../../contracts/inspections.js';
import { ApiError, api, http, setCsrfToken } from '../api.js';
import { offlineDb, readSnapshot, saveSnapshot, type LocalPhoto, type OutboxEntry } from './store.js';

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
  const all = await (await offlineDb()).getAll('outbox');
  return all.filter((e) => e.userId === userId).sort((a, b) => a.id! - b.id!);
}

/** A write to queue: what the page knows; the outbox adds its place, time and state. */
export type NewEntry = OutboxEntry extends infer E ? (E extends OutboxEntry ? Omit<E, 'id' | 'createdAt' | 'state'> : never) : never;

export async function enqueue(entry: NewEntry) {
  await (await offlineDb()).add('outbox', { ...entry, createdAt: new Date().toISOString(), state: 'pending' } as OutboxEntry);
  changed();
}

/** Whether a form has writes waiting: then new writes queue behind them, to keep the order. */
export async function hasQueued(userId: number, targetId: number) {
  return (await listOutbox(userId)).some((e) => e.targetId === targetId);
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

async function freshTarget(e: OutboxEntry): Promise<InspectionTarget | undefined> {
  const detail = await http.get<InspectionDetail>(`/inspections/${e.inspectionId}`);
  void saveSnapshot(inspectionSnapshotKey(e.inspectionId), detail).catch(() => undefined);
  return detail.targets.find((t) => t.id === e.targetId);
}

/** Replaces local photo ids by uploaded ones in this write and in every later one that uses them. */
async function uploadPhotosOf(e: OutboxEntry) {
  if (e.kind !== 'marks') return;
  const db = await offlineDb();
  for (const local of [...new Set(e.results.flatMap((r) => r.fileIds ?? []).filter((id) => id < 0))]) {
    const real = await uploadPhoto(local);
    for (const other of await db.getAll('outbox')) {
      if (other.kind !== 'marks' || !other.results.some((r) => r.fileIds?.includes(local))) continue;
      other.results = other.results.map((r) => ({ ...r, fileIds: r.fileIds?.map((id) => (id === local ? real : id)) }));
      await db.put('outbox', other);
      if (other.id === e.id) e.results = other.results;
    }
    await db.delete('photos', local);
    const url = photoUrls.get(local);
    if (url) URL.revokeObjectURL(url);
    photoUrls.delete(local);
  }
}

async function send(e: OutboxEntry): Promise<InspectionTarget> {
  const base = `/inspections/${e.inspectionId}/targets/${e.targetId}`;
  if (e.kind === 'marks') return http.put<InspectionTarget>(`${base}/results`, { version: e.version, results: e.results });
  return http.post<InspectionTarget>(`${base}/submit`, { version: e.version, summary: e.summary, failed: e.failed, submitKey: e.submitKey });
}

/** Our write went through: it leaves the outbox, and the later writes on the same form move on to the new version. */
async function done(e: OutboxEntry, target: InspectionTarget) {
  const db = await offlineDb();
  await db.delete('outbox', e.id!);
  for (const other of await db.getAll('outbox')) {
    if (other.targetId === e.targetId && other.id! > e.id!) await db.put('outbox', { ...other, version: target.version });
  }
  const kept = await readSnapshot<InspectionDetail>(inspectionSnapshotKey(e.inspectionId));
  if (kept) await saveSnapshot(inspectionSnapshotKey(e.inspectionId), { ...kept, targets: kept.targets.map((t) => (t.id === target.id ? target : t)) });
  syncedListeners.forEach((fn) => fn(e.targetId, target));
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
      const held = new Set<number>();
      for (const { id } of await listOutbox(userId)) {
        // Read again: an earlier write of the same form moved this one on to a new version.
        const e = await db.get('outbox', id!);
        if (!e) continue;
        if (held.has(e.targetId)) continue;
        if (e.state !== 'pending') {
          held.add(e.targetId);
          continue;
        }
        try {
          await uploadPhotosOf(e);
          await done(e, await send(e));
        } catch (err) {
          if (isNetworkError(err)) return;
          held.add(e.targetId);
          await refused(e, err);
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
    const t = await freshTarget(e);
    if (t) {
      const theirs = { version: t.version, status: t.status, results: t.results.map((r) => ({ itemKey: r.itemKey, result: r.result, note: r.note, fileIds: r.files.map((f) => f.id) })) };
      // The answer to our own earlier try was lost: the server already holds exactly these marks.
      const mine = e.kind === 'marks' ? e.results : [];
      const server = new Map(theirs.results.map((r) => [r.itemKey, resultKey(r)]));
      if (e.kind === 'marks' && t.status !== 'submitted' && mine.every((r) => server.get(r.itemKey) === resultKey(r))) {
        await done(e, t);
        return;
      }
      await db.put('outbox', { ...e, state: 'conflict', error: message, theirs });
      return;
    }
  }
  await db.put('outbox', { ...e, state: 'failed', error: message });
}

// ---- the person's choices on a conflict ---------------------------------------------------------

/** 用我的版本重新提交: the same write again, on the version the server holds now. */
export async function retryOnTheirs(userId: number, entryId: number) {
  const db = await offlineDb();
  const e = await db.get('outbox', entryId);
  if (!e) return;
  await db.put('outbox', { ...e, state: 'pending', error: undefined, version: e.theirs?.version ?? e.version, theirs: undefined });
  changed();
  await drain(userId);
}

/** 放弃我的: the write and the photos only it used leave the phone. */
export async function discard(entryId: number) {
  const db = await offlineDb();
  const e = await db.get('outbox', entryId);
  if (!e) return;
  await db.delete('outbox', entryId);
  if (e.kind === 'marks') {
    const stillUsed = new Set((await db.getAll('outbox')).flatMap((o) => (o.kind === 'marks' ? o.results.flatMap((r) => r.fileIds ?? []) : [])));
    for (const id of e.results.flatMap((r) => r.fileIds ?? [])) if (id < 0 && !stillUsed.has(id)) await db.delete('photos', id);
  }
  changed();
}
