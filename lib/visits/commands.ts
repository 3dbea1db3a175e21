/**
 * Logging a home visit (入户走访) with the problems found on it. Idempotent by a key the form
 * generates once: a retry on a bad village connection returns the visit already stored instead
 * of storing a second one.
 */
import "server-only";
import { db } from "@/lib/db/client";
import { asSystem } from "@/lib/db/scope";
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

export type LoggedVisit = { id: number; householdId: number; problemIds: number[]; replayed: boolean; leftArea: boolean };

/**
 * How old an offline phone's picture of its area may be: a visit is still taken for a household
 * that left the recorder's area at most this many days before the visit's date (decision 021).
 */
export const LEFT_AREA_GRACE_DAYS = 31;

const visitByKey = (key: string) => db.visit.findUnique({
  where: { idempotencyKey: key },
  select: { id: true, householdId: true, regionCode: true, recordedById: true, leftAreaFrom: true, problems: { select: { id: true } } },
});

async function findByKey(actor: Actor, key: string, acrossRegions: boolean): Promise<LoggedVisit | null> {
  // In the actor's own scope first (one query, no change of the connection's scope). Across
  // regions only after a unique violation on the key: the visit is then stored, perhaps against a
  // household that has left the actor's area (an offline visit's lost acknowledgement, sent again).
  const visit = (await visitByKey(key)) ?? (acrossRegions ? await asSystem(() => visitByKey(key)) : null);
  if (!visit) return null;
  // A key is not a way to read someone else's visit.
  if (!visit.regionCode.startsWith(actor.regionCode) && visit.recordedById !== actor.id) throw new NotFoundError(t.common.notFound);
  return { id: visit.id, householdId: visit.householdId, problemIds: visit.problems.map((p) => p.id), replayed: true, leftArea: visit.leftAreaFrom !== null };
}

/** A questionnaire version never changes once stored (a new one is a new version): read once per process. */
const templates = new Map<number, { version: number; questions: Question[] }>();
async function questionnaire(version: number) {
  const cached = templates.get(version);
  if (cached) return cached;
  const row = await db.questionnaireTemplate.findUnique({ where: { version }, select: { version: true, questions: true } });
  if (!row) return null;
  const template = { version: row.version, questions: row.questions as unknown as Question[] };
  templates.set(version, template);
  return template;
}

/**
 * A household outside the actor's area now that was in it within the grace period before the
 * visit's date (its recorded moves say so): the one case a visit crosses the region boundary.
 */
async function householdThatLeft(actor: Actor, householdId: number, visitedOn: string) {
  const since = dateFromIso(visitedOn);
  since.setUTCDate(since.getUTCDate() - LEFT_AREA_GRACE_DAYS);
  return asSystem(async () => {
    const move = await db.householdMove.findFirst({
      where: { householdId, fromRegion: { startsWith: actor.regionCode }, movedAt: { gte: since } },
      select: { id: true },
    });
    if (!move) return null;
    return db.household.findUnique({ where: { id: householdId }, select: { id: true, regionCode: true } });
  });
}

/**
 * `offline`: the visit comes from a phone's queue (lib/visits/sync.ts). A household that has left
 * the caseworker's area since the phone last saw it still takes the visit — stored against the
 * household in its new region, flagged for that region's supervisor — rather than losing it.
 */
export async function logHomeVisit(actor: Actor, input: LogVisitInput, opts: { offline?: boolean } = {}): Promise<LoggedVisit> {
  requirePermission(actor, "log:visit");
  const replay = await findByKey(actor, input.idempotencyKey, false);
  if (replay) return replay;

  let household = await db.household.findFirst({
    where: { id: input.householdId, ...inScope(actor) },
    select: { id: true, regionCode: true },
  });
  let leftAreaFrom: string | null = null;
  if (!household && opts.offline) {
    household = await householdThatLeft(actor, input.householdId, input.visitedOn);
    if (household) leftAreaFrom = actor.regionCode;
  }
  if (!household) throw new NotFoundError(t.common.notFound);
  const target = household;

  const template = await questionnaire(input.questionnaireVersion);
  if (!template) throw new DomainError(t.common.invalidInput, { questionnaireVersion: [t.validation.invalidChoice] });
  const answers = answersSchema(template.questions, {
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

  // A household that left the area is written in its new region, outside the actor's own scope.
  const write = () => db.$transaction(async (tx) => {
      const visit = await tx.visit.create({
        data: {
          householdId: target.id,
          regionCode: target.regionCode,
          visitedOn: dateFromIso(input.visitedOn),
          visitors: input.visitors,
          peopleMet: input.peopleMet,
          questionnaireVersion: template.version,
          answers: answers.data as Prisma.InputJsonValue,
          findings: input.findings,
          idempotencyKey: input.idempotencyKey,
          recordedById: actor.id,
          leftAreaFrom,
        },
        select: { id: true },
      });
      // One statement for all the visit's problems: fewer round trips while the transaction holds its connection.
      const problemIds = input.problems.length === 0 ? [] : (await tx.problem.createManyAndReturn({
        data: input.problems.map((p) => ({
          householdId: target.id,
          visitId: visit.id,
          regionCode: target.regionCode,
          source: "VISIT" as const,
          category: p.category,
          description: p.description,
          urgency: p.urgency,
          foundOn: dateFromIso(input.visitedOn),
          dueOn: dueOnFor(input.visitedOn, p.urgency),
          createdById: actor.id,
        })),
        select: { id: true },
      })).map((p) => p.id);
      await writeAudit(tx, actor, {
        action: "visit.log",
        entity: "visit",
        entityId: visit.id,
        regionCode: target.regionCode,
        after: { ...input, answers: answers.data, visitId: visit.id, problemIds, ...(leftAreaFrom ? { leftAreaFrom } : {}) },
      });
      return { id: visit.id, householdId: target.id, problemIds, replayed: false, leftArea: leftAreaFrom !== null };
    });
  try {
    return await (leftAreaFrom ? asSystem(write) : write());
  } catch (error) {
    // Two submissions with one key raced: the loser returns the winner's visit.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const winner = await findByKey(actor, input.idempotencyKey, true);
      if (winner) return winner;
    }
    throw error;
  }
}

/**
 * The household's supervisor has looked at a visit synced after the household left the
 * recorder's area (decision 021) and takes it as part of the record: the flag is cleared, once.
 */
export async function confirmLeftAreaVisit(actor: Actor, visitId: number) {
  requirePermission(actor, "review:visit");
  return db.$transaction(async (tx) => {
    const visit = await tx.visit.findFirst({
      where: { id: visitId, ...inScope(actor), leftAreaFrom: { not: null } },
      select: { id: true, regionCode: true, flagReviewedAt: true, leftAreaFrom: true },
    });
    if (!visit) throw new NotFoundError(t.common.notFound);
    // Guarded by its own transition: only an unreviewed flag is cleared (two supervisors, one review).
    const { count } = await tx.visit.updateMany({ where: { id: visitId, flagReviewedAt: null }, data: { flagReviewedAt: new Date(), flagReviewedById: actor.id } });
    if (count === 0) throw new DomainError(t.roster.leftAreaAlreadyReviewed);
    await writeAudit(tx, actor, {
      action: "visit.left_area_review",
      entity: "visit",
      entityId: visit.id,
      regionCode: visit.regionCode,
      after: { leftAreaFrom: visit.leftAreaFrom },
    });
    return { id: visit.id };
  });
}
