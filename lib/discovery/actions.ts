"use server";
/** Server actions of the discovery worklist: thin, through the one wrapper (lib/action.ts). */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/action";
import { ruleSchema, screeningSchema } from "./schema";
import { saveRule, screenHousehold } from "./commands";
import { closeLead, closeLeadSchema, leadSchema, recordLead } from "./leads";

export const screenHouseholdAction = defineAction({ permission: "screen:household", schema: screeningSchema }, async (input, actor) => {
  const screening = await screenHousehold(actor, input);
  revalidatePath("/worklist");
  if (screening.applicationId) redirect(`/applications/${screening.applicationId}?saved=opened`);
  if (screening.problemId) redirect(`/problems/${screening.problemId}?saved=recorded`);
  redirect("/worklist?saved=screened");
});

export const saveRuleAction = defineAction({ permission: "manage:rule", schema: ruleSchema }, async (input, actor) => {
  await saveRule(actor, input);
  revalidatePath("/worklist");
  redirect("/admin/rules?saved=1");
});

export const recordLeadAction = defineAction({ permission: "screen:household", schema: leadSchema }, async (input, actor) => {
  await recordLead(actor, input);
  revalidatePath("/worklist");
  redirect("/worklist?saved=lead");
});

export const closeLeadAction = defineAction({ permission: "screen:household", schema: closeLeadSchema }, async (input, actor) => {
  await closeLead(actor, input);
  revalidatePath("/worklist");
  redirect("/worklist?saved=leadClosed");
});
