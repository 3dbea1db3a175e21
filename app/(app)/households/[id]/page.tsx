import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { load, routeId } from "@/lib/page";
import { getHousehold } from "@/lib/households/queries";
import { visitHistory } from "@/lib/visits/queries";
import { revealIdNumberAction } from "@/lib/households/actions";
import { memberFlags } from "@/lib/households/flags";
import { ageOn, isoFromDate, todayInChina } from "@/lib/dates";
import { format, formatDate, t } from "@/lib/i18n";
import { CategoryBadge, Tag } from "@/components/ui/badges";
import { IdNumber } from "@/components/households/id-number";
import { VisitHistory } from "@/components/visits/visit-history";
import { Flash } from "@/components/ui/flash";
import { PersonalDataNotice } from "@/components/households/personal-data-notice";
import { householdMatches } from "@/lib/policies/queries";
import { HouseholdMatches } from "@/components/policies/household-matches";
import { householdTimeline } from "@/lib/households/timeline";
import { timelineSearchSchema } from "@/lib/households/timeline-schema";
import { CaseTimeline } from "@/components/households/case-timeline";

export const generateMetadata = () => ({ title: t.household.listTitle });

export default async function HouseholdPage(props: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  const id = routeId((await props.params).id);
  const sp = await props.searchParams;
  const household = await load(getHousehold(actor, id));
  const visits = await visitHistory(actor, id);
  const timelineSearch = timelineSearchSchema.parse(sp);
  const timeline = await load(householdTimeline(actor, id, timelineSearch));
  const today = todayInChina();
  const flash =
    sp.saved === "created" ? t.household.created
    : sp.saved === "updated" ? t.household.updated
    : sp.saved === "ceased" ? t.household.ceased
    : sp.saved === "merged" ? t.duplicates.mergedNotice
    : sp.saved === "visit"
      ? Number(sp.problems) > 0 ? format(t.visit.savedWithProblems, { count: Number(sp.problems) }) : t.visit.saved
      : null;

  return (
    <div className="space-y-5">
      <Flash message={flash} />
      {household.mergedIntoId !== null ? (
        <p className="flex flex-wrap items-center gap-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="status" data-testid="tombstone">
          {t.duplicates.tombstone}
          <Link href={`/households/${household.mergedIntoId}`} className="btn-secondary">{t.duplicates.tombstoneLink}</Link>
        </p>
      ) : null}
      <PersonalDataNotice actor={actor} householdId={id} masked={household.masked} revealedUntil={household.revealedUntil} />
      <section className="card p-4">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h1 className="flex items-center gap-2 text-xl font-bold">
              {household.headName} <CategoryBadge category={household.category} />
            </h1>
            <p className="mt-1 text-sm text-stone-600">{household.villageFullName}{household.address ? ` · ${household.address}` : ""}</p>
            {household.phone ? <p className="text-sm text-stone-600">{t.household.phone}：{household.phone}</p> : null}
            {household.note ? <p className="mt-2 whitespace-pre-wrap text-sm">{household.note}</p> : null}
          </div>
          {/* A merged household's tombstone takes no new records: they belong to the survivor. */}
          <div className={household.mergedIntoId === null ? "flex flex-wrap gap-2" : "hidden"}>
            {can(actor, "log:visit") ? (
              <Link href={`/households/${id}/visits/new`} className="btn-primary">{t.household.logVisit}</Link>
            ) : null}
            {can(actor, "open:application") ? (
              <Link href={`/households/${id}/applications/new`} className="btn-secondary">{t.applications.open}</Link>
            ) : null}
            {can(actor, "record:problem") ? (
              <Link href={`/households/${id}/problems/new`} className="btn-secondary">{t.problems.record}</Link>
            ) : null}
            {can(actor, "write:household") ? (
              <Link href={`/households/${id}/edit`} className="btn-secondary">{t.common.edit}</Link>
            ) : null}
            {can(actor, "cease:assistance") && household.category !== "NONE" ? (
              <Link href={`/households/${id}/cease`} className="btn-secondary">{t.household.cease}</Link>
            ) : null}
          </div>
        </div>
      </section>

      <section>
        <h2 className="mb-2 text-lg font-semibold">{t.household.members}（{household.members.length}）</h2>
        <ul className="card divide-y divide-stone-100">
          {household.members.map((m) => (
            <li key={m.id} className="grid gap-1 px-4 py-3 sm:grid-cols-[10rem_1fr_1fr] sm:items-center" data-testid="member">
              <div>
                <span className="font-medium">{m.name}</span>
                <span className="ml-2 text-xs text-stone-500">
                  {t.enums.relation[m.relation]} · {m.male ? t.member.male : t.member.female} ·{" "}
                  {format(t.member.ageYears, { age: ageOn(isoFromDate(m.birthDate), today) })}
                </span>
              </div>
              <IdNumber memberId={m.id} masked={m.idNumberMasked} reveal={can(actor, "reveal:id_number") ? revealIdNumberAction : undefined} />
              <div className="flex flex-wrap gap-1">
                {memberFlags(m, today).map((f) => (
                  <Tag key={f.key} tone={f.key === "majorIllness" || f.key === "severeDisability" ? "red" : "amber"}>
                    {format(t.flags[f.key], { grade: f.grade ?? "" })}
                  </Tag>
                ))}
                {m.labourCapacity !== "NOT_ASSESSED" ? <Tag tone="sky">{t.enums.labourCapacity[m.labourCapacity]}</Tag> : null}
                {"sensitiveFlags" in m && typeof m.sensitiveFlags === "number" && m.sensitiveFlags > 0 ? <Tag tone="stone">{format(t.household.sensitiveFlags, { count: m.sensitiveFlags })}</Tag> : null}
              </div>
            </li>
          ))}
        </ul>
      </section>

      <section>
        <h2 className="mb-2 text-lg font-semibold">{t.household.problems}</h2>
        {household.problems.length === 0 ? (
          <p className="card p-4 text-sm text-stone-600">{t.household.noProblems}</p>
        ) : (
          <ul className="card divide-y divide-stone-100" data-testid="problems">
            {household.problems.map((p) => (
              <li key={p.id}>
                <Link href={`/problems/${p.id}`} className="flex flex-col gap-1 px-4 py-3 hover:bg-stone-50 sm:flex-row sm:items-center sm:gap-3">
                <span className="flex gap-1">
                  <Tag tone={p.urgency === "HIGH" ? "red" : p.urgency === "MEDIUM" ? "amber" : "stone"}>{t.enums.urgency[p.urgency]}</Tag>
                  <Tag>{t.enums.problemCategory[p.category]}</Tag>
                </span>
                <span className="flex-1 text-sm">{p.description || t.household.hiddenText}</span>
                <span className="text-xs text-stone-500">
                  {formatDate(p.foundOn)} · {t.enums.problemSource[p.source]} · {t.enums.problemStatus[p.status]}
                  {p.tier ? ` · ${t.problems.tiers[p.tier]}` : ""}
                </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <CaseTimeline timeline={timeline} path={`/households/${id}`} paged={!!timelineSearch.before} />

      {can(actor, "read:policy") ? <HouseholdMatches data={await householdMatches(actor, id)} canOffer={can(actor, "offer:policy")} /> : null}

      <section>
        <h2 className="mb-2 text-lg font-semibold">{t.household.visits}</h2>
        <VisitHistory visits={visits} />
      </section>
    </div>
  );
}
