/** True when a database error is a unique-constraint violation (SQLSTATE 23505), on either driver. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  let e = err as { code?: string; constraint?: string; cause?: unknown } | undefined;
  // Drizzle wraps driver errors; the driver's error is the cause.
  for (let i = 0; e && i < 3; i++) {
    if (e.code === '23505') return !constraint || e.constraint === constraint || String((e as Error).message ?? '').includes(constraint);
    e = e.cause as typeof e;
  }
  return false;
}
