/**
 * Tier 2 writes: a caseworker transfers an open problem to another department (转交); the
 * department — or the caseworker on its behalf — accepts it (受理) and answers (答复): resolved,
 * which resolves the problem in tier TRANSFER, or returned, which reopens it for another tier.
 * Each command checks permission and scope itself, guards its transition with a version check,
 * and writes its audit row in the same transaction. Problem status changes only through
 * lib/problems/resolution.ts.
 */
import "server-only";
import { db, type Tx } from "@/lib/db/client";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/write";
import { ConflictError, DomainError, NotFoundError } from "@/lib/errors";
import { dateFromIso, isoFromDate, todayInChina } from "@/lib/dates";
import { t } from "@/lib/i18n";
import { assertNotResolved, markResolved, problemInScope, setProblemStatus } from "@/lib/problems/resolution";
import type { TransferStatus } from "@/lib/generated/prisma/enums";
import { OPEN_TRANSFER_STATUSES, type AcceptTransferInput, type AnswerTransferInput, type TransferProblemInput } from "./schema";
import { transferScope } from "./queries";

const tt = t.transfers;

const snapshotSelect = {
  id: true,
  problemId: true,
  regionCode: true,
  departmentCode: true,
  request: true,
  dueOn: true,
  status: true,
  answer: true,
  answeredById: true,
  answeredAt: true,
  version: true,
} as const;

/** The transfer, if this actor may see it (their region; a department user: also their department). */
async function transferInScope(tx: Tx, actor: Actor, transferId: number) {
  const transfer = await tx.transfer.findFirst({ where: { AND: [{ id: transferId }, transferScope(actor)] }, select: snapshotSelect });
  if (!transfer) throw new NotFoundError(t.common.notFound);
  return transfer;
}

function isOpen(status: TransferStatus) {
  return (OPEN_TRANSFER_STATUSES as readonly TransferStatus[]).includes(status);
}

/**
 * Send an open problem to a department with a request and a due date. The problem becomes
 * TRANSFERRED until the department answers; only one transfer of a problem is open at a time.
 */
export async function transferProblem(actor: Actor, input: TransferProblemInput, today: string = todayInChina()) {
  requirePermission(actor, "transfer:problem");
  // The form's schema says so too; the command keeps its own rule for every other caller.
  if (input.dueOn < today) throw new DomainError(tt.dueInPast, { dueOn: [tt.dueInPast] });
  return db.$transaction(async (tx) => {
    const problem = await problemInScope(tx, actor, input.problemId);
    assertNotResolved(problem);
    if (problem.status === "TRANSFERRED") throw new DomainError(tt.alreadyTransferred);
    if (problem.status !== "OPEN") throw new DomainError(t.problems.notOpen);
    const department = await tx.department.findFirst({
      where: { code: input.departmentCode, active: true },
      select: { code: true, name: true },
    });
    if (!department) throw new DomainError(tt.unknownDepartment, { departmentCode: [tt.unknownDepartment] });

    // Version check on the problem: two caseworkers transferring at once → one wins.
    await setProblemStatus(tx, problem, ["OPEN"], "TRANSFERRED");
    const transfer = await tx.transfer.create({
      data: {
        problemId: problem.id,
        regionCode: problem.regionCode,
        departmentCode: department.code,
        request: input.request,
        dueOn: dateFromIso(input.dueOn),
        createdById: actor.id,
      },
      select: snapshotSelect,
    });
    await writeAudit(tx, actor, {
      action: "transfer.create",
      entity: "transfer",
      entityId: transfer.id,
      regionCode: transfer.regionCode,
      after: { ...transfer, dueOn: isoFromDate(transfer.dueOn), departmentName: department.name, problemStatus: "TRANSFERRED" },
    });
    return { ...transfer, householdId: problem.householdId };
  });
}

/** The department takes the transfer on (受理). Only a transfer still waiting (SENT) can be accepted. */
export async function acceptTransfer(actor: Actor, input: AcceptTransferInput) {
  requirePermission(actor, "answer:transfer");
  return db.$transaction(async (tx) => {
    const before = await transferInScope(tx, actor, input.transferId);
    // Changed since the page was read (accepted or answered by someone else): refresh and see.
    if (before.version !== input.version) throw new ConflictError(t.common.conflict);
    if (before.status === "ACCEPTED") throw new DomainError(tt.alreadyAccepted);
    if (!isOpen(before.status)) throw new DomainError(tt.alreadyAnswered);
    const updated = await tx.transfer.updateMany({
      where: { id: before.id, version: input.version, status: "SENT" },
      data: { status: "ACCEPTED", version: { increment: 1 } },
    });
    if (updated.count === 0) throw new ConflictError(t.common.conflict);
    const after = { ...before, status: "ACCEPTED" as const, version: before.version + 1 };
    await writeAudit(tx, actor, {
      action: "transfer.accept",
      entity: "transfer",
      entityId: before.id,
      regionCode: before.regionCode,
      before: { status: before.status, version: before.version },
      after: { status: after.status, version: after.version },
    });
    return after;
  });
}

/**
 * The department's answer, entered by a department user or by a caseworker on its behalf.
 * RESOLVED ends the problem in tier TRANSFER (counted for the department in stat_resolution);
 * RETURNED reopens it, so the caseworker chooses a tier again (and may transfer it elsewhere).
 * Two people answering at once: the version check lets one win; the other is told to refresh.
 */
export async function answerTransfer(actor: Actor, input: AnswerTransferInput, today: string = todayInChina()) {
  requirePermission(actor, "answer:transfer");
  return db.$transaction(async (tx) => {
    const before = await transferInScope(tx, actor, input.transferId);
    if (before.version !== input.version) throw new ConflictError(t.common.conflict);
    if (!isOpen(before.status)) throw new DomainError(tt.alreadyAnswered);
    const answeredAt = new Date();
    const updated = await tx.transfer.updateMany({
      where: { id: before.id, version: input.version, status: { in: [...OPEN_TRANSFER_STATUSES] } },
      data: {
        status: input.outcome,
        answer: input.answer,
        answeredById: actor.id,
        answeredAt,
        version: { increment: 1 },
      },
    });
    if (updated.count === 0) throw new ConflictError(t.common.conflict);

    const problem = await problemInScope(tx, actor, before.problemId);
    const problemAfter =
      input.outcome === "RESOLVED"
        ? await markResolved(tx, actor, problem, {
            from: ["TRANSFERRED"],
            tier: "TRANSFER",
            resolution: input.answer,
            resolvedOn: today,
            departmentCode: before.departmentCode,
          })
        : await setProblemStatus(tx, problem, ["TRANSFERRED"], "OPEN");

    const after = {
      ...before,
      status: input.outcome,
      answer: input.answer,
      answeredById: actor.id,
      answeredAt,
      version: before.version + 1,
    };
    await writeAudit(tx, actor, {
      action: input.outcome === "RESOLVED" ? "transfer.resolve" : "transfer.return",
      entity: "transfer",
      entityId: before.id,
      regionCode: before.regionCode,
      before: { status: before.status, version: before.version, problemStatus: problem.status },
      after: {
        status: after.status,
        answer: after.answer,
        version: after.version,
        problemStatus: problemAfter.status,
        ...(input.outcome === "RESOLVED" ? { tier: "TRANSFER", resolvedOn: today } : {}),
      },
    });
    return { ...after, householdId: problem.householdId, problemStatus: problemAfter.status };
  });
}
