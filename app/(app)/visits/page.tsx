import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { load } from "@/lib/page";
import { leftAreaVisits, monthlyRoster, rosterCoverage } from "@/lib/visits/queries";
import { confirmLeftAreaVisitAction } from "@/lib/visits/actions";
import { LeftAreaReview } from "@/components/visits/left-area-review";
import { ROSTER_FILTERS, rosterSearchSchema } from "@/lib/visits/schema";
import { format, formatDate, t } from "@/lib/i18n";
import { CategoryBadge, Tag } from "@/components/ui/badges";
import { Pagination } from "@/components/ui/pagination";
import { FilterTabs } from "@/components/ui/filter-tabs";
import { RosterRegions } from "@/components/visits/roster-regions";
import { RosterSearch } from "@/components/visits/roster-search";
import { todayInChina } from "@/lib/dates";

export const generateMetadata = () => ({ title: t.roster.title });

function rosterHref(params: { filter?: string; q?: string; region?: string }) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) qs.set(k, v);
  const query = qs.toString();
  return query ? `/visits?${query}` : "/visits";
}

const STATUS_TONE = { overdue: "red", due: "amber", visited: "green" } as const;

export default async function RosterPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  const search = rosterSearchSchema.parse(await searchParams);
  const region = search.region && search.region.startsWith(actor.regionCode) ? search.region : actor.regionCode;
  const flagged = can(actor, "review:visit") ? await leftAreaVisits(actor) : [];
  // Above a township: each subregion's figures from the roll-ups, not a province's worth of rows.
  if (region.length <= 6 && !search.q) {
    const today = todayInChina();
    const coverage = await load(rosterCoverage(actor, region, today));
    return (
      <div className="space-y-4">
        <LeftAreaList flagged={flagged} />
        <RosterRegions coverage={coverage} month={today.slice(0, 7)} search={<RosterSearch region={search.region} resetHref={rosterHref({ region: search.region })} />} />
      </div>
    );
  }
  const roster = await load(monthlyRoster(actor, { ...search, region }));
  const percent = Math.round(roster.coverage * 1000) / 10;
  const canLog = can(actor, "log:visit");
  const label = { all: t.common.all, overdue: t.roster.overdue, due: t.roster.due, visited: t.roster.visited };

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-bold">{t.roster.title}</h1>
        <p className="text-sm text-stone-600">{format(t.roster.subtitle, { month: roster.month })}</p>
      </div>

      <LeftAreaList flagged={flagged} />

      <section className="card p-4" aria-label={t.roster.coverage}>
        <div className="flex items-baseline justify-between">
          <span className="text-sm font-medium text-stone-700">{t.roster.coverage}</span>
          <span className="text-2xl font-bold text-brand-700" data-testid="coverage">{percent}%</span>
        </div>
        <div className="mt-2 h-3 overflow-hidden rounded-full bg-stone-200" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
          <div className="h-full rounded-full bg-brand-500" style={{ width: `${percent}%` }} />
        </div>
        <p className="mt-2 text-sm text-stone-600">
          {format(t.roster.coverageDetail, { visited: roster.counts.visited, total: roster.total })} ·{" "}
          <span className="text-red-700">{t.roster.overdue} {roster.counts.overdue}</span> ·{" "}
          <span className="text-amber-700">{t.roster.due} {roster.counts.due}</span>
        </p>
      </section>

      <FilterTabs
        current={search.filter}
        tabs={ROSTER_FILTERS.map((f) => ({
          key: f,
          href: rosterHref({ filter: f === "all" ? undefined : f, q: search.q, region: search.region }),
          label: `${label[f]} ${f === "all" ? roster.total : roster.counts[f]}`,
        }))}
      />

      <RosterSearch q={search.q} filter={search.filter} region={search.region}
        resetHref={rosterHref({ filter: search.filter === "all" ? undefined : search.filter, region: search.region })} />

      {roster.rows.length === 0 ? (
        <p className="card p-6 text-center text-stone-600">{search.q ? t.roster.noMatch : t.roster.empty}</p>
      ) : (
        <ul className="card divide-y divide-stone-100" data-testid="roster">
          {roster.rows.map((r) => (
            <li key={r.id} className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center sm:gap-4" data-testid="roster-row" data-status={r.status}>
              <Link href={`/households/${r.id}`} className="flex-1">
                <span className="flex items-center gap-2">
                  <Tag tone={STATUS_TONE[r.status]}>{label[r.status]}</Tag>
                  <span className="font-medium" data-testid="head-name">{r.headName}</span>
                  <CategoryBadge category={r.category} />
                </span>
                <span className="mt-0.5 block text-sm text-stone-600">
                  {r.villageName} · {r.address}
                </span>
                <span className="block text-xs text-stone-500">
                  {r.lastVisitedOn ? format(t.roster.lastVisit, { date: formatDate(r.lastVisitedOn) }) : t.household.neverVisited}
                </span>
              </Link>
              {canLog && r.status !== "visited" ? (
                <Link href={`/households/${r.id}/visits/new`} className="btn-primary self-start sm:self-center">{t.household.logVisit}</Link>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <Pagination page={roster.page} pages={roster.pages} total={roster.filteredTotal} path="/visits" params={{ filter: search.filter === "all" ? undefined : search.filter, q: search.q, region: search.region }} />
    </div>
  );
}

/** Visits synced after the household left the recorder's area, for its supervisor to confirm (decision 021). */
function LeftAreaList({ flagged }: { flagged: Awaited<ReturnType<typeof leftAreaVisits>> }) {
  return (
    <>
      {flagged.length ? (
        <section className="card border-amber-300 bg-amber-50/60 p-4" data-testid="left-area-visits">
          <h2 className="font-semibold text-amber-900">{format(t.roster.leftAreaTitle, { count: flagged.length })}</h2>
          <p className="mt-1 text-sm text-amber-900">{t.roster.leftAreaHint}</p>
          <ul className="mt-3 divide-y divide-amber-200">
            {flagged.map((v) => (
              <li key={v.id} className="flex flex-col gap-2 py-2 sm:flex-row sm:items-center sm:justify-between" data-testid="left-area-visit">
                <div>
                  <Link href={`/households/${v.householdId}`} className="font-medium underline">{v.headName}</Link>
                  <span className="ml-2 text-sm text-stone-600">{v.villageName}</span>
                  <p className="text-xs text-stone-600">{format(t.roster.leftAreaRow, { date: formatDate(v.visitedOn), recorder: v.recordedBy, from: v.fromRegionName })}</p>
                </div>
                <LeftAreaReview id={v.id} action={confirmLeftAreaVisitAction} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
