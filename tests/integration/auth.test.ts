/**
 * Sign-in and sessions on a real PostgreSQL (findings 4 and 5): the throttle's backoff and lock
 * per account and per address, shown as a wait and audited, an administrator's unlock; the same
 * work for unknown names; bcrypt hashes rehashed to argon2id; the password policy; and
 * server-side sessions — a cookie minted at sign-in is refused after logout, idle time, its
 * absolute lifetime, a password change, a deactivation or a role change.
 */
import bcrypt from "bcryptjs";
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { format, t } from "@/lib/i18n";
import { DomainError, ForbiddenError } from "@/lib/errors";
import { authenticate, changePassword, setUserActive, unlockUser } from "@/lib/users/commands";
import { hashPassword, needsRehash } from "@/lib/users/password";
import { passwordProblems } from "@/lib/users/password-policy";
import { loginErrorMessage, throttledMessage } from "@/lib/auth/login-error";
import { readSession, revokeSession, sessionFromToken, startSession } from "@/lib/auth/sessions";
import { ratelimit } from "@/lib/ratelimit";
import { JIANSHE_STREET, makeActor } from "../support/fixtures";

const PASSWORD = "Wang-Fang-2026";
let seq = 0;

async function makeUser(opts: { password?: string; legacy?: boolean; role?: Actor["role"]; region?: string } = {}) {
  const username = `auth_${process.pid}_${++seq}`;
  const plain = opts.password ?? PASSWORD;
  const passwordHash = opts.legacy ? await bcrypt.hash(plain, 10) : await hashPassword(plain);
  return db.user.create({
    data: { username, name: `测试用户${seq}`, passwordHash, role: opts.role ?? "CASEWORKER", regionCode: opts.region ?? JIANSHE_STREET },
    select: { id: true, username: true, name: true, role: true, regionCode: true, departmentCode: true },
  });
}

const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);
const audits = (action: string, username?: string) =>
  db.auditLog.findMany({ where: { action, ...(username ? { after: { path: ["username"], equals: username } } : {}) }, orderBy: { id: "asc" } });

