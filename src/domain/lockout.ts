// Login failure handling (等保 2.0 level 3): five failed logins lock the account for 15 minutes.
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

export interface LoginState {
  failedLoginCount: number;
  lockedUntil: Date | null;
}

export function isLocked(state: LoginState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/** The state after one more failed attempt: the fifth failure locks. */
export function afterFailure(state: LoginState, now: Date): LoginState {
  // A lock that has run out starts a fresh count.
  const base = state.lockedUntil && !isLocked(state, now) ? 0 : state.failedLoginCount;
  const failedLoginCount = base + 1;
  if (failedLoginCount >= MAX_FAILED_LOGINS) {
    return { failedLoginCount, lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000) };
  }
  return { failedLoginCount, lockedUntil: null };
}

export function minutesLeft(state: LoginState, now: Date): number {
  if (!state.lockedUntil) return 0;
  return Math.max(1, Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 60_000));
}
