import { describe, expect, it } from 'vitest';
import { afterFailure, isLocked, minutesLeft, type LoginState } from './lockout.js';

// 等保 2.0 level 3: five failed logins lock the account for 15 minutes.
const t0 = new Date('2026-03-01T08:00:00+08:00');
const at = (min: number) => new Date(t0.getTime() + min * 60_000);
const fresh: LoginState = { failedLoginCount: 0, lockedUntil: null };

describe('login lockout', () => {
  it('does not lock on the fourth failure', () => {
    let s = fresh;
    for (let i = 0; i < 4; i++) s = afterFailure(s, t0);
    expect(s).toEqual({ failedLoginCount: 4, lockedUntil: null });
    expect(isLocked(s, t0)).toBe(false);
  });
  it('locks on the fifth failure for 15 minutes', () => {
    let s = fresh;
    for (let i = 0; i < 5; i++) s = afterFailure(s, t0);
    expect(s.lockedUntil).toEqual(at(15));
    expect(isLocked(s, at(14.9))).toBe(true);
    expect(minutesLeft(s, at(10))).toBe(5);
    expect(isLocked(s, at(15))).toBe(false);
  });
  it('starts a fresh count once a lock has run out', () => {
    const locked: LoginState = { failedLoginCount: 5, lockedUntil: at(15) };
    expect(afterFailure(locked, at(16))).toEqual({ failedLoginCount: 1, lockedUntil: null });
  });
});
