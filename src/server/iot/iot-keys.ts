// Device keys (issue 17): 32 random bytes shown once as base64url when a device is registered or
// its key rotated, kept sealed with the server's key ring (care/crypto.ts, the same ring as the
// care and bullying records) bound to the device's uid, never shown again. The server needs the
// key itself to verify a device's HMAC, so it cannot keep only a hash. Opening the sealed key on
// every request costs an AES-GCM decryption; the opened keys are kept in memory per process,
// bounded, keyed by the sealed text, so a rotated key (a new sealed text) is never served stale.
import { randomBytes } from 'node:crypto';
import { careSealer } from '../care/key.js';

export const DEVICE_HEADER = 'x-anxiao-device';

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
