import Link from "next/link";
import { headers } from "next/headers";
import { requireActor } from "@/lib/auth/session";
import { load } from "@/lib/page";
import { listApiTokens, tokenRegionChoices, type TokenRow } from "@/lib/api-tokens/queries";
import { DEFAULT_TOKEN_DAYS, TOKEN_STATUSES, latestExpiry, tokenSearchSchema, type TokenStatus } from "@/lib/api-tokens/schema";
import { issueApiTokenAction, revokeApiTokenAction } from "@/lib/api-tokens/actions";
import { addDays, todayInChina } from "@/lib/dates";
import { format, formatDateTime, t } from "@/lib/i18n";
import { Tag } from "@/components/ui/badges";
import { FilterTabs } from "@/components/ui/filter-tabs";
import { Flash } from "@/components/ui/flash";
import { Pagination } from "@/components/ui/pagination";
import { IssueTokenForm } from "./issue-form";
import { RevokeToken } from "./revoke-token";

export const generateMetadata = () => ({ title: t.api.title });

const a = t.api;
const PAGE = "/admin/api-tokens";
const STATUS_TONE: Record<TokenStatus, "green" | "stone" | "red"> = { ACTIVE: "green", EXPIRED: "stone", REVOKED: "red" };

function TokenItem({ token }: { token: TokenRow }) {
  return (
    <li className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-start" data-testid="api-token" data-status={token.status}>
      <div className="min-w-0 flex-1 space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-semibold">{token.name}</span>
          <Tag tone={STATUS_TONE[token.status]}>{a.statuses[token.status]}</Tag>
          <code className="rounded bg-stone-100 px-1.5 py-0.5 text-xs text-stone-700" title={a.tokenPrefix}>{token.prefix}…</code>
        </div>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
          <dt className="text-stone-500">{a.region}</dt>
          <dd className="min-w-0 truncate">{token.regionName}<span className="ml-1 text-xs tabular-nums text-stone-500">{token.regionCode}</span></dd>
          <dt className="text-stone-500">{a.expires}</dt>
          <dd className="tabular-nums">{token.expiresOn}</dd>
          <dt className="text-stone-500">{a.lastUsed}</dt>
          <dd className="tabular-nums">{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : a.neverUsed}</dd>
        </dl>
        <p className="text-xs text-stone-500">
          {format(a.issuedByLine, { name: token.createdBy, at: formatDateTime(token.createdAt) })}
          {token.revokedAt ? ` · ${format(a.revokedByLine, { name: token.revokedBy ?? "—", at: formatDateTime(token.revokedAt) })}` : null}
        </p>
      </div>
      <div className="flex items-center gap-3 sm:flex-col sm:items-end">
        {/* Every call of the token is in the audit log (entity api_token, its id). */}
        <Link href={`/audit?entity=api_token&entityId=${token.id}`} className="btn-link text-sm">{a.calls}</Link>
        {token.status !== "REVOKED" ? <RevokeToken id={token.id} name={token.name} prefix={token.prefix} action={revokeApiTokenAction} /> : null}
      </div>
    </li>
  );
}

/**
 * 数据交换接口: the tokens of the admin's region (status, last call, who issued them), the form
 * that issues one and shows its secret once, and how to call the API.
 */
export default async function ApiTokensPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  const sp = await searchParams;
  const search = tokenSearchSchema.parse(sp);
  const [tokens, regions] = await Promise.all([load(listApiTokens(actor, search)), load(tokenRegionChoices(actor))]);
  const today = todayInChina();

  const revokedId = Number(sp.revoked);
  const revoked = Number.isInteger(revokedId) && revokedId > 0 ? tokens.rows.find((r) => r.id === revokedId) : undefined;

  // The example names this server as the browser reached it; the platform calls the same address.
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("x-forwarded-host") ?? h.get("host") ?? "localhost"}`;
  const example = `curl -H "Authorization: Bearer nx_…" \\\n  "${origin}/api/v1/rollups?region=${actor.regionCode}&from=${today.slice(0, 4)}-01&to=${today.slice(0, 7)}"`;

  const tabs = [
    { key: "", href: PAGE, label: a.allStatuses },
    ...TOKEN_STATUSES.map((s) => ({ key: s, href: `${PAGE}?status=${s}`, label: a.statuses[s] })),
  ];

  return (
    <div className="space-y-4">
      <div className="flex items-start justify-between gap-3">
        <div>
          <h1 className="text-xl font-bold">{a.title}</h1>
          <p className="mt-1 max-w-3xl text-sm text-stone-600">{a.subtitle}</p>
        </div>
        <a href="#issue-token" className="btn-secondary shrink-0 md:hidden">{a.issueTitle}</a>
      </div>

      <Flash message={revoked ? format(a.revoked, { name: revoked.name }) : null} />

      <div className="grid grid-cols-1 items-start gap-4 md:grid-cols-[1fr_20rem]">
        <section className="min-w-0 space-y-3" aria-labelledby="tokens-title">
          <h2 id="tokens-title" className="sr-only">{a.listTitle}</h2>
          <FilterTabs tabs={tabs} current={search.status ?? ""} />
          {tokens.rows.length === 0 ? (
            <p className="card p-6 text-center text-stone-600">{search.status ? a.emptyFiltered : a.empty}</p>
          ) : (
            <ul className="card divide-y divide-stone-100" data-testid="api-tokens">
              {tokens.rows.map((token) => <TokenItem key={token.id} token={token} />)}
            </ul>
          )}
          {tokens.pages > 1 ? (
            <Pagination page={tokens.page} pages={tokens.pages} total={tokens.total} path={PAGE} params={{ status: search.status }} />
          ) : null}

          <section className="card space-y-2 p-4 text-sm" aria-labelledby="api-docs-title">
            <h2 id="api-docs-title" className="text-lg font-semibold">{a.docsTitle}</h2>
            <p className="text-stone-600">{a.docsIntro}</p>
            <ul className="list-disc space-y-1 pl-5">
              <li><code className="break-all text-xs">GET /api/v1/rollups?region=&amp;from=&amp;to=</code> — {a.docsRollups}</li>
              <li><code className="break-all text-xs">GET /api/v1/roster?region=&amp;category=&amp;page=&amp;pageSize=</code> — {a.docsRoster}</li>
            </ul>
            <p><a href="/api/v1/openapi.json" className="btn-link" target="_blank" rel="noopener">{a.docsSpec}</a></p>
            <p className="text-stone-600">{a.docsExample}</p>
            <pre className="overflow-x-auto rounded bg-stone-900 p-3 text-xs text-stone-100" data-testid="curl-example">{example}</pre>
          </section>
        </section>

        <section id="issue-token" className="card scroll-mt-4 p-4 md:sticky md:top-4" aria-labelledby="issue-token-title">
          <h2 id="issue-token-title" className="text-lg font-semibold">{a.issueTitle}</h2>
          <p className="mb-3 mt-1 text-xs text-stone-500">{a.issueIntro}</p>
          <IssueTokenForm
            action={issueApiTokenAction}
            regions={regions}
            defaultRegion={actor.regionCode.length <= 9 ? actor.regionCode : ""}
            defaultExpiry={addDays(today, DEFAULT_TOKEN_DAYS)}
            minExpiry={addDays(today, 1)}
            maxExpiry={latestExpiry(today)}
          />
        </section>
      </div>
    </div>
  );
}
