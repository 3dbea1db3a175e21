/**
 * Batch work on the ID numbers at rest (docs/decisions/017), for the command-line tools:
 *
 * - encryptPlaintextIdNumbers: a database from before migration 20261202100000 has plaintext
 *   `member.id_number`; encrypt it row by row before 20261202100001 drops the column
 *   (lib/cli/prepare.ts runs it between the two);
 * - reencryptIdNumbers: every ciphertext under the newest data key (`npm run keys:rotate`);
 * - reindexIdNumbers: every blind index under the newest index key (`keys:rotate -- --index`).
 *
 * All three work in batches by ascending id, each batch one UPDATE (its own transaction), and
 * pick only rows still to do: interrupted, they resume by running again. An UPDATE changes a row
 * only if it still holds what was read, so an edit saved meanwhile (which writes under the
 * current keys anyway) is never overwritten with an older number.
 *
 * Runs as the owner role (pg, no server-only); never imported by the web app.
 */
import type pg from "pg";
import { blindIndex, IdNumberDecryptError, indexKeyId, matchesIndex, openIdNumber, sealIdNumber } from "../crypto/id-number-cipher";
import type { IdKeys } from "../crypto/keyring";
import { maskIdNumber, normaliseIdNumber } from "./id-number";

type Client = pg.Client | pg.PoolClient;
export type BatchProgress = { done: number; total: number };
export type BatchOptions = { batch?: number; onProgress?: (p: BatchProgress) => void };

const DEFAULT_BATCH = 2_000;
const keyIdBytes = (id: number) => Buffer.from([id >> 8, id & 0xff]);

async function hasPlaintextColumn(c: Client): Promise<boolean> {
  const { rowCount } = await c.query(
    `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'member' AND column_name = 'id_number'`);
  return rowCount === 1;
}

/**
 * Encrypt the rows that have only a plaintext number (and give them the region-only mask).
 * Asks for the keys only when there is such a row: a fresh database needs none. Returns how many.
 */
export async function encryptPlaintextIdNumbers(c: Client, keys: () => IdKeys, opts: BatchOptions = {}): Promise<number> {
  if (!(await hasPlaintextColumn(c))) return 0;
  const total = Number((await c.query(`SELECT count(*) AS n FROM member WHERE id_cipher IS NULL`)).rows[0].n);
  if (total === 0) return 0;
  const k = keys();
  let done = 0;
  let last = 0;
  for (;;) {
    const { rows } = await c.query<{ id: number; id_number: string }>(
      `SELECT id, id_number FROM member WHERE id_cipher IS NULL AND id > $1 ORDER BY id LIMIT $2`, [last, opts.batch ?? DEFAULT_BATCH]);
    if (rows.length === 0) break;
    const ids = rows.map((r) => r.id);
    const numbers = rows.map((r) => normaliseIdNumber(r.id_number));
    await c.query(
      `UPDATE member m SET id_cipher = x.c, id_index = x.i, id_number_masked = x.masked
       FROM unnest($1::int[], $2::bytea[], $3::bytea[], $4::text[]) AS x(id, c, i, masked)
       WHERE m.id = x.id AND m.id_cipher IS NULL`,
      [ids, numbers.map((n) => sealIdNumber(k, n)), numbers.map((n) => blindIndex(k, n)), numbers.map(maskIdNumber)]);
    done += rows.length;
    last = ids[ids.length - 1];
    opts.onProgress?.({ done, total });
  }
  return done;
}

/** Rows per data key and per index key: what `keys:rotate -- --status` prints, and when an old key may go. */
export async function idKeyUsage(c: Client): Promise<{ data: Map<number, number>; index: Map<number, number> }> {
  const { rows } = await c.query<{ kind: string; kid: number; n: string }>(`
    SELECT 'data' AS kind, get_byte(id_cipher, 1) * 256 + get_byte(id_cipher, 2) AS kid, count(*) AS n FROM member GROUP BY 2
    UNION ALL
    SELECT 'index', get_byte(id_index, 0) * 256 + get_byte(id_index, 1), count(*) FROM member GROUP BY 2`);
  const usage = { data: new Map<number, number>(), index: new Map<number, number>() };
  for (const r of rows) usage[r.kind as "data" | "index"].set(r.kid, Number(r.n));
  return usage;
}

/**
 * Whether these keys open this database's ID numbers: the oldest and the newest row are decrypted
 * and their blind indexes checked. Catches a lost or swapped key file, or
 * variables of another deployment, before the app serves pages whose reveals would all fail.
 * Returns the problems (empty when the keys fit).
 */
