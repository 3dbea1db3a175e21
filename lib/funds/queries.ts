/**
 * Reads of the funds and their ledgers. A user sees the funds inside their region (those they
 * keep) plus the funds that pay for their area from above: their city's fund and their
 * township's reserve. In a fund from above, the ledger shows only the entries for households in
 * the user's own region; top-ups and their reversals only to users whose region holds the fund.
 * Amounts leave as strings ("1234.50"): pages format them, client components get plain data.
 */
import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { requirePermission } from "@/lib/auth/guard";
import { can, type Actor } from "@/lib/auth/permissions";
import { inScope, isInScope } from "@/lib/auth/scope";
import { auditDeniedRead } from "@/lib/audit/refusals";
import { NotFoundError } from "@/lib/errors";
import { t } from "@/lib/i18n";
import { personalDataView } from "@/lib/households/privacy";
import { FUND_CODE_LENGTH, type FundSearch } from "./schema";

export const FUNDS_PAGE_SIZE = 20;
export const LEDGER_PAGE_SIZE = 50;

/**
 * Funds the actor may read: `regionCode startsWith actor.regionCode` (theirs) OR
 * `actor.regionCode startsWith regionCode` (above them) — the latter spelled as the few prefixes
 * a fund code can be (4 and 9 digits), so both halves use the plain index on (kind, region_code).
 */
function visibleFunds(actor: Pick<Actor, "regionCode">): Prisma.FundWhereInput {
  const above = Object.values(FUND_CODE_LENGTH)
    .filter((n) => n < actor.regionCode.length)
    .map((n) => actor.regionCode.slice(0, n));
  return { OR: [inScope(actor), { regionCode: { in: above } }] };
}

async function regionNames(codes: string[]) {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map<string, string>();
  const regions = await db.region.findMany({ where: { code: { in: unique } }, select: { code: true, fullName: true } });
  return new Map(regions.map((r) => [r.code, r.fullName]));
}

export async function listFunds(actor: Actor, search: FundSearch) {
  requirePermission(actor, "read:fund");
  const where: Prisma.FundWhereInput = {
    AND: [
      visibleFunds(actor),
      search.kind ? { kind: search.kind } : {},
      search.city ? { regionCode: { startsWith: search.city } } : {},
    ],
  };
  // A user above city level chooses among the cities of their region.
  const citiesQuery =
    actor.regionCode.length < FUND_CODE_LENGTH.CITY_FUND
      ? db.region.findMany({
          where: { level: 2, code: { startsWith: actor.regionCode }, retiredAt: null },
          select: { code: true, name: true },
          orderBy: { code: "asc" },
        })
      : Promise.resolve([]);
  const [total, sum, rows, cities] = await Promise.all([
    db.fund.count({ where }),
    db.fund.aggregate({ where, _sum: { balance: true } }),
    db.fund.findMany({
      where,
      orderBy: [{ kind: "asc" }, { regionCode: "asc" }],
      skip: (search.page - 1) * FUNDS_PAGE_SIZE,
      take: FUNDS_PAGE_SIZE,
      select: { id: true, kind: true, regionCode: true, name: true, balance: true },
    }),
    citiesQuery,
  ]);
  const names = await regionNames(rows.map((r) => r.regionCode));
  return {
    total,
    page: search.page,
    pages: Math.max(1, Math.ceil(total / FUNDS_PAGE_SIZE)),
    totalBalance: (sum._sum.balance ?? 0).toFixed(2),
    cities,
    rows: rows.map((r) => ({
      ...r,
      balance: r.balance.toFixed(2),
      regionFullName: names.get(r.regionCode) ?? r.regionCode,
      keeps: isInScope(actor, r.regionCode),
    })),
  };
}

/** One fund and a page of its ledger, newest first, as the actor may see it. */
export async function getFund(actor: Actor, id: number, page: number) {
  requirePermission(actor, "read:fund");
  const fund = await db.fund.findFirst({
    where: { AND: [{ id }, visibleFunds(actor)] },
    select: { id: true, kind: true, regionCode: true, name: true, balance: true },
  });
  if (!fund) {
    await auditDeniedRead(actor, "fund", id);
    throw new NotFoundError(t.common.notFound);
  }

  // A fund from above: only what it paid for households in the actor's region.
  const fromAbove = !isInScope(actor, fund.regionCode);
  const where: Prisma.FundEntryWhereInput = {
    fundId: fund.id,
    ...(fromAbove ? { household: inScope(actor) } : {}),
  };
  const [total, entries] = await Promise.all([
    db.fundEntry.count({ where }),
    db.fundEntry.findMany({
      where,
      orderBy: { id: "desc" },
      skip: (page - 1) * LEDGER_PAGE_SIZE,
      take: LEDGER_PAGE_SIZE,
      select: {
        id: true, kind: true, amount: true, balanceAfter: true, note: true, createdAt: true, createdById: true,
        problemId: true, reversesEntryId: true, aidCaseId: true,
        household: { select: { id: true, headName: true, regionCode: true } },
        reversedBy: { select: { id: true } },
      },
    }),
  ]);
  const [names, users, view] = await Promise.all([
    regionNames([fund.regionCode, ...entries.flatMap((e) => (e.household ? [e.household.regionCode] : []))]),
    db.user.findMany({ where: { id: { in: [...new Set(entries.map((e) => e.createdById))] } }, select: { id: true, name: true } }),
    // An entry that paid a family names it as the family page would: masked outside the actor's township.
    personalDataView(actor),
  ]);
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const keeps = !fromAbove && can(actor, "manage:fund");

  return {
    id: fund.id,
    kind: fund.kind,
    name: fund.name,
    regionCode: fund.regionCode,
    regionFullName: names.get(fund.regionCode) ?? fund.regionCode,
    balance: fund.balance.toFixed(2),
    fromAbove,
    /** The actor keeps this fund: may top it up and reverse its entries. */
    canManage: keeps,
    ledger: {
      total,
      page,
      pages: Math.max(1, Math.ceil(total / LEDGER_PAGE_SIZE)),
      entries: entries.map((e) => ({
        id: e.id,
        kind: e.kind,
        amount: e.amount.toFixed(2),
        balanceAfter: e.balanceAfter.toFixed(2),
        note: e.note,
        createdAt: e.createdAt,
        recordedBy: userName.get(e.createdById) ?? "—",
        problemId: e.problemId,
        aidCaseId: e.aidCaseId,
        reversesEntryId: e.reversesEntryId,
        reversedById: e.reversedBy?.id ?? null,
        household: e.household
          ? { id: e.household.id, headName: view.household(e.household).headName, regionFullName: names.get(e.household.regionCode) ?? e.household.regionCode }
          : null,
        reversible: keeps && e.kind !== "REVERSAL" && !e.reversedBy,
      })),
    },
  };
}
export type FundPage = Awaited<ReturnType<typeof getFund>>;
export type LedgerEntry = FundPage["ledger"]["entries"][number];
