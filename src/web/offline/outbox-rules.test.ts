// The outbox's decisions (issue 17): whose work is sent, the order per record, photos swapped for
// their uploaded ids, and the two choices on a conflict.
import { describe, expect, it } from 'vitest';
import { hazardRecord, localPhotoIdsOf, mayResendMine, movedOn, ownEntries, recordOf, resolveConflict, targetRecord, withUploadedPhoto } from './outbox-rules.js';
import type { MarksEntry, OutboxEntry, RectifyEntry } from './store.js';

const base = { createdAt: '2026-03-10T02:00:00.000Z', state: 'pending' as const, title: 't' };
const rectify = (over: Partial<RectifyEntry> = {}): RectifyEntry => ({
  ...base,
  id: 1,
  userId: 7,
  kind: 'rectify',
  hazardId: 40,
  version: 3,
  evidence: '已更换灭火器',
  comment: null,
  fileIds: [-5, 12],
  stepKey: 'phone-0001-abcd',
  seenStepId: 90,
  ...over,
});
const marks = (over: Partial<MarksEntry> = {}): MarksEntry => ({
  ...base,
  id: 2,
  userId: 7,
  kind: 'marks',
  inspectionId: 4,
  targetId: 9,
  version: 2,
  itemLabels: {},
  results: [{ itemKey: 'fire-1', result: 'fail', fileIds: [-6] }],
  ...over,
});

describe('whose work is sent', () => {
  it('only the person who queued it, oldest first: another account on the same phone never sends it', () => {
    const all: OutboxEntry[] = [rectify({ id: 5 }), marks({ id: 3, userId: 8 }), marks({ id: 2 })];
    expect(ownEntries(all, 7).map((e) => e.id)).toEqual([2, 5]);
    expect(ownEntries(all, 8).map((e) => e.id)).toEqual([3]);
    expect(ownEntries(all, 9)).toEqual([]);
  });
});

describe('order per record', () => {
  it('a hazard and a checklist are different records; later writes to the same record move on to the version reached', () => {
    expect(recordOf(rectify())).toBe(hazardRecord(40));
    expect(recordOf(marks())).toBe(targetRecord(9));
    const sent = rectify({ id: 1 });
    const all = [sent, rectify({ id: 4, version: 3 }), rectify({ id: 6, hazardId: 41 }), marks({ id: 7 })];
    expect(movedOn(all, sent, 4)).toEqual([rectify({ id: 4, version: 4 })]);
  });
});

describe('photos kept on the phone', () => {
  it('upload before the write: the write and others using the photo get its server id', () => {
    expect(localPhotoIdsOf(rectify({ fileIds: [-5, -5, 12] }))).toEqual([-5]);
    expect(withUploadedPhoto(rectify(), -5, 31)).toMatchObject({ fileIds: [31, 12] });
    expect(withUploadedPhoto(marks(), -6, 32)).toMatchObject({ results: [{ itemKey: 'fire-1', fileIds: [32] }] });
    expect(withUploadedPhoto(marks(), -5, 31)).toBeNull();
  });
});

describe('a conflict: both choices', () => {
  const theirs = { version: 5, status: 'rectifying' as const, steps: [] };

  it('用我的版本重新提交: the same write, key and photos back in line on the server\'s version', () => {
    const e = rectify({ state: 'conflict', error: '数据已被他人修改', theirs });
    const { keep, dropPhotos } = resolveConflict(e, 'mine', []);
    expect(keep).toEqual(rectify({ state: 'pending', version: 5, error: undefined, theirs: undefined }));
    expect(dropPhotos).toEqual([]);
  });

  it('offered only while the record is still open to the write', () => {
    expect(mayResendMine(rectify({ state: 'conflict', theirs }))).toBe(true);
    const done = rectify({ state: 'conflict', theirs: { ...theirs, status: 'submitted' } });
    expect(mayResendMine(done)).toBe(false);
    expect(() => resolveConflict(done, 'mine', [])).toThrow();
    expect(mayResendMine(rectify({ state: 'failed' }))).toBe(false);
    expect(mayResendMine(marks({ state: 'conflict', theirs: { version: 4, status: 'in_progress', results: [] } }))).toBe(true);
    expect(mayResendMine(marks({ state: 'conflict', theirs: { version: 4, status: 'submitted', results: [] } }))).toBe(false);
  });

  it('放弃我的: the write leaves with the photos no other waiting write uses', () => {
    const e = rectify({ state: 'conflict', theirs, fileIds: [-5, -8, 12] });
    const other = marks({ id: 9, results: [{ itemKey: 'fire-1', result: 'fail', fileIds: [-8] }] });
    expect(resolveConflict(e, 'discard', [e, other])).toEqual({ keep: null, dropPhotos: [-5] });
  });
});
