import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { load, routeId } from "@/lib/page";
import { getApplication } from "@/lib/applications/queries";
import { todayInChina } from "@/lib/dates";
import { format, formatDate, t } from "@/lib/i18n";
import { Tag } from "@/components/ui/badges";
import { ClockBadge } from "@/components/applications/clock";
import { Flash } from "@/components/ui/flash";
import { PersonalDataNotice } from "@/components/households/personal-data-notice";
import { AdvanceSection } from "@/components/applications/advance-section";
import { applicationAdvanceStatus } from "@/lib/aid/queries";
import {
  ConfirmationForm, DocumentButtons, EconomicCheckForm, ExtendButton, ObjectionForm, ProposalForm, StartCountyPublicityButton, StartPublicityButton,
} from "@/components/applications/forms";

const m = t.applications;
export const generateMetadata = () => ({ title: m.listTitle });

const FLASH = (): Record<string, string> => ({
  opened: m.opened, checked: m.checkSaved, proposed: m.proposed, publicity: m.publicityStarted, objection: m.objectionRecorded,
  approved: m.approved, refused: m.refusedDone, countyPublicity: m.countyPublicityStarted, advance: m.advancePaid, extended: m.extended, received: m.documentReceived, waived: m.documentWaived,
});

function Step({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  return (
    <section className="card space-y-3 p-4" data-testid={testId}>
      <h2 className="text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

export default async function ApplicationPage(props: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  const id = routeId((await props.params).id);
  const saved = (await props.searchParams).saved;
  const a = await load(getApplication(actor, id));
  const today = todayInChina();
  const open = a.stage === "ACCEPTED" || a.stage === "PROPOSED" || a.stage === "IN_PUBLICITY";
  const latestCheck = a.checks[0];
  const running = a.publicity.find((p) => p.outcome === "RUNNING");
  const canConfirm = can(actor, "confirm:application") && (a.delegated ? actor.role === "CASEWORKER" : actor.role === "SUPERVISOR");
  const flash = saved ? FLASH()[saved] : undefined;

  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <Flash message={flash} />
      <PersonalDataNotice actor={actor} householdId={a.household.id} masked={a.masked} revealedUntil={a.revealedUntil} returnTo={`/applications/${a.id}`} />
      <section className="card space-y-2 p-4">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-xl font-bold">{format(m.detailTitle, { id: a.id })}</h1>
          <Tag>{m.types[a.type]}</Tag>
          <Tag tone={a.stage === "APPROVED" ? "green" : a.stage === "REFUSED" ? "red" : "sky"}>
            <span data-testid="stage">{m.stages[a.stage]}</span>
          </Tag>
        </div>
        <p className="text-sm">
          {m.household}：<Link className="btn-link" href={`/households/${a.household.id}`}>{a.household.headName}</Link> · {a.villageFullName}{a.household.address ? ` · ${a.household.address}` : ""}
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <ClockBadge clock={a.clock} decided={!open} />
          {open && !a.extended && can(actor, "waive:document") ? <ExtendButton applicationId={a.id} version={a.version} /> : null}
        </div>
        {a.stage === "APPROVED" ? (
          <p className="rounded-md bg-green-50 p-3 text-sm">
            {m.approved} ¥{a.decidedAmount?.toFixed(2)} · {a.startMonth ? formatDate(a.startMonth).slice(0, 7) : ""}
            {a.confirmedByTownship ? ` · ${m.delegatedRecord}` : ""}
          </p>
        ) : null}
        {a.stage === "REFUSED" ? (
          <p className="rounded-md bg-red-50 p-3 text-sm">
            {m.refuse}：{a.decisionReason}{" "}
            <Link className="btn-link" href={`/print/applications/${a.id}/letter`} target="_blank">{m.printLetter}</Link>
          </p>
        ) : null}
      </section>

      <Step title={m.documentsTitle} testId="documents">
        <ul className="divide-y divide-stone-100 text-sm">
          {a.documents.map((d) => {
            const outstanding = d.missing && !d.receivedOn && !d.waivedReason;
            return (
              <li key={d.id} className="flex flex-col gap-2 py-2 sm:flex-row sm:items-center sm:justify-between">
                <span className="min-w-0 break-words">
                  {m.documents[d.kind as keyof typeof m.documents] ?? d.kind}{" · "}
                  {d.waivedReason ? (
                    // The reason is free text of any length: beside the tag, where it can wrap (a 412 px phone).
                    <><Tag tone="amber">{m.waivedShort}</Tag> <span className="text-stone-600">{format(m.waivedReason, { reason: d.waivedReason })}</span></>
                  )
                    : !d.missing ? <Tag tone="green">{m.submitted}</Tag>
                    : d.receivedOn ? <Tag tone="green">{format(m.received, { date: formatDate(d.receivedOn) })}</Tag>
                    : <Tag tone={d.dueOn && d.dueOn.toISOString().slice(0, 10) < today ? "red" : "amber"}>{format(m.missing, { date: d.dueOn ? formatDate(d.dueOn) : "" })}</Tag>}
                </span>
                {outstanding && open ? (
                  <DocumentButtons applicationId={a.id} documentId={d.id} canReceive={can(actor, "open:application")} canWaive={can(actor, "waive:document")} />
                ) : null}
              </li>
            );
          })}
        </ul>
      </Step>

      <AdvanceSection applicationId={a.id} status={await load(applicationAdvanceStatus(actor, a.id))} open={open} canGrant={can(actor, "grant:aid")} />

      <Step title={m.check} testId="check">
        {latestCheck ? (
          <div className="rounded-md bg-stone-50 p-3 text-sm" data-testid="check-result">
            <div className="font-medium">
              {m.checkResult}：<Tag tone={latestCheck.eligible ? "green" : "red"}>{latestCheck.eligible ? m.eligible : m.notEligible}</Tag>
            </div>
            <div>{format(m.incomeTotal, { amount: latestCheck.monthlyIncome.toFixed(2) })} · {format(m.incomePerHead, { amount: latestCheck.incomePerHead.toFixed(2), size: latestCheck.householdSize })}</div>
            {latestCheck.standardAmount ? <div>{format(m.standard, { amount: latestCheck.standardAmount.toFixed(2) })}</div> : null}
            {latestCheck.tekunConditions ? (
              <div className="flex flex-wrap gap-1">
                {Object.entries(latestCheck.tekunConditions as Record<string, boolean>).map(([k, ok]) => (
                  <Tag key={k} tone={ok ? "green" : "red"}>{m.tekun[k as keyof typeof m.tekun]}</Tag>
                ))}
              </div>
            ) : null}
          </div>
        ) : null}
        {a.stage === "ACCEPTED" && can(actor, "open:application") ? (
          <EconomicCheckForm applicationId={a.id} version={a.version} members={a.household.members.map((mb) => ({ id: mb.id, name: mb.name }))} tekun={a.type === "TEKUN"} />
        ) : null}
      </Step>

      <Step title={m.review} testId="review">
        {a.proposal ? (
          <p className="text-sm">{m.proposal[a.proposal]}{a.proposedAmount ? ` · ¥${a.proposedAmount.toFixed(2)}/月` : ""} · {a.proposalReason}</p>
        ) : null}
        {a.stage === "ACCEPTED" && latestCheck && can(actor, "review:application") ? <ProposalForm applicationId={a.id} version={a.version} /> : null}
        {!a.proposal && !(a.stage === "ACCEPTED" && latestCheck) ? <p className="text-sm text-stone-500">{m.notYet}</p> : null}
      </Step>

      <Step title={m.publicity} testId="publicity">
        <p className="text-xs text-stone-500">{a.twoLevel ? m.twoLevelNote : m.publicityHint}</p>
        {a.publicity.map((p) => (
          <div key={p.id} className="rounded-md border border-stone-200 p-3 text-sm">
            <div className="flex flex-wrap items-center gap-2">
              {a.twoLevel ? <Tag>{m.levels[p.level as 1 | 2]}</Tag> : null}
              {format(m.publicityPeriod, { from: formatDate(p.startsOn), to: formatDate(p.endsOn) })}
              <Tag tone={p.outcome === "OBJECTED" ? "red" : p.outcome === "PASSED" ? "green" : "sky"}>{m.publicityOutcome[p.outcome]}</Tag>
              <Link className="btn-link" href={`/print/applications/${a.id}/notice`} target="_blank">{m.printNotice}</Link>
            </div>
            {p.objections.map((o) => (
              <p key={o.id} className="mt-1 text-stone-700">{formatDate(o.receivedOn)} · {o.raisedBy ?? ""} · {o.content}</p>
            ))}
          </div>
        ))}
        {a.publicity.length === 0 && a.stage !== "PROPOSED" ? <p className="text-sm text-stone-500">{m.notYet}</p> : null}
        {a.stage === "PROPOSED" && can(actor, "review:application") ? <StartPublicityButton applicationId={a.id} version={a.version} /> : null}
        {running && can(actor, "review:application") ? (
          <details className="rounded-md border border-stone-200">
            <summary className="cursor-pointer px-3 py-2 text-sm font-medium">{m.objection}</summary>
            <div className="border-t border-stone-100 p-3"><ObjectionForm applicationId={a.id} version={a.version} today={today} /></div>
          </details>
        ) : null}
      </Step>

      <Step title={m.confirmation} testId="confirmation">
        {a.delegated ? <p className="text-xs text-stone-500">{m.delegatedToTownship}</p> : null}
        {a.stage !== "IN_PUBLICITY" && a.stage !== "APPROVED" && a.stage !== "REFUSED" ? <p className="text-sm text-stone-500">{m.notYet}</p> : null}
        {a.stage === "IN_PUBLICITY" && !a.publicityEnded && running ? (
          <p className="text-sm text-stone-600">{format(m.publicityRunning, { date: formatDate(running.endsOn) })}</p>
        ) : null}
        {a.stage === "IN_PUBLICITY" && a.publicityEnded && canConfirm && a.twoLevel && running?.level === 1 ? (
          <StartCountyPublicityButton applicationId={a.id} version={a.version} />
        ) : null}
        {a.stage === "IN_PUBLICITY" && a.outstandingDocuments.length ? (
          <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900" data-testid="confirm-waits">
            {format(m.documentsOutstanding, { documents: a.outstandingDocuments.map((k) => m.documents[k as keyof typeof m.documents] ?? k).join("、") })}
            {canConfirm ? ` ${m.confirmWaits}` : ""}
          </p>
        ) : null}
        {a.stage === "IN_PUBLICITY" && a.publicityEnded && canConfirm && !(a.twoLevel && running?.level === 1) && a.outstandingDocuments.length === 0 ? (
          // Keyed by the version: a refused attempt's message does not outlive the state it was about.
          <ConfirmationForm key={a.version} applicationId={a.id} version={a.version} proposedAmount={a.proposedAmount?.toFixed(2) ?? ""} defaultMonth={today.slice(0, 7)} />
        ) : null}
        {(a.stage === "APPROVED" || a.stage === "REFUSED") && a.decidedOn ? (
          <p className="text-sm" data-testid="decided-by">
            {format(m.decidedBy, { decision: m.decisions[a.stage], name: a.decidedByName ?? "", date: formatDate(a.decidedOn) })}
            {a.confirmedByTownship ? ` · ${m.delegatedRecord}` : ""}
          </p>
        ) : null}
      </Step>
    </div>
  );
}
