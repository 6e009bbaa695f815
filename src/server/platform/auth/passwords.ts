/** argon2id password hashing (OWASP parameters: 19 MiB, 2 iterations, 1 lane). */
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A valid hash of a random secret, verified against when the account does not exist (equal timing). */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(`no-such-user-${Math.random()}`);
  return dummy;
}

/** Minimum rules for a new password; returns a field error code or null. */
export function passwordProblem(password: string, email: string): 'too_short' | 'contains_email' | 'too_simple' | null {
  if (password.length < 12) return 'too_short';
  if (password.toLowerCase().includes(email.split('@')[0]?.toLowerCase() ?? '\u0000')) return 'contains_email';
  if (new Set(password).size < 5) return 'too_simple';
  return null;
}
