/**
 * One city's standards: urban and rural side by side on a laptop, one under the other on a phone;
 * per type the amount in force today, any standard announced for later, and the full history
 * (newest first) behind a disclosure, so fourteen cities still fit on one page.
 */
import { format, t } from "@/lib/i18n";
import { formatYuan } from "@/lib/funds/money";
import type { StandardGroup } from "@/lib/standards/queries";
import { Tag } from "@/components/ui/badges";
import { DemoTag, StandardStatusTag, periodText } from "./standard-badges";

export function CityStandards({ cityName, groups }: { cityName: string; groups: StandardGroup[] }) {
  const s = t.standards;
  const areas = [...new Set(groups.map((g) => g.area))];
  return (
    <section className="card" aria-label={cityName} data-testid="city-standards">
      <h2 className="border-b border-stone-100 px-4 py-2.5 font-semibold">{cityName}</h2>
      <div className={`grid divide-y divide-stone-100 ${areas.length > 1 ? "md:grid-cols-2 md:divide-x md:divide-y-0" : ""}`}>
        {areas.map((area) => (
          <div key={area} className="px-4 py-3">
            <h3 className="mb-1 text-xs font-medium text-stone-500">{s.areas[area]}</h3>
            <ul className="divide-y divide-stone-100">
              {groups.filter((g) => g.area === area).map((g) => (
                <li key={g.type} className="py-2.5" data-testid="standard-group" data-area={g.area} data-type={g.type}>
                  <StandardGroupItem group={g} />
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}

function StandardGroupItem({ group }: { group: StandardGroup }) {
  const s = t.standards;
  const current = group.current;
  const head = (
    <>
      <div className="flex items-baseline justify-between gap-3">
        <span className="font-medium" title={s.typeHints[group.type]}>{s.types[group.type]}</span>
        {current ? (
          <span className="whitespace-nowrap">
            <span className="text-lg font-semibold tabular-nums" data-testid="current-amount">{formatYuan(current.monthlyAmount)}</span>
            <span className="text-xs text-stone-500">{s.perMonth}</span>
          </span>
        ) : (
          <Tag tone="red">{group.history.length ? s.noneInForce : s.notSet}</Tag>
        )}
      </div>
      <div className="flex items-center justify-between gap-3 text-xs text-stone-500">
        <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
          {current ? <span className="tabular-nums">{periodText(current)}</span> : null}
          {current?.demo ? <DemoTag /> : null}
        </span>
        {group.history.length ? (
          <span className="btn-link flex items-center gap-1 whitespace-nowrap py-1">
            {format(s.history, { count: group.history.length })}
            <span aria-hidden className="inline-block transition-transform group-open:rotate-180">▾</span>
          </span>
        ) : null}
      </div>
      {group.upcoming.map((u) => (
        <p key={u.id} className="mt-1 flex flex-wrap items-center gap-2 text-xs text-sky-900" data-testid="upcoming-standard">
          <StandardStatusTag status="UPCOMING" />
          <span className="tabular-nums">{format(s.upcomingLine, { from: u.effectiveFrom, amount: formatYuan(u.monthlyAmount) })}</span>
        </p>
      ))}
    </>
  );
  if (group.history.length === 0) return head;
  // The whole row opens its history: a large target on a phone, one line less per standard.
  return (
    <details className="group">
      <summary className="cursor-pointer list-none [&::-webkit-details-marker]:hidden">{head}</summary>
      <ol className="mt-2 space-y-1.5 border-l-2 border-stone-100 pl-3 text-sm" data-testid="standard-history">
        {group.history.map((r) => (
          <li key={r.id}>
            <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-0.5">
              <span className="flex flex-wrap items-center gap-2">
                <span className="tabular-nums text-stone-700">{periodText(r)}</span>
                {/* A demonstration figure's long note is the page's notice; the tag points to it. */}
                {r.demo ? <DemoTag /> : null}
              </span>
              <span className="flex items-center gap-2">
                <StandardStatusTag status={r.status} />
                <span className="font-medium tabular-nums">{formatYuan(r.monthlyAmount)}</span>
              </span>
            </div>
            {!r.demo && r.note ? <p className="break-words text-xs text-stone-500">{s.note}：{r.note}</p> : null}
          </li>
        ))}
      </ol>
    </details>
  );
}
