/**
 * Logging a home visit (入户走访) with the problems found on it. Idempotent by a key the form
 * generates once: a retry on a bad village connection returns the visit already stored instead
 * of storing a second one.
 */
import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { inScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/write";
import { DomainError, NotFoundError } from "@/lib/errors";
import { dateFromIso } from "@/lib/dates";
import { format, t } from "@/lib/i18n";
import { zodFieldErrors } from "@/lib/validation";
import { answersSchema, type Question } from "./questionnaire";
import type { LogVisitInput } from "./schema";
import { dueOnFor } from "@/lib/problems/rules";

export type LoggedVisit = { id: number; householdId: number; problemIds: number[]; replayed: boolean };

async function findByKey(actor: Actor, key: string): Promise<LoggedVisit | null> {
  const visit = await db.visit.findUnique({
    where: { idempotencyKey: key },
    select: { id: true, householdId: true, regionCode: true, problems: { select: { id: true } } },
  });
  if (!visit) return null;
  // A key is not a way to read someone else's visit.
  if (!visit.regionCode.startsWith(actor.regionCode)) throw new NotFoundError(t.common.notFound);
  return { id: visit.id, householdId: visit.householdId, problemIds: visit.problems.map((p) => p.id), replayed: true };
}

export async function logHomeVisit(actor: Actor, input: LogVisitInput): Promise<LoggedVisit> {
  requirePermission(actor, "log:visit");
  const replay = await findByKey(actor, input.idempotencyKey);
  if (replay) return replay;

  const household = await db.household.findFirst({
    where: { id: input.householdId, ...inScope(actor) },
    select: { id: true, regionCode: true },
  });
  if (!household) throw new NotFoundError(t.common.notFound);

  const template = await db.questionnaireTemplate.findUnique({ where: { version: input.questionnaireVersion } });
  if (!template) throw new DomainError(t.common.invalidInput, { questionnaireVersion: [t.validation.invalidChoice] });
  const answers = answersSchema(template.questions as unknown as Question[], {
    required: t.validation.required,
    invalidChoice: t.validation.invalidChoice,
    tooLong: (max) => format(t.validation.tooLong, { max }),
  }).safeParse(input.answers);
  if (!answers.success) {
    const fieldErrors = Object.fromEntries(
      Object.entries(zodFieldErrors(answers.error)).map(([k, msgs]) => [`answers.${k}`, msgs]),
    );
    throw new DomainError(t.common.invalidInput, fieldErrors);
  }

  try {
    return await db.$transaction(async (tx) => {
      const visit = await tx.visit.create({
        data: {
          householdId: household.id,
          regionCode: household.regionCode,
          visitedOn: dateFromIso(input.visitedOn),
          visitors: input.visitors,
          peopleMet: input.peopleMet,
          questionnaireVersion: template.version,
          answers: answers.data as Prisma.InputJsonValue,
          findings: input.findings,
          idempotencyKey: input.idempotencyKey,
          recordedById: actor.id,
        },
        select: { id: true },
      });
      const problemIds: number[] = [];
      for (const p of input.problems) {
        const problem = await tx.problem.create({
          data: {
            householdId: household.id,
            visitId: visit.id,
            regionCode: household.regionCode,
            source: "VISIT",
            category: p.category,
            description: p.description,
            urgency: p.urgency,
            foundOn: dateFromIso(input.visitedOn),
            dueOn: dueOnFor(input.visitedOn, p.urgency),
            createdById: actor.id,
          },
          select: { id: true },
        });
        problemIds.push(problem.id);
      }
      await writeAudit(tx, actor, {
        action: "visit.log",
        entity: "visit",
        entityId: visit.id,
        regionCode: household.regionCode,
        after: { ...input, answers: answers.data, visitId: visit.id, problemIds },
      });
      return { id: visit.id, householdId: household.id, problemIds, replayed: false };
    });
  } catch (error) {
    // Two submissions with one key raced: the loser returns the winner's visit.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const winner = await findByKey(actor, input.idempotencyKey);
      if (winner) return winner;
    }
    throw error;
  }
}
