"use server";
/** Server actions of dynamic monitoring: thin, through the one wrapper (lib/action.ts). */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/action";
import { closeAlertSchema } from "./schema";
import { closeAlert } from "./commands";

export const closeAlertAction = defineAction({ permission: "close:alert", schema: closeAlertSchema }, async (input, actor) => {
  const alert = await closeAlert(actor, input);
  revalidatePath("/alerts");
  revalidatePath(`/households/${alert.householdId}`);
  redirect("/alerts?saved=closed");
});
