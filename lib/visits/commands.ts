/**
 * Logging a home visit (入户走访) with the problems found on it. Idempotent by a key the form
 * generates once: a retry on a bad village connection returns the visit already stored instead
 * of storing a second one.
 */
import "server-only";
import { db } from "@/lib/db/client";
import { asSystem } from "@/lib/db/scope";
import { inScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/write";
import { DomainError, NotFoundError } from "@/lib/errors";
import { dateFromIso, isoFromDate } from "@/lib/dates";
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

  const write = (leftAreaFrom: string | null) => storeVisit(actor, input, answers.data, template.version, leftAreaFrom);
  // The common case in one statement: the household read under the actor's scope, so a household
  // outside it stores nothing, and a key already taken stores nothing either (ON CONFLICT).
  const stored = await write(null);
  if (stored) return stored;
  const replay = await findByKey(actor, input.idempotencyKey, true);
  if (replay) return replay;
  if (opts.offline) {
    const left = await householdThatLeft(actor, input.householdId, input.visitedOn);
    // A household that left the area is written in its new region, outside the actor's own scope.
    if (left) {
      const moved = await asSystem(() => write(actor.regionCode));
      if (moved) return moved;
      const raced = await findByKey(actor, input.idempotencyKey, true);
      if (raced) return raced;
    }
  }
  throw new NotFoundError(t.common.notFound);
}

/**
 * The visit, its problems and its audit row in one data-modifying statement: one round trip, in
 * its own implicit transaction, so the roll-up rows its triggers lock are held for the statement
 * alone rather than across five round trips of an interactive transaction while Node renders
 * other requests (issue 14: 100 phones at once queued behind those locks). Nothing is written
 * when the household is not visible in the current scope or the key is already taken (a replay,
 * or a concurrent twin: ON CONFLICT waits for it and then writes nothing). Returns null then.
 */
async function storeVisit(actor: Actor, input: LogVisitInput, answers: Record<string, unknown>, version: number, leftAreaFrom: string | null): Promise<LoggedVisit | null> {
  const problems = input.problems.map((p) => ({
    category: p.category,
    description: p.description,
    urgency: p.urgency,
    due_on: isoFromDate(dueOnFor(input.visitedOn, p.urgency)),
  }));
  const after = { ...input, answers, ...(leftAreaFrom ? { leftAreaFrom } : {}) };
  // Row-level security bounds the household by the connection's scope; the actor's region bounds it
  // again here, except for a household that left the area (checked by householdThatLeft first).
  const within = leftAreaFrom ? "" : actor.regionCode;
  const rows = await db.$queryRaw<{ id: number; household_id: number; problem_ids: number[] }[]>`
    WITH h AS (
      SELECT id, region_code FROM household
      WHERE id = ${input.householdId} AND region_code LIKE ${within} || '%'
    ), v AS (
      INSERT INTO visit (household_id, region_code, visited_on, visitors, people_met, questionnaire_version, answers, findings, idempotency_key, recorded_by_id, left_area_from)
      SELECT h.id, h.region_code, ${input.visitedOn}::date, ${input.visitors}, ${input.peopleMet}, ${version}::int,
             ${JSON.stringify(answers)}::jsonb, ${input.findings ?? null}, ${input.idempotencyKey}::uuid, ${actor.id}::int, ${leftAreaFrom}
      FROM h
      ON CONFLICT (idempotency_key) DO NOTHING
      RETURNING id, household_id, region_code
    ), p AS (
      INSERT INTO problem (household_id, visit_id, region_code, source, category, description, urgency, found_on, due_on, created_by_id)
      SELECT v.household_id, v.id, v.region_code, 'VISIT', x.category::problem_category, x.description, x.urgency::urgency,
             ${input.visitedOn}::date, x.due_on, ${actor.id}::int
      FROM v, ROWS FROM (jsonb_to_recordset(${JSON.stringify(problems)}::jsonb) AS (category text, description text, urgency text, due_on date))
             WITH ORDINALITY AS x(category, description, urgency, due_on, n)
      ORDER BY x.n
      RETURNING id
    ), a AS (
      INSERT INTO audit_log (actor_id, action, entity, entity_id, region_code, after)
      SELECT ${actor.id}::int, 'visit.log', 'visit', v.id::text, v.region_code,
             ${JSON.stringify(after)}::jsonb || jsonb_build_object('visitId', v.id, 'problemIds', (SELECT coalesce(jsonb_agg(id ORDER BY id), '[]'::jsonb) FROM p))
      FROM v
    )
    SELECT v.id, v.household_id, coalesce((SELECT array_agg(id ORDER BY id) FROM p), '{}') AS problem_ids FROM v`;
  const row = rows[0];
  if (!row) return null;
  return { id: row.id, householdId: row.household_id, problemIds: row.problem_ids, replayed: false, leftArea: leftAreaFrom !== null };
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
