import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { load, routeId } from "@/lib/page";
import { getTransfer, transfersOfProblem } from "@/lib/transfers/queries";
import { format, formatDate, formatDateTime, t } from "@/lib/i18n";
import { Tag } from "@/components/ui/badges";
import { AcceptForm } from "@/components/transfers/accept-form";
import { AnswerForm } from "@/components/transfers/answer-form";
import { OverdueTag, TransferStatusBadge } from "@/components/transfers/transfer-badges";
import { ProblemTransfers } from "@/components/transfers/problem-transfers";
import { TransferHistory } from "@/components/transfers/transfer-history";
import { PersonalDataNotice } from "@/components/households/personal-data-notice";

export const generateMetadata = () => ({ title: t.transfers.listTitle });

const URGENCY_TONE = { HIGH: "red", MEDIUM: "amber", LOW: "stone" } as const;
const SAVED = ["transferred", "accepted", "resolved", "returned"] as const;

export default async function TransferPage(props: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  const id = routeId((await props.params).id);
  const saved = (await props.searchParams).saved;
  const transfer = await load(getTransfer(actor, id));
  const others = (await transfersOfProblem(actor, transfer.problem.id)).filter((o) => o.id !== transfer.id);
  const open = transfer.status === "SENT" || transfer.status === "ACCEPTED";
  const mayAnswer = open && can(actor, "answer:transfer");
  const flash = SAVED.find((s) => s === saved);
  const { problem, household } = transfer;

  return (
    <div className="mx-auto max-w-4xl space-y-4">
      {flash ? (
        <p className="rounded-md bg-green-50 px-4 py-3 text-sm text-green-800" role="status" data-testid="flash">
          {t.transfers.saved[flash]}
        </p>
      ) : null}

      <section className={`card p-4 ${transfer.overdue ? "border-l-4 border-l-red-500" : ""}`}>
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-xl font-bold">{format(t.transfers.detailTitle, { id: transfer.id })}</h1>
          <span data-testid="transfer-status"><TransferStatusBadge status={transfer.status} /></span>
          {transfer.overdue ? <OverdueTag days={transfer.daysOverdue} /> : null}
        </div>
        <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-stone-500">{t.transfers.department}</dt>
            <dd className="font-medium" data-testid="department">{transfer.department.name}</dd>
          </div>
          <div>
            <dt className="text-stone-500">{t.transfers.dueOnLabel}</dt>
            <dd className={transfer.overdue ? "font-medium text-red-700" : undefined}>{formatDate(transfer.dueOn)}</dd>
          </div>
          <div>
            <dt className="text-stone-500">{t.transfers.sentBy}</dt>
            <dd>
              {transfer.sentBy ?? t.transfers.someone} · {formatDate(transfer.createdAt)}
            </dd>
          </div>
        </dl>
        <div className="mt-3">
          <h2 className="text-sm text-stone-500">{t.transfers.request}</h2>
          <p className="mt-1 whitespace-pre-wrap" data-testid="request">{transfer.request}</p>
        </div>
      </section>

      <section className="card p-4" aria-labelledby="problem-heading">
        <h2 id="problem-heading" className="mb-2 font-semibold">{t.transfers.problem}</h2>
        <div className="flex flex-wrap items-center gap-1.5">
          <Tag tone={URGENCY_TONE[problem.urgency]}>{t.enums.urgency[problem.urgency]}</Tag>
          <Tag>{t.enums.problemCategory[problem.category]}</Tag>
          <Tag tone={problem.status === "RESOLVED" ? "green" : "stone"}>{t.enums.problemStatus[problem.status]}</Tag>
          <span className="text-xs text-stone-500">
            {format(t.transfers.foundOn, { date: formatDate(problem.foundOn) })} · {t.enums.problemSource[problem.source]}
          </span>
        </div>
        <p className="mt-2 whitespace-pre-wrap">{problem.description}</p>
        {can(actor, "read:problem") ? (
          <Link href={`/problems/${problem.id}`} className="btn-link mt-1 inline-block text-sm">
            {format(t.problems.detailTitle, { id: problem.id })}
          </Link>
        ) : null}

        <h3 className="mt-4 text-sm text-stone-500">{t.transfers.household}</h3>
        <p className="font-medium" data-testid="household">{household.headName}</p>
        <p className="text-sm text-stone-600">{household.villageFullName}{household.address ? ` · ${household.address}` : ""}</p>
        {household.phone ? (
          <p className="text-sm text-stone-600">
            {t.transfers.phone}：{household.masked ? household.phone : <a className="btn-link" href={`tel:${household.phone}`}>{household.phone}</a>}
          </p>
        ) : null}
        <div className="mt-2">
          <PersonalDataNotice actor={actor} householdId={household.id} masked={household.masked} revealedUntil={household.revealedUntil} returnTo={`/transfers/${transfer.id}`} />
        </div>
        {can(actor, "read:household") ? (
          <Link href={`/households/${household.id}`} className="btn-link mt-1 inline-block text-sm">{t.transfers.openHousehold}</Link>
        ) : null}
      </section>

      <section className="card p-4" aria-labelledby="answer-heading">
        <h2 id="answer-heading" className="mb-2 font-semibold">{mayAnswer ? t.transfers.answerTitle : t.transfers.answer}</h2>
        {transfer.answer ? (
          <div data-testid="answer">
            <p className="whitespace-pre-wrap">{transfer.answer}</p>
            <p className="mt-1 text-xs text-stone-500">
              {format(t.transfers.answeredBy, { name: transfer.answeredBy ?? t.transfers.someone })}
              {transfer.answeredAt ? ` · ${formatDateTime(transfer.answeredAt)}` : ""}
            </p>
          </div>
        ) : mayAnswer ? (
          <div className="space-y-5">
            {transfer.status === "SENT" ? (
              <div className="rounded-md border border-stone-200 bg-stone-50 p-3">
                <AcceptForm transferId={transfer.id} version={transfer.version} />
              </div>
            ) : null}
            <AnswerForm transferId={transfer.id} version={transfer.version} onBehalf={actor.role !== "DEPARTMENT"} />
          </div>
        ) : (
          <p className="text-sm text-stone-600">{t.transfers.noAnswer}</p>
        )}
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading" className="mb-2 text-lg font-semibold">{t.transfers.history}</h2>
        <TransferHistory events={transfer.history} departmentName={transfer.department.name} />
      </section>

      {others.length > 0 ? (
        <section aria-labelledby="others-heading">
          <h2 id="others-heading" className="mb-2 text-lg font-semibold">{t.transfers.otherTransfers}</h2>
          <ProblemTransfers transfers={others} />
        </section>
      ) : null}
    </div>
  );
}
