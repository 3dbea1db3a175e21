import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { load, routeId } from "@/lib/page";
import { getProblem } from "@/lib/problems/queries";
import { emergencyCapToday } from "@/lib/aid/queries";
import { PAPERWORK_DAYS } from "@/lib/aid/constants";
import { listDepartments } from "@/lib/transfers/queries";
import { addDays } from "@/lib/dates";
import { todayInChina } from "@/lib/dates";
import { format, formatDate, t } from "@/lib/i18n";
import { Tag } from "@/components/ui/badges";
import { ResolveImmediatelyForm, SupportActionForm } from "@/components/problems/problem-forms";
import { GrantAidForm } from "@/components/aid/aid-forms";
import { TransferForm } from "@/components/transfers/transfer-form";
import { PersonalDataNotice } from "@/components/households/personal-data-notice";
import { Flash } from "@/components/ui/flash";

export const generateMetadata = () => ({ title: t.problems.listTitle });

const FLASH = (): Record<string, string> => ({
  recorded: t.problems.recorded,
  resolved: t.problems.resolved,
  transferred: t.problems.transferred,
  support: t.problems.supportAdded,
  advance: t.aid.advancePaid,
  proposed: t.aid.proposed,
});

export default async function ProblemPage(props: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  const id = routeId((await props.params).id);
  const saved = (await props.searchParams).saved;
  const p = await load(getProblem(actor, id));
  const today = todayInChina();
  const canResolve = p.status === "OPEN" && can(actor, "resolve:problem");
  const [departments, cap] = canResolve ? await Promise.all([listDepartments(), emergencyCapToday(p.regionCode)]) : [[], null];
  const flash = saved ? FLASH()[saved] : undefined;

  return (
    <div className="mx-auto max-w-4xl space-y-5">
      <Flash message={flash} />
      <PersonalDataNotice actor={actor} householdId={p.household.id} masked={p.masked} revealedUntil={p.revealedUntil} returnTo={`/problems/${p.id}`} />
      <section className="card space-y-2 p-4">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-xl font-bold">{format(t.problems.detailTitle, { id: p.id })}</h1>
          {p.isOverdue ? <Tag tone="red">{t.problems.overdue}</Tag> : null}
          <Tag tone={p.urgency === "HIGH" ? "red" : p.urgency === "MEDIUM" ? "amber" : "stone"}>{t.enums.urgency[p.urgency]}</Tag>
          <Tag>{t.enums.problemCategory[p.category]}</Tag>
          <Tag tone={p.status === "RESOLVED" ? "green" : "sky"}>
            <span data-testid="problem-status">{t.enums.problemStatus[p.status]}</span>
          </Tag>
        </div>
        <p className="whitespace-pre-wrap">{p.description}</p>
        <p className="text-sm text-stone-600">
          {t.problems.household}：
          <Link className="btn-link" href={`/households/${p.household.id}`}>{p.household.headName}</Link> · {p.villageFullName}{p.household.address ? ` · ${p.household.address}` : ""}
        </p>
        <p className="text-xs text-stone-500">
          {t.enums.problemSource[p.source]}{p.reporter ? `（${p.reporter}）` : ""} · {format(t.problems.foundOn, { date: formatDate(p.foundOn) })} ·{" "}
          {format(t.problems.dueOn, { date: formatDate(p.dueOn) })} · {p.createdByName}
        </p>
        {p.status === "RESOLVED" && p.tier ? (
          <div className="rounded-md bg-green-50 p-3 text-sm" data-testid="resolution">
            <div className="font-medium text-green-900">{t.problems.tier}：{t.problems.tiers[p.tier]}</div>
            <div className="mt-1 whitespace-pre-wrap">{p.resolution}</div>
            <div className="mt-1 text-xs text-stone-600">
              {p.resolvedOn ? format(t.problems.resolvedOn, { date: formatDate(p.resolvedOn) }) : ""} · {p.resolvedByName}
            </div>
          </div>
        ) : null}
      </section>

      {p.transfers.length ? (
        <section>
          <h2 className="mb-2 text-lg font-semibold">{t.problems.tiers.TRANSFER}</h2>
          <ul className="card divide-y divide-stone-100">
            {p.transfers.map((tr) => (
              <li key={tr.id} className="px-4 py-3 text-sm">
                <Link href={`/transfers/${tr.id}`} className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{tr.department.name}</span>
                  <Tag tone={tr.status === "RESOLVED" ? "green" : tr.status === "RETURNED" ? "amber" : "sky"}>{t.transfers.status[tr.status]}</Tag>
                  <span className="text-stone-600">{tr.request}</span>
                </Link>
                {tr.answer ? <p className="mt-1 text-stone-700">{tr.answer}</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {p.aidCase ? (
        <section className="card space-y-1 p-4 text-sm" data-testid="aid-case">
          <h2 className="text-lg font-semibold">{format(t.aid.case, { id: p.aidCase.id })}</h2>
          <p>
            <Tag tone={p.aidCase.status === "PAID" ? "green" : p.aidCase.status === "REJECTED" ? "red" : "amber"}>{t.aid.statuses[p.aidCase.status]}</Tag>{" "}
            {t.aid.kinds[p.aidCase.kind]} · ¥{p.aidCase.amount.toFixed(2)}
          </p>
          <p className="text-stone-700">{p.aidCase.reason}</p>
          {p.aidCase.conferenceOn ? (
            <p className="text-stone-600">{t.aid.conference}：{formatDate(p.aidCase.conferenceOn)} · {p.aidCase.participants} · {p.aidCase.minutes}</p>
          ) : null}
          {p.aidCase.paperworkDueOn ? (
            <p className="text-stone-600">
              {p.aidCase.paperworkDoneOn ? t.aid.paperworkDone : format(t.aid.paperworkDue, { date: formatDate(p.aidCase.paperworkDueOn) })}
            </p>
          ) : null}
          {p.aidCase.signOffNote ? <p className="text-stone-600">{t.aid.note}：{p.aidCase.signOffNote}</p> : null}
        </section>
      ) : null}

      {canResolve ? (
        <section className="space-y-2" aria-labelledby="choose-tier">
          <h2 id="choose-tier" className="text-lg font-semibold">{t.problems.chooseTier}</h2>
          {(["IMMEDIATE", "TRANSFER", "TEMP_AID"] as const).map((tier) => (
            <details key={tier} className="card group" data-testid={`tier-${tier}`}>
              <summary className="flex cursor-pointer list-none flex-col px-4 py-3">
                <span className="font-medium">{t.problems.tiers[tier]}</span>
                <span className="text-xs text-stone-500">{t.problems.tierHints[tier]}</span>
              </summary>
              <div className="border-t border-stone-100 p-4">
                {tier === "IMMEDIATE" ? <ResolveImmediatelyForm problemId={p.id} version={p.version} /> : null}
                {tier === "TRANSFER" ? <TransferForm problemId={p.id} departments={departments} defaultDueOn={addDays(today, 15)} /> : null}
                {tier === "TEMP_AID" ? <GrantAidForm problemId={p.id} version={p.version} cap={cap} paperworkDays={PAPERWORK_DAYS} today={today} /> : null}
              </div>
            </details>
          ))}
        </section>
      ) : null}

      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{t.problems.support}</h2>
        {p.supportActions.length === 0 ? (
          <p className="text-sm text-stone-600">{t.problems.noSupport}</p>
        ) : (
          <ul className="card divide-y divide-stone-100" data-testid="support-actions">
            {p.supportActions.map((a) => (
              <li key={a.id} className="px-4 py-3 text-sm">
                <span className="font-medium">{t.problems.supportKinds[a.kind]}</span>
                {a.memberId ? ` · ${p.household.members.find((m) => m.id === a.memberId)?.name ?? ""}` : ""}
                {a.labourCapacity ? ` · ${t.enums.labourCapacity[a.labourCapacity]}` : ""}
                <span className="block text-stone-600">{a.detail}</span>
                <span className="block text-xs text-stone-500">{formatDate(a.createdAt)} · {a.createdByName}</span>
              </li>
            ))}
          </ul>
        )}
        {can(actor, "resolve:problem") ? (
          <details className="card">
            <summary className="cursor-pointer px-4 py-3 font-medium">{t.problems.addSupport}<span className="block text-xs font-normal text-stone-500">{t.problems.supportHint}</span></summary>
            <div className="border-t border-stone-100 p-4">
              <SupportActionForm problemId={p.id} members={p.household.members.map((m) => ({ id: m.id, name: m.name }))} />
            </div>
          </details>
        ) : null}
      </section>
    </div>
  );
}
