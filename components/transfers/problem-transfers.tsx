/**
 * The transfers of one problem, newest first, for the problem's page: which department, status,
 * due date (red when overdue) and the answer, each linking to the transfer.
 * Feed it `transfersOfProblem(actor, problemId)`.
 */
import Link from "next/link";
import { format, formatDate, t } from "@/lib/i18n";
import type { TransferStatus } from "@/lib/generated/prisma/enums";
import { OverdueTag, TransferStatusBadge } from "./transfer-badges";

type Row = {
  id: number;
  status: TransferStatus;
  dueOn: Date;
  request: string;
  answer: string | null;
  createdAt: Date;
  overdue: boolean;
  daysOverdue: number;
  department: { name: string };
};

export function ProblemTransfers({ transfers }: { transfers: Row[] }) {
  if (transfers.length === 0) return null;
  return (
    <ul className="card divide-y divide-stone-100" data-testid="problem-transfers">
      {transfers.map((tr) => (
        <li key={tr.id} className={tr.overdue ? "border-l-4 border-red-500" : undefined}>
          <Link href={`/transfers/${tr.id}`} className="block space-y-1 px-4 py-3 hover:bg-stone-50">
            <span className="flex flex-wrap items-center gap-2">
              <span className="font-medium">{tr.department.name}</span>
              <TransferStatusBadge status={tr.status} />
              {tr.overdue ? <OverdueTag days={tr.daysOverdue} /> : null}
              <span className={`text-xs ${tr.overdue ? "font-medium text-red-700" : "text-stone-500"}`}>
                {format(t.transfers.dueOn, { date: formatDate(tr.dueOn) })}
              </span>
            </span>
            <span className="block text-sm text-stone-700">{tr.request}</span>
            {tr.answer ? (
              <span className="block text-sm text-stone-600">
                {t.transfers.answer}：{tr.answer}
              </span>
            ) : null}
          </Link>
        </li>
      ))}
    </ul>
  );
}
