/**
 * A `Dashboard` from the metric rows of either source (lib/dashboard/sources.ts). No server-only
 * import and no Prisma: it runs on any `Sql` function, so the benchmark and the tests compute the
 * roll-up and the naive dashboards with the same code. Authorization is the caller's
 * (lib/dashboard/queries.ts for pages and the API).
 */
import { monthBounds, todayInChina } from "@/lib/dates";
import { monthsOf } from "./schema";
import { fetchRows, type MetricRows, type ReferenceRows, type SourceName, type Sql } from "./sources";
import type {
  ApplicationStageName, ApplicationTypeName, Dashboard, DashboardQuery, Figures, FundRow, RegionRef, StageRow, TierName,
  TransferRow, TrendPoint,
} from "./types";

const CHILD_LENGTH: Record<number, number> = { 2: 4, 4: 6, 6: 9, 9: 9 };
const LEVEL_LENGTHS = [2, 4, 6, 9];

export function emptyFigures(): Figures {
  return {
    staffActive: 0, householdsVisited: 0, visits: 0, questionnaires: 0, rosterRegistered: 0, rosterVisited: 0,
    problemsFound: 0, resolved: { IMMEDIATE: 0, TRANSFER: 0, TEMP_AID: 0 }, resolvedTotal: 0,
    transfersSent: 0, transfersOverdue: 0, aidAmount: "0.00", aidPayments: 0,
    applications: 0, approved: 0, refused: 0, decisionWorkingDays: 0, publicityRunning: 0,
  };
}

