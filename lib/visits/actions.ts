"use server";
/** Server actions for home visits: thin, through the one wrapper (lib/action.ts). */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/action";
import { leftAreaReviewSchema, logVisitSchema } from "./schema";
import { confirmLeftAreaVisit, logHomeVisit } from "./commands";
import { t } from "@/lib/i18n";

export const logHomeVisitAction = defineAction(
  { permission: "log:visit", schema: logVisitSchema },
  async (input, actor) => {
    const visit = await logHomeVisit(actor, input);
    revalidatePath("/visits");
    revalidatePath(`/households/${visit.householdId}`);
    redirect(`/households/${visit.householdId}?saved=visit&problems=${visit.problemIds.length}`);
  },
);

export const confirmLeftAreaVisitAction = defineAction(
  { permission: "review:visit", schema: leftAreaReviewSchema },
  async (input, actor) => {
    await confirmLeftAreaVisit(actor, input.id);
    revalidatePath("/visits");
    return { message: t.roster.leftAreaReviewed };
  },
);
