/**
 * Reads of the API tokens for the administrators' page: the tokens of the admin's region, newest
 * first, each with its status, who issued (and revoked) it and when it was last used. Never the
 * hash: the list knows a token by its name and prefix.
 */
import "server-only";
import { db } from "@/lib/db/client";
import { requirePermission } from "@/lib/auth/guard";
import { inScope } from "@/lib/auth/scope";
import type { Actor } from "@/lib/auth/permissions";
import type { Prisma } from "@/lib/generated/prisma/client";
import { lastDayOf, tokenStatus } from "./status";
import type { TokenSearch, TokenStatus } from "./schema";

export const TOKENS_PAGE_SIZE = 20;

function statusWhere(status: TokenStatus | undefined, now: Date): Prisma.ApiTokenWhereInput {
  switch (status) {
    case "ACTIVE":
      return { revokedAt: null, expiresAt: { gt: now } };
    case "EXPIRED":
      return { revokedAt: null, expiresAt: { lte: now } };
    case "REVOKED":
      return { revokedAt: { not: null } };
    default:
      return {};
  }
}

export async function listApiTokens(actor: Actor, search: TokenSearch, now: Date = new Date()) {
  requirePermission(actor, "manage:api_token");
  const where = { AND: [inScope(actor), statusWhere(search.status, now)] };
  const [total, rows] = await Promise.all([
    db.apiToken.count({ where }),
    db.apiToken.findMany({
      where,
      orderBy: { id: "desc" },
      skip: (search.page - 1) * TOKENS_PAGE_SIZE,
      take: TOKENS_PAGE_SIZE,
      select: {
        id: true, name: true, regionCode: true, prefix: true, expiresAt: true,
        revokedAt: true, revokedById: true, lastUsedAt: true, createdById: true, createdAt: true,
      },
    }),
  ]);
  // api_token keeps plain ids (no relations): name the people and regions in two lookups.
  const userIds = [...new Set(rows.flatMap((r) => (r.revokedById ? [r.createdById, r.revokedById] : [r.createdById])))];
  const regionCodes = [...new Set(rows.map((r) => r.regionCode))];
  const [users, regions] = await Promise.all([
    userIds.length ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : [],
    regionCodes.length ? db.region.findMany({ where: { code: { in: regionCodes } }, select: { code: true, fullName: true } }) : [],
  ]);
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const regionName = new Map(regions.map((r) => [r.code, r.fullName]));
  return {
    total,
    page: search.page,
    pages: Math.max(1, Math.ceil(total / TOKENS_PAGE_SIZE)),
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      prefix: r.prefix,
      regionCode: r.regionCode,
      regionName: regionName.get(r.regionCode) ?? r.regionCode,
      status: tokenStatus(r, now),
      expiresOn: lastDayOf(r.expiresAt),
      lastUsedAt: r.lastUsedAt,
      createdAt: r.createdAt,
      createdBy: userName.get(r.createdById) ?? `#${r.createdById}`,
      revokedAt: r.revokedAt,
      revokedBy: r.revokedById ? (userName.get(r.revokedById) ?? `#${r.revokedById}`) : null,
    })),
  };
}
export type TokenRow = Awaited<ReturnType<typeof listApiTokens>>["rows"][number];

/** Region level of a code by its length: 2 province, 4 city, 6 county, 9 township, 12 village. */
const LEVEL_BY_LENGTH: Record<number, number> = { 2: 1, 4: 2, 6: 3, 9: 4, 12: 5 };

/**
 * The regions an admin may issue a token for, offered as suggestions by the form: their own and
 * two levels below it, at most down to townships (a province admin gets its cities and counties —
 * 115 — and types a township's code; listing all 1,400 would not help anyone on a phone).
 */
export async function tokenRegionChoices(actor: Actor) {
  requirePermission(actor, "manage:api_token");
  const own = LEVEL_BY_LENGTH[actor.regionCode.length] ?? 5;
  return db.region.findMany({
    where: { code: { startsWith: actor.regionCode }, retiredAt: null, level: { lte: Math.min(4, own + 2) } },
    orderBy: { code: "asc" },
    select: { code: true, fullName: true },
  });
}