export async function idKeyProblems(c: Client, keys: IdKeys): Promise<string[]> {
  if (await hasPlaintextColumn(c)) return [];
  // The oldest and the newest row (primary key, instant at any size): a lost or foreign key shows in both.
  const { rows } = await c.query<{ id_cipher: Buffer; id_index: Buffer }>(`
    (SELECT id_cipher, id_index FROM member ORDER BY id LIMIT 1) UNION ALL (SELECT id_cipher, id_index FROM member ORDER BY id DESC LIMIT 1)`);
  const problems = new Set<string>();
  for (const r of rows) {
    let id: string;
    try {
      id = openIdNumber(keys, r.id_cipher);
    } catch (error) {
      if (!(error instanceof IdNumberDecryptError)) throw error;
      const kid = (r.id_cipher[1] << 8) | r.id_cipher[2];
      problems.add(keys.data.byId.has(kid)
        ? `加密密钥 ${kid} 与数据库中的身份证号不符 / data key ${kid} does not open this database's ID numbers`
        : `数据库中的身份证号使用加密密钥 ${kid}，但密钥环中没有 / data key ${kid} is used but missing`);
      continue;
    }
    const ikid = indexKeyId(r.id_index);
    if (!keys.index.byId.has(ikid)) problems.add(`数据库使用索引密钥 ${ikid}，但密钥环中没有 / index key ${ikid} is used but missing`);
    else if (!matchesIndex(keys, id, r.id_index)) problems.add(`索引密钥 ${ikid} 与数据库不符 / index key ${ikid} does not match this database`);
  }
  return [...problems];
}

/** Re-encrypt every row not under the newest data key. Returns how many rows were moved. */
export async function reencryptIdNumbers(c: Client, keys: IdKeys, opts: BatchOptions = {}): Promise<number> {
  const current = keyIdBytes(keys.data.current.id);
  const total = Number((await c.query(
    `SELECT count(*) AS n FROM member WHERE substring(id_cipher FROM 2 FOR 2) <> $1`, [current])).rows[0].n);
  let done = 0;
  let last = 0;
  opts.onProgress?.({ done, total });
  while (total > 0) {
    const { rows } = await c.query<{ id: number; id_cipher: Buffer }>(
      `SELECT id, id_cipher FROM member WHERE id > $1 AND substring(id_cipher FROM 2 FOR 2) <> $2 ORDER BY id LIMIT $3`,
      [last, current, opts.batch ?? DEFAULT_BATCH]);
    if (rows.length === 0) break;
    const fresh = rows.map((r) => sealIdNumber(keys, openIdNumber(keys, r.id_cipher)));
    await c.query(
      `UPDATE member m SET id_cipher = x.c FROM unnest($1::int[], $2::bytea[], $3::bytea[]) AS x(id, old, c)
       WHERE m.id = x.id AND m.id_cipher = x.old`,
      [rows.map((r) => r.id), rows.map((r) => r.id_cipher), fresh]);
    done += rows.length;
    last = rows[rows.length - 1].id;
    opts.onProgress?.({ done, total });
  }
  return done;
}

/**
 * Recompute the blind index under the newest index key (the numbers are decrypted for it). While
 * it runs, lookups try every index key in the ring (blindIndexCandidates), so searches and the
 * duplicate check keep working. Returns how many rows were moved.
 */
export async function reindexIdNumbers(c: Client, keys: IdKeys, opts: BatchOptions = {}): Promise<number> {
  const current = keyIdBytes(keys.index.current.id);
  const total = Number((await c.query(
    `SELECT count(*) AS n FROM member WHERE substring(id_index FROM 1 FOR 2) <> $1`, [current])).rows[0].n);
  let done = 0;
  let last = 0;
  opts.onProgress?.({ done, total });
  while (total > 0) {
    const { rows } = await c.query<{ id: number; id_cipher: Buffer; id_index: Buffer }>(
      `SELECT id, id_cipher, id_index FROM member WHERE id > $1 AND substring(id_index FROM 1 FOR 2) <> $2 ORDER BY id LIMIT $3`,
      [last, current, opts.batch ?? DEFAULT_BATCH]);
    if (rows.length === 0) break;
    const fresh = rows.map((r) => {
      const id = openIdNumber(keys, r.id_cipher);
      // A row whose ciphertext is not its own (swapped) must not be given the other's index.
      if (keys.index.byId.has(indexKeyId(r.id_index)) && !matchesIndex(keys, id, r.id_index)) {
        throw new Error(`member ${r.id}: its ciphertext does not match its blind index (changed in the database?)`);
      }
      return blindIndex(keys, id);
    });
    await c.query(
      `UPDATE member m SET id_index = x.i FROM unnest($1::int[], $2::bytea[], $3::bytea[], $4::bytea[]) AS x(id, c, old, i)
       WHERE m.id = x.id AND m.id_cipher = x.c AND m.id_index = x.old`,
      [rows.map((r) => r.id), rows.map((r) => r.id_cipher), rows.map((r) => r.id_index), fresh]);
    done += rows.length;
    last = rows[rows.length - 1].id;
    opts.onProgress?.({ done, total });
  }
  return done;
}
