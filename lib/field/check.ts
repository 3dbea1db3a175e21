/**
 * A visit checked on the phone as the server will check it (the form's zod schema and the
 * questionnaire's answers), so what goes into the outbox is what the sync endpoint accepts —
 * short of what only the server knows (the household's region, the date by its clock).
 */
import { logVisitSchema } from "@/lib/visits/schema";
import { answersSchema, type Question } from "@/lib/visits/questionnaire";
import { zodFieldErrors } from "@/lib/validation";
import { format, t } from "@/lib/i18n";
import type { VisitPayload } from "./store";

export function checkVisit(raw: Record<string, unknown>, questions: Question[]): { payload: VisitPayload } | { errors: Record<string, string[]> } {
  const parsed = logVisitSchema.safeParse(raw);
  const answers = answersSchema(questions, {
    required: t.validation.required,
    invalidChoice: t.validation.invalidChoice,
    tooLong: (max) => format(t.validation.tooLong, { max }),
  }).safeParse(raw.answers ?? {});
  const errors: Record<string, string[]> = parsed.success ? {} : zodFieldErrors(parsed.error);
  if (!answers.success) for (const [k, msgs] of Object.entries(zodFieldErrors(answers.error))) errors[`answers.${k}`] = msgs;
  if (!parsed.success || !answers.success) return { errors };
  const d = parsed.data;
  return {
    payload: {
      householdId: d.householdId,
      idempotencyKey: d.idempotencyKey,
      questionnaireVersion: d.questionnaireVersion,
      visitedOn: d.visitedOn,
      visitors: d.visitors,
      peopleMet: d.peopleMet,
      answers: answers.data as Record<string, string>,
      ...(d.findings ? { findings: d.findings } : {}),
      problems: d.problems,
    },
  };
}
