/**
 * The acting user of the current request, loaded from the database (active users only).
 * `requireActor` sends anonymous visitors to the login page.
 */
import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { db } from "@/lib/db/client";
import { authOptions } from "./options";
import type { Actor } from "./permissions";

export const getActor = cache(async (): Promise<Actor | null> => {
  const session = (await getServerSession(authOptions)) as { userId?: string } | null;
  const id = Number(session?.userId);
  if (!Number.isInteger(id) || id <= 0) return null;
  const user = await db.user.findFirst({
    where: { id, active: true },
    select: { id: true, username: true, name: true, role: true, regionCode: true, departmentCode: true },
  });
  return user;
});

export async function requireActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect("/login");
  return actor;
}
