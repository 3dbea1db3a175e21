/** Input of dynamic monitoring: the re-assessment that closes an alert, and the list's search. */
import { z, recordId, choice, optionalText } from "@/lib/validation";
import { t } from "@/lib/i18n";
import { CATEGORIES } from "@/lib/households/schema";

export const ALERT_KINDS = ["MISSED_VISITS", "INCOME_CHANGE", "TURNS_18", "TURNS_75", "NEW_FLAG", "MEMBER_LEFT"] as const;
export const OUTCOMES = ["NEW_APPLICATION", "CATEGORY_CHANGE", "NO_CHANGE"] as const;

export const closeAlertSchema = z
  .object({
    alertId: recordId,
    outcome: choice(OUTCOMES),
    reason: optionalText(1000),
    newCategory: z.enum(CATEGORIES, { error: t.validation.invalidChoice }).optional().or(z.literal("").transform(() => undefined)),
  })
  .superRefine((s, ctx) => {
    if (s.outcome === "CATEGORY_CHANGE" && !s.newCategory) ctx.addIssue({ code: "custom", path: ["newCategory"], message: t.validation.required });
    // Deciding that nothing changes is the outcome that most needs its why on record.
    if (s.outcome === "NO_CHANGE" && !s.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: t.monitoring.reasonRequired });
  });
export type CloseAlertInput = z.output<typeof closeAlertSchema>;

export const alertSearchSchema = z.object({
  tab: z.enum(["open", "closed"]).catch("open"),
  kind: z.enum(ALERT_KINDS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100000).catch(1),
});
export type AlertSearch = z.output<typeof alertSearchSchema>;
