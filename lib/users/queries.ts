/**
 * The administrators' list of accounts in their region: who, role, status, last sign-in, and
 * the login throttle's state (locked until, consecutive failures), newest accounts last. Never a
 * password hash.
 */
import "server-only";
import { db } from "@/lib/db/client";
import { requirePermission } from "@/lib/auth/guard";
import { inScope } from "@/lib/auth/scope";
import type { Actor } from "@/lib/auth/permissions";
import type { Prisma } from "@/lib/generated/prisma/client";
import { accountThrottles } from "./throttle";
import type { UserSearch } from "./schema";

export const USERS_PAGE_SIZE = 30;

export async function listUsers(actor: Actor, search: UserSearch, now: Date = new Date()) {
  requirePermission(actor, "manage:user");
  const filters: Prisma.UserWhereInput[] = [inScope(actor)];
  if (search.q) filters.push({ OR: [{ username: { contains: search.q, mode: "insensitive" } }, { name: { contains: search.q } }] });
  if (search.locked) {
    const rows = await db.loginThrottle.findMany({ where: { key: { startsWith: "user:" }, lockedUntil: { gt: now } }, select: { key: true } });
    filters.push({ username: { in: rows.map((r) => r.key.slice("user:".length)), mode: "insensitive" } });
  }
  const where: Prisma.UserWhereInput = { AND: filters };
  const [total, users] = await Promise.all([
    db.user.count({ where }),
    db.user.findMany({
      where,
      orderBy: { id: "asc" },
      skip: (search.page - 1) * USERS_PAGE_SIZE,
      take: USERS_PAGE_SIZE,
      select: { id: true, username: true, name: true, role: true, regionCode: true, active: true, lastLoginAt: true, mustChangePassword: true },
    }),
  ]);
  const throttles = await accountThrottles(users.map((u) => u.username), now);
  return {
    total,
    page: search.page,
    pages: Math.max(1, Math.ceil(total / USERS_PAGE_SIZE)),
    rows: users.map((u) => ({ ...u, ...throttles.get(u.username)! })),
  };
}
export type UserRow = Awaited<ReturnType<typeof listUsers>>["rows"][number];
