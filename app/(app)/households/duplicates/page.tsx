import Link from "next/link";
import { forbidden } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { load } from "@/lib/page";
import { listDuplicatePairs } from "@/lib/duplicates/queries";
import { DUPLICATE_STATUSES, duplicateSearchSchema } from "@/lib/duplicates/schema";
import { format, formatDate, t } from "@/lib/i18n";
import { Pagination } from "@/components/ui/pagination";
import { Flash } from "@/components/ui/flash";

const d = t.duplicates;
export const generateMetadata = () => ({ title: d.listTitle });

/** 疑似重复: the county supervisor's review list, pairs with at least one household in their region. */
export default async function DuplicatesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  if (!can(actor, "review:duplicates")) forbidden();
  const params = await searchParams;
  const search = duplicateSearchSchema.parse(params);
  const result = await load(listDuplicatePairs(actor, search));

  return (
    <div className="space-y-4">
      <Flash message={params.saved === "not_duplicate" ? d.notDuplicateSaved : null} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-bold">{d.listTitle}</h1>
        <Link href="/households" className="btn-secondary">{t.household.listTitle}</Link>
      </div>
      <p className="text-sm text-stone-600">{d.listHint}</p>

      <nav className="flex flex-wrap gap-2" aria-label={d.statusFilter}>
        {DUPLICATE_STATUSES.map((s) => (
          <Link
            key={s} href={`/households/duplicates?status=${s}`}
            className={s === result.status ? "btn-primary" : "btn-secondary"} aria-current={s === result.status ? "page" : undefined}
          >
            {d.status[s]}
          </Link>
        ))}
      </nav>

      {result.rows.length === 0 ? (
        <p className="card p-6 text-center text-stone-600">{d.empty}</p>
      ) : (
        <ul className="card divide-y divide-stone-100" data-testid="duplicate-list">
          {result.rows.map((p) => (
            <li key={p.id}>
              <Link href={`/households/duplicates/${p.id}`} className="flex flex-col gap-2 px-4 py-3 hover:bg-stone-50" data-testid="duplicate-pair">
                <span className="flex flex-wrap gap-1">
                  {p.reasons.map((r) => (
                    <span key={r} className="rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-900">{d.reasons[r as keyof typeof d.reasons] ?? r}</span>
                  ))}
                  {p.reasons.includes("ADDRESS") ? <span className="text-xs text-stone-500">{format(d.score, { score: p.score.toFixed(2) })}</span> : null}
                </span>
                <span className="grid gap-1 text-sm sm:grid-cols-2">
                  {[p.a, p.b].map((h) => (
                    <span key={h.id} className="min-w-0 break-words">
                      <span className="font-medium">{h.headName}</span>
                      <span className="text-stone-600"> · {h.villageName}{h.address ? ` · ${h.address}` : ""}</span>
                    </span>
                  ))}
                </span>
                <span className="text-xs text-stone-500">{format(d.flaggedOn, { date: formatDate(p.createdAt) })} · {d.compare} →</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={result.page} pages={result.pages} total={result.total} capped={result.capped} path="/households/duplicates" params={{ status: search.status }} />
    </div>
  );
}
