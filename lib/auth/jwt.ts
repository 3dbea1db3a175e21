/**
 * The session cookie's JWT, in next-auth's own format (an A256GCM JWE with a key derived by
 * HKDF-SHA256 from NEXTAUTH_SECRET, the same info string), with the derived key kept rather
 * than derived again on every request: next-auth's `encode`/`decode` run HKDF on each call,
 * twice a request (read, then refresh), about 6 % of the server's CPU under a burst of syncing
 * phones (issue 14, `npm run bench -- writes --cpu-prof`). Tokens stay interchangeable with
 * next-auth's (lib/auth/sessions.ts decodes a copied cookie with next-auth's own `decode`).
 */
import "server-only";
import { hkdfSync, randomUUID } from "node:crypto";
import { EncryptJWT, jwtDecrypt } from "jose";
import type { JWT, JWTDecodeParams, JWTEncodeParams } from "next-auth/jwt";

const keys = new Map<string, Uint8Array>();

function derivedKey(secret: string | Buffer, salt: string): Uint8Array {
  const id = `${salt}\u0000${secret.toString()}`;
  let key = keys.get(id);
  if (!key) {
    const info = `NextAuth.js Generated Encryption Key${salt ? ` (${salt})` : ""}`;
    key = new Uint8Array(hkdfSync("sha256", secret, salt, info, 32));
    if (keys.size > 8) keys.clear(); // a rotated secret: keep only the current few
    keys.set(id, key);
  }
  return key;
}

const DEFAULT_MAX_AGE = 30 * 24 * 60 * 60;
const now = () => Math.floor(Date.now() / 1000);

export async function encode({ token = {}, secret, maxAge = DEFAULT_MAX_AGE, salt = "" }: JWTEncodeParams): Promise<string> {
  return new EncryptJWT(token)
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setIssuedAt()
    .setExpirationTime(now() + maxAge)
    .setJti(randomUUID())
    .encrypt(derivedKey(secret, salt));
}

export async function decode({ token, secret, salt = "" }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const { payload } = await jwtDecrypt(token, derivedKey(secret, salt), { clockTolerance: 15 });
  return payload as JWT;
}
