/**
 * Server-side sessions (finding 5; decision 013). The next-auth JWT cookie carries a session id;
 * the row in `user_session` decides whether it still counts, on every request:
 * - not revoked: logout revokes its own session; a password change, a deactivation or a change of
 *   role, region or department revokes all of the user's sessions (a trigger on app_user, so no
 *   code path can forget it); an administrator's action may too;
 * - not idle: no request for SESSION_IDLE_MINUTES (default 30) ends it;
 * - not too old: SESSION_MAX_HOURS (default 12) after sign-in it ends, however active.
 * A cookie copied before any of these is worthless afterwards, whatever its own expiry says.
 *
 * `last_seen_at` moves at most once a minute: a page view is a read, not a write.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import { db, sessionQuery, type Tx } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { Actor } from "./permissions";

const TOUCH_EVERY_MS = 60_000;

export type SessionReason = "logout" | "password" | "account" | "admin";

export function sessionLimits() {
  const { SESSION_IDLE_MINUTES, SESSION_MAX_HOURS } = env();
  return { idleMs: SESSION_IDLE_MINUTES * 60_000, maxMs: SESSION_MAX_HOURS * 3_600_000 };
}

/** A new session for a user who just signed in; its id goes into the JWT. */
export async function startSession(userId: number, now: Date = new Date()): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  await db.userSession.create({ data: { id, userId, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + sessionLimits().maxMs) } });
  return id;
}

export type LiveSession = { sessionId: string; actor: Actor; mustChangePassword: boolean };

/** The session's user when the session still counts at `now` (and the user is active), else null. */
export async function readSession(sessionId: string, now: Date = new Date()): Promise<LiveSession | null> {
  const { idleMs } = sessionLimits();
  // On the session connections (lib/db/client.ts): no scope to set, one round trip, and the
  // touch in the same statement when the last one is a minute old.
  const rows = await sessionQuery<{
    id: number; username: string; name: string; role: Actor["role"]; region_code: string;
    department_code: string | null; must_change_password: boolean; locale: string;
  }>(
    `WITH live AS (
       SELECT s.id AS sid, s.last_seen_at, u.id, u.username, u.name, u.role::text AS role, u.region_code,
              u.department_code, u.must_change_password, u.locale
       FROM user_session s JOIN app_user u ON u.id = s.user_id
       WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND s.last_seen_at > $3 AND u.active
     ), touched AS (
       UPDATE user_session SET last_seen_at = $2
       WHERE id = (SELECT sid FROM live WHERE last_seen_at <= $4) AND revoked_at IS NULL
     )
     SELECT id, username, name, role, region_code, department_code, must_change_password, locale FROM live`,
    [sessionId, now, new Date(now.getTime() - idleMs), new Date(now.getTime() - TOUCH_EVERY_MS)],
  );
  const row = rows[0];
  if (!row) return null;
  const actor: Actor = { id: row.id, username: row.username, name: row.name, role: row.role, regionCode: row.region_code, departmentCode: row.department_code, locale: row.locale };
  return { sessionId, actor, mustChangePassword: row.must_change_password };
}

/** Ends one session (logout). The user id, when the session existed and was live. */
export async function revokeSession(sessionId: string, reason: SessionReason, now: Date = new Date()): Promise<number | null> {
  const rows = await db.$queryRaw<{ user_id: number }[]>`
    UPDATE user_session SET revoked_at = ${now}, revoke_reason = ${reason}
    WHERE id = ${sessionId} AND revoked_at IS NULL RETURNING user_id`;
  return rows[0]?.user_id ?? null;
}

/** Ends every session of a user, in the caller's transaction. */
export async function revokeUserSessions(tx: Tx, userId: number, reason: SessionReason, now: Date = new Date()) {
  const { count } = await tx.userSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now, revokeReason: reason } });
  return count;
}

/**
 * The session a raw next-auth cookie value stands for — what getServerSession + readSession do
 * for a request, for callers that hold the cookie itself (tests replaying a copied cookie).
 */
export async function sessionFromToken(jwt: string, now: Date = new Date()): Promise<LiveSession | null> {
  const { decode } = await import("next-auth/jwt");
  const token = await decode({ token: jwt, secret: env().NEXTAUTH_SECRET }).catch(() => null);
  const sid = token?.sid;
  return typeof sid === "string" ? readSession(sid, now) : null;
}