/** Yuan as integer fen, so sums of decimal strings are exact. */
const fen = (yuan: string): bigint => {
  const negative = yuan.startsWith("-");
  const [whole, frac = ""] = yuan.replace("-", "").split(".");
  const value = BigInt(whole || "0") * 100n + BigInt((frac + "00").slice(0, 2));
  return negative ? -value : value;
};
const yuan = (f: bigint): string => {
  const negative = f < 0n;
  const abs = negative ? -f : f;
  return `${negative ? "-" : ""}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
};
const addYuan = (a: string, b: string) => yuan(fen(a) + fen(b));

/** Sum of figures (the parent's totals are the sum of its children's). */
function addFigures(a: Figures, b: Figures): Figures {
  return {
    staffActive: a.staffActive + b.staffActive,
    householdsVisited: a.householdsVisited + b.householdsVisited,
    visits: a.visits + b.visits,
    questionnaires: a.questionnaires + b.questionnaires,
    rosterRegistered: a.rosterRegistered + b.rosterRegistered,
    rosterVisited: a.rosterVisited + b.rosterVisited,
    problemsFound: a.problemsFound + b.problemsFound,
    resolved: {
      IMMEDIATE: a.resolved.IMMEDIATE + b.resolved.IMMEDIATE,
      TRANSFER: a.resolved.TRANSFER + b.resolved.TRANSFER,
      TEMP_AID: a.resolved.TEMP_AID + b.resolved.TEMP_AID,
    },
    resolvedTotal: a.resolvedTotal + b.resolvedTotal,
    transfersSent: a.transfersSent + b.transfersSent,
    transfersOverdue: a.transfersOverdue + b.transfersOverdue,
    aidAmount: addYuan(a.aidAmount, b.aidAmount),
    aidPayments: a.aidPayments + b.aidPayments,
    applications: a.applications + b.applications,
    approved: a.approved + b.approved,
    refused: a.refused + b.refused,
    decisionWorkingDays: a.decisionWorkingDays + b.decisionWorkingDays,
    publicityRunning: a.publicityRunning + b.publicityRunning,
  };
}

/**
 * Each child's figures from the metric rows. The roll-ups return rows per child and rows per
 * month (GROUPING SETS), the naive source rows per child × month: a row counts for the figures
 * when it has a child, for the trend when it has a month.
 */
function figuresByChild(rows: MetricRows): Map<string, Figures> {
  const by = new Map<string, Figures>();
  const of = (child: string) => {
    let f = by.get(child);
    if (!f) by.set(child, (f = emptyFigures()));
    return f;
  };
  const perChild = <T extends { child: string | null }>(list: T[]) => list.filter((r): r is T & { child: string } => r.child != null);
  for (const r of perChild(rows.visits)) { of(r.child).visits += r.visits; of(r.child).questionnaires += r.questionnaires; }
  for (const r of perChild(rows.households)) of(r.child).householdsVisited += r.first;
  for (const r of rows.staff) of(r.child).staffActive += r.staff;
  for (const r of rows.rosterVisited) of(r.child).rosterVisited += r.n;
  for (const r of rows.register) of(r.child).rosterRegistered += r.n;
  for (const r of perChild(rows.problems)) of(r.child).problemsFound += r.found;
  for (const r of perChild(rows.resolution)) {
    const f = of(r.child);
    f.resolved[r.tier as TierName] += r.n;
    f.resolvedTotal += r.n;
  }
  for (const r of rows.transfers) of(r.child).transfersSent += r.sent;
  for (const r of rows.transfersOpen) of(r.child).transfersOverdue += r.overdue;
  for (const r of perChild(rows.aid)) {
    const f = of(r.child);
    f.aidAmount = addYuan(f.aidAmount, r.amount);
    f.aidPayments += r.payments;
  }
  for (const r of rows.applications) of(r.child).applications += r.n;
  for (const r of rows.decisions) {
    const f = of(r.child);
    if (r.stage === "APPROVED") f.approved += r.n;
    else f.refused += r.n;
    f.decisionWorkingDays += r.workingDays;
  }
  for (const r of rows.publicity) of(r.child).publicityRunning += r.n;
  return by;
}

function trendOf(rows: MetricRows, months: string[]): TrendPoint[] {
  const points = new Map(months.map((month) => [month, {
    month, householdsVisited: 0, visits: 0, questionnaires: 0, problemsFound: 0, resolvedTotal: 0, aidAmount: "0.00",
  }]));
  const at = (month: string | null) => (month == null ? undefined : points.get(month));
  for (const r of rows.visits) { const p = at(r.month); if (p) { p.visits += r.visits; p.questionnaires += r.questionnaires; } }
  for (const r of rows.households) { const p = at(r.month); if (p) p.householdsVisited += r.monthHouseholds; }
  for (const r of rows.problems) { const p = at(r.month); if (p) p.problemsFound += r.found; }
  for (const r of rows.resolution) { const p = at(r.month); if (p) p.resolvedTotal += r.n; }
  for (const r of rows.aid) { const p = at(r.month); if (p) p.aidAmount = addYuan(p.aidAmount, r.amount); }
  return [...points.values()];
}

function transfersOf(rows: MetricRows, departments: Map<string, string>): TransferRow[] {
  const by = new Map<string, TransferRow>();
  const of = (code: string) => {
    let r = by.get(code);
    if (!r) by.set(code, (r = { departmentCode: code, departmentName: departments.get(code) ?? code, sent: 0, resolved: 0, returned: 0, open: 0, overdue: 0 }));
    return r;
  };
  for (const r of rows.transfers) { const t = of(r.department); t.sent += r.sent; t.resolved += r.resolved; t.returned += r.returned; }
  for (const r of rows.transfersOpen) { const t = of(r.department); t.open += r.open; t.overdue += r.overdue; }
  const order = [...departments.keys()];
  return [...by.values()].sort((a, b) => order.indexOf(a.departmentCode) - order.indexOf(b.departmentCode));
}

function fundsOf(rows: MetricRows): FundRow[] {
  const by = new Map<string, FundRow>([
    ["CITY_FUND", { kind: "CITY_FUND", amount: "0.00", payments: 0 }],
    ["TOWNSHIP_RESERVE", { kind: "TOWNSHIP_RESERVE", amount: "0.00", payments: 0 }],
  ]);
  for (const r of rows.aid) {
    const f = r.child == null || r.kind == null ? undefined : by.get(r.kind);
    if (!f) continue;
    f.amount = addYuan(f.amount, r.amount);
    f.payments += r.payments;
  }
  return [...by.values()];
}

const TYPES: ApplicationTypeName[] = ["DIBAO", "TEKUN", "DIBAO_EDGE"];
const STAGES: ApplicationStageName[] = ["ACCEPTED", "PROPOSED", "IN_PUBLICITY", "APPROVED", "REFUSED"];

function stagesOf(rows: MetricRows): StageRow[] {
  const counts = new Map<string, number>();
  for (const r of rows.applications) counts.set(`${r.type}/${r.stage}`, (counts.get(`${r.type}/${r.stage}`) ?? 0) + r.n);
  return TYPES.flatMap((type) => STAGES.map((stage) => ({ type, stage, count: counts.get(`${type}/${stage}`) ?? 0 })));
}

/** The region, its ancestors and its children, or null when the code is not a region of level 1–4. */
function regionsOf(rows: ReferenceRows, code: string) {
  const self = rows.path.find((r) => r.code === code);
  if (!self) return null;
  const ref = (r: { code: string; name: string; level: number }): RegionRef => ({ code: String(r.code), name: String(r.name), level: Number(r.level) });
  const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  return {
    region: ref(self),
    path: [...rows.path].sort((a, b) => Number(a.level) - Number(b.level)).map(ref),
    children: [...rows.children].sort(byCode).map((r) => ({ ...ref(r), retired: r.retired === true })),
    departments: new Map(
      [...rows.departments].sort((a, b) => Number(a.sort) - Number(b.sort) || byCode(a, b)).map((d) => [String(d.code), String(d.name)]),
    ),
  };
}

/**
 * The dashboard of `query.regionCode` over `query.range`, from the roll-ups or the raw tables.
 * `scope` is the viewer's own region: ancestors above it are shown but not linkable. Returns null
 * for a code that is not a province, city, county or township.
 */
export async function computeDashboard(
  sql: Sql,
  source: SourceName,
  query: DashboardQuery,
  scope: string = query.regionCode,
): Promise<Dashboard | null> {
  const today = query.today ?? todayInChina();
  const code = query.regionCode;
  const range = query.range;
  const toFirst = `${range.to}-01`;
  const thisMonth = monthBounds(today);
  const childLen = CHILD_LENGTH[code.length];
  if (!childLen) return null;
  // The region's labels and its figures in one go (one statement from the roll-ups).
  const rows = await fetchRows(sql, source, {
    prefix: code,
    childLen,
    from: `${range.from}-01`,
    to: toFirst,
    toEnd: monthBounds(toFirst).next,
    thisMonth: thisMonth.start,
    nextMonth: thisMonth.next,
    today,
    ancestors: LEVEL_LENGTHS.filter((n) => n <= code.length).map((n) => code.slice(0, n)),
  });
  const regions = regionsOf(rows, code);
  if (!regions) return null;

  const byChild = figuresByChild(rows);
  const totals = [...byChild.values()].reduce(addFigures, emptyFigures());
  // A retired region (大洼县 → 大洼区) stays listed while its old records fall in the period.
  const children = regions.children
    .filter((r) => !r.retired || byChild.has(r.code))
    .map(({ retired: _retired, ...region }) => ({ region, ...(byChild.get(region.code) ?? emptyFigures()) }));
  return {
    region: regions.region,
    breadcrumb: regions.path.map((r) => ({ ...r, linkable: r.code.startsWith(scope) })),
    range,
    today,
    totals,
    children,
    trend: trendOf(rows, monthsOf(range)),
    transfers: transfersOf(rows, regions.departments),
    aidByFund: fundsOf(rows),
    applicationsByStage: stagesOf(rows),
  };
}
