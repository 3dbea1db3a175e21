/**
 * Bulk-load plumbing for the province generator: SQL literals for generated statements, and
 * taking a table's secondary indexes, foreign keys and triggers out of the way of a big INSERT …
 * SELECT, then putting them back exactly as they were (definitions read from the catalogue, so
 * nothing here repeats the migrations). Everything runs inside the caller's transaction: if the
 * load fails, the rollback restores every index, constraint and trigger by itself.
 */
import type pg from "pg";

export type Client = pg.Client | pg.PoolClient;

/** A SQL string literal (standard_conforming_strings is on in every supported PostgreSQL). */
export const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
/** A SQL text[] literal. */
export const textArray = (xs: readonly string[]) => `ARRAY[${xs.map(lit).join(", ")}]::text[]`;
/** A date literal from YYYY-MM-DD (checked, since it is spliced into SQL). */
export function dateLit(iso: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new Error(`not a date: ${iso}`);
  return `DATE '${iso}'`;
}
/** An integer spliced into SQL (checked). */
export function int(x: number) {
  if (!Number.isSafeInteger(x)) throw new Error(`not an integer: ${x}`);
  return String(x);
}

export type SavedTable = {
  table: string;
  indexes: { name: string; def: string }[];
  foreignKeys: { name: string; def: string }[];
};

/** Drop a table's secondary indexes (not the primary key or indexes backing constraints) and its foreign keys. */
export async function dropSecondary(c: Client, table: string): Promise<SavedTable> {
  const indexes = await c.query<{ name: string; def: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
     WHERE x.indrelid = $1::regclass AND NOT x.indisprimary
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
     ORDER BY i.relname`,
    [table],
  );
  const foreignKeys = await c.query<{ name: string; def: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
     WHERE conrelid = $1::regclass AND contype = 'f' ORDER BY conname`,
    [table],
  );
  for (const k of foreignKeys.rows) await c.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${k.name}"`);
  for (const i of indexes.rows) await c.query(`DROP INDEX "${i.name}"`);
  return { table, indexes: indexes.rows, foreignKeys: foreignKeys.rows };
}

/** Recreate what dropSecondary took away: indexes first, then the foreign keys (validated). */
export async function restoreIndexes(c: Client, saved: SavedTable, onEach?: () => void) {
  for (const i of saved.indexes) {
    await c.query(i.def);
    onEach?.();
  }
}

export async function restoreForeignKeys(c: Client, saved: SavedTable, onEach?: () => void) {
  for (const k of saved.foreignKeys) {
    await c.query(`ALTER TABLE "${saved.table}" ADD CONSTRAINT "${k.name}" ${k.def}`);
    onEach?.();
  }
}

/** The next free id of a serial column, reserved for ids assigned by the load itself. */
export async function nextId(c: Client, table: string): Promise<number> {
  const { rows } = await c.query<{ id: string }>(
    `SELECT greatest(nextval(pg_get_serial_sequence($1, 'id')), (SELECT coalesce(max(id), 0) + 1 FROM "${table.replace(/"/g, "")}"))::text AS id`,
    [table],
  );
  return Number(rows[0].id);
}

/** Move a serial column's sequence past the ids the load assigned. */
export async function syncSequence(c: Client, table: string) {
  await c.query(
    `SELECT setval(pg_get_serial_sequence($1, 'id'), greatest((SELECT max(id) FROM "${table.replace(/"/g, "")}"), 1))`,
    [table],
  );
}
