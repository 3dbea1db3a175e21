/**
 * The secret of an API token: 32 random bytes (256 bits) in base64url behind a recognisable
 * `nx_` prefix (so a leaked one is easy to spot in a log or a repository). Only its SHA-256 is
 * stored: a plain hash is enough for a secret of this entropy (no password to brute-force), and
 * it lets the token be found by an index lookup on `token_hash`.
 */
import "server-only";
import { createHash, randomBytes } from "node:crypto";

export const SECRET_PREFIX = "nx_";
/** `nx_` + 43 base64url characters. */
const SECRET_SHAPE = /^nx_[A-Za-z0-9_-]{43}$/;
/** Characters kept in `api_token.prefix`, to recognise a token in lists and logs. */
export const DISPLAY_PREFIX_LENGTH = 10;

export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString("base64url");
}

/** SHA-256 of the secret, 64 hex characters (`api_token.token_hash`). */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function displayPrefix(secret: string): string {
  return secret.slice(0, DISPLAY_PREFIX_LENGTH);
}

/** Whether a presented string could be one of ours at all (else there is nothing to look up). */
export function looksLikeSecret(value: string): boolean {
  return SECRET_SHAPE.test(value);
}
