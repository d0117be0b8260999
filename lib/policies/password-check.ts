import { createHash } from 'node:crypto';
import { verifyPassword } from '@/lib/auth/password';

/**
 * BASIC Authentication's password check with a process-wide cache. The answer for one (hash,
 * password) pair never changes, so both successes and failures are kept: a caller pays the Argon2
 * verification once, and repeating a wrong password costs nothing either. Keys are digests, so the
 * cache holds no password. Concurrent checks of one pair share one verification.
 */
const answers = new Map<string, boolean>();
const pending = new Map<string, Promise<boolean>>();
const maxEntries = 10_000;

export function checkPassword(passwordHash: string, password: string): boolean | Promise<boolean> {
  const key = createHash('sha256').update(passwordHash).update('\0').update(password).digest('base64');
  const known = answers.get(key);
  if (known !== undefined) return known;
  const inFlight = pending.get(key);
  if (inFlight) return inFlight;
  const check = verifyPassword(passwordHash, password).then((valid) => {
    pending.delete(key);
    // Dropping everything at the cap is crude but bounded; a steady caller re-pays one hash.
    if (answers.size >= maxEntries) answers.clear();
    answers.set(key, valid);
    return valid;
  });
  pending.set(key, check);
  return check;
}
