import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { load } from "@/lib/page";
import { listHouseholds } from "@/lib/households/queries";
import { countOpenPairs } from "@/lib/duplicates/queries";
import { CATEGORIES, householdSearchSchema, SEARCH_MAX } from "@/lib/households/schema";
import { searchProblem } from "@/lib/validation";
import { format, formatDate, t } from "@/lib/i18n";
import { CategoryBadge } from "@/components/ui/badges";
import { Pagination } from "@/components/ui/pagination";

export const generateMetadata = () => ({ title: t.household.listTitle });

export default async function HouseholdsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  const params = await searchParams;
  const search = householdSearchSchema.parse(params);
  const queryProblem = searchProblem(params.q, SEARCH_MAX);
  const [result, openDuplicates] = await load(Promise.all([
    listHouseholds(actor, search),
    can(actor, "review:duplicates") ? countOpenPairs(actor) : null,
  ]));

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-bold">{t.household.listTitle}</h1>
        <div className="flex flex-wrap gap-2">
          {openDuplicates !== null ? (
            <Link href="/households/duplicates" className="btn-secondary" data-testid="duplicates-link">
              {t.duplicates.navLink}{openDuplicates.total > 0 ? `（${openDuplicates.total}${openDuplicates.capped ? "+" : ""}）` : ""}
            </Link>
          ) : null}
          {can(actor, "write:household") ? (
            <Link href="/households/new" className="btn-primary">{t.household.new}</Link>
          ) : null}
        </div>
      </div>

      <form className="card flex flex-col gap-3 p-3 sm:flex-row sm:items-end" role="search" action="/households">
        <div className="flex-1">
          <label htmlFor="q" className="mb-1 block text-sm font-medium">{t.household.searchLabel}</label>
          <input
            id="q" name="q" defaultValue={search.q ?? ""} className="input" placeholder={t.household.searchPlaceholder} maxLength={SEARCH_MAX}
            aria-invalid={queryProblem ? true : undefined} aria-describedby={queryProblem ? "q-error" : undefined}
          />
          {queryProblem ? <p id="q-error" className="mt-1 text-sm text-red-700" data-testid="search-error">{queryProblem}</p> : null}
        </div>
        <div>
          <label htmlFor="category" className="mb-1 block text-sm font-medium">{t.household.categoryFilter}</label>
          <select id="category" name="category" defaultValue={search.category ?? ""} className="input">
            <option value="">{t.common.all}</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>{t.enums.category[c]}</option>
            ))}
          </select>
        </div>
        <div className="flex gap-2">
          <button type="submit" className="btn-primary">{t.common.search}</button>
          <Link href="/households" className="btn-secondary">{t.common.reset}</Link>
        </div>
      </form>

      {result.matchedById && result.rows[0] ? (
        <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800" role="status">
          {format(t.household.foundByIdNumber, { name: result.rows[0].headName })}
        </p>
      ) : null}

      {result.rows.length === 0 ? (
        <p className="card p-6 text-center text-stone-600">{t.household.empty}</p>
      ) : (
        <ul className="card divide-y divide-stone-100" data-testid="household-list">
          {result.rows.map((h) => (
            <li key={h.id}>
              <Link href={`/households/${h.id}`} className="flex flex-col gap-1 px-4 py-3 hover:bg-stone-50 sm:flex-row sm:items-center sm:gap-4">
                <span className="flex items-center gap-2 sm:w-44">
                  <span className="font-medium">{h.headName}</span>
                  <CategoryBadge category={h.category} />
                </span>
                <span className="flex-1 text-sm text-stone-600">
                  {h.villageName} · {h.address}
                </span>
                <span className="text-xs text-stone-500 sm:w-40 sm:text-right">
                  {h.memberCount} {t.household.memberCount} ·{" "}
                  {h.lastVisitedOn ? `${t.household.lastVisit} ${formatDate(h.lastVisitedOn)}` : t.household.neverVisited}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={result.page} pages={result.pages} total={result.total} capped={result.capped} path="/households" params={{ q: search.q, category: search.category }} />
    </div>
  );
}
