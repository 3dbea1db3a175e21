/**
 * Region scoping, applied in the data layer: every query and command narrows by the acting
 * user's region prefix, reads by id included, so a record elsewhere is simply "not found".
 */
import type { Actor } from "./permissions";

/** `where` fragment for any model with a `regionCode` column. */
export function inScope(actor: Pick<Actor, "regionCode">) {
  return { regionCode: { startsWith: actor.regionCode } };
}

export function isInScope(actor: Pick<Actor, "regionCode">, regionCode: string): boolean {
  return regionCode.startsWith(actor.regionCode);
}
