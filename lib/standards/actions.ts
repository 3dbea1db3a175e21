"use server";
/** Server actions of the assistance standards: thin, through the one wrapper (lib/action.ts). */
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/action";
import { formatAmount } from "@/lib/funds/money";
import { format, t } from "@/lib/i18n";
import { addStandardSchema } from "./schema";
import { addStandard } from "./commands";

const s = t.standards;

export const addStandardAction = defineAction(
  { permission: "manage:standard", schema: addStandardSchema },
  async (input, actor) => {
    const added = await addStandard(actor, input);
    revalidatePath("/admin/standards");
    const names = { city: added.cityName, area: s.areas[added.area], type: s.types[added.type], amount: formatAmount(added.monthlyAmount), from: added.effectiveFrom };
    return {
      message: added.closed
        ? format(s.addedClosing, { ...names, previous: formatAmount(added.closed.monthlyAmount), lastDay: added.closed.lastDay })
        : format(s.added, names),
    };
  },
);
