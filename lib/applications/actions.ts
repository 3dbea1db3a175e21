"use server";
/** Server actions of the 审核确认 procedure: thin, through the one wrapper (lib/action.ts). */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/action";
import {
  advanceSchema, confirmationSchema, documentSchema, economicCheckSchema, objectionSchema, openApplicationSchema, proposalSchema, publicitySchema, waiveSchema,
} from "./schema";
import {
  confirmApplication, extendDeadline, payApplicationAdvance, startCountyPublicity, openApplication, proposeDecision, receiveDocument, recordEconomicCheck, recordObjection, startPublicity, waiveDocument,
} from "./commands";

const done = (id: number, saved: string) => {
  revalidatePath("/applications");
  revalidatePath(`/applications/${id}`);
  redirect(`/applications/${id}?saved=${saved}`);
};

export const openApplicationAction = defineAction({ permission: "open:application", schema: openApplicationSchema }, async (input, actor) => {
  const application = await openApplication(actor, input);
  revalidatePath(`/households/${input.householdId}`);
  done(application.id, "opened");
});

export const receiveDocumentAction = defineAction({ permission: "open:application", schema: documentSchema }, async (input, actor) => {
  await receiveDocument(actor, input);
  done(input.applicationId, "received");
});

export const waiveDocumentAction = defineAction({ permission: "waive:document", schema: waiveSchema }, async (input, actor) => {
  await waiveDocument(actor, input);
  done(input.applicationId, "waived");
});

export const economicCheckAction = defineAction({ permission: "open:application", schema: economicCheckSchema }, async (input, actor) => {
  await recordEconomicCheck(actor, input);
  done(input.applicationId, "checked");
});

export const proposalAction = defineAction({ permission: "review:application", schema: proposalSchema }, async (input, actor) => {
  await proposeDecision(actor, input);
  done(input.applicationId, "proposed");
});

export const startPublicityAction = defineAction({ permission: "review:application", schema: publicitySchema }, async (input, actor) => {
  await startPublicity(actor, input);
  done(input.applicationId, "publicity");
});

export const objectionAction = defineAction({ permission: "review:application", schema: objectionSchema }, async (input, actor) => {
  await recordObjection(actor, input);
  done(input.applicationId, "objection");
});

export const confirmationAction = defineAction({ permission: "confirm:application", schema: confirmationSchema }, async (input, actor) => {
  await confirmApplication(actor, input);
  revalidatePath("/visits");
  done(input.applicationId, input.decision === "APPROVE" ? "approved" : "refused");
});

export const extendDeadlineAction = defineAction({ permission: "waive:document", schema: publicitySchema }, async (input, actor) => {
  await extendDeadline(actor, input);
  done(input.applicationId, "extended");
});

export const startCountyPublicityAction = defineAction({ permission: "confirm:application", schema: publicitySchema }, async (input, actor) => {
  await startCountyPublicity(actor, input);
  done(input.applicationId, "countyPublicity");
});

export const applicationAdvanceAction = defineAction({ permission: "grant:aid", schema: advanceSchema }, async (input, actor) => {
  await payApplicationAdvance(actor, input);
  revalidatePath("/funds");
  done(input.applicationId, "advance");
});
