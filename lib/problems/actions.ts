"use server";
/** Server actions for problems: thin, through the one wrapper (lib/action.ts). */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/action";
import { recordProblemSchema, resolveImmediatelySchema, supportActionSchema } from "./schema";
import { addSupportAction, recordProblem, resolveImmediately } from "./commands";

export const recordProblemAction = defineAction({ permission: "record:problem", schema: recordProblemSchema }, async (input, actor) => {
  const problem = await recordProblem(actor, input);
  revalidatePath(`/households/${input.householdId}`);
  redirect(`/problems/${problem.id}?saved=recorded`);
});

export const resolveImmediatelyAction = defineAction({ permission: "resolve:problem", schema: resolveImmediatelySchema }, async (input, actor) => {
  await resolveImmediately(actor, input);
  revalidatePath("/problems");
  redirect(`/problems/${input.problemId}?saved=resolved`);
});

export const addSupportActionAction = defineAction({ permission: "resolve:problem", schema: supportActionSchema }, async (input, actor) => {
  await addSupportAction(actor, input);
  redirect(`/problems/${input.problemId}?saved=support`);
});
