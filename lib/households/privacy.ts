/**
 * Minimum necessary personal data (PIPL art. 6 and 28; issue 11; decision 016). Casework happens
 * at the township: a user sees a family in full only when its region code lies in the user's own
 * township (the first 9 digits of a 12-digit code; caseworkers sit at a township or a village).
 * Everyone above a township — county supervisors, city and provincial staff, administrators,
 * other departments' staff — sees each family of the townships below them masked: names partly
 * (孙*华), phones masked, addresses cut to the village, notes and case texts of the household
 * page hidden, health and disability flags only as a count. The rule is per record, not per
 * role, and every query that shows a person applies it through `personalDataView`, so no page or
 * export can forget it. Who needs one family in full asks with a reason, which grants a short,
 * audited reveal (revealHouseholdPersonalData in commands.ts).
 */
import "server-only";
import { cache } from "react";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { maskName } from "./id-number";

/** How long one reveal lasts: long enough to read the file, short enough not to linger. */
export const REVEAL_MINUTES = 15;

/** Flags that say something about a person's health or family situation (sensitive under PIPL art. 28). */
export const SENSITIVE_FLAGS = ["majorIllness", "severeDisability", "disability", "unsupportedChild"] as const;

/** A township's code is the first 9 digits of a 12-digit region code (GB/T 2260 + 统计用区划代码). */
export const TOWNSHIP_DIGITS = 9;

/** The township an actor works in, or null for a user placed above a township (county, city, province). */
export function ownTownship(actor: Pick<Actor, "regionCode">): string | null {
  return actor.regionCode.length >= TOWNSHIP_DIGITS ? actor.regionCode.slice(0, TOWNSHIP_DIGITS) : null;
}

/** Whether a record of this region lies outside the actor's own township (masked unless revealed). */
export function outsideOwnTownship(actor: Pick<Actor, "regionCode">, regionCode: string): boolean {
  const township = ownTownship(actor);
  return township === null || !regionCode.startsWith(township);
}

/** 13812345678 → 138****5678; a short number keeps only its last two digits. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  if (phone.length < 11) return `${"*".repeat(Math.max(0, phone.length - 2))}${phone.slice(-2)}`;
  return `${phone.slice(0, 3)}${"*".repeat(phone.length - 7)}${phone.slice(-4)}`;
}

export { maskName };

/**
 * The households this actor holds a running reveal of, with when each runs out. Cached per
 * request: a page asks for several records of the same families.
 */
const activeReveals = cache(async (actorId: number): Promise<Map<number, Date>> => {
  const grants = await db.personalDataReveal.findMany({
    where: { actorId, expiresAt: { gt: new Date() } },
    select: { householdId: true, expiresAt: true },
  });
  const until = new Map<number, Date>();
  for (const g of grants) if ((until.get(g.householdId)?.getTime() ?? 0) < g.expiresAt.getTime()) until.set(g.householdId, g.expiresAt);
  return until;
});

type HouseholdKey = { id: number; regionCode: string };
type PersonFields = { headName?: string; name?: string; address?: string; phone?: string | null; note?: string | null; familyName?: string };

/** How personal data is shown to one actor, decided per household. */
export type PersonalDataView = {
  /** Whether this household is shown masked (outside the actor's township and not revealed). */
  masks(household: HouseholdKey): boolean;
  /** Until when the actor holds a reveal of this household (null: none running). */
  revealedUntil(householdId: number): Date | null;
  /**
   * The household's identifying fields as the actor may see them: head's name, address, phone,
   * note, and the names of its `members` when present. Other fields pass through.
   */
  household<H extends HouseholdKey & PersonFields & { members?: readonly PersonFields[] }>(household: H): H;
};

/** Masks the identifying fields a row has; the rest passes through. */
export function maskPerson<R extends PersonFields>(row: R): R {
  const out: PersonFields = { ...row };
  if (typeof out.headName === "string") out.headName = maskName(out.headName);
  if (typeof out.name === "string") out.name = maskName(out.name);
  if (typeof out.familyName === "string") out.familyName = maskName(out.familyName);
  if (typeof out.address === "string") out.address = "";
  if ("phone" in out) out.phone = maskPhone(out.phone ?? null);
  if ("note" in out) out.note = null;
  return out as R;
}

/**
 * The actor's view. A user at a township or below sees every record in scope in full (scope is
 * inside the township), so only users above a township cost a query: their running reveals.
 */
export async function personalDataView(actor: Pick<Actor, "id" | "regionCode">): Promise<PersonalDataView> {
  const reveals = ownTownship(actor) === null ? await activeReveals(actor.id) : new Map<number, Date>();
  const masks = (h: HouseholdKey) => outsideOwnTownship(actor, h.regionCode) && !reveals.has(h.id);
  return {
    masks,
    revealedUntil: (householdId) => reveals.get(householdId) ?? null,
    household(h) {
      if (!masks(h)) return h;
      const masked = maskPerson(h);
      return h.members ? { ...masked, members: h.members.map((m) => maskPerson(m)) } : masked;
    },
  };
}
