/**
 * Input of the suspected-duplicate review (疑似重复), shared by the forms and the server.
 */
import { z, recordId, requiredText, optionalText } from "@/lib/validation";
import { t } from "@/lib/i18n";

const d = t.duplicates;

export const DUPLICATE_STATUSES = ["OPEN", "NOT_DUPLICATE", "MERGED"] as const;
export const DUPLICATE_REASONS = ["NAME_BIRTH", "PHONE", "ADDRESS"] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

export const duplicateSearchSchema = z.object({
  status: z.enum(DUPLICATE_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100000).catch(1),
});
export type DuplicateSearch = z.output<typeof duplicateSearchSchema>;

/** "Not a duplicate": a reason of at least 5 characters, so the decision can be checked later. */
export const notDuplicateSchema = z.object({
  pairId: recordId,
  version: recordId,
  reason: requiredText(500).refine((s) => s.length >= 5, { error: () => d.reasonShort }),
});
export type NotDuplicateInput = z.output<typeof notDuplicateSchema>;

/**
 * A merge names the household that survives, carries the versions of the pair and of both
 * households as the page showed them (a concurrent edit refuses the merge), and the confirmation
 * the page asks for — checked here too, so a page without the step cannot skip it.
 */
export const mergeSchema = z.object({
  pairId: recordId,
  version: recordId,
  survivorId: recordId,
  versionA: recordId,
  versionB: recordId,
  reason: optionalText(500),
  confirmed: z.literal("on", { error: () => d.mergeConfirmRequired }),
});
export type MergeInput = z.output<typeof mergeSchema>;
