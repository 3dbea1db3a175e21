import { forbidden } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { load } from "@/lib/page";
import { todayInChina } from "@/lib/dates";
import { format, t } from "@/lib/i18n";
import { getDashboard } from "@/lib/dashboard/queries";
import { dashboardParamsSchema, rangeFrom } from "@/lib/dashboard/schema";
import { RegionBreadcrumb } from "@/components/dashboard/breadcrumb";
import { RangeForm } from "@/components/dashboard/range-form";
import { FigureCards } from "@/components/dashboard/figure-cards";
import { TierChart } from "@/components/dashboard/tier-chart";
import { TrendChart } from "@/components/dashboard/trend-chart";
import { RankingChart } from "@/components/dashboard/ranking-chart";
import { ApplicationsTable, ChildrenTable, FundsTable, TransfersTable } from "@/components/dashboard/tables";
import { RANKINGS, type Ranking } from "@/components/dashboard/format";

const m = t.dashboard;
export const generateMetadata = () => ({ title: m.title });

type SearchParams = Record<string, string | string[] | undefined>;

/** A query parameter's first value; an empty field counts as absent (the form sends `from=`). */
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function DashboardPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor();
  if (!can(actor, "read:dashboard")) forbidden();
  const sp = await searchParams;

  // The roll-ups stop at townships: a village account has nothing of its own to see here.
  if (actor.regionCode.length > 9) {
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-bold">{m.title}</h1>
        <p className="card p-6 text-center text-stone-600" data-testid="village-notice">{m.villageUser}</p>
      </div>
    );
  }

  const raw = { region: one(sp.region), from: one(sp.from), to: one(sp.to) };
  const rankParam = one(sp.rank);
  const rank: Ranking = RANKINGS.find((r) => r === rankParam) ?? "households";
  const parsed = dashboardParamsSchema.safeParse(raw);
  if (!parsed.success) {
    const regionRefused = parsed.error.issues.some((i) => i.path[0] === "region");
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-bold">{m.title}</h1>
        <RangeForm
          regionCode={regionRefused || !raw.region ? actor.regionCode : raw.region}
          values={raw}
          today={todayInChina()}
          rank={rank}
          errors={parsed.error.issues.map((i) => i.message)}
        />
      </div>
    );
  }

  const range = rangeFrom(parsed.data);
  const d = await load(getDashboard(actor, { regionCode: parsed.data.region ?? actor.regionCode, range }));
  const exportQuery = new URLSearchParams({ region: d.region.code, from: d.range.from, to: d.range.to });
  const hasChildren = d.children.length > 0;
  const transfersAndFunds = (
    <>
      <TransfersTable dashboard={d} />
      <FundsTable dashboard={d} />
    </>
  );

  return (
    <div className="space-y-4 sm:space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <RegionBreadcrumb dashboard={d} rank={rank} />
          <h1 className="text-xl font-bold" data-testid="dashboard-region">{d.region.name}</h1>
          <p className="text-sm text-stone-600" data-testid="dashboard-period">
            {m.title} ·{" "}
            {d.range.from === d.range.to
              ? format(m.subtitleOneMonth, { month: d.range.from, today: d.today })
              : format(m.subtitle, { from: d.range.from, to: d.range.to, today: d.today })}
          </p>
        </div>
        <div className="flex gap-2">
          <a href={`/dashboard/export?${exportQuery}&format=xlsx`} className="btn-secondary" download>{m.exportXlsx}</a>
          <a href={`/dashboard/export?${exportQuery}&format=csv`} className="btn-secondary" download>{m.exportCsv}</a>
        </div>
      </div>

      <RangeForm regionCode={d.region.code} values={d.range} today={d.today} current={d.range} rank={rank} />

      <section aria-labelledby="figures-title" className="space-y-2">
        <h2 id="figures-title" className="sr-only">{m.figuresTitle}</h2>
        <FigureCards figures={d.totals} />
      </section>

      <TrendChart trend={d.trend} />

      <div className="grid gap-4 sm:gap-6 lg:grid-cols-2 lg:items-start">
        <TierChart figures={d.totals} />
        {hasChildren ? <RankingChart dashboard={d} rank={rank} /> : <div className="min-w-0 space-y-4 sm:space-y-6">{transfersAndFunds}</div>}
      </div>

      {hasChildren ? (
        <>
          <ChildrenTable dashboard={d} rank={rank} />
          <div className="grid gap-4 sm:gap-6 lg:grid-cols-2 lg:items-start">{transfersAndFunds}</div>
        </>
      ) : null}

      <ApplicationsTable dashboard={d} />
    </div>
  );
}
