"use server";
/** Server actions of the funds: thin, through the one wrapper (lib/action.ts). */
import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/action";
import { format, t } from "@/lib/i18n";
import { reverseSchema, topUpSchema } from "./schema";
import { reverseFundEntry, topUpFund } from "./ledger";
import { formatYuan } from "./money";

export const topUpFundAction = defineAction(
  { permission: "manage:fund", schema: topUpSchema },
  async (input, actor) => {
    const entry = await topUpFund(actor, input);
    revalidatePath(`/funds/${entry.fundId}`);
    revalidatePath("/funds");
    return {
      message: format(t.funds.toppedUp, { amount: formatYuan(entry.amount), balance: formatYuan(entry.balanceAfter) }),
      // The form's key for the next top-up: this one is spent.
      data: { nextKey: randomUUID() as string },
    };
  },
);

export const reverseFundEntryAction = defineAction(
  { permission: "manage:fund", schema: reverseSchema },
  async (input, actor) => {
    const entry = await reverseFundEntry(actor, input);
    revalidatePath(`/funds/${entry.fundId}`);
    revalidatePath("/funds");
    // The reversed row stops being reversible (its form goes away): say so at the top of the ledger.
    redirect(`/funds/${entry.fundId}?reversed=${input.entryId}`);
  },
);
