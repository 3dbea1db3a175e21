import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { load } from "@/lib/page";
import { AUDIT_USERS_LISTED, auditUserId, auditUsers, listAuditLog } from "@/lib/audit/queries";
import { auditSearchSchema } from "@/lib/audit/schema";
import { format, formatDateTime, t } from "@/lib/i18n";
import { Pagination } from "@/components/ui/pagination";

/**
 * A row's before/after as shown in the list: at most SNAPSHOT_CHARS characters — a bulk job's
 * summary row once made the page 600 KB (issue 14). The row filtered by its entity and id shows
 * the same; the database keeps every byte.
 */
const SNAPSHOT_CHARS = 2000;
function snapshotText(value: unknown): string {
  const text = JSON.stringify(value, null, 2);
  return text.length <= SNAPSHOT_CHARS ? text : `${text.slice(0, SNAPSHOT_CHARS)}\n${format(t.audit.truncated, { total: text.length })}`;
}

export const generateMetadata = () => ({ title: t.audit.title });

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  const parsed = auditSearchSchema.parse(await searchParams);
  const search = parsed.username && parsed.userId === undefined ? { ...parsed, userId: await load(auditUserId(actor, parsed.username)) } : parsed;
  const [log, users] = await Promise.all([load(listAuditLog(actor, search)), load(auditUsers(actor))]);
  const listUsers = users.length <= AUDIT_USERS_LISTED;

  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">{t.audit.title}</h1>
      <form className="card grid gap-3 p-3 sm:grid-cols-6 sm:items-end" action="/audit">
        <div className="sm:col-span-2">
          {listUsers ? (
            <>
              <label htmlFor="userId" className="mb-1 block text-sm font-medium">{t.audit.user}</label>
              <select id="userId" name="userId" className="input" defaultValue={search.userId ?? ""}>
                <option value="">{t.audit.anyUser}</option>
                {users.map((u) => <option key={u.id} value={u.id}>{u.name}（{u.username}）</option>)}
              </select>
            </>
          ) : (
            <>
              <label htmlFor="username" className="mb-1 block text-sm font-medium">{t.audit.username}</label>
              <input id="username" name="username" className="input" defaultValue={parsed.username ?? ""} placeholder={t.audit.usernamePlaceholder} />
            </>
          )}
        </div>
        <div>
          <label htmlFor="entity" className="mb-1 block text-sm font-medium">{t.audit.entity}</label>
          <input id="entity" name="entity" className="input" defaultValue={search.entity ?? ""} placeholder="household" />
        </div>
        <div>
          <label htmlFor="entityId" className="mb-1 block text-sm font-medium">{t.audit.entityId}</label>
          <input id="entityId" name="entityId" className="input" defaultValue={search.entityId ?? ""} />
        </div>
        <div>
          <label htmlFor="from" className="mb-1 block text-sm font-medium">{t.audit.from}</label>
          <input id="from" name="from" type="date" className="input" defaultValue={search.from ?? ""} />
        </div>
        <div>
          <label htmlFor="to" className="mb-1 block text-sm font-medium">{t.audit.to}</label>
          <input id="to" name="to" type="date" className="input" defaultValue={search.to ?? ""} />
        </div>
        <div className="flex gap-2 sm:col-span-6">
          <button type="submit" className="btn-primary">{t.common.search}</button>
          <Link href="/audit" className="btn-secondary">{t.common.reset}</Link>
        </div>
      </form>

      {log.rows.length === 0 ? (
        <p className="card p-6 text-center text-stone-600">{t.audit.empty}</p>
      ) : (
        <ul className="card divide-y divide-stone-100" data-testid="audit-log">
          {log.rows.map((r) => (
            <li key={r.id} className="px-4 py-3 text-sm">
              <details>
                <summary className="flex cursor-pointer list-none flex-col gap-1 sm:flex-row sm:gap-4">
                  <span className="text-stone-500 sm:w-36">{formatDateTime(r.at)}</span>
                  <span className="sm:w-32">{r.actor ? r.actor.name : "—"}</span>
                  <span className="font-mono text-xs sm:w-48">{r.action}</span>
                  <span className="text-stone-600">{r.entity}{r.entityId ? ` #${r.entityId}` : ""} {r.regionCode ? `· ${r.regionCode}` : ""}</span>
                </summary>
                <div className="mt-2 grid gap-2 sm:grid-cols-2">
                  {r.before ? (
                    <div><div className="text-xs text-stone-500">{t.audit.before}</div><pre className="overflow-x-auto rounded bg-stone-50 p-2 text-xs">{snapshotText(r.before)}</pre></div>
                  ) : null}
                  {r.after ? (
                    <div><div className="text-xs text-stone-500">{t.audit.after}</div><pre className="overflow-x-auto rounded bg-stone-50 p-2 text-xs">{snapshotText(r.after)}</pre></div>
                  ) : null}
                </div>
              </details>
            </li>
          ))}
        </ul>
      )}
      <Pagination
        page={log.page}
        pages={log.pages}
        total={log.total}
        capped={log.capped}
        path="/audit"
        params={{ userId: parsed.userId?.toString(), username: parsed.username, entity: search.entity, entityId: search.entityId, from: search.from, to: search.to }}
      />
    </div>
  );
}
