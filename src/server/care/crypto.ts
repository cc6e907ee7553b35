// Field encryption at rest for minors' sensitive personal data (issue 16; PIPL art. 28–31), made to
// be reused: issue 22 (bullying cases) seals its fields the same way.
//
//   seal(text, aad)  → 'v1.<keyId>.<iv>.<tag>.<ciphertext>' (base64url parts), AES-256-GCM, a fresh
//                      96-bit IV per value. `aad` binds the value to where it belongs
//                      ('care_records.name_enc:<schoolId>'): a ciphertext copied into another
//                      school's row or another column does not open.
//   open(sealed, aad) → the text; a wrong key, a changed byte or another aad throws.
//   sealBytes(bytes, aad) → 'AXS1' + key id (4 bytes) + iv + tag + ciphertext, for files: the same
//                      AES-256-GCM without the base64 (a 20 MB file stays 20 MB in a bytea column).
//   openBytes(sealed, aad) → the bytes; like open, anything changed throws.
//   blindIndexes(text, domain) → keyed hashes (HMAC-SHA256 under a key derived for the domain)
//                      to find a value by equality without decrypting every row: one per key in
//                      the ring, so rows not yet re-sealed after a rotation are still found.
//
// The key ring is the current key (which seals) and earlier ones (which only open). A key id is
// derived from the key itself, so the ciphertext says which key opens it and rotation needs no
// bookkeeping (ARCHITECTURE.md, "Care records: encryption and key rotation").
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SealError extends Error {}

/** A 32-byte key from 64 hex characters or base64 of 32 bytes; anything else is refused with the reason. */
export function parseKey(text: string, name = 'CARE_KEY'): Buffer {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  const b = Buffer.from(t, 'base64');
  if (b.length === 32 && /^[A-Za-z0-9+/_-]+=*$/.test(t)) return b;
  throw new SealError(`${name} must be 32 bytes as 64 hex characters or base64 (e.g. openssl rand -hex 32)`);
}

/** The id a key is known by in ciphertexts: 8 hex characters of an HMAC of a fixed label. */
export function keyIdOf(key: Buffer): string {
  return createHmac('sha256', key).update('anxiao key id').digest('hex').slice(0, 8);
}

/** The first bytes of every sealed file: a CHECK in the database refuses anything else. */
export const SEALED_BYTES_MAGIC = Buffer.from('AXS1', 'ascii');
const KEY_ID_BYTES = 4;

const b64 = (b: Buffer) => b.toString('base64url');
const unb64 = (s: string) => Buffer.from(s, 'base64url');

export class Sealer {
  readonly keyId: string;
  private readonly keys = new Map<string, Buffer>();
  private readonly indexKeys = new Map<string, Buffer>();
  private readonly current: Buffer;

  constructor(current: Buffer, previous: Buffer[] = []) {
    if (current.length !== 32) throw new SealError('The encryption key must be 32 bytes');
    this.current = Buffer.from(current);
    this.keyId = keyIdOf(current);
    for (const k of [current, ...previous]) {
      if (k.length !== 32) throw new SealError('The encryption key must be 32 bytes');
      const id = keyIdOf(k);
      if (!this.keys.has(id)) this.keys.set(id, Buffer.from(k));
    }
  }

  /**
   * A ring for another store, each key derived from this ring's by HKDF with the purpose as info:
   * one configured key seals several stores without one key serving two purposes, and a rotation
   * of the configured key rotates the derived ones with it (issue 17's channel secrets).
   */
  derive(purpose: string): Sealer {
    const sub = (k: Buffer) => Buffer.from(hkdfSync('sha256', k, Buffer.alloc(0), `anxiao subkey ${purpose}`, 32));
    return new Sealer(sub(this.current), [...this.keys.values()].map(sub));
  }

  seal(text: string, aad: string): string {
    const iv = randomBytes(IV_BYTES);
    const c = createCipheriv('aes-256-gcm', this.current, iv, { authTagLength: TAG_BYTES });
    c.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([c.update(text, 'utf8'), c.final()]);
    return `${VERSION}.${this.keyId}.${b64(iv)}.${b64(c.getAuthTag())}.${b64(ct)}`;
  }

