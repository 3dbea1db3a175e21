import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { load } from "@/lib/page";
import { departmentName, listTransfers } from "@/lib/transfers/queries";
import { TRANSFER_FILTERS, searchFromFilter, transferSearchSchema } from "@/lib/transfers/schema";
import { format, t } from "@/lib/i18n";
import { Pagination } from "@/components/ui/pagination";
import { TransferList } from "@/components/transfers/transfer-list";

export const generateMetadata = () => ({ title: t.transfers.listTitle });

export default async function TransfersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  const { filter, page } = transferSearchSchema.parse(await searchParams);
  const [result, department] = await Promise.all([
    load(listTransfers(actor, searchFromFilter(filter, page))),
    departmentName(actor.role === "DEPARTMENT" ? actor.departmentCode : null),
  ]);
  const href = (f: (typeof TRANSFER_FILTERS)[number]) => (f === "open" ? "/transfers" : `/transfers?filter=${f}`);

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-bold">{t.transfers.listTitle}</h1>
        <p className="text-sm text-stone-600">
          {department ? format(t.transfers.listSubtitleDepartment, { department }) : t.transfers.listSubtitle}
        </p>
      </div>

      <nav className="flex gap-2 overflow-x-auto" aria-label={t.transfers.filterLabel}>
        {TRANSFER_FILTERS.map((f) => {
          const current = filter === f;
          const style = current
            ? f === "overdue" ? "border-red-600 bg-red-600 text-white" : "border-brand-600 bg-brand-600 text-white"
            : f === "overdue" && result.counts.overdue > 0 ? "border-red-300 bg-white text-red-700" : "border-stone-300 bg-white";
          return (
            <Link
              key={f}
              href={href(f)}
              aria-current={current ? "page" : undefined}
              data-testid={`filter-${f}`}
              className={`min-h-11 whitespace-nowrap rounded-full border px-3 py-2 text-sm sm:min-h-0 sm:py-1.5 ${style}`}
            >
              {t.transfers.filters[f]} {result.counts[f]}
            </Link>
          );
        })}
      </nav>

      {result.rows.length === 0 ? (
        <p className="card p-6 text-center text-stone-600">{t.transfers.empty}</p>
      ) : (
        <TransferList rows={result.rows} showDepartment={actor.role !== "DEPARTMENT"} />
      )}
      <Pagination page={result.page} pages={result.pages} total={result.total} capped={result.capped} path="/transfers" params={{ filter: filter === "open" ? undefined : filter }} />
    </div>
  );
}
