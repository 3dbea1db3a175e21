"use server";
/** Server actions for temporary aid: thin, through the one wrapper (lib/action.ts). */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/action";
import { t } from "@/lib/i18n";
import { grantAidSchema, paperworkSchema, signOffSchema } from "./schema";
import { grantAid, recordPaperwork, signOffAid } from "./commands";

export const grantAidAction = defineAction({ permission: "grant:aid", schema: grantAidSchema }, async (input, actor) => {
  const aidCase = await grantAid(actor, input);
  revalidatePath("/problems");
  redirect(`/problems/${input.problemId}?saved=${aidCase.status === "PAID" ? "advance" : "proposed"}`);
});

export const signOffAidAction = defineAction({ permission: "signoff:aid", schema: signOffSchema }, async (input, actor) => {
  await signOffAid(actor, input);
  revalidatePath("/aid");
  redirect(`/aid?saved=${input.decision === "APPROVE" ? "approved" : "rejected"}`);
});

export const recordPaperworkAction = defineAction({ permission: "grant:aid", schema: paperworkSchema }, async (input, actor) => {
  await recordPaperwork(actor, input);
  revalidatePath("/aid");
  return { message: t.aid.paperworkDone };
});
