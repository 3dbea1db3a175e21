/**
 * Input of the questionnaire editor (/admin/questionnaire, decision 029). Every edit names the
 * draft's revision it was made on, so two administrators at once cannot overwrite each other.
 * Question keys and option values are the editor's own (generated, never typed): a reworded
 * question or option keeps its key/value, so answers stay comparable across versions.
 */
import { z, requiredText, recordId, checkbox, choice } from "@/lib/validation";
import { format, t } from "@/lib/i18n";

const q = t.questionnaire;

/** A question's key or an option's value as stored: letters and digits, as the seed's are. */
const storedKey = z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/, { error: () => t.input.badFormat });

export const QUESTION_KINDS = ["choice", "yesno", "text"] as const;
/** Most questions one version has (the campaign's has ten). */
export const MAX_QUESTIONS = 40;
/** Most options one choice question has. */
export const MAX_OPTIONS = 12;
/** Blank option rows the form offers for new options. */
export const NEW_OPTION_ROWS = 3;

const optionRow = z.object({
  value: z.union([storedKey, z.literal("")]).optional().transform((v) => v || undefined),
  // Blank: the option is removed (an existing one) or not added (a new row).
  label: z.string().trim().max(50, { error: () => format(t.validation.tooLong, { max: 50 }) }).default(""),
});

const revision = { revision: recordId };

export const startDraftSchema = z.object({});

/** Add (no `key`) or reword (with `key`) one question of the draft. */
export const saveQuestionSchema = z.object({
  ...revision,
  key: storedKey.optional().or(z.literal("").transform(() => undefined)),
  label: requiredText(100),
  kind: choice(QUESTION_KINDS).default("choice"),
  required: checkbox,
  options: z.array(optionRow).max(MAX_OPTIONS + NEW_OPTION_ROWS).default([]),
}).superRefine((input, ctx) => {
  if (input.kind !== "choice") return;
  const labels = input.options.map((o) => o.label).filter(Boolean);
  if (labels.length < 2) ctx.addIssue({ code: "custom", path: ["options"], message: q.tooFewOptions });
  if (labels.length > MAX_OPTIONS) ctx.addIssue({ code: "custom", path: ["options"], message: format(t.input.tooManyItems, { max: MAX_OPTIONS }) });
  if (new Set(labels).size !== labels.length) ctx.addIssue({ code: "custom", path: ["options"], message: q.duplicateOption });
});
export type SaveQuestionInput = z.output<typeof saveQuestionSchema>;

export const moveQuestionSchema = z.object({ ...revision, key: storedKey, direction: choice(["up", "down"] as const) });
export const retireQuestionSchema = z.object({ ...revision, key: storedKey });
export const publishDraftSchema = z.object({ ...revision });
export const discardDraftSchema = z.object({ ...revision });
