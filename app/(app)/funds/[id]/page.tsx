import { randomUUID } from "node:crypto";
import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { load, routeId } from "@/lib/page";
import { getFund } from "@/lib/funds/queries";
import { ledgerPageSchema } from "@/lib/funds/schema";
import { reverseFundEntryAction, topUpFundAction } from "@/lib/funds/actions";
import { formatYuan } from "@/lib/funds/money";
import { format, t } from "@/lib/i18n";
import { Pagination } from "@/components/ui/pagination";
import { FundKindTag } from "@/components/funds/fund-badges";
import { FundLedger } from "@/components/funds/fund-ledger";
import { TopUpForm } from "@/components/funds/top-up-form";

export const generateMetadata = () => ({ title: t.funds.listTitle });

export default async function FundPage(props: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  const id = routeId((await props.params).id);
  const sp = await props.searchParams;
  const { page } = ledgerPageSchema.parse(sp);
  const fund = await load(getFund(actor, id, page));
  const f = t.funds;
  const reversed = /^\d{1,9}$/.test(sp.reversed ?? "") ? sp.reversed : null;

  return (
    <div className="space-y-5">
      <Link href="/funds" className="btn-link text-sm">‹ {f.listTitle}</Link>
      {reversed ? (
        <p className="rounded-md bg-green-50 px-4 py-3 text-sm text-green-800" role="status" data-testid="flash">
          {format(f.reversed, { id: reversed, balance: formatYuan(fund.balance) })}
        </p>
      ) : null}

      <div className={`grid items-start gap-4 ${fund.canManage ? "md:grid-cols-[1fr_22rem]" : ""}`}>
        <section className="card p-4">
          <h1 className="flex flex-wrap items-center gap-2 text-xl font-bold">
            {fund.name} <FundKindTag kind={fund.kind} />
          </h1>
          <p className="mt-1 text-sm text-stone-600">{fund.regionFullName}</p>
          <div className="mt-4">
            <div className="text-sm text-stone-600">{f.currentBalance}</div>
            <div className="text-4xl font-bold tabular-nums text-brand-700" data-testid="fund-balance">{formatYuan(fund.balance)}</div>
          </div>
          {fund.fromAbove ? <p className="mt-4 rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900">{f.ancestorNote}</p> : null}
        </section>

        {fund.canManage ? (
          <section className="card p-4" aria-labelledby="top-up-title">
            <h2 id="top-up-title" className="mb-3 text-lg font-semibold">{f.topUpTitle}</h2>
            <TopUpForm fundId={fund.id} action={topUpFundAction} idempotencyKey={randomUUID()} />
          </section>
        ) : null}
      </div>

      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{f.ledger}（{fund.ledger.total}）</h2>
        <FundLedger
          entries={fund.ledger.entries}
          reverse={fund.canManage ? reverseFundEntryAction : undefined}
          linkProblems={can(actor, "read:problem")}
        />
        <Pagination page={fund.ledger.page} pages={fund.ledger.pages} total={fund.ledger.total} path={`/funds/${fund.id}`} params={{}} />
      </section>
    </div>
  );
}
