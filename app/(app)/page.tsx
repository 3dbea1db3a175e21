import { redirect } from "next/navigation";
import { requireActor } from "@/lib/auth/session";

/** Each role lands where its daily work is. */
export default async function Home() {
  const actor = await requireActor();
  if (actor.role === "CASEWORKER" || actor.role === "SUPERVISOR") redirect("/visits");
  if (actor.role === "ADMIN") redirect("/audit");
  if (actor.role === "DEPARTMENT") redirect("/transfers");
  if (actor.role === "PROVINCIAL") redirect("/dashboard");
  redirect("/households");
}
