/**
 * The acting user of the current request. The next-auth cookie names a server-side session;
 * that session must still count (not revoked, not idle, not expired: lib/auth/sessions.ts) and
 * its user be active — checked in the database on every request, so a cookie copied before a
 * logout is refused after it.
 *
 * A user who must still replace a password someone else chose (outside demo mode) has a session
 * but no actor: pages send them to 修改密码 (`requireActor`), actions refuse them (the action
 * wrapper sees no actor), until the password is changed.
 */
import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { isDemoMode } from "@/lib/env";
import { setRequestScope } from "@/lib/db/scope";
import { authOptionsFor } from "./options";
import type { Actor } from "./permissions";
import { readSession, type LiveSession } from "./sessions";

export const CHANGE_PASSWORD_PATH = "/account/password";

/** The live session of this request, or null (no cookie, a bad one, or a session that ended). */
export const getSession = cache(async (): Promise<(LiveSession & { passwordChangeRequired: boolean }) | null> => {
  const token = (await getServerSession(authOptionsFor(await headers()))) as { sessionId?: unknown } | null;
  const sid = token?.sessionId;
  if (typeof sid !== "string" || sid.length === 0 || sid.length > 64) return null;
  const live = await readSession(sid);
  if (!live) return null;
  // Every query of this request runs in the user's region from here on (lib/db/scope.ts).
  setRequestScope(live.actor.regionCode);
  return { ...live, passwordChangeRequired: live.mustChangePassword && !isDemoMode() };
});

export const getActor = cache(async (): Promise<Actor | null> => {
  const session = await getSession();
  return session && !session.passwordChangeRequired ? session.actor : null;
});

export async function requireActor(): Promise<Actor> {
  const session = await getSession();
  if (!session) redirect("/login");
  if (session.passwordChangeRequired) redirect(CHANGE_PASSWORD_PATH);
  return session.actor;
}
