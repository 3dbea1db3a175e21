"use server";
/** Server actions of the household register: thin, through the one wrapper (lib/action.ts). */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/action";
import { ceaseAssistanceSchema, createHouseholdSchema, revealPersonalSchema, revealSchema, updateHouseholdSchema } from "./schema";
import { ceaseAssistance, createHousehold, revealHouseholdPersonalData, revealIdNumber, updateHousehold } from "./commands";

export const createHouseholdAction = defineAction(
  { permission: "write:household", schema: createHouseholdSchema },
  async (input, actor) => {
    const household = await createHousehold(actor, input);
    revalidatePath("/households");
    redirect(`/households/${household.id}?saved=created`);
  },
);

export const updateHouseholdAction = defineAction(
  { permission: "write:household", schema: updateHouseholdSchema },
  async (input, actor) => {
    const household = await updateHousehold(actor, input);
    revalidatePath(`/households/${household.id}`);
    redirect(`/households/${household.id}?saved=updated`);
  },
);

export const revealIdNumberAction = defineAction(
  { permission: "reveal:id_number", schema: revealSchema },
  async ({ memberId }, actor) => ({ data: await revealIdNumber(actor, memberId) }),
);

export const revealHouseholdPersonalDataAction = defineAction(
  { permission: "reveal:personal", schema: revealPersonalSchema },
  async (input, actor) => {
    await revealHouseholdPersonalData(actor, input);
    const back = input.returnTo ?? `/households/${input.householdId}`;
    revalidatePath(back);
    redirect(back);
  },
);

export const ceaseAssistanceAction = defineAction(
  { permission: "cease:assistance", schema: ceaseAssistanceSchema },
  async (input, actor) => {
    await ceaseAssistance(actor, input);
    revalidatePath(`/households/${input.householdId}`);
    revalidatePath("/visits");
    redirect(`/households/${input.householdId}?saved=ceased`);
  },
);
