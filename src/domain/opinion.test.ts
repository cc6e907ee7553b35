// Timeliness, targets and the response flow of public opinion events at their boundaries
// (issue 22; 000 第13条 舆情监控和引导, 003（五）舆情监测和应对处置, 002 及时正面发声; the hours are the district's).
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPINION_TARGETS as T, isOverdue, median, opinionActionRefusal, opinionActions, opinionDueAt, opinionState, opinionTimeProblem, timelinessLabel, timelinessMinutes } from './opinion.js';

const found = new Date('2026-05-13T01:00:00Z');
const at = (min: number) => new Date(found.getTime() + min * 60_000);

describe('public opinion events (000 第13条, 003（五）, 002)', () => {
  it('the district’s targets: 重大 1 hour, 较大 2 hours, 一般 24 hours, each with its note', () => {
    expect(T.minutes).toEqual({ severe: 60, major: 120, general: 1440 });
    expect(T.notes.length).toBeGreaterThanOrEqual(3);
    expect(opinionDueAt(found, 'severe').toISOString()).toBe('2026-05-13T02:00:00.000Z');
    expect(opinionDueAt(found, 'general').toISOString()).toBe('2026-05-14T01:00:00.000Z');
  });

  it('timeliness is whole minutes from finding to publishing, null until published', () => {
    expect(timelinessMinutes(found, null)).toBeNull();
    expect(timelinessMinutes(found, at(95))).toBe(95);
    expect(timelinessMinutes(found, new Date(at(95).getTime() + 59_000))).toBe(95);
    expect(timelinessLabel(95)).toBe('发现后 1 小时 35 分');
    expect(timelinessLabel(40)).toBe('发现后 40 分');
  });

  it('is overdue when not published by the target: published at the minute is in time, a minute later is not; unpublished counts by now', () => {
    const e = { foundAt: found, level: 'severe' as const };
    expect(isOverdue({ ...e, publishedAt: at(60) }, at(500))).toBe(false);
    expect(isOverdue({ ...e, publishedAt: at(61) }, at(500))).toBe(true);
    expect(isOverdue({ ...e, publishedAt: null }, at(60))).toBe(false);
    expect(isOverdue({ ...e, publishedAt: null }, at(61))).toBe(true);
    expect(isOverdue({ foundAt: found, level: 'general', publishedAt: null }, at(600))).toBe(false);
  });

  it('the state follows the steps: new → responding → approved → published → closed', () => {
    const p = { draft: null, approvedAt: null, publishedAt: null, closedAt: null };
    expect(opinionState(p)).toBe('new');
    expect(opinionState({ ...p, draft: '口径' })).toBe('responding');
    expect(opinionState({ ...p, draft: '口径', approvedAt: at(10) })).toBe('approved');
    expect(opinionState({ ...p, draft: '口径', approvedAt: at(10), publishedAt: at(20) })).toBe('published');
    expect(opinionState({ ...p, closedAt: at(30) })).toBe('closed');
  });

  it('approves only a drafted response, publishes only an approved one; nothing after closing', () => {
    expect(opinionActionRefusal('new', 'approve')).toContain('尚未起草');
    expect(opinionActionRefusal('responding', 'approve')).toBeNull();
    expect(opinionActionRefusal('responding', 'publish')).toContain('审核');
    expect(opinionActionRefusal('approved', 'publish')).toBeNull();
    expect(opinionActionRefusal('approved', 'draft')).toBeNull(); // back to drafted: the service clears the approval
    expect(opinionActionRefusal('published', 'draft')).not.toBeNull();
    expect(opinionActionRefusal('closed', 'edit')).not.toBeNull();
    expect(opinionActions('responding')).toEqual(['edit', 'draft', 'approve', 'close', 'link']);
    expect(opinionActions('closed')).toEqual([]);
  });

  it('names the field of a time in the future or a publication before the finding', () => {
    expect(opinionTimeProblem({ foundAt: at(10) }, found)?.field).toBe('foundAt');
    expect(opinionTimeProblem({ foundAt: found, publishedAt: at(-1) }, at(10))?.field).toBe('publishedAt');
    expect(opinionTimeProblem({ foundAt: found, publishedAt: at(20) }, at(10))?.field).toBe('publishedAt');
    expect(opinionTimeProblem({ foundAt: found, publishedAt: at(5) }, at(10))).toBeNull();
  });

  it('median of minutes', () => {
    expect(median([])).toBeNull();
    expect(median([30, 10, 20])).toBe(20);
    expect(median([10, 20, 30, 40])).toBe(25);
  });
});
