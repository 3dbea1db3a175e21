/**
 * The ID-number crypto (decision 017) without a database: keyring parsing and its errors, the
 * ciphertext and blind-index formats, tamper refusal, the tools' key file (0600, only for the
 * embedded database), and the production start refused without keys.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatKeyring, newIdKeys, parseIdKeys, parseKeyring, withKey, withoutKeys } from "@/lib/crypto/keyring";
import {
  blindIndex, blindIndexCandidates, cipherKeyId, CIPHER_BYTES, IdNumberDecryptError, indexKeyId, INDEX_BYTES, matchesIndex,
  openIdNumber, sealIdNumber,
} from "@/lib/crypto/id-number-cipher";
import { envIdKeys, keyFile, MissingIdKeys, toolIdKeys } from "@/lib/crypto/key-file";
import { allowConsoleError } from "../support/console";

const ID = "21110219700506005X";
const key32 = () => Buffer.alloc(32, 7).toString("base64");

describe("keyrings", () => {
  it("parses numbered keys, the highest id current, and round-trips", () => {
    const ring = parseKeyring(`2:${Buffer.alloc(32, 2).toString("base64")}, 1:${Buffer.alloc(32, 1).toString("base64url")}`);
    expect(ring.keys.map((k) => k.id)).toEqual([1, 2]);
    expect(ring.current.id).toBe(2);
    expect(parseKeyring(formatKeyring(ring)).byId.get(1)).toEqual(Buffer.alloc(32, 1));
    expect(withKey(ring).current.id).toBe(3);
    expect(withoutKeys(withKey(ring), [1, 2]).keys.map((k) => k.id)).toEqual([3]);
    expect(withoutKeys(ring, [2]).keys.map((k) => k.id)).toEqual([1, 2]); // never the current key
  });

  it("refuses malformed rings with a message in Chinese and English", () => {
    expect(() => parseKeyring("")).toThrow(/密钥为空 \/ no keys/);
    expect(() => parseKeyring("abc")).toThrow(/编号:base64/);
    expect(() => parseKeyring(`0:${key32()}`)).toThrow(/1–65535/);
    expect(() => parseKeyring(`1:${Buffer.alloc(16).toString("base64")}`)).toThrow(/32 字节/);
    expect(() => parseKeyring(`1:${key32()},1:${key32()}`)).toThrow(/重复/);
    expect(() => parseIdKeys(`1:${key32()}`, `1:${key32()}`)).toThrow(/不得相同/);
  });
});

describe("ciphertext and blind index", () => {
  const keys = newIdKeys();

  it("seals with a fresh IV each time and opens to the number; the header names the key", () => {
    const a = sealIdNumber(keys, ID);
    const b = sealIdNumber(keys, ID);
    expect(a).toHaveLength(CIPHER_BYTES);
    expect(a.equals(b)).toBe(false);
    expect(a.includes(Buffer.from(ID))).toBe(false);
    expect(cipherKeyId(a)).toBe(keys.data.current.id);
    expect(openIdNumber(keys, a)).toBe(ID);
    expect(openIdNumber(keys, b)).toBe(ID);
  });

  it("refuses any changed byte, a key it does not hold, and a ring of other keys", () => {
    const sealed = sealIdNumber(keys, ID);
    for (let i = 0; i < sealed.length; i++) {
      const changed = Buffer.from(sealed);
      changed[i] ^= 0x80;
      expect(() => openIdNumber(keys, changed), `byte ${i}`).toThrow(IdNumberDecryptError);
    }
    expect(() => openIdNumber(newIdKeys(), sealed)).toThrow(IdNumberDecryptError);
    expect(() => openIdNumber(keys, sealed.subarray(1))).toThrow(IdNumberDecryptError);
  });

  it("indexes deterministically under the index key, separately from the data key", () => {
    const index = blindIndex(keys, ID);
    expect(index).toHaveLength(INDEX_BYTES);
    expect(index.equals(blindIndex(keys, ID))).toBe(true);
    expect(index.equals(blindIndex(newIdKeys(), ID))).toBe(false);
    expect(indexKeyId(index)).toBe(keys.index.current.id);
    expect(matchesIndex(keys, ID, index)).toBe(true);
    expect(matchesIndex(keys, "211102197005060041", index)).toBe(false);
    const two = { index: withKey(keys.index) };
    expect(blindIndexCandidates(two, ID).map((b) => indexKeyId(b))).toEqual([1, 2]);
    expect(blindIndexCandidates(two, ID)[0].equals(index)).toBe(true);
  });

  it("takes only normalised 18-character numbers", () => {
    expect(() => sealIdNumber(keys, "21110219700506005x")).toThrow();
    expect(() => blindIndex(keys, "2111021970050600")).toThrow();
  });
});

describe("where the tools get the keys", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it("generates them once into .data/id-keys.json, mode 0600, for the embedded database only", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "nuanxin-keys-"));
    dirs.push(root);
    const first = toolIdKeys({ projectRoot: root, embedded: true, env: {} });
    expect(fs.statSync(keyFile(root)).mode & 0o777).toBe(0o600);
    const again = toolIdKeys({ projectRoot: root, embedded: true, env: {} });
    expect(formatKeyring(again.data)).toBe(formatKeyring(first.data));
    expect(() => toolIdKeys({ projectRoot: root, embedded: false, env: {} })).toThrow(MissingIdKeys);
    expect(() => toolIdKeys({ projectRoot: root, embedded: false, env: {} })).toThrow(/NUANXIN_DATA_KEYS/);
  });

  it("prefers the environment, and wants both variables", () => {
    const keys = newIdKeys();
    const env = { NUANXIN_DATA_KEYS: formatKeyring(keys.data), NUANXIN_INDEX_KEYS: formatKeyring(keys.index) };
    expect(formatKeyring(toolIdKeys({ projectRoot: "/nonexistent", embedded: false, env }).index)).toBe(env.NUANXIN_INDEX_KEYS);
    expect(() => envIdKeys({ NUANXIN_DATA_KEYS: env.NUANXIN_DATA_KEYS })).toThrow(/同时设置/);
    expect(() => envIdKeys({ ...env, NUANXIN_INDEX_KEYS: "1:short" })).toThrow(/无效/);
  });
});

describe("the web app without keys", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    vi.restoreAllMocks();
    vi.resetModules();
  });

  it("refuses to start in production, naming the variables", async () => {
    allowConsoleError(/拒绝启动/);
    process.env = { ...saved, NODE_ENV: "production", NEXT_RUNTIME: "nodejs" };
    delete process.env.NUANXIN_DATA_KEYS;
    delete process.env.NUANXIN_INDEX_KEYS;
    vi.resetModules();
    const exit = vi.spyOn(process, "exit").mockImplementation(((code: number) => { throw new Error(`exit ${code}`); }) as never);
    const { register } = await import("@/instrumentation");
    await expect(register()).rejects.toThrow("exit 1");
    expect(exit).toHaveBeenCalledWith(1);
    expect(vi.mocked(console.error).mock.calls.flat().join(" ")).toMatch(/NUANXIN_DATA_KEYS 和 NUANXIN_INDEX_KEYS/);
  });

  it("refuses a malformed key variable at boot (lib/env.ts)", async () => {
    process.env = { ...saved, NUANXIN_DATA_KEYS: "1:tooshort" };
    vi.resetModules();
    const { env } = await import("@/lib/env");
    expect(() => env()).toThrow(/NUANXIN_DATA_KEYS: .*32 字节/);
  });
});
