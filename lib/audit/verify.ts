/**
 * Checks the audit log's hash chain (migration 20261201120000_append_only, decision 014): walks
 * the rows in id order, a batch at a time (the log can hold millions of rows), and stops at the
 * first row that does not follow from the one before it:
 *
 * - its hash is not sha256(prev_hash || its content): the row was changed after it was written;
 * - its prev_hash is not the previous row's hash: a row before it was removed, or changed and
 *   re-hashed;
 * - the last row is not the chain head's: rows at the end were removed.
 *
 * PostgreSQL computes each row's hash (audit_row_hash, the same function the insert trigger
 * uses), so the check cannot drift from the writer. Needs the owner role (the head is its alone).
 * No server-only import: the command line (npm run audit:verify) and the tests use it.
 */
import type pg from "pg";

export type ChainBreak = {
  /** The first row that does not follow (or the head, id = its last_id, when the tail is gone). */
  id: string;
  what: "hash" | "prev_hash" | "head";
  expected: string | null;
  found: string | null;
  /** In Chinese, for the command line. */
  message: string;
};

export type ChainReport = { rows: number; headHash: string | null; broken: ChainBreak | null };

const hex = (b: Buffer | null) => (b ? b.toString("hex") : null);

type Row = { id: string; prev_hash: Buffer | null; hash: Buffer | null; computed: Buffer };

export async function verifyAuditChain(
  client: Pick<pg.Client, "query">,
  opts: { batch?: number; onProgress?: (rows: number) => void } = {},
): Promise<ChainReport> {
  const batch = opts.batch ?? 10_000;
  // One snapshot for the walk and the head, so rows written meanwhile cannot look like a break.
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    let rows = 0;
    let previous: Buffer | null = null;
    let lastId = "0";
    for (;;) {
      // ORDER BY a.id, the bigint: the output column id is text, which would sort "10" before "2".
      const { rows: page } = await client.query<Row>(
        `SELECT a.id::text AS id, a.prev_hash, a.hash, audit_row_hash(a.prev_hash, a) AS computed
           FROM audit_log a WHERE a.id > $1::bigint ORDER BY a.id LIMIT $2`,
        [lastId, batch],
      );
      for (const r of page) {
        if (hex(r.prev_hash) !== hex(previous)) {
          const broken: ChainBreak = {
            id: r.id, what: "prev_hash", expected: hex(previous), found: hex(r.prev_hash),
            message: `第 ${r.id} 条的前一条哈希与上一条记录（id ${lastId === "0" ? "无" : lastId}）不符：此前的记录被删除、插入或改写过`,
          };
          return { rows, headHash: null, broken };
        }
        if (hex(r.hash) !== hex(r.computed)) {
          const broken: ChainBreak = {
            id: r.id, what: "hash", expected: hex(r.computed), found: hex(r.hash),
            message: `第 ${r.id} 条的内容与其哈希不符：写入后被改动过`,
          };
          return { rows, headHash: null, broken };
        }
        previous = r.hash;
        lastId = r.id;
        rows++;
      }
      opts.onProgress?.(rows);
      if (page.length < batch) break;
    }
    const head = await client.query<{ last_id: string; hash: Buffer | null }>(
      "SELECT last_id::text, hash FROM audit_chain_head WHERE singleton");
    const h = head.rows[0];
    if (!h || hex(h.hash) !== hex(previous) || h.last_id !== lastId) {
      const broken: ChainBreak = {
        id: h?.last_id ?? "?", what: "head", expected: hex(h?.hash ?? null), found: hex(previous),
        message: `链尾应为第 ${h?.last_id ?? "?"} 条，实际最后一条为第 ${lastId} 条：末尾的记录被删除过`,
      };
      return { rows, headHash: hex(h?.hash ?? null), broken };
    }
    return { rows, headHash: hex(previous), broken: null };
  } finally {
    await client.query("ROLLBACK").catch(() => {});
  }
}
