/**
 * Accounts: sign-in (throttled, audited, the same work for unknown names), password changes
 * under the policy, and what an administrator does to an account of their region — unlock it
 * after a lockout, deactivate or reactivate it. Each write and its audit row share a transaction;
 * ending sessions on a change of password, status or role is the database's job (a trigger on
 * app_user, see lib/auth/sessions.ts).
 */
import "server-only";
import { pruneNowAndThen } from "@/lib/ratelimit";
import { db } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/write";
import { requirePermission } from "@/lib/auth/guard";
import { inScope } from "@/lib/auth/scope";
import { DomainError, NotFoundError } from "@/lib/errors";
import { t } from "@/lib/i18n";
import { ratelimit } from "@/lib/ratelimit";
import type { Actor } from "@/lib/auth/permissions";
import { hashPassword, needsRehash, verifyDummy, verifyPassword } from "./password";
import { passwordProblems } from "./password-policy";
import { accountKey, checkThrottle, clearThrottle, recordFailure, throttleKeys } from "./throttle";

const a = t.account;

export type LoginResult = { ok: true; actor: Actor } | { ok: false; retryAfter: number | null };

/**
 * Sign-in. Refused without looking at the password while the account or the address waits
 * (backoff or lock, lib/users/throttle.ts). Otherwise the password is verified — against a dummy
 * hash when the name is unknown or inactive, so both answers take the same time — and the
 * outcome is audited: `user.login`, or `user.login_failed` with the failure counts, plus
 * `user.locked` when this failure starts a lock. An attempt refused by the throttle is audited
 * as `user.login_throttled` at most once a minute per key, so a flood cannot fill the log.
 * A correct password stored under an older scheme (bcrypt) is rehashed with argon2id.
 */
export async function authenticate(
  username: string,
  password: string,
  opts: { address?: string | null; now?: Date } = {},
): Promise<LoginResult> {
  const now = opts.now ?? new Date();
  const address = opts.address ?? null;
  const keys = throttleKeys(username, address);
  const name = username.slice(0, 50);

  const waiting = await checkThrottle(keys, now);
  if (waiting) {
    const once = await ratelimit(`audit:throttled:${waiting.key}`, 1, 60, now);
    if (once.ok) {
      await db.$transaction((tx) =>
        writeAudit(tx, null, {
          action: "user.login_throttled",
          entity: "user",
          after: { username: name, address, key: waiting.key, until: waiting.until, locked: waiting.locked },
        }),
      );
    }
    return { ok: false, retryAfter: waiting.retryAfter };
  }

  const user = await db.user.findUnique({ where: { username }, omit: { passwordHash: false } });
  const ok = user && user.active ? await verifyPassword(password, user.passwordHash) : await verifyDummy(password);

  if (ok && user) {
    const rehash = needsRehash(user.passwordHash) ? await hashPassword(password) : null;
    await db.$transaction(async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: now, ...(rehash ? { passwordHash: rehash } : {}) } });
      await clearThrottle(tx, accountKey(username));
      await writeAudit(tx, user, {
        action: "user.login",
        entity: "user",
        entityId: user.id,
        regionCode: user.regionCode,
        after: { address, ...(rehash ? { rehashed: true } : {}) },
      });
    });
    return { ok: true, actor: { id: user.id, username: user.username, name: user.name, role: user.role, regionCode: user.regionCode, departmentCode: user.departmentCode, locale: user.locale } };
  }

  pruneNowAndThen();
  const outcomes = await db.$transaction(async (tx) => {
    const counted = await recordFailure(tx, keys, now);
    const common = { entity: "user", entityId: user ? user.id : null, regionCode: user?.regionCode ?? null };
    await writeAudit(tx, null, {
      ...common,
      action: "user.login_failed",
      after: { username: name, address, failures: Object.fromEntries(counted.map((c) => [c.key, c.failures])) },
    });
    for (const c of counted.filter((x) => x.lockedNow)) {
      await writeAudit(tx, null, { ...common, action: "user.locked", after: { username: name, address, key: c.key, failures: c.failures, until: c.lockedUntil } });
    }
    return counted;
  });
  // The failure that starts a lock already says so.
  const locked = outcomes.filter((o) => o.lockedNow && o.lockedUntil);
  const retryAfter = locked.length ? Math.max(...locked.map((o) => Math.ceil((o.lockedUntil!.getTime() - now.getTime()) / 1000))) : null;
  return { ok: false, retryAfter };
}

