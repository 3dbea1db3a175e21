/**
 * The one place a problem changes status. Every tier ends here: `markResolved` sets the tier
 * (exactly one: the database's CHECK and the status guard both say so) and, for a transfer, the
 * department that resolved it; the database's trigger counts it in `stat_resolution` in the same
 * transaction (docs/decisions/010-rollups.md). Callers run inside their own transaction and write
 * their audit row.
 */
import "server-only";
import type { Tx } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { inScope } from "@/lib/auth/scope";
import { ConflictError, DomainError, NotFoundError } from "@/lib/errors";
import { dateFromIso } from "@/lib/dates";
import { t } from "@/lib/i18n";
import type { ProblemStatus, ResolutionTier } from "@/lib/generated/prisma/enums";

export type ProblemRef = { id: number; version: number; regionCode: string; householdId: number; status: ProblemStatus };

const problemRefSelect = { id: true, version: true, regionCode: true, householdId: true, status: true } as const;

/** A problem in the actor's region, or NotFoundError. */
export async function problemInScope(tx: Tx, actor: Actor, problemId: number): Promise<ProblemRef> {
  const problem = await tx.problem.findFirst({ where: { id: problemId, ...inScope(actor) }, select: problemRefSelect });
  if (!problem) throw new NotFoundError(t.common.notFound);
  return problem;
}

/** Refuse work on a problem that is already resolved, before anything is written. */
export function assertNotResolved(problem: ProblemRef) {
  if (problem.status === "RESOLVED") throw new DomainError(t.problems.alreadyResolved);
}

/**
 * Move a problem from one of `from` to `to`, with a version check: a concurrent change (another
 * caseworker, a department answering) makes this one fail cleanly instead of overwriting.
 */
export async function setProblemStatus(tx: Tx, problem: ProblemRef, from: ProblemStatus[], to: ProblemStatus) {
  const updated = await tx.problem.updateMany({
    where: { id: problem.id, version: problem.version, status: { in: from } },
    data: { status: to, version: { increment: 1 } },
  });
  if (updated.count === 0) throw await staleOrResolved(tx, problem.id);
  return { ...problem, status: to, version: problem.version + 1 };
}

async function staleOrResolved(tx: Tx, problemId: number) {
  const now = await tx.problem.findUnique({ where: { id: problemId }, select: { status: true } });
  return now?.status === "RESOLVED" ? new DomainError(t.problems.alreadyResolved) : new ConflictError(t.common.conflict);
}

export async function markResolved(
  tx: Tx,
  actor: Actor,
  problem: ProblemRef,
  opts: { from: ProblemStatus[]; tier: ResolutionTier; resolution: string; resolvedOn: string; departmentCode?: string },
) {
  const updated = await tx.problem.updateMany({
    where: { id: problem.id, version: problem.version, status: { in: opts.from } },
    data: {
      status: "RESOLVED",
      tier: opts.tier,
      resolution: opts.resolution,
      resolvedOn: dateFromIso(opts.resolvedOn),
      resolvedById: actor.id,
      resolutionDepartmentCode: opts.departmentCode ?? null,
      version: { increment: 1 },
    },
  });
  if (updated.count === 0) throw await staleOrResolved(tx, problem.id);
  return { ...problem, status: "RESOLVED" as const, version: problem.version + 1 };
}
