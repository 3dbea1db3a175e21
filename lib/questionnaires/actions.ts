"use server";
/** Server actions of the questionnaire editor: thin, through the one wrapper (lib/action.ts). */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/action";
import { t } from "@/lib/i18n";
import { discardDraftSchema, moveQuestionSchema, publishDraftSchema, retireQuestionSchema, saveQuestionSchema, startDraftSchema } from "./schema";
import { discardDraft, moveDraftQuestion, publishDraft, retireDraftQuestion, saveDraftQuestion, startDraft } from "./commands";

const q = t.questionnaire;
const PAGE = "/admin/questionnaire";
const permission = "manage:questionnaire" as const;

export const startDraftAction = defineAction({ permission, schema: startDraftSchema }, async (_input, actor) => {
  await startDraft(actor);
  revalidatePath(PAGE);
  // The form that was pressed is gone once the draft shows: the page says what happened.
  redirect(`${PAGE}?done=started`);
});

export const saveQuestionAction = defineAction({ permission, schema: saveQuestionSchema }, async (input, actor) => {
  await saveDraftQuestion(actor, input);
  revalidatePath(PAGE);
  return { message: input.key ? q.questionSaved : q.questionAdded };
});

export const moveQuestionAction = defineAction({ permission, schema: moveQuestionSchema }, async (input, actor) => {
  await moveDraftQuestion(actor, input);
  revalidatePath(PAGE);
  return { message: q.questionMoved };
});

export const retireQuestionAction = defineAction({ permission, schema: retireQuestionSchema }, async (input, actor) => {
  await retireDraftQuestion(actor, input);
  revalidatePath(PAGE);
  return { message: q.questionRetired };
});

export const publishDraftAction = defineAction({ permission, schema: publishDraftSchema }, async (input, actor) => {
  const { version } = await publishDraft(actor, input);
  // The visit forms read the current version on every render; the admin page lists it.
  revalidatePath(PAGE);
  revalidatePath("/households", "layout");
  redirect(`${PAGE}?done=published&version=${version}`);
});

export const discardDraftAction = defineAction({ permission, schema: discardDraftSchema }, async (input, actor) => {
  await discardDraft(actor, input);
  revalidatePath(PAGE);
  redirect(`${PAGE}?done=discarded`);
});
