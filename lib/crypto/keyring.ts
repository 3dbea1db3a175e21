/**
 * Keyrings for ID numbers at rest (docs/decisions/017): numbered 256-bit keys, written
 * `1:<base64>,2:<base64>` in NUANXIN_DATA_KEYS (AES-256-GCM) and NUANXIN_INDEX_KEYS (HMAC-SHA256
 * blind index). The key with the highest id is the current one: new values are written under it;
 * the others stay only so that what was written under them can still be read, until
 * `npm run keys:rotate` has moved every row and the old key is removed.
 *
 * Pure: no environment, no files (lib/env.ts and lib/crypto/key-file.ts read those), so the web
 * app, the command-line tools and the tests share one parser.
 */
import { randomBytes } from "node:crypto";

export type Key = { id: number; key: Buffer };
export type Keyring = {
  /** Ascending by id; the last is the current key. */
  keys: readonly Key[];
  current: Key;
  byId: ReadonlyMap<number, Buffer>;
};
export type IdKeys = { data: Keyring; index: Keyring };

export const KEY_BYTES = 32;
export const MAX_KEY_ID = 65_535;

/** What is wrong with a keyring's text, in Chinese then English; null when it parses. */
export function keyringProblem(text: string | undefined): string | null {
  try {
    parseKeyring(text ?? "");
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

export function parseKeyring(text: string): Keyring {
  const entries = text.split(",").map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) throw new Error("密钥为空 / no keys (expected 1:<base64 of 32 bytes>[,2:…])");
  const keys: Key[] = [];
  for (const entry of entries) {
    const m = /^(\d{1,5}):([A-Za-z0-9+/_-]+={0,2})$/.exec(entry);
    if (!m) throw new Error("密钥格式应为 编号:base64 / each key must be <id>:<base64>");
    const id = Number(m[1]);
    if (id < 1 || id > MAX_KEY_ID) throw new Error(`密钥编号须在 1–${MAX_KEY_ID} 之间 / key id must be 1–${MAX_KEY_ID}`);
    const key = Buffer.from(m[2], m[2].includes("-") || m[2].includes("_") ? "base64url" : "base64");
    if (key.length !== KEY_BYTES) throw new Error(`密钥 ${id} 须为 32 字节（base64 编码）/ key ${id} must be 32 bytes, base64`);
    if (keys.some((k) => k.id === id)) throw new Error(`密钥编号 ${id} 重复 / key id ${id} appears twice`);
    keys.push({ id, key });
  }
  keys.sort((a, b) => a.id - b.id);
  return { keys, current: keys[keys.length - 1], byId: new Map(keys.map((k) => [k.id, k.key])) };
}

export function formatKeyring(ring: Keyring): string {
  return ring.keys.map((k) => `${k.id}:${k.key.toString("base64")}`).join(",");
}

/** Both rings; refuses a key used in both (the blind index must not share the cipher's key). */
export function parseIdKeys(data: string, index: string): IdKeys {
  const keys = { data: parseKeyring(data), index: parseKeyring(index) };
  for (const d of keys.data.keys) {
    if (keys.index.keys.some((i) => i.key.equals(d.key))) {
      throw new Error("加密密钥与索引密钥不得相同 / a data key must not also be an index key");
    }
  }
  return keys;
}

export function newKeyring(id = 1): Keyring {
  return withKey(undefined, id);
}

/** The ring with one more key, numbered after the highest (or `id`), which becomes current. */
export function withKey(ring: Keyring | undefined, id = (ring?.current.id ?? 0) + 1): Keyring {
  if (id > MAX_KEY_ID) throw new Error("no key ids left");
  const keys = [...(ring?.keys ?? []), { id, key: randomBytes(KEY_BYTES) }].sort((a, b) => a.id - b.id);
  return { keys, current: keys[keys.length - 1], byId: new Map(keys.map((k) => [k.id, k.key])) };
}

/** The ring without the given keys (never without its current key). */
export function withoutKeys(ring: Keyring, ids: Iterable<number>): Keyring {
  const drop = new Set(ids);
  drop.delete(ring.current.id);
  const keys = ring.keys.filter((k) => !drop.has(k.id));
  return { keys, current: ring.current, byId: new Map(keys.map((k) => [k.id, k.key])) };
}

/** Fresh keys for a new installation or a test run. */
export function newIdKeys(): IdKeys {
  return { data: newKeyring(), index: newKeyring() };
}