  sealNullable(text: string | null | undefined, aad: string): string | null {
    return text === null || text === undefined || text === '' ? null : this.seal(text, aad);
  }

  open(sealed: string, aad: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new SealError('Not a sealed value');
    const key = this.keys.get(parts[1]);
    if (!key) throw new SealError(`No key ${parts[1]} in the ring: set the key that sealed it in CARE_KEYS_PREVIOUS`);
    const d = createDecipheriv('aes-256-gcm', key, unb64(parts[2]), { authTagLength: TAG_BYTES });
    d.setAAD(Buffer.from(aad, 'utf8'));
    d.setAuthTag(unb64(parts[3]));
    return Buffer.concat([d.update(unb64(parts[4])), d.final()]).toString('utf8');
  }

  openNullable(sealed: string | null | undefined, aad: string): string | null {
    return sealed ? this.open(sealed, aad) : null;
  }

  sealBytes(bytes: Buffer, aad: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const c = createCipheriv('aes-256-gcm', this.current, iv, { authTagLength: TAG_BYTES });
    c.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([c.update(bytes), c.final()]);
    return Buffer.concat([SEALED_BYTES_MAGIC, Buffer.from(this.keyId, 'hex'), iv, c.getAuthTag(), ct]);
  }

  openBytes(sealed: Buffer, aad: string): Buffer {
    const head = SEALED_BYTES_MAGIC.length + KEY_ID_BYTES;
    if (sealed.length < head + IV_BYTES + TAG_BYTES || !sealed.subarray(0, SEALED_BYTES_MAGIC.length).equals(SEALED_BYTES_MAGIC)) throw new SealError('Not sealed bytes');
    const keyId = sealed.subarray(SEALED_BYTES_MAGIC.length, head).toString('hex');
    const key = this.keys.get(keyId);
    if (!key) throw new SealError(`No key ${keyId} in the ring: set the key that sealed it in CARE_KEYS_PREVIOUS`);
    const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(head, head + IV_BYTES), { authTagLength: TAG_BYTES });
    d.setAAD(Buffer.from(aad, 'utf8'));
    d.setAuthTag(sealed.subarray(head + IV_BYTES, head + IV_BYTES + TAG_BYTES));
    return Buffer.concat([d.update(sealed.subarray(head + IV_BYTES + TAG_BYTES)), d.final()]);
  }

  /** Whether sealed bytes were sealed with an earlier key. */
  isStaleBytes(sealed: Buffer): boolean {
    return sealed.subarray(SEALED_BYTES_MAGIC.length, SEALED_BYTES_MAGIC.length + KEY_ID_BYTES).toString('hex') !== this.keyId;
  }

  /** Whether a value was sealed with an earlier key (to be sealed again after a rotation). */
  isStale(sealed: string): boolean {
    return sealed.split('.')[1] !== this.keyId;
  }

  private indexKey(keyId: string, domain: string): Buffer {
    const k = `${keyId}:${domain}`;
    let out = this.indexKeys.get(k);
    if (!out) {
      // A separate key per purpose: the index key never encrypts, the encryption key never hashes.
      out = Buffer.from(hkdfSync('sha256', this.keys.get(keyId)!, Buffer.alloc(0), `anxiao blind index ${domain}`, 32));
      this.indexKeys.set(k, out);
    }
    return out;
  }

  /** The keyed hash under the current key: what is stored. */
  blindIndex(text: string, domain: string): string {
    return createHmac('sha256', this.indexKey(this.keyId, domain)).update(text, 'utf8').digest('hex');
  }

  /** The keyed hashes under every key of the ring: what a search looks for. */
  blindIndexes(text: string, domain: string): string[] {
    return [...this.keys.keys()].map((id) => createHmac('sha256', this.indexKey(id, domain)).update(text, 'utf8').digest('hex'));
  }
}

/** Constant-time equality of two hex hashes. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
