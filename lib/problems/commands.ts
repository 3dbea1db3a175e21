/**
 * Problems: recording one outside a visit (household page, grid worker, hotline), tier 1 —
 * resolved at once by civil affairs — and the seed's supporting actions (labour-capacity
 * assessment, recognising a de facto unsupported child, a matched volunteer), which attach to a
 * problem without changing its tier. Tiers 2 and 3 live in lib/transfers and lib/aid.
 */
import "server-only";
import { db } from "@/lib/db/client";
import { inScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/write";
import { DomainError, NotFoundError } from "@/lib/errors";
import { ageOn, dateFromIso, isoFromDate, todayInChina } from "@/lib/dates";
import { t } from "@/lib/i18n";
import { dueOnFor } from "./rules";
import { assertNotResolved, markResolved, problemInScope } from "./resolution";
import type { RecordProblemInput, ResolveImmediatelyInput, SupportActionInput } from "./schema";

export async function recordProblem(actor: Actor, input: RecordProblemInput) {
  requirePermission(actor, "record:problem");
  return db.$transaction(async (tx) => {
    const household = await tx.household.findFirst({ where: { id: input.householdId, ...inScope(actor) }, select: { id: true, regionCode: true } });
    if (!household) throw new NotFoundError(t.common.notFound);
    const problem = await tx.problem.create({
      data: {
        householdId: household.id,
        regionCode: household.regionCode,
        source: input.source,
        reporter: input.reporter,
        category: input.category,
        description: input.description,
        urgency: input.urgency,
        foundOn: dateFromIso(input.foundOn),
        dueOn: dueOnFor(input.foundOn, input.urgency),
        createdById: actor.id,
      },
    });
    await writeAudit(tx, actor, { action: "problem.record", entity: "problem", entityId: problem.id, regionCode: problem.regionCode, after: problem });
    return problem;
  });
}

/** Tier 1: civil affairs solved it on the spot; what was done closes the problem. */
export async function resolveImmediately(actor: Actor, input: ResolveImmediatelyInput) {
  requirePermission(actor, "resolve:problem");
  return db.$transaction(async (tx) => {
    const problem = await problemInScope(tx, actor, input.problemId);
    assertNotResolved(problem);
    if (problem.status !== "OPEN") throw new DomainError(t.problems.notOpen);
    const resolved = await markResolved(tx, actor, { ...problem, version: input.version }, {
      from: ["OPEN"],
      tier: "IMMEDIATE",
      resolution: input.resolution,
      resolvedOn: todayInChina(),
    });
    await writeAudit(tx, actor, {
      action: "problem.resolve_immediately",
      entity: "problem",
      entityId: problem.id,
      regionCode: problem.regionCode,
      before: { status: problem.status },
      after: { status: "RESOLVED", tier: "IMMEDIATE", resolution: input.resolution },
    });
    return resolved;
  });
}

/**
 * A supporting action. Recording an assessment result or recognising an unsupported child also
 * updates the member's record (the household register is where later rules read them).
 */
export async function addSupportAction(actor: Actor, input: SupportActionInput) {
  requirePermission(actor, "resolve:problem");
  return db.$transaction(async (tx) => {
    const problem = await problemInScope(tx, actor, input.problemId);
    const member = input.memberId
      ? await tx.member.findFirst({
          where: { id: input.memberId, householdId: problem.householdId },
          select: { id: true, name: true, birthDate: true, labourCapacity: true, unsupportedChild: true },
        })
      : null;
    if (input.memberId && !member) throw new NotFoundError(t.common.notFound);
    if (input.kind === "UNSUPPORTED_CHILD" && member && ageOn(isoFromDate(member.birthDate), todayInChina()) >= 18) {
      throw new DomainError(t.common.invalidInput, { memberId: [t.problems.notChild] });
    }
    const action = await tx.supportAction.create({
      data: {
        problemId: problem.id,
        regionCode: problem.regionCode,
        kind: input.kind,
        memberId: member?.id ?? null,
        detail: input.detail,
        labourCapacity: input.kind === "LABOUR_ASSESSMENT_RECORDED" ? input.labourCapacity : null,
        createdById: actor.id,
      },
    });
    if (member && input.kind === "LABOUR_ASSESSMENT_RECORDED") {
      await tx.member.update({ where: { id: member.id }, data: { labourCapacity: input.labourCapacity } });
    }
    if (member && input.kind === "UNSUPPORTED_CHILD") {
      await tx.member.update({ where: { id: member.id }, data: { unsupportedChild: true } });
    }
    await writeAudit(tx, actor, {
      action: "problem.support_action",
      entity: "support_action",
      entityId: action.id,
      regionCode: problem.regionCode,
      before: member ? { memberId: member.id, labourCapacity: member.labourCapacity, unsupportedChild: member.unsupportedChild } : null,
      after: action,
    });
    return action;
  });
}
