import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { load } from "@/lib/page";
import { aidQueue } from "@/lib/aid/queries";
import { format, formatDate, t } from "@/lib/i18n";
import { Tag } from "@/components/ui/badges";
import { PaperworkButton, SignOffForm } from "@/components/aid/aid-forms";
import { Flash } from "@/components/ui/flash";

export const generateMetadata = () => ({ title: t.aid.title });

const FLASH = (): Record<string, string> => ({ approved: t.aid.approved, rejected: t.aid.rejected });

export default async function AidPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  const saved = (await searchParams).saved;
  const { pending, paperwork } = await load(aidQueue(actor));
  const canSignOff = can(actor, "signoff:aid");
  const flash = saved ? FLASH()[saved] : undefined;
  return (
    <div className="space-y-5">
      <Flash message={flash} />
      <h1 className="text-xl font-bold">{canSignOff ? t.aid.queueTitle : t.aid.caseworkerTitle}</h1>
      {pending.length === 0 ? (
        <p className="card p-6 text-center text-stone-600">{t.aid.pendingEmpty}</p>
      ) : (
        <ul className="space-y-3" data-testid="aid-pending">
          {pending.map((c) => (
            <li key={c.id} className="card space-y-2 p-4">
              <div className="flex flex-wrap items-center gap-2">
                <Link href={`/problems/${c.problemId}`} className="font-medium btn-link">{format(t.aid.case, { id: c.id })}</Link>
                <Tag tone="amber">{t.aid.statuses[c.status]}</Tag>
                <span className="text-sm">{t.aid.kinds[c.kind]} · <strong>¥{c.amount.toFixed(2)}</strong></span>
              </div>
              <p className="text-sm"><span className="font-medium">{c.household.headName}</span>{c.household.address ? ` · ${c.household.address}` : ""}</p>
              <p className="text-sm text-stone-700">{c.reason}</p>
              {c.conferenceOn ? (
                <p className="text-xs text-stone-600">{t.aid.conference}：{formatDate(c.conferenceOn)} · {c.participants} · {c.minutes}</p>
              ) : null}
              {canSignOff ? <SignOffForm aidCaseId={c.id} version={c.version} amount={c.amount.toFixed(2)} /> : null}
            </li>
          ))}
        </ul>
      )}
      {can(actor, "grant:aid") ? (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">{t.aid.paperworkTitle}</h2>
          {paperwork.length === 0 ? (
            <p className="card p-4 text-sm text-stone-600">{t.aid.paperworkEmpty}</p>
          ) : (
            <ul className="card divide-y divide-stone-100">
              {paperwork.map((c) => (
                <li key={c.id} className="flex flex-col gap-2 px-4 py-3 text-sm sm:flex-row sm:items-center">
                  <span className="flex-1">
                    <Link href={`/problems/${c.problemId}`} className="btn-link">{format(t.aid.case, { id: c.id })}</Link> · {c.household.headName} · ¥{c.amount.toFixed(2)}
                    <span className="block text-xs text-stone-500">{format(t.aid.paperworkDue, { date: formatDate(c.paperworkDueOn!) })}</span>
                  </span>
                  <PaperworkButton aidCaseId={c.id} version={c.version} />
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </div>
  );
}
