// Device keys (issue 17): 32 random bytes shown once as base64url when a device is registered or
// its key rotated, kept sealed with the server's key ring (care/crypto.ts, the same ring as the
// care and bullying records) bound to the device's uid, never shown again. The server needs the
// key itself to verify a device's HMAC, so it cannot keep only a hash. Opening the sealed key on
// every request costs an AES-GCM decryption; the opened keys are kept in memory per process,
// bounded, keyed by the sealed text, so a rotated key (a new sealed text) is never served stale.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { careSealer } from '../care/key.js';

export const DEVICE_HEADER = 'x-anxiao-device';
export const TIMESTAMP_HEADER = 'x-anxiao-timestamp';
export const SIGNATURE_HEADER = 'x-anxiao-signature';
/** A signed request older or newer than this is refused: a captured one cannot be replayed later. */
export const MAX_SKEW_SECONDS = 5 * 60;

const keyAad = (uid: string) => `iot_devices.key_enc:${uid}`;

export const newDeviceUid = () => randomBytes(8).toString('hex');

/** A new key: what the school copies into the device (shown once) and what the database keeps. */
export function newDeviceKey(uid: string): { key: string; sealed: string } {
  const key = randomBytes(32).toString('base64url');
  return { key, sealed: careSealer().seal(key, keyAad(uid)) };
}

// Bounded: a district has at most some tens of thousands of devices; past the bound the oldest
// opened key is dropped (Map keeps insertion order) and opened again when its device next posts.
const CACHE_MAX = 50_000;
const opened = new Map<string, string>();

export function deviceKeyOf(uid: string, sealed: string): string {
  const hit = opened.get(sealed);
  if (hit !== undefined) return hit;
  const key = careSealer().open(sealed, keyAad(uid));
  if (opened.size >= CACHE_MAX) opened.delete(opened.keys().next().value!);
  opened.set(sealed, key);
  return key;
}

/** The signature a device sends: hex HMAC-SHA256 with its key over `${timestamp}.${rawBody}` (README). */
export const signDeviceBody = (key: string, timestamp: string, rawBody: string) => createHmac('sha256', key).update(`${timestamp}.${rawBody}`).digest('hex');

/** null when signed with the key within the window, else the reason (for the log, never the body). */
export function deviceSignatureProblem(key: string, headers: { signature?: string; timestamp?: string }, rawBody: string, now: Date): string | null {
  const { signature, timestamp } = headers;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return 'missing or malformed timestamp';
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return 'timestamp outside the 5 minute window';
  const m = /^sha256=([0-9a-f]{64})$/i.exec(signature ?? '');
  if (!m) return 'missing or malformed signature';
  const expected = Buffer.from(signDeviceBody(key, timestamp, rawBody), 'hex');
  const given = Buffer.from(m[1].toLowerCase(), 'hex');
  if (!timingSafeEqual(given, expected)) return 'signature mismatch';
  return null;
}
