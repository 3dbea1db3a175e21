import Link from "next/link";
import { forbidden } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { load, routeId } from "@/lib/page";
import { getDuplicatePair } from "@/lib/duplicates/queries";
import { format, formatDate, formatDateTime, t } from "@/lib/i18n";
import { CategoryBadge } from "@/components/ui/badges";
import { MergeForm, NotDuplicateForm } from "@/components/duplicates/decision-forms";

const d = t.duplicates;
export const generateMetadata = () => ({ title: d.compareTitle });

type Side = Awaited<ReturnType<typeof getDuplicatePair>>["a"];

function HouseholdCard({ title, h }: { title: string; h: Side }) {
  return (
    <section className="card min-w-0 space-y-2 p-4" data-testid="pair-household">
      <h2 className="text-sm font-semibold text-stone-500">{title}{h.inRegion ? "" : ` · ${d.outsideRegion}`}</h2>
      <p className="flex flex-wrap items-center gap-2 text-lg font-bold">{h.headName} <CategoryBadge category={h.category} /></p>
      <dl className="grid grid-cols-[6rem_1fr] gap-x-2 gap-y-1 text-sm">
        <dt className="text-stone-500">{d.village}</dt><dd className="break-words">{h.villageName}</dd>
        <dt className="text-stone-500">{d.address}</dt><dd className="break-words">{h.address || "—"}</dd>
        <dt className="text-stone-500">{d.phone}</dt><dd>{h.phone || "—"}</dd>
      </dl>
      <h3 className="pt-1 text-sm font-semibold">{d.members}（{h.members?.length ?? 0}）</h3>
      <ul className="divide-y divide-stone-100 text-sm">
        {(h.members ?? []).map((m) => (
          <li key={m.id} className="flex flex-wrap gap-x-3 py-1" data-testid="pair-member">
            <span className="font-medium">{m.name}</span>
            <span className="text-stone-600">{t.enums.relation[m.relation]}</span>
            <span className="text-stone-600">{d.birthDate} {formatDate(m.birthDate)}</span>
            <span className="font-mono text-xs text-stone-500">{m.idNumberMasked}</span>
          </li>
        ))}
      </ul>
      <p className="text-xs text-stone-500">{format(d.records, { visits: h.visits, problems: h.problems, applications: h.applications })}</p>
      {h.inRegion ? <Link href={`/households/${h.id}`} className="btn-secondary">{d.openHousehold}</Link> : null}
    </section>
  );
}

/** One suspected pair side by side, and the two decisions on it. */
export default async function DuplicatePairPage(props: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  if (!can(actor, "review:duplicates")) forbidden();
  const id = routeId((await props.params).id);
  const pair = await load(getDuplicatePair(actor, id));
  const both = pair.a.inRegion && pair.b.inRegion;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-bold">{d.compareTitle}</h1>
        <Link href="/households/duplicates" className="btn-secondary">{d.listTitle}</Link>
      </div>
      <p className="flex flex-wrap gap-1">
        {pair.reasons.map((r) => (
          <span key={r} className="rounded bg-amber-100 px-2 py-0.5 text-sm text-amber-900">{d.reasons[r as keyof typeof d.reasons] ?? r}</span>
        ))}
        {pair.reasons.includes("ADDRESS") ? <span className="text-sm text-stone-500">{format(d.score, { score: pair.score.toFixed(2) })}</span> : null}
      </p>
      <div className="grid gap-4 md:grid-cols-2">
        <HouseholdCard title={d.householdA} h={pair.a} />
        <HouseholdCard title={d.householdB} h={pair.b} />
      </div>

      {pair.status !== "OPEN" ? (
        <p className="card p-4 text-sm" data-testid="pair-decided">
          {format(d.decided, { date: pair.decidedAt ? formatDateTime(pair.decidedAt) : "", name: pair.decidedByName ?? "", status: d.status[pair.status] })}
          {pair.reason ? <><br />{format(d.decidedReason, { reason: pair.reason })}</> : null}
        </p>
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          <section className="card space-y-2 p-4">
            <h2 className="text-lg font-semibold">{d.notDuplicateTitle}</h2>
            <p className="text-sm text-stone-600">{d.notDuplicateHint}</p>
            <NotDuplicateForm pairId={pair.id} version={pair.version} />
          </section>
          <section className="card space-y-2 p-4">
            <h2 className="text-lg font-semibold">{d.mergeTitle}</h2>
            <p className="text-sm text-stone-600">{d.mergeHint}</p>
            {both ? (
              <MergeForm
                pairId={pair.id} version={pair.version}
                a={{ id: pair.a.id, name: pair.a.headName, village: pair.a.villageName, version: pair.a.version }}
                b={{ id: pair.b.id, name: pair.b.headName, village: pair.b.villageName, version: pair.b.version }}
              />
            ) : (
              <p className="rounded-md bg-stone-100 p-3 text-sm">{d.mergeOutsideRegion}</p>
            )}
          </section>
        </div>
      )}
    </div>
  );
}
