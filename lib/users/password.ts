/**
 * Password hashing: argon2id through `@node-rs/argon2` (native, prebuilt for each platform, runs
 * off the main thread), with OWASP's parameters for argon2id (19 MiB, 2 passes, 1 lane: about
 * 15–40 ms here). Hashes written before (bcryptjs, cost 10: `$2a$`/`$2b$`) still verify, and
 * `needsRehash` tells the login to replace them with an argon2id hash while the plain password
 * is at hand.
 */
import { hash as argon2Hash, verify as argon2Verify } from "@node-rs/argon2";
import bcrypt from "bcryptjs";

const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;
const CURRENT_PREFIX = `$argon2id$v=19$m=${ARGON2.memoryCost},t=${ARGON2.timeCost},p=${ARGON2.parallelism}$`;

export const hashPassword = (plain: string) => argon2Hash(plain, ARGON2);

export async function verifyPassword(plain: string, hash: string): Promise<boolean> {
  try {
    if (hash.startsWith("$argon2")) return await argon2Verify(hash, plain);
    if (/^\$2[aby]\$/.test(hash)) return await bcrypt.compare(plain, hash);
  } catch {
    // A malformed stored hash verifies nothing.
  }
  return false;
}

/** True for a hash of an older scheme or weaker parameters than today's. */
export const needsRehash = (hash: string) => !hash.startsWith(CURRENT_PREFIX);

// A fixed hash of a random password, verified in place of a real one when the username is
// unknown or inactive: the answer then takes as long as for a known user (finding 4).
let dummy: Promise<string> | undefined;
export async function verifyDummy(plain: string): Promise<false> {
  dummy ??= argon2Hash(crypto.randomUUID(), ARGON2);
  await verifyPassword(plain, await dummy);
  return false;
}
