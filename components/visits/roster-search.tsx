/**
 * The roster's search (a name — head or member — or part of the address), on the township's list
 * and above it alike: at a county the answer is the matching households of all its townships.
 */
import Link from "next/link";
import { t } from "@/lib/i18n";

export function RosterSearch({ q, filter, region, resetHref }: { q?: string; filter?: string; region?: string; resetHref: string }) {
  return (
    <form className="card flex flex-col gap-2 p-3 sm:flex-row sm:items-end" action="/visits" role="search">
      {filter && filter !== "all" ? <input type="hidden" name="filter" value={filter} /> : null}
      {region ? <input type="hidden" name="region" value={region} /> : null}
      <div className="flex-1">
        <label htmlFor="q" className="mb-1 block text-sm font-medium">{t.roster.searchLabel}</label>
        <input id="q" name="q" type="search" defaultValue={q ?? ""} className="input" placeholder={t.roster.searchPlaceholder} maxLength={50} />
      </div>
      <div className="flex gap-2">
        <button type="submit" className="btn-primary">{t.common.search}</button>
        {q ? <Link href={resetHref} className="btn-secondary">{t.common.reset}</Link> : null}
      </div>
    </form>
  );
}
