"use server";
/** Server actions of the policy and resource libraries: thin, through the one wrapper (lib/action.ts). */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/action";
import { t } from "@/lib/i18n";
import { offerSchema, policySchema, resourceSchema, updateOfferSchema } from "./schema";
import { recordOffer, savePolicy, saveResource, updateOffer } from "./commands";

export const recordOfferAction = defineAction({ permission: "offer:policy", schema: offerSchema }, async (input, actor) => {
  const offer = await recordOffer(actor, input);
  revalidatePath(`/households/${offer.householdId}`);
  return { message: t.policies.offerSaved };
});

export const updateOfferAction = defineAction({ permission: "offer:policy", schema: updateOfferSchema }, async (input, actor) => {
  const offer = await updateOffer(actor, input);
  revalidatePath(`/households/${offer.householdId}`);
  return { message: t.policies.offerUpdated };
});

export const savePolicyAction = defineAction({ permission: "manage:policy", schema: policySchema }, async (input, actor) => {
  await savePolicy(actor, input);
  revalidatePath("/admin/policies");
  redirect("/admin/policies?saved=1");
});

export const saveResourceAction = defineAction({ permission: "manage:policy", schema: resourceSchema }, async (input, actor) => {
  await saveResource(actor, input);
  revalidatePath("/admin/policies");
  redirect("/admin/policies?saved=1");
});