export async function recordLogout(userId: number) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, regionCode: true } });
  if (!user) return;
  await db.$transaction((tx) => writeAudit(tx, user, { action: "user.logout", entity: "user", entityId: user.id, regionCode: user.regionCode }));
}

export type ChangePasswordInput = { currentPassword: string; newPassword: string; confirmPassword: string };

/**
 * 修改密码: the current password, then the new one under the policy (twice). Clears the
 * "must change" flag; setting password_changed_at makes the database end every session of the
 * user, this one too — the user signs in again with the new password.
 */
export async function changePassword(userId: number, input: ChangePasswordInput, now: Date = new Date()) {
  const user = await db.user.findFirst({ where: { id: userId, active: true }, omit: { passwordHash: false } });
  if (!user) throw new NotFoundError(a.userNotFound);
  const fieldErrors: Record<string, string[]> = {};
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) fieldErrors.currentPassword = [a.currentWrong];
  const problems = passwordProblems(input.newPassword, user.username);
  if (problems.length) fieldErrors.newPassword = problems;
  else if (input.newPassword === input.currentPassword) fieldErrors.newPassword = [a.sameAsCurrent];
  if (input.confirmPassword !== input.newPassword) fieldErrors.confirmPassword = [a.confirmMismatch];
  if (Object.keys(fieldErrors).length) throw new DomainError(t.common.invalidInput, fieldErrors);

  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: false, passwordChangedAt: now } });
    await writeAudit(tx, user, {
      action: "user.change_password",
      entity: "user",
      entityId: user.id,
      regionCode: user.regionCode,
      before: { mustChangePassword: user.mustChangePassword },
      after: { mustChangePassword: false },
    });
  });
}

async function userInScope(actor: Actor, userId: number) {
  const user = await db.user.findFirst({
    where: { id: userId, ...inScope(actor) },
    select: { id: true, username: true, name: true, regionCode: true, active: true },
  });
  if (!user) throw new NotFoundError(a.userNotFound);
  return user;
}

/** 解锁: forget an account's consecutive failures, so the user may sign in at once. */
export async function unlockUser(actor: Actor, userId: number, now: Date = new Date()) {
  requirePermission(actor, "manage:user");
  const user = await userInScope(actor, userId);
  return db.$transaction(async (tx) => {
    const row = await tx.loginThrottle.findUnique({ where: { key: accountKey(user.username) } });
    if (!row || row.failures === 0) throw new DomainError(a.notLocked);
    await clearThrottle(tx, accountKey(user.username));
    await writeAudit(tx, actor, {
      action: "user.unlock",
      entity: "user",
      entityId: user.id,
      regionCode: user.regionCode,
      before: { failures: row.failures, lockedUntil: row.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null },
      after: { failures: 0, lockedUntil: null },
    });
    return { id: user.id, name: user.name };
  });
}

/** 停用 / 启用: a deactivated user is signed out everywhere at once (the trigger) and cannot sign in. */
export async function setUserActive(actor: Actor, userId: number, active: boolean) {
  requirePermission(actor, "manage:user");
  if (userId === actor.id && !active) throw new DomainError(a.cannotDeactivateSelf);
  const user = await userInScope(actor, userId);
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: user.id, active: !active }, data: { active } });
    if (count === 0) return { id: user.id, name: user.name, changed: false };
    // Deactivating ended the user's sessions in the same statement (trigger app_user_revoke_sessions).
    await writeAudit(tx, actor, {
      action: active ? "user.activate" : "user.deactivate",
      entity: "user",
      entityId: user.id,
      regionCode: user.regionCode,
      before: { active: !active },
      after: { active },
    });
    return { id: user.id, name: user.name, changed: true };
  });
}
