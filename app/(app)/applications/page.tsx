import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { load } from "@/lib/page";
import { documentReminders, listApplications } from "@/lib/applications/queries";
import { APPLICATION_FILTERS, applicationSearchSchema } from "@/lib/applications/schema";
import { format, formatDate, t } from "@/lib/i18n";
import { Tag } from "@/components/ui/badges";
import { Pagination } from "@/components/ui/pagination";
import { FilterTabs } from "@/components/ui/filter-tabs";
import { ClockBadge } from "@/components/applications/clock";

const m = t.applications;
export const generateMetadata = () => ({ title: m.listTitle });

export default async function ApplicationsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  const search = applicationSearchSchema.parse(await searchParams);
  const [result, reminders] = await Promise.all([load(listApplications(actor, search)), load(documentReminders(actor))]);
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">{m.listTitle}</h1>
      <FilterTabs
        current={search.filter}
        tabs={APPLICATION_FILTERS.map((f) => ({ key: f, href: `/applications?filter=${f}`, label: m.filters[f] }))}
      />
      {result.rows.length === 0 ? (
        <p className="card p-6 text-center text-stone-600">{m.empty}</p>
      ) : (
        <ul className="card divide-y divide-stone-100" data-testid="application-list">
          {result.rows.map((a) => (
            <li key={a.id}>
              <Link href={`/applications/${a.id}`} className="flex flex-col gap-1 px-4 py-3 hover:bg-stone-50 sm:flex-row sm:items-center sm:gap-4">
                <span className="flex items-center gap-2 sm:w-56">
                  <span className="font-medium">{a.household.headName}</span>
                  <Tag>{m.types[a.type]}</Tag>
                  <Tag tone={a.stage === "APPROVED" ? "green" : a.stage === "REFUSED" ? "red" : "sky"}>{m.stages[a.stage]}</Tag>
                </span>
                <span className="flex-1 text-sm text-stone-600">{a.household.address}</span>
                <ClockBadge clock={a.clock} decided={a.stage === "APPROVED" || a.stage === "REFUSED"} />
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={result.page} pages={result.pages} total={result.total} capped={result.capped} path="/applications" params={{ filter: search.filter }} />
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{m.reminders}</h2>
        {reminders.length === 0 ? (
          <p className="card p-4 text-sm text-stone-600">{m.remindersEmpty}</p>
        ) : (
          <ul className="card divide-y divide-stone-100" data-testid="reminders">
            {reminders.map((d) => (
              <li key={d.id} className="px-4 py-2 text-sm">
                <Link href={`/applications/${d.application.id}`} className="flex flex-wrap items-center gap-2">
                  {d.overdue ? <Tag tone="red">{m.overdueDocument}</Tag> : null}
                  <span className="font-medium">{d.application.household.headName}</span>
                  <span>{m.documents[d.kind as keyof typeof m.documents] ?? d.kind}</span>
                  <span className="text-xs text-stone-500">{d.dueOn ? format(m.missing, { date: formatDate(d.dueOn) }) : ""}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
