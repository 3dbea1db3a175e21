/**
 * Reads of the assistance standards (救助标准): the one in force on a day, for the economic check
 * of an application, and the full history per city × area × type, for the standards page.
 * Standards are public reference data (each city publishes its own): anyone who handles
 * applications or keeps the standards reads all of them, no region narrowing.
 */
import "server-only";
import { db, type Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ApplicationType, AreaKind } from "@/lib/generated/prisma/enums";
import { can, type Actor } from "@/lib/auth/permissions";
import { ForbiddenError } from "@/lib/errors";
import { dateFromIso, isoFromDate, isRealDate, todayInChina } from "@/lib/dates";
import { t } from "@/lib/i18n";
import { AREA_KINDS, STANDARD_TYPES, type AreaKindName, type StandardType } from "./schema";

/** `db` or a transaction client: the lookup runs inside the caller's transaction when it has one. */
export type StandardClient = Pick<Tx, "assistanceStandard">;

export type StandardKey = { cityCode: string; area: AreaKind; type: ApplicationType };

export type StandardInForce = {
  id: number;
  monthlyAmount: Prisma.Decimal;
  effectiveFrom: Date;
  /** Exclusive end (the first day of the next standard); null while open-ended. */
  effectiveTo: Date | null;
};

/**
 * The standard of a city × area × type in force on a day: effectiveFrom <= day <
 * coalesce(effectiveTo, ∞). At most one row matches (the exclusion constraint
 * assistance_standard_no_overlap); null when the city has none for that day.
 */
export async function standardInForce(
  client: StandardClient,
  key: StandardKey & { onIso: string },
): Promise<StandardInForce | null> {
  // A bad day here is a caller's bug, not a user's typo: the callers parse their dates.
  if (!isRealDate(key.onIso)) throw new Error(`standardInForce: not a calendar date: ${key.onIso}`);
  const day = dateFromIso(key.onIso);
  return client.assistanceStandard.findFirst({
    where: {
      cityCode: key.cityCode,
      area: key.area,
      type: key.type,
      effectiveFrom: { lte: day },
      OR: [{ effectiveTo: null }, { effectiveTo: { gt: day } }],
    },
    select: { id: true, monthlyAmount: true, effectiveFrom: true, effectiveTo: true },
  });
}

export type StandardStatus = "UPCOMING" | "IN_FORCE" | "ENDED";

/** The day before an exclusive end: people read "2021-01-01 至 2021-06-30", the data says [from, to). */
function lastDayOf(effectiveTo: Date): string {
  return isoFromDate(new Date(effectiveTo.getTime() - 24 * 60 * 60 * 1000));
}

function statusOn(today: string, from: string, to: string | null): StandardStatus {
  if (from > today) return "UPCOMING";
  return to === null || to > today ? "IN_FORCE" : "ENDED";
}

function requireReader(actor: Actor) {
  if (!can(actor, "read:application") && !can(actor, "manage:standard")) throw new ForbiddenError(t.common.forbidden);
}

export type StandardFilters = { cityCode?: string; type?: StandardType; area?: AreaKindName };

/**
 * Every standard, grouped by city × area × type (cities in code order, urban before rural,
 * 低保 / 特困 / 低保边缘), each group with its full history newest first and the one in force
 * today. A combination without any standard is listed too, empty: it is a gap an admin must fill
 * before an application there can be checked. Amounts leave as strings, dates as YYYY-MM-DD.
 */
export async function listStandards(actor: Actor, filters: StandardFilters, today: string = todayInChina()) {
  requireReader(actor);
  const [cities, rows] = await Promise.all([
    db.region.findMany({ where: { level: 2, retiredAt: null }, orderBy: { code: "asc" }, select: { code: true, name: true } }),
    db.assistanceStandard.findMany({
      where: {
        ...(filters.cityCode ? { cityCode: filters.cityCode } : {}),
        ...(filters.type ? { type: filters.type } : {}),
        ...(filters.area ? { area: filters.area } : {}),
      },
      orderBy: [{ cityCode: "asc" }, { effectiveFrom: "desc" }],
      select: { id: true, cityCode: true, area: true, type: true, monthlyAmount: true, effectiveFrom: true, effectiveTo: true, note: true },
    }),
  ]);

  const history = new Map<string, StandardRow[]>();
  for (const r of rows) {
    const from = isoFromDate(r.effectiveFrom);
    const to = r.effectiveTo ? isoFromDate(r.effectiveTo) : null;
    const key = `${r.cityCode}|${r.area}|${r.type}`;
    const list = history.get(key) ?? [];
    list.push({
      id: r.id,
      monthlyAmount: r.monthlyAmount.toFixed(2),
      effectiveFrom: from,
      effectiveTo: to,
      lastDay: r.effectiveTo ? lastDayOf(r.effectiveTo) : null,
      note: r.note,
      // The seed writes exactly this note on its demonstration figures (prisma/seed/standards.ts);
      // the page flags them so nobody mistakes them for a city's published standard.
      demo: r.note === t.standards.seedNote,
      status: statusOn(today, from, to),
    });
    history.set(key, list);
  }

  const shown = cities.filter((c) => !filters.cityCode || c.code === filters.cityCode);
  const areas = AREA_KINDS.filter((a) => !filters.area || a === filters.area);
  const types = STANDARD_TYPES.filter((x) => !filters.type || x === filters.type);
  const groups = shown.flatMap((city) =>
    areas.flatMap((area) =>
      types.map((type) => {
        const list = history.get(`${city.code}|${area}|${type}`) ?? [];
        return {
          cityCode: city.code,
          cityName: city.name,
          area,
          type,
          current: list.find((r) => r.status === "IN_FORCE") ?? null,
          upcoming: list.filter((r) => r.status === "UPCOMING"),
          history: list,
        };
      }),
    ),
  );
  return { today, cities, groups };
}

export type StandardRow = {
  id: number;
  /** Yuan per person per month, "790.00". */
  monthlyAmount: string;
  effectiveFrom: string;
  /** Exclusive end, or null while open-ended. */
  effectiveTo: string | null;
  /** Last day in force (effectiveTo − 1 day), for display; null while open-ended. */
  lastDay: string | null;
  note: string | null;
  /** A demonstration figure from the seed, not yet replaced by the city's published one. */
  demo: boolean;
  status: StandardStatus;
};
export type StandardsPage = Awaited<ReturnType<typeof listStandards>>;
export type StandardGroup = StandardsPage["groups"][number];
