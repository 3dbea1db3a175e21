/**
 * Minimum necessary personal data (PIPL art. 6 and 28; issue 11). Caseworkers and county
 * supervisors do casework on their region's families and see them in full. Provincial staff and
 * administrators watch the whole province and need figures, not people: to them names are partly
 * masked (孙*华), phones masked, addresses cut to the village, notes and case texts hidden, and
 * health and disability flags shown only as a count — unless they ask for one household with a
 * reason, which grants a short, audited reveal (revealHouseholdPersonalData in commands.ts).
 * Decision 016.
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

export function masksPersonalData(actor: Pick<Actor, "role">): boolean {
  return actor.role === "PROVINCIAL" || actor.role === "ADMIN";
}

/** 13812345678 → 138****5678; a short number keeps only its last two digits. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  if (phone.length < 11) return `${"*".repeat(Math.max(0, phone.length - 2))}${phone.slice(-2)}`;
  return `${phone.slice(0, 3)}${"*".repeat(phone.length - 7)}${phone.slice(-4)}`;
}

export { maskName };

/**
 * Until when this actor holds a reveal of this household (null: none). Cached per request: the
 * household page asks for the household and for its visits, each of which checks.
 */
export const hasReveal = cache(async (actorId: number, householdId: number): Promise<Date | null> => {
  const grant = await db.personalDataReveal.findFirst({
    where: { actorId, householdId, expiresAt: { gt: new Date() } },
    orderBy: { expiresAt: "desc" },
    select: { expiresAt: true },
  });
  return grant?.expiresAt ?? null;
});

/** A list row's head name and address as this actor may see them. */
export function presentRow<R extends { headName: string; address: string }>(actor: Pick<Actor, "role">, row: R): R {
  if (!masksPersonalData(actor)) return row;
  return { ...row, headName: maskName(row.headName), address: "" };
}
