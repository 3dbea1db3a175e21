/**
 * The roster the data-exchange API serves (GET /api/v1/roster): 低保 and 特困 households of a
 * region, a page at a time, for the provincial supervision platform. Scoped by the calling token's
 * region before anything else; personal data leaves masked only — head and member names as
 * 孙*华, ID numbers as the stored masked column (211102************). The full ID number is
 * never selected here (its ciphertext is omitted by default: lib/db/client.ts).
 */
import "server-only";
import { db } from "@/lib/db/client";
import { inScope, isInScope } from "@/lib/auth/scope";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { maskName } from "@/lib/households/id-number";
import { t } from "@/lib/i18n";
import { ROSTER_CATEGORIES, type RosterCategory, type RosterParams } from "./schema";

export type RosterMember = {
  relation: string;
  /** Masked: 孙*华. */
  name: string;
  /** Masked: region kept, birth date hidden. */
  idNumberMasked: string;
};

export type RosterHousehold = {
  id: number;
  region: { code: string; name: string };
  category: RosterCategory;
  /** Masked: 孙*华. */
  headName: string;
  memberCount: number;
  members: RosterMember[];
  /** The household's open period in the register (低收入人口信息库), when recorded there. */
  register: { category: string; monthlyAmount: string | null; fromMonth: string } | null;
};

export type Roster = {
  region: { code: string; name: string; level: number };
  category: RosterCategory | null;
  page: number;
  pageSize: number;
  total: number;
  pages: number;
  households: RosterHousehold[];
};

/**
 * One page of the roster of `params.region` (default: the scope itself), ordered by household id
 * so pages are stable while the register changes little. A region outside `scopeRegionCode` is
 * ForbiddenError (whether or not it exists); an unknown one inside it NotFoundError.
 */
export async function readRoster(scopeRegionCode: string, params: RosterParams): Promise<Roster> {
  const scope = { regionCode: scopeRegionCode };
  const regionCode = params.region ?? scopeRegionCode;
  if (!isInScope(scope, regionCode)) throw new ForbiddenError(t.common.forbidden);
  const region = await db.region.findUnique({ where: { code: regionCode }, select: { code: true, fullName: true, level: true } });
  if (!region) throw new NotFoundError(t.api.notFoundRegion);

  const where = {
    AND: [inScope(scope), { regionCode: { startsWith: region.code } }],
    category: params.category ?? { in: [...ROSTER_CATEGORIES] },
  };
  const [total, rows] = await Promise.all([
    db.household.count({ where }),
    db.household.findMany({
      where,
      orderBy: { id: "asc" },
      skip: (params.page - 1) * params.pageSize,
      take: params.pageSize,
      select: {
        id: true,
        regionCode: true,
        category: true,
        headName: true,
        memberCount: true,
        members: { orderBy: { id: "asc" }, select: { relation: true, name: true, idNumberMasked: true } },
        registerEntries: {
          where: { toMonth: null },
          orderBy: { fromMonth: "desc" },
          take: 1,
          select: { category: true, monthlyAmount: true, fromMonth: true },
        },
      },
    }),
  ]);

  const codes = [...new Set(rows.map((r) => r.regionCode))];
  const names = new Map(
    codes.length
      ? (await db.region.findMany({ where: { code: { in: codes } }, select: { code: true, fullName: true } })).map((r) => [r.code, r.fullName])
      : [],
  );

  return {
    region: { code: region.code, name: region.fullName, level: region.level },
    category: params.category ?? null,
    page: params.page,
    pageSize: params.pageSize,
    total,
    pages: Math.max(1, Math.ceil(total / params.pageSize)),
    households: rows.map((h) => {
      const entry = h.registerEntries[0];
      return {
        id: h.id,
        region: { code: h.regionCode, name: names.get(h.regionCode) ?? h.regionCode },
        category: h.category as RosterCategory,
        headName: maskName(h.headName),
        memberCount: h.memberCount,
        members: h.members.map((m) => ({ relation: m.relation, name: maskName(m.name), idNumberMasked: m.idNumberMasked })),
        register: entry
          ? {
              category: entry.category,
              monthlyAmount: entry.monthlyAmount ? entry.monthlyAmount.toFixed(2) : null,
              fromMonth: entry.fromMonth.toISOString().slice(0, 7),
            }
          : null,
      };
    }),
  };
}
