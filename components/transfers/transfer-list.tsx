/**
 * Transfers as a list: on a phone each one is a card of its own; from `sm` up they join into one
 * card with dividers. Overdue ones carry a red edge and a red tag with the days past due.
 */
import Link from "next/link";
import { format, formatDate, t } from "@/lib/i18n";
import type { TransferListRow } from "@/lib/transfers/queries";
import { Tag } from "@/components/ui/badges";
import { OverdueTag, TransferStatusBadge } from "./transfer-badges";

const URGENCY_TONE = { HIGH: "red", MEDIUM: "amber", LOW: "stone" } as const;

/** `showDepartment`: false for a department user, whose list holds their own department only. */
export function TransferList({ rows, showDepartment = true }: { rows: TransferListRow[]; showDepartment?: boolean }) {
  return (
    <ul className="space-y-2 sm:card sm:space-y-0 sm:divide-y sm:divide-stone-100" data-testid="transfer-list">
      {rows.map((r) => (
        <li
          key={r.id}
          data-testid="transfer-row"
          data-status={r.status}
          data-overdue={r.overdue ? "true" : undefined}
          className={`card overflow-hidden sm:rounded-none sm:border-0 sm:border-l-4 sm:shadow-none ${r.overdue ? "border-l-4 border-l-red-500 bg-red-50/40" : "sm:border-l-transparent"}`}
        >
          <Link href={`/transfers/${r.id}`} className="flex flex-col gap-2 px-4 py-3 hover:bg-stone-50 sm:flex-row sm:items-start sm:gap-4">
            <span className={`flex flex-wrap items-center gap-1.5 sm:flex-col sm:items-start ${showDepartment ? "sm:w-44" : "sm:w-32"}`}>
              {showDepartment ? <span className="font-medium" data-testid="department">{r.department.name}</span> : null}
              <span className="flex flex-wrap gap-1">
                <TransferStatusBadge status={r.status} />
                {r.overdue ? <OverdueTag days={r.daysOverdue} /> : null}
              </span>
            </span>
            <span className="min-w-0 flex-1 space-y-1">
              <span className="flex flex-wrap items-center gap-1.5">
                <Tag tone={URGENCY_TONE[r.problem.urgency]}>{t.enums.urgency[r.problem.urgency]}</Tag>
                <Tag>{t.enums.problemCategory[r.problem.category]}</Tag>
                <span className="font-medium" data-testid="head-name">{r.household.headName}</span>
              </span>
              <span className="line-clamp-2 block text-sm text-stone-800">{r.problem.description}</span>
              <span className="block text-xs text-stone-500">{r.villageName}</span>
            </span>
            <span className="flex flex-wrap gap-x-3 text-xs sm:w-36 sm:flex-col sm:items-end sm:text-right">
              <span className={r.overdue ? "font-medium text-red-700" : "text-stone-600"}>
                {format(t.transfers.dueOn, { date: formatDate(r.dueOn) })}
              </span>
              <span className="text-stone-500">{format(t.transfers.sentOn, { date: formatDate(r.createdAt) })}</span>
              {r.answeredAt ? (
                <span className="text-stone-500">{format(t.transfers.answeredOn, { date: formatDate(r.answeredAt) })}</span>
              ) : null}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
