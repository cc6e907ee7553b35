import { describe, expect, it } from 'vitest';
import { isLocked, minutesLeft, type LoginState } from './lockout.js';

// 等保 2.0 level 3: five failed logins lock the account for 15 minutes. The counting is done by the
// database (server/auth/attempts.ts, tested in auth.test.ts on both databases); this is the clock.
const t0 = new Date('2026-03-01T08:00:00+08:00');
const at = (min: number) => new Date(t0.getTime() + min * 60_000);

describe('login lockout', () => {
  it('is not locked without a lock time', () => {
    const s: LoginState = { failedLoginCount: 4, lockedUntil: null };
    expect(isLocked(s, t0)).toBe(false);
    expect(minutesLeft(s, t0)).toBe(0);
  });
  it('is locked until the lock time, with whole minutes left', () => {
    const s: LoginState = { failedLoginCount: 5, lockedUntil: at(15) };
    expect(isLocked(s, at(14.9))).toBe(true);
    expect(minutesLeft(s, at(10))).toBe(5);
    expect(minutesLeft(s, at(14.99))).toBe(1);
    expect(isLocked(s, at(15))).toBe(false);
  });
});