describe("login throttle", () => {
  it("backs off after two failures, locks the account at the fifth for 15 minutes, and refuses even the right password then", async () => {
    const user = await makeUser();
    const t0 = new Date();
    expect(await authenticate(user.username, "wrong-1", { now: t0 })).toEqual({ ok: false, retryAfter: null });
    expect(await authenticate(user.username, "wrong-2", { now: at(t0, 1) })).toEqual({ ok: false, retryAfter: null });
    // Third attempt straight away: 2 s backoff, the password not even checked.
    expect(await authenticate(user.username, PASSWORD, { now: at(t0, 2) })).toEqual({ ok: false, retryAfter: 1 });
    expect(await authenticate(user.username, "wrong-3", { now: at(t0, 4) })).toEqual({ ok: false, retryAfter: null });
    expect(await authenticate(user.username, "wrong-4", { now: at(t0, 9) })).toEqual({ ok: false, retryAfter: null });
    // The fifth failure locks: its answer already says how long.
    const fifth = await authenticate(user.username, "wrong-5", { now: at(t0, 30) });
    expect(fifth).toEqual({ ok: false, retryAfter: 15 * 60 });
    expect(throttledMessage(15 * 60)).toBe("登录失败次数过多，请 15 分钟后再试");
    expect(loginErrorMessage(`THROTTLED:${15 * 60}`)).toBe("登录失败次数过多，请 15 分钟后再试");
    expect(loginErrorMessage(null)).toBe(t.login.failed);

    const locked = await authenticate(user.username, PASSWORD, { now: at(t0, 90) });
    expect(locked).toEqual({ ok: false, retryAfter: 15 * 60 - 60 });
    expect((await audits("user.login_failed", user.username)).length).toBe(5);
    const lockRows = await audits("user.locked", user.username);
    expect(lockRows).toHaveLength(1);
    expect(lockRows[0].entityId).toBe(String(user.id));
    expect(await audits("user.login_throttled", user.username)).toHaveLength(2);

    // After the lock the right password works, and a success clears the count.
    const after = await authenticate(user.username, PASSWORD, { now: at(t0, 30 + 15 * 60 + 1) });
    expect(after.ok).toBe(true);
    expect(await db.loginThrottle.findUnique({ where: { key: `user:${user.username}` } })).toBeNull();
  });

  it("lets an administrator of the user's region unlock the account, audited; others may not", async () => {
    const user = await makeUser();
    const admin = await makeActor("ADMIN", "2111");
    const otherAdmin = await makeActor("ADMIN", "2101");
    const caseworker = await makeActor("CASEWORKER", JIANSHE_STREET);
    const t0 = new Date();
    for (let i = 0; i < 5; i++) await authenticate(user.username, `wrong-${i}`, { now: at(t0, i * 20) });
    expect(await authenticate(user.username, PASSWORD, { now: at(t0, 120) })).toMatchObject({ ok: false });

    await expect(unlockUser(caseworker, user.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(unlockUser(otherAdmin, user.id)).rejects.toThrow(t.account.userNotFound);
    await unlockUser(admin, user.id, at(t0, 121));
    const row = await db.auditLog.findFirstOrThrow({ where: { action: "user.unlock", entityId: String(user.id) } });
    expect(row.actorId).toBe(admin.id);
    expect(row.before).toMatchObject({ failures: 5 });
    await expect(unlockUser(admin, user.id)).rejects.toThrow(t.account.notLocked);
    expect((await authenticate(user.username, PASSWORD, { now: at(t0, 122) })).ok).toBe(true);
  });

  it("throttles an address that fails across many accounts, unknown names included", async () => {
    const address = "203.0.113.7";
    const t0 = new Date();
    for (let i = 0; i < 10; i++) {
      expect(await authenticate(`nobody_${process.pid}_${i}`, "x", { address, now: at(t0, i) })).toEqual({ ok: false, retryAfter: null });
    }
    // The 11th try from that address waits, whoever it names.
    const user = await makeUser();
    expect(await authenticate(user.username, PASSWORD, { address, now: at(t0, 10) })).toEqual({ ok: false, retryAfter: 1 });
    // From another address the same user signs in.
    expect((await authenticate(user.username, PASSWORD, { address: "198.51.100.2", now: at(t0, 10) })).ok).toBe(true);
    // Up to the address lock at 30 failures.
    let last = { ok: false, retryAfter: null } as Awaited<ReturnType<typeof authenticate>>;
    for (let i = 10; i < 30; i++) last = await authenticate(`nobody_${process.pid}_${i}`, "x", { address, now: at(t0, 100 + i * 70) });
    expect(last).toEqual({ ok: false, retryAfter: 15 * 60 });
    const lock = await db.auditLog.findFirstOrThrow({ where: { action: "user.locked", after: { path: ["key"], equals: `addr:${address}` } } });
    expect(lock.after).toMatchObject({ failures: 30 });
  });

  it("answers an unknown name as slowly as a known one (a dummy hash is verified)", async () => {
    const user = await makeUser();
    const time = async (name: string) => {
      const t0 = performance.now();
      await authenticate(name, "not-the-password", { now: new Date(Date.now() - 3_600_000) });
      return performance.now() - t0;
    };
    await time(user.username); // warm both paths
    await time(`ghost_${process.pid}`);
    await db.loginThrottle.deleteMany({});
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      // A fresh key each time: never throttled (that path skips the hash on purpose).
      known.push(await time(user.username));
      await db.loginThrottle.deleteMany({});
      unknown.push(await time(`ghost_${process.pid}_${i}`));
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    const ratio = median(unknown) / median(known);
    // Before: 3–5× faster for unknown names. Now within noise of each other.
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it("rehashes an old bcrypt hash with argon2id on a successful sign-in", async () => {
    const user = await makeUser({ legacy: true });
    const before = await db.user.findUniqueOrThrow({ where: { id: user.id }, omit: { passwordHash: false } });
    expect(before.passwordHash).toMatch(/^\$2[ab]\$10\$/);
    expect((await authenticate(user.username, PASSWORD)).ok).toBe(true);
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id }, omit: { passwordHash: false } });
    expect(after.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(needsRehash(after.passwordHash)).toBe(false);
    expect((await authenticate(user.username, PASSWORD)).ok).toBe(true);
  });
});

describe("password policy and change", () => {
  it("refuses short, simple, username-bearing and common passwords with Chinese messages", () => {
    expect(passwordProblems("Abc-12345", "wangfang")).toEqual([format(t.account.policyTooShort, { min: 10 })]);
    expect(passwordProblems("abcdefghijkl", "wangfang")).toEqual([t.account.policyClasses]);
    expect(passwordProblems("Wangfang-2026", "wangfang")).toEqual([t.account.policyUsername]);
    expect(passwordProblems("Password123", "wangfang")).toEqual([t.account.policyCommon]);
    expect(passwordProblems("Qiu-Shui-88!", "wangfang")).toEqual([]);
    expect(passwordProblems("暖心系统密码很长1a", "x")).toEqual([]); // Chinese counts as a symbol
  });

  it("changes the password, clears the must-change flag and ends every session of the user", async () => {
    const user = await makeUser();
    const s1 = await startSession(user.id);
    const s2 = await startSession(user.id);
    expect((await readSession(s1))?.mustChangePassword).toBe(true);
    await expect(changePassword(user.id, { currentPassword: "wrong", newPassword: "short", confirmPassword: "other" })).rejects.toSatisfy(
      (e: DomainError) =>
        e.fieldErrors?.currentPassword?.[0] === t.account.currentWrong &&
        e.fieldErrors?.newPassword?.includes(format(t.account.policyTooShort, { min: 10 })) === true &&
        e.fieldErrors?.confirmPassword?.[0] === t.account.confirmMismatch,
    );
    expect(await readSession(s1)).not.toBeNull(); // a refused change ends nothing

    await changePassword(user.id, { currentPassword: PASSWORD, newPassword: "Qiu-Shui-88!", confirmPassword: "Qiu-Shui-88!" });
    expect(await readSession(s1)).toBeNull();
    expect(await readSession(s2)).toBeNull();
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.mustChangePassword).toBe(false);
    expect((await db.userSession.findUniqueOrThrow({ where: { id: s1 } })).revokeReason).toBe("password");
    expect((await authenticate(user.username, PASSWORD)).ok).toBe(false);
    expect((await authenticate(user.username, "Qiu-Shui-88!")).ok).toBe(true);
    expect(await db.auditLog.count({ where: { action: "user.change_password", entityId: String(user.id) } })).toBe(1);
  });
});

describe("server-side sessions", () => {
  const mint = (userId: number, sid: string) => encode({ token: { sub: String(userId), sid }, secret: process.env.NEXTAUTH_SECRET! });

  it("refuses a cookie copied before logout once the session is revoked", async () => {
    const user = await makeUser();
    const sid = await startSession(user.id);
    const cookie = await mint(user.id, sid);
    expect((await sessionFromToken(cookie))?.actor).toMatchObject({ id: user.id, username: user.username });
    expect(await revokeSession(sid, "logout")).toBe(user.id);
    expect(await sessionFromToken(cookie)).toBeNull();
    // A cookie without a session id (one minted before sessions existed) counts for nothing.
    expect(await sessionFromToken(await encode({ token: { sub: String(user.id) }, secret: process.env.NEXTAUTH_SECRET! }))).toBeNull();
    expect(await sessionFromToken("not-a-jwt")).toBeNull();
  });

  it("ends a session after 30 idle minutes and 12 hours after sign-in, and moves last-seen at most once a minute", async () => {
    const user = await makeUser();
    const t0 = new Date();
    const sid = await startSession(user.id, t0);
    expect(await readSession(sid, at(t0, 29 * 60))).not.toBeNull();
    expect((await db.userSession.findUniqueOrThrow({ where: { id: sid } })).lastSeenAt).toEqual(at(t0, 29 * 60));
    // 30 s later: no write.
    await readSession(sid, at(t0, 29 * 60 + 30));
    expect((await db.userSession.findUniqueOrThrow({ where: { id: sid } })).lastSeenAt).toEqual(at(t0, 29 * 60));
    // Active every 20 minutes, it still ends at 12 hours.
    for (let m = 40; m < 12 * 60; m += 20) expect(await readSession(sid, at(t0, m * 60))).not.toBeNull();
    expect(await readSession(sid, at(t0, 12 * 3600 + 1))).toBeNull();

    const idle = await startSession(user.id, t0);
    expect(await readSession(idle, at(t0, 31 * 60))).toBeNull();
  });

  it("ends every session of a user who is deactivated, or whose role or region changes; a rehash does not", async () => {
    const user = await makeUser({ legacy: true });
    const admin = await makeActor("ADMIN", "21");
    const sid = await startSession(user.id);
    // The login that rehashes the bcrypt hash leaves other sessions alone.
    expect((await authenticate(user.username, PASSWORD)).ok).toBe(true);
    expect(await readSession(sid)).not.toBeNull();

    await db.user.update({ where: { id: user.id }, data: { role: "SUPERVISOR", regionCode: "211102" } });
    expect(await readSession(sid)).toBeNull();
    expect((await db.userSession.findUniqueOrThrow({ where: { id: sid } })).revokeReason).toBe("account");

    const again = await startSession(user.id);
    await setUserActive(admin, user.id, false);
    expect(await readSession(again)).toBeNull();
    expect((await authenticate(user.username, PASSWORD)).ok).toBe(false);
    expect(await db.auditLog.count({ where: { action: "user.deactivate", entityId: String(user.id), actorId: admin.id } })).toBe(1);
    await expect(setUserActive(admin, admin.id, false)).rejects.toThrow(t.account.cannotDeactivateSelf);
    await setUserActive(admin, user.id, true);
    expect((await authenticate(user.username, PASSWORD)).ok).toBe(true);
  });
});

describe("ratelimit", () => {
  it("counts calls per key in a fixed window and says when to retry", async () => {
    const key = `test:${process.pid}`;
    const t0 = new Date("2026-12-01T10:00:00.000Z");
    expect(await ratelimit(key, 2, 60, t0)).toMatchObject({ ok: true, count: 1, remaining: 1 });
    expect(await ratelimit(key, 2, 60, at(t0, 10))).toMatchObject({ ok: true, count: 2, remaining: 0 });
    expect(await ratelimit(key, 2, 60, at(t0, 20))).toMatchObject({ ok: false, count: 3, retryAfter: 40 });
    expect(await ratelimit(`${key}:other`, 2, 60, at(t0, 20))).toMatchObject({ ok: true, count: 1 });
    expect(await ratelimit(key, 2, 60, at(t0, 60))).toMatchObject({ ok: true, count: 1, retryAfter: 60 });
  });

  it("counts concurrent calls exactly (one upsert per call)", async () => {
    const key = `test:concurrent:${process.pid}`;
    const now = new Date();
    const results = await Promise.all(Array.from({ length: 20 }, () => ratelimit(key, 15, 60, now)));
    expect(results.filter((r) => r.ok)).toHaveLength(15);
    expect(Math.max(...results.map((r) => r.count))).toBe(20);
  });
});
