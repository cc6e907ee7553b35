// One signature for the requests that come or go without a session (README): the opinion service's
// webhook (issue 22) and devices posting events (issue 17) sign to us, our generic message webhook
// (issue 17) signs to its receiver. Hex HMAC-SHA256 with the shared secret over
// `${timestamp}.${rawBody}`, the timestamp in unix seconds sent beside it.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-anxiao-signature';
export const TIMESTAMP_HEADER = 'x-anxiao-timestamp';
/** A signed request older (or further in the future) than this is refused: a captured one cannot be replayed later. */
export const MAX_SKEW_SECONDS = 5 * 60;

export const signBody = (secret: string, timestamp: string | number, rawBody: string) => createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex');

/** null when the request is signed (`sha256=<hex>`) with the secret within the window, else the reason (for the log, never the body). */
export function signatureProblem(secret: string, headers: { signature?: string; timestamp?: string }, rawBody: string, now: Date): string | null {
  const { signature, timestamp } = headers;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return 'missing or malformed timestamp';
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return 'timestamp outside the 5 minute window';
  const m = /^sha256=([0-9a-f]{64})$/i.exec(signature ?? '');
  if (!m) return 'missing or malformed signature';
  const expected = Buffer.from(signBody(secret, timestamp, rawBody), 'hex');
  const given = Buffer.from(m[1].toLowerCase(), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'signature mismatch';
  return null;
}
