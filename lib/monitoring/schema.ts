/** Input of dynamic monitoring: the re-assessment that closes an alert, and the list's search. */
import { z, recordId, choice, optionalText } from "@/lib/validation";
import { t } from "@/lib/i18n";
import { CATEGORIES } from "@/lib/households/schema";

export const ALERT_KINDS = ["MISSED_VISITS", "INCOME_CHANGE", "TURNS_18", "TURNS_75", "NEW_FLAG", "MEMBER_LEFT"] as const;
/** Every outcome an alert may have been closed with (CATEGORY_CHANGE: before issue 15, history only). */
export const OUTCOMES = ["NEW_APPLICATION", "CATEGORY_CHANGE", "NO_CHANGE"] as const;
/**
 * What a re-assessment may conclude now. A category is no longer changed by closing an alert: it
 * comes from a new application's confirmation, or from a supervisor's cessation (停保).
 */
export const CLOSING_OUTCOMES = ["NEW_APPLICATION", "NO_CHANGE"] as const;

export const closeAlertSchema = z
  .object({
    alertId: recordId,
    outcome: choice(OUTCOMES),
    reason: optionalText(1000),
    // Still parsed, never applied: closeAlert refuses (and audits) a close that tries to set it.
    newCategory: z.enum(CATEGORIES, { error: () => t.validation.invalidChoice }).optional().or(z.literal("").transform(() => undefined)),
  })
  .superRefine((s, ctx) => {
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
