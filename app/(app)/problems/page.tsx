import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { load } from "@/lib/page";
import { listProblems } from "@/lib/problems/queries";
import { PROBLEM_FILTERS, problemSearchSchema } from "@/lib/problems/schema";
import { format, formatDate, t } from "@/lib/i18n";
import { Tag } from "@/components/ui/badges";
import { Pagination } from "@/components/ui/pagination";
import { FilterTabs } from "@/components/ui/filter-tabs";

export const generateMetadata = () => ({ title: t.problems.listTitle });

export default async function ProblemsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  const search = problemSearchSchema.parse(await searchParams);
  const result = await load(listProblems(actor, search));
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">{t.problems.listTitle}</h1>
      <FilterTabs
        current={search.filter}
        tabs={PROBLEM_FILTERS.map((f) => ({
          key: f,
          href: `/problems?filter=${f}`,
          label: `${t.problems.filters[f]}${f === "overdue" ? ` ${result.overdue}` : ""}`,
        }))}
      />
      {result.rows.length === 0 ? (
        <p className="card p-6 text-center text-stone-600">{t.problems.empty}</p>
      ) : (
        <ul className="card divide-y divide-stone-100" data-testid="problem-list">
          {result.rows.map((p) => (
            <li key={p.id}>
              <Link href={`/problems/${p.id}`} className="flex flex-col gap-1 px-4 py-3 hover:bg-stone-50 sm:flex-row sm:items-center sm:gap-4">
                <span className="flex flex-wrap gap-1 sm:w-52">
                  {p.isOverdue ? <Tag tone="red">{t.problems.overdue}</Tag> : null}
                  <Tag tone={p.urgency === "HIGH" ? "red" : p.urgency === "MEDIUM" ? "amber" : "stone"}>{t.enums.urgency[p.urgency]}</Tag>
                  <Tag>{t.enums.problemCategory[p.category]}</Tag>
                  <Tag tone={p.status === "RESOLVED" ? "green" : "sky"}>{t.enums.problemStatus[p.status]}</Tag>
                </span>
                <span className="flex-1 text-sm">
                  <span className="font-medium">{p.household.headName}</span> · {p.description}
                </span>
                <span className="text-xs text-stone-500 sm:w-36 sm:text-right">
                  {p.status === "RESOLVED" && p.tier
                    ? t.problems.tiers[p.tier]
                    : format(t.problems.dueOn, { date: formatDate(p.dueOn) })}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={result.page} pages={result.pages} total={result.total} capped={result.capped} path="/problems" params={{ filter: search.filter }} />
    </div>
  );
}
