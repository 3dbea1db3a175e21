/**
 * ID numbers at rest (docs/decisions/017): AES-256-GCM ciphertext in `member.id_cipher`, and a
 * keyed blind index (HMAC-SHA256 of the normalised 18-character number) in `member.id_index`,
 * which carries the uniqueness constraint and answers the exact search.
 *
 *   id_cipher = 0x01 | data key id (2 bytes) | IV (12) | ciphertext (18) | GCM tag (16)   49 bytes
 *   id_index  = index key id (2 bytes) | HMAC-SHA256 (32)                                  34 bytes
 *
 * Both values say which key made them, so keys can be rotated row by row (lib/cli/keys.ts). The
 * header is authenticated with the ciphertext (GCM additional data): a changed key id or version
 * fails like a changed byte of the ciphertext.
 *
 * No server-only: the generator, the seed and the key tools use it too. Node's crypto only.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import type { IdKeys, Keyring } from "./keyring";

const VERSION = 0x01;
const HEADER = 3;
const IV = 12;
const TAG = 16;
const ID_LENGTH = 18;
export const CIPHER_BYTES = HEADER + IV + ID_LENGTH + TAG;
export const INDEX_BYTES = 2 + 32;
const AAD_LABEL = Buffer.from("nuanxin:member.id_number:");

/** What Prisma's Bytes fields take and give (a Buffer over a plain ArrayBuffer). */
export type Bytes = Buffer<ArrayBuffer>;

export class IdNumberDecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IdNumberDecryptError";
  }
}

/**
 * Random 96-bit IVs, drawn from the CSPRNG a few thousand at a time (one randomBytes call per
 * IV cost more than the encryption: the generator encrypts millions). Each IV is used once.
 */
let ivPool = Buffer.alloc(0);
let ivAt = 0;
function nextIv(): Buffer {
  if (ivAt + IV > ivPool.length) {
    ivPool = randomBytes(IV * 4096);
    ivAt = 0;
  }
  const iv = ivPool.subarray(ivAt, ivAt + IV);
  ivAt += IV;
  return iv;
}

function aad(header: Buffer): Buffer {
  return Buffer.concat([AAD_LABEL, header]);
}

function checkId(id: string) {
  if (!/^\d{17}[\dX]$/.test(id)) throw new Error("not a normalised 18-character ID number");
}

/** Encrypt under the data ring's current key (a fresh random IV every time). */
export function sealIdNumber(keys: Pick<IdKeys, "data">, id: string): Bytes {
  checkId(id);
  const { id: kid, key } = keys.data.current;
  const header = Buffer.from([VERSION, kid >> 8, kid & 0xff]);
  const iv = nextIv();
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(aad(header));
  const body = Buffer.concat([cipher.update(id, "latin1"), cipher.final()]);
  return Buffer.concat([header, iv, body, cipher.getAuthTag()]);
}

/** The key id a ciphertext was made with. */
export function cipherKeyId(sealed: Uint8Array): number {
  if (sealed.length !== CIPHER_BYTES || sealed[0] !== VERSION) throw new IdNumberDecryptError("not an ID-number ciphertext");
  return (sealed[1] << 8) | sealed[2];
}

/** Decrypt; throws IdNumberDecryptError when the key is gone or anything was changed (GCM tag). */
export function openIdNumber(keys: Pick<IdKeys, "data">, sealed: Uint8Array): string {
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const kid = cipherKeyId(buf);
  const key = keys.data.byId.get(kid);
  if (!key) throw new IdNumberDecryptError(`data key ${kid} is not in NUANXIN_DATA_KEYS`);
  const decipher = createDecipheriv("aes-256-gcm", key, buf.subarray(HEADER, HEADER + IV));
  decipher.setAAD(aad(buf.subarray(0, HEADER)));
  decipher.setAuthTag(buf.subarray(CIPHER_BYTES - TAG));
  let id: string;
  try {
    id = Buffer.concat([decipher.update(buf.subarray(HEADER + IV, CIPHER_BYTES - TAG)), decipher.final()]).toString("latin1");
  } catch {
    throw new IdNumberDecryptError("ID-number ciphertext failed authentication (changed, or another key)");
  }
  checkId(id);
  return id;
}

function indexUnder(kid: number, key: Buffer, id: string): Bytes {
  return Buffer.concat([Buffer.from([kid >> 8, kid & 0xff]), createHmac("sha256", key).update(id, "latin1").digest()]);
}

/** The blind index under the index ring's current key: what a row stores. */
export function blindIndex(keys: Pick<IdKeys, "index">, id: string): Bytes {
  checkId(id);
  return indexUnder(keys.index.current.id, keys.index.current.key, id);
}

/**
 * The blind index under every index key: what a lookup compares against, so that a search or a
 * duplicate check also finds rows not yet re-keyed while `keys:rotate --index` runs.
 */
export function blindIndexCandidates(keys: Pick<IdKeys, "index">, id: string): Bytes[] {
  checkId(id);
  return keys.index.keys.map((k) => indexUnder(k.id, k.key, id));
}

export function indexKeyId(index: Uint8Array): number {
  if (index.length !== INDEX_BYTES) throw new Error("not an ID-number blind index");
  return (index[0] << 8) | index[1];
}

/**
 * Whether a decrypted number belongs to the row it came from: its blind index (under the key the
 * row's index names) is the row's. Two rows' ciphertexts swapped by someone with write access
 * to the table are each authentic GCM, but fail this. Unknown index key: cannot tell, false.
 */
export function matchesIndex(keys: Pick<IdKeys, "index">, id: string, index: Uint8Array): boolean {
  const kid = indexKeyId(index);
  const key = keys.index.byId.get(kid);
  return !!key && indexUnder(kid, key, id).equals(Buffer.from(index));
}

/** Everything a member row stores about an ID number, from the number. */
export function protectIdNumber(keys: IdKeys, id: string): { idCipher: Bytes; idIndex: Bytes } {
  return { idCipher: sealIdNumber(keys, id), idIndex: blindIndex(keys, id) };
}

export type { IdKeys, Keyring };
