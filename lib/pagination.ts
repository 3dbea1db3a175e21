/**
 * Counts that cost O(page), not O(region) (issue 14): a list says "1,000+" rather than count a
 * province's million rows on every page view, and pages stop at the cap — a filter or a
 * narrower region finds the rest. Pure.
 */
export const COUNT_CAP = 1000;

export type BoundedCount = { total: number; capped: boolean };

/** From the ids of up to COUNT_CAP + 1 matching rows (`take: COUNT_CAP + 1`). */
export function bounded(rows: readonly unknown[]): BoundedCount {
  return boundedTotal(rows.length);
}

/** A count already taken up to COUNT_CAP + 1 (by SQL's LIMIT), as the pages show it. */
export function boundedTotal(n: number): BoundedCount {
  return { total: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}

export function pagesFor(count: BoundedCount, pageSize: number): number {
  return Math.max(1, Math.ceil(count.total / pageSize));
}


/**
 * Up to COUNT_CAP + 1 matching ids, counted:
 * `boundedCount((take) => db.x.findMany({ where, select: { id: true }, orderBy: { regionCode: "asc" }, take }))`.
 * Ordered by the region (its index's order), never left to Prisma's default order by id: the
 * planner cannot see how many rows the row-level security range admits, and sorted a province's
 * million to keep 1,001.
 */
export async function boundedCount(find: (take: number) => Promise<readonly unknown[]>): Promise<BoundedCount> {
  return bounded(await find(COUNT_CAP + 1));
}

/** The page asked for, no further than the cap reaches: a deep OFFSET would scan what the cap spares. */
export function cappedPage(page: number, pageSize: number): number {
  return Math.min(page, Math.max(1, Math.ceil(COUNT_CAP / pageSize)));
}
