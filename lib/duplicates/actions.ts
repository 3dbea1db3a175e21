"use server";
/** Server actions of the suspected-duplicate review: thin, through the one wrapper (lib/action.ts). */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/action";
import { mergeSchema, notDuplicateSchema } from "./schema";
import { markNotDuplicate, mergeHouseholds } from "./commands";

export const markNotDuplicateAction = defineAction(
  { permission: "review:duplicates", schema: notDuplicateSchema },
  async (input, actor) => {
    await markNotDuplicate(actor, input);
    revalidatePath("/households/duplicates");
    redirect(`/households/duplicates?saved=not_duplicate`);
  },
);

export const mergeHouseholdsAction = defineAction(
  { permission: "review:duplicates", schema: mergeSchema },
  async (input, actor) => {
    const { survivorId } = await mergeHouseholds(actor, input);
    revalidatePath("/households/duplicates");
    revalidatePath(`/households/${survivorId}`);
    redirect(`/households/${survivorId}?saved=merged`);
  },
);
