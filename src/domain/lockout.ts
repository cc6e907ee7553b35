// Login failure handling (等保 2.0 level 3): five failed logins lock the account for 15 minutes;
// wrong current passwords when changing it count too (issue 11 item 3). The counting itself is done
// by the database in single statements (server/auth/attempts.ts), since parallel attempts on several
// instances must see each other: a count read here and written back lets them all count as the first.
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

export interface LoginState {
  failedLoginCount: number;
  lockedUntil: Date | null;
}

export function isLocked(state: LoginState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/** Whole minutes until the lock ends, at least 1 while it has not. */
export function minutesLeft(state: LoginState, now: Date): number {
  if (!state.lockedUntil) return 0;
  return Math.max(1, Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 60_000));
}
