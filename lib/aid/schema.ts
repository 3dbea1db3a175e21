/** Temporary aid (临时救助) input: a grant (advance or case conference) and the county sign-off. */
import { z, pastDate, recordId, requiredText, optionalText } from "@/lib/validation";
import { t } from "@/lib/i18n";
import { amountSchema } from "@/lib/funds/schema";

const v = t.validation;
const text = requiredText;

export const grantAidSchema = z.object({
  problemId: recordId,
  version: recordId,
  kind: z.enum(["EMERGENCY", "EXPENDITURE"], { error: (i) => (i.input ? v.invalidChoice : v.required) }),
  amount: amountSchema,
  reason: text(2000),
  /** 一事一议: required above the small-amount cap or for spending-type aid (checked by the command). */
  conferenceOn: pastDate().optional().or(z.literal("").transform(() => undefined)).transform((s) => s ?? null),
  participants: optionalText(500),
  minutes: optionalText(4000),
});
export type GrantAidInput = z.output<typeof grantAidSchema>;

export const signOffSchema = z.object({
  aidCaseId: recordId,
  version: recordId,
  decision: z.enum(["APPROVE", "REJECT"], { error: () => v.required }),
  note: optionalText(1000),
});
export type SignOffInput = z.output<typeof signOffSchema>;

export const paperworkSchema = z.object({
  aidCaseId: recordId,
  version: recordId,
});
