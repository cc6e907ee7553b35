import { randomInt } from 'node:crypto';
import argon2 from 'argon2';
import { generatePassword } from '../../domain/password.js';

// argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): about 30 ms here.
const options = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, options);
}

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) {
    // Spend the same time as a real check, so an unknown user does not answer faster.
    await argon2.hash(password, options);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

export function oneTimePassword(): string {
  return generatePassword((max) => randomInt(max));
}
