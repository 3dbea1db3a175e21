import { redirect } from "next/navigation";
import { requireActor } from "@/lib/auth/session";

/** Each role lands where its daily work is. */
export default async function Home() {
  const actor = await requireActor();
  if (actor.role === "CASEWORKER") redirect("/visits");
  // A county supervisor's daily work is what waits for them: applications to confirm (待确认).
  if (actor.role === "SUPERVISOR") redirect("/applications?filter=confirm");
  if (actor.role === "ADMIN") redirect("/audit");
  if (actor.role === "DEPARTMENT") redirect("/transfers");
  if (actor.role === "PROVINCIAL") redirect("/dashboard");
  redirect("/households");
}
