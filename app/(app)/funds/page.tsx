import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { load } from "@/lib/page";
import { listFunds } from "@/lib/funds/queries";
import { FUND_KINDS, fundSearchSchema } from "@/lib/funds/schema";
import { formatYuan } from "@/lib/funds/money";
import { t } from "@/lib/i18n";
import { Pagination } from "@/components/ui/pagination";
import { FundKindTag } from "@/components/funds/fund-badges";

export const generateMetadata = () => ({ title: t.funds.listTitle });

export default async function FundsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  const search = fundSearchSchema.parse(await searchParams);
  const result = await load(listFunds(actor, search));
  const f = t.funds;

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-bold">{f.listTitle}</h1>
        <p className="text-sm text-stone-600">{f.listSubtitle}</p>
      </div>

      <form className="card flex flex-col gap-3 p-3 sm:flex-row sm:items-end" action="/funds">
        <div className="sm:w-56">
          <label htmlFor="kind" className="mb-1 block text-sm font-medium">{f.kindFilter}</label>
          <select id="kind" name="kind" defaultValue={search.kind ?? ""} className="input">
            <option value="">{t.common.all}</option>
            {FUND_KINDS.map((k) => <option key={k} value={k}>{f.kinds[k]}</option>)}
          </select>
        </div>
        {result.cities.length ? (
          <div className="sm:w-56">
            <label htmlFor="city" className="mb-1 block text-sm font-medium">{f.cityFilter}</label>
            <select id="city" name="city" defaultValue={search.city ?? ""} className="input">
              <option value="">{f.allCities}</option>
              {result.cities.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
            </select>
          </div>
        ) : null}
        <div className="flex gap-2">
          <button type="submit" className="btn-primary">{t.common.search}</button>
          <Link href="/funds" className="btn-secondary">{t.common.reset}</Link>
        </div>
        <div className="text-sm text-stone-600 sm:ml-auto sm:text-right">
          <span className="block text-xs">{f.totalBalance}</span>
          <span className="text-lg font-semibold tabular-nums text-stone-900" data-testid="total-balance">{formatYuan(result.totalBalance)}</span>
        </div>
      </form>

      {result.rows.length === 0 ? (
        <p className="card p-6 text-center text-stone-600">{f.empty}</p>
      ) : (
        <ul className="card divide-y divide-stone-100" data-testid="fund-list">
          {result.rows.map((fund) => (
            <li key={fund.id}>
              <Link
                href={`/funds/${fund.id}`}
                className="flex items-center gap-3 px-4 py-3 hover:bg-stone-50"
                data-testid="fund-row"
              >
                <span className="min-w-0 flex-1">
                  <span className="flex flex-col items-start gap-1 sm:flex-row sm:items-center sm:gap-2">
                    <span className="font-medium">{fund.name}</span>
                    <FundKindTag kind={fund.kind} />
                  </span>
                  <span className="mt-0.5 block truncate text-sm text-stone-600">{fund.regionFullName}</span>
                </span>
                <span className="text-right">
                  <span className="block text-xs text-stone-500">{f.balance}</span>
                  <span className="font-semibold tabular-nums" data-testid="fund-balance">{formatYuan(fund.balance)}</span>
                </span>
                <span aria-hidden className="text-stone-400">›</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={result.page} pages={result.pages} total={result.total} path="/funds" params={{ kind: search.kind, city: search.city }} />
    </div>
  );
}
