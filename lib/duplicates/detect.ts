/**
 * Flagging suspected duplicates (疑似重复). The rules run in PostgreSQL (nx_flag_duplicates,
 * migration 20261206000000_duplicates): a member with the same name and birth date, the same
 * phone, or an address of the same village at least `duplicate_setting.address_similarity`
 * alike. Each lookup goes by an index, so a batch of households costs per household, not per
 * province. Called inside the writing transaction of every registration and edit, and by the
 * import after each batch; a pair decided "not a duplicate" is never flagged again.
 */
import "server-only";
import type { Tx } from "@/lib/db/client";

type Queryable = Pick<Tx, "$queryRaw">;

/** Flags the suspected duplicates of these households; resolves to the number of pairs newly flagged. */
export async function flagSuspectedDuplicates(db: Queryable, householdIds: number[]): Promise<number> {
  const ids = [...new Set(householdIds)].filter((id) => Number.isSafeInteger(id) && id > 0);
  if (ids.length === 0) return 0;
  const rows = await db.$queryRaw<{ n: number }[]>`SELECT nx_flag_duplicates(${ids}::int[]) AS n`;
  return Number(rows[0]?.n ?? 0);
}
