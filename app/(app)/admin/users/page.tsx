import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { load } from "@/lib/page";
import { listUsers, type UserRow } from "@/lib/users/queries";
import { userSearchSchema } from "@/lib/users/schema";
import { setUserActiveAction, unlockUserAction } from "@/lib/users/actions";
import { format, formatDateTime, t } from "@/lib/i18n";
import { Tag } from "@/components/ui/badges";
import { FilterTabs } from "@/components/ui/filter-tabs";
import { Pagination } from "@/components/ui/pagination";
import { SetUserActive, UnlockUser } from "@/components/auth/user-buttons";

export const generateMetadata = () => ({ title: t.account.usersTitle });

const a = t.account;
const PAGE = "/admin/users";

function UserItem({ user, self }: { user: UserRow; self: boolean }) {
  return (
    <li className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-start" data-testid="user-row" data-username={user.username}>
      <div className="min-w-0 flex-1 space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-semibold">{user.name}</span>
          <code className="rounded bg-stone-100 px-1.5 py-0.5 text-xs text-stone-700">{user.username}</code>
          <span className="text-sm text-stone-600">{t.roles[user.role]}</span>
          {user.active ? <Tag tone="green">{a.statusActive}</Tag> : <Tag tone="stone">{a.statusInactive}</Tag>}
          {user.lockedUntil ? <Tag tone="red">{format(a.statusLocked, { until: formatDateTime(user.lockedUntil) })}</Tag> : null}
          {!user.lockedUntil && user.failures > 0 ? <Tag tone="amber">{format(a.statusFailures, { count: user.failures })}</Tag> : null}
          {user.mustChangePassword ? <Tag tone="amber">{a.statusMustChange}</Tag> : null}
        </div>
        <p className="text-xs text-stone-500">
          {a.colRegion} <span className="tabular-nums">{user.regionCode}</span> · {a.colLastLogin}{" "}
          {user.lastLoginAt ? formatDateTime(user.lastLoginAt) : a.never}
        </p>
      </div>
      <div className="flex items-start gap-3">
        {user.failures > 0 ? <UnlockUser id={user.id} name={user.name} username={user.username} action={unlockUserAction} /> : null}
        {self ? null : <SetUserActive id={user.id} name={user.name} username={user.username} active={user.active} action={setUserActiveAction} />}
      </div>
    </li>
  );
}

/** 用户与登录安全: the accounts of the admin's region, lockouts first to the eye, with unlock and deactivate. */
export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  const search = userSearchSchema.parse(await searchParams);
  const users = await load(listUsers(actor, search));
  const tabs = [
    { key: "", href: PAGE, label: t.common.all },
    { key: "1", href: `${PAGE}?locked=1`, label: a.lockedTab },
  ];
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-bold">{a.usersTitle}</h1>
        <p className="mt-1 max-w-3xl text-sm text-stone-600">{a.usersSubtitle}</p>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <FilterTabs tabs={tabs} current={search.locked ?? ""} />
        <form action={PAGE} className="flex gap-2" role="search">
          {search.locked ? <input type="hidden" name="locked" value="1" /> : null}
          <input name="q" defaultValue={search.q ?? ""} className="input w-48" placeholder={a.usersSearch} aria-label={a.usersSearch} maxLength={50} />
          <button type="submit" className="btn-secondary">{t.common.search}</button>
        </form>
      </div>
      {users.rows.length === 0 ? (
        <p className="card p-6 text-center text-stone-600">{a.usersEmpty}</p>
      ) : (
        <ul className="card divide-y divide-stone-100" data-testid="users">
          {users.rows.map((u) => <UserItem key={u.id} user={u} self={u.id === actor.id} />)}
        </ul>
      )}
      {users.pages > 1 ? <Pagination page={users.page} pages={users.pages} total={users.total} path={PAGE} params={{ q: search.q, locked: search.locked }} /> : null}
      <p className="text-sm"><Link href="/audit?entity=user" className="btn-link">{t.nav.audit}</Link></p>
    </div>
  );
}
