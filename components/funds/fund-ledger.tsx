/**
 * A fund's ledger, newest first. One markup for both screens: a table on a laptop; on a phone
 * each row becomes a card (kind and amount on top, then time and balance, household, note).
 */
import Link from "next/link";
import type { ActionState } from "@/lib/action";
import type { LedgerEntry } from "@/lib/funds/queries";
import { formatYuan } from "@/lib/funds/money";
import { format, formatDateTime, t } from "@/lib/i18n";
import { Tag } from "@/components/ui/badges";
import { EntryKindTag } from "./fund-badges";
import { ReverseEntry } from "./reverse-entry";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

const AMOUNT_TONE = { TOP_UP: "text-green-700", PAYMENT: "text-red-700", REVERSAL: "text-stone-700" } as const;

/**
 * A cell: a table cell on md+; below, a place in the card's two-column grid (`phone`: order and
 * span), so a card reads kind and amount first, then time and balance, then who and why.
 */
function Cell({ phone, className = "", children }: { phone: string; className?: string; children: React.ReactNode }) {
  return <td className={`block ${phone} md:table-cell md:px-3 md:py-2 md:align-top ${className}`}>{children}</td>;
}

export function FundLedger({ entries, reverse, linkProblems = false }: { entries: LedgerEntry[]; reverse?: Action; linkProblems?: boolean }) {
  const f = t.funds;
  if (entries.length === 0) return <p className="card p-6 text-center text-sm text-stone-600">{f.noEntries}</p>;
  const showActions = !!reverse && entries.some((e) => e.reversible);
  return (
    <table className="block w-full text-sm md:card md:table" data-testid="ledger">
      <thead className="hidden md:table-header-group">
        <tr className="border-b border-stone-200 bg-stone-50 text-left text-xs text-stone-600">
          <th scope="col" className="px-3 py-2 font-medium">{f.at}</th>
          <th scope="col" className="px-3 py-2 font-medium">{f.entryKind}</th>
          <th scope="col" className="px-3 py-2 text-right font-medium">{f.amount}</th>
          <th scope="col" className="px-3 py-2 text-right font-medium">{f.balanceAfter}</th>
          <th scope="col" className="px-3 py-2 font-medium">{f.subject}</th>
          <th scope="col" className="px-3 py-2 font-medium">{f.note}</th>
          {showActions ? <th scope="col" className="px-3 py-2 font-medium"><span className="sr-only">{t.common.actions}</span></th> : null}
        </tr>
      </thead>
      <tbody className="block space-y-2 md:table-row-group md:space-y-0 md:divide-y md:divide-stone-100">
        {entries.map((e) => (
          <tr
            key={e.id}
            className="card grid grid-cols-[1fr_auto] items-start gap-x-3 gap-y-1 px-4 py-3 md:table-row md:rounded-none md:border-0 md:shadow-none"
            data-testid="ledger-entry"
            data-kind={e.kind}
          >
            <Cell phone="order-3 text-xs text-stone-500 md:text-sm md:text-stone-900">
              <span className="tabular-nums whitespace-nowrap md:block">{formatDateTime(e.createdAt)}</span>
              <span className="md:block md:text-xs md:text-stone-500"><span className="md:hidden"> · </span>{format(f.entryNo, { id: e.id })} · {e.recordedBy}</span>
            </Cell>
            <Cell phone="order-1">
              <span className="flex flex-wrap gap-1">
                <EntryKindTag kind={e.kind} />
                {e.reversedById ? <Tag tone="amber">{format(f.reversedBy, { id: e.reversedById })}</Tag> : null}
              </span>
            </Cell>
            <Cell phone="order-2 text-right">
              <span className={`text-base font-semibold tabular-nums whitespace-nowrap md:text-sm ${AMOUNT_TONE[e.kind]}`} data-testid="entry-amount">
                {formatYuan(e.amount, { signed: true })}
              </span>
            </Cell>
            <Cell phone="order-4 text-right text-xs text-stone-500 md:text-sm md:text-stone-900">
              <span className="tabular-nums whitespace-nowrap"><span className="md:hidden">{f.balanceAfter} </span><span data-testid="entry-balance">{formatYuan(e.balanceAfter)}</span></span>
            </Cell>
            <Cell phone="order-5 col-span-2 pt-1">
              {e.household ? (
                <>
                  <Link href={`/households/${e.household.id}`} className="btn-link font-medium">{e.household.headName}</Link>
                  {e.problemId ? (
                    linkProblems ? (
                      <Link href={`/problems/${e.problemId}`} className="btn-link ml-1 text-xs">{format(f.problemRef, { id: e.problemId })}</Link>
                    ) : (
                      <span className="ml-1 text-xs text-stone-500">{format(f.problemRef, { id: e.problemId })}</span>
                    )
                  ) : null}
                  <span className="block text-xs text-stone-500">{e.household.regionFullName}</span>
                </>
              ) : (
                <span className="hidden text-stone-400 md:inline">—</span>
              )}
            </Cell>
            <Cell phone="order-6 col-span-2 break-words">
              {e.note}
              {e.reversesEntryId ? <span className="ml-1 text-xs text-stone-500 md:ml-0 md:block">{format(f.reversesRef, { id: e.reversesEntryId })}</span> : null}
            </Cell>
            {showActions ? (
              <Cell phone="order-7 col-span-2 pt-1 max-md:empty:hidden" className="md:text-right">
                {e.reversible && reverse ? <ReverseEntry entryId={e.id} amount={formatYuan(e.amount, { signed: true })} action={reverse} /> : null}
              </Cell>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
