/**
 * Province › city › county › township. Regions above the user's own are shown for orientation
 * but are not links (the data layer would refuse them); the last one is the page itself.
 */
import Link from "next/link";
import { t } from "@/lib/i18n";
import type { Dashboard } from "@/lib/dashboard/types";
import { dashboardHref, type Ranking } from "./format";

export function RegionBreadcrumb({ dashboard, rank }: { dashboard: Dashboard; rank?: Ranking }) {
  const crumbs = dashboard.breadcrumb;
  return (
    <nav aria-label={t.dashboard.breadcrumb} data-testid="breadcrumb">
      <ol className="flex flex-wrap items-center gap-x-1 gap-y-0.5 text-sm">
        {crumbs.map((r, i) => {
          const last = i === crumbs.length - 1;
          return (
            <li key={r.code} className="flex items-center gap-1">
              {i > 0 ? <span aria-hidden="true" className="text-stone-400">›</span> : null}
              {last ? (
                <span aria-current="page" className="font-semibold text-stone-900">{r.name}</span>
              ) : r.linkable ? (
                <Link href={dashboardHref(r.code, dashboard.range, rank)} className="btn-link">{r.name}</Link>
              ) : (
                <span className="text-stone-500">{r.name}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
