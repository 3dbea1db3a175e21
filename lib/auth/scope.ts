/**
 * Region scoping, applied in the data layer: every query and command narrows by the acting
 * user's region prefix, reads by id included, so a record elsewhere is simply "not found".
 */
import type { Actor } from "./permissions";

/**
 * `where` fragment for any model with a `regionCode` column: the codes that start with the
 * actor's region, as the half-open range [prefix, prefixEnd) — what the row-level security
 * policies use too. A range, not `LIKE $1 || '%'`: the planner estimates a range from its
 * statistics, and misjudged the LIKE on a province's list, sorting a million rows for twenty (issue 14).
 */
export function inScope(actor: Pick<Actor, "regionCode">) {
  return { regionCode: { gte: actor.regionCode, lt: prefixEnd(actor.regionCode) } };
}

/** The smallest string above every code that starts with `prefix` ('2109' → '211'), as nx_prefix_end does. */
export function prefixEnd(prefix: string): string {
  const trimmed = prefix.replace(/9+$/, "");
  if (trimmed === "") return "9999999999999";
  return trimmed.slice(0, -1) + String(Number(trimmed.at(-1)) + 1);
}

export function isInScope(actor: Pick<Actor, "regionCode">, regionCode: string): boolean {
  return regionCode.startsWith(actor.regionCode);
}
