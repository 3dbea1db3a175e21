/**
 * 先行救助 on an application's page: the temporary aid already paid for the household around
 * this application (also from a problem's page), and the form to pay an advance only while the
 * family's emergency has not been met by one (decision 026; the command refuses it too).
 */
import Link from "next/link";
import { format, formatDate, t } from "@/lib/i18n";
import { Tag } from "@/components/ui/badges";
import { AdvanceForm } from "@/components/applications/forms";
import type { AdvanceStatus } from "@/lib/aid/advances";

const a = t.advances;

export function AdvanceSection({ applicationId, status, open, canGrant }: { applicationId: number; status: AdvanceStatus; open: boolean; canGrant: boolean }) {
  const offer = open && canGrant && !status.covering;
  if (status.paid.length === 0 && !(open && canGrant)) return null;
  return (
    <section className="card space-y-3 p-4" data-testid="advance">
      <h2 className="text-lg font-semibold">{t.applications.advance}</h2>
      <div className="space-y-1" data-testid="aid-paid">
        <h3 className="text-sm font-medium">{a.paidTitle}</h3>
        {status.paid.length === 0 ? (
          <p className="text-sm text-stone-500">{format(a.none, { days: status.episodeDays })}</p>
        ) : (
          <>
            <p className="text-xs text-stone-500">{format(a.paidHint, { days: status.episodeDays })}</p>
            <ul className="divide-y divide-stone-100 text-sm">
              {status.paid.map((p) => (
                <li key={p.aidCaseId}>
                  <Link href={`/problems/${p.problemId}`} className="flex min-h-11 flex-wrap items-center gap-2 py-2 btn-link">
                    {format(a.item, {
                      amount: Number(p.amount).toFixed(2), date: formatDate(p.paidAt), category: t.enums.problemCategory[p.problemCategory], kind: t.aid.kinds[p.kind],
                    })}
                    <Tag tone="sky">{p.advance ? a.advance : a.conference}</Tag>
                    {p.applicationId === applicationId ? <Tag tone="green">{a.linked}</Tag> : null}
                    {p.reversed ? <Tag tone="red">{a.reversed}</Tag> : null}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      {open && canGrant && status.covering ? (
        <p className="rounded-md bg-amber-50 p-3 text-sm" data-testid="advance-covered">
          {format(a.covered, { date: formatDate(status.covering.paidAt), amount: Number(status.covering.amount).toFixed(2), id: status.covering.aidCaseId })}
        </p>
      ) : null}
      {offer ? (
        <details className="rounded-md border border-stone-200">
          <summary className="flex min-h-11 cursor-pointer items-center px-3 py-2 text-sm font-medium">{t.applications.payAdvance}</summary>
          <div className="border-t border-stone-100 p-3"><AdvanceForm applicationId={applicationId} /></div>
        </details>
      ) : null}
    </section>
  );
}
