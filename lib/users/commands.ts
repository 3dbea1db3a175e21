/**
 * Sign-in. Checks the password against its bcrypt hash and records the attempt in the audit log
 * (a failed attempt too: repeated failures on one account are what an admin looks for).
 */
import "server-only";
import { db } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/write";
import { verifyPassword } from "./password";
import type { Actor } from "@/lib/auth/permissions";

export async function authenticate(username: string, password: string): Promise<Actor | null> {
  const user = await db.user.findUnique({
    where: { username },
    omit: { passwordHash: false },
  });
  const ok = !!user && user.active && (await verifyPassword(password, user.passwordHash));
  await db.$transaction(async (tx) => {
    if (ok) await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
    await writeAudit(tx, ok ? user : null, {
      action: ok ? "user.login" : "user.login_failed",
      entity: "user",
      entityId: user ? String(user.id) : null,
      regionCode: user?.regionCode ?? null,
      after: ok ? null : { username: username.slice(0, 50) },
    });
  });
  if (!ok) return null;
  return { id: user.id, username: user.username, name: user.name, role: user.role, regionCode: user.regionCode, departmentCode: user.departmentCode };
}
