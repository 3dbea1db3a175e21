/**
 * Tier 3, temporary aid decided case by case (临时救助“一事一议”“发点球”). Two roads, as the
 * campaign set them:
 * - 小金额先行救助: emergency aid up to the small-amount cap (data per city/county, aid_cap) is paid
 *   at once from the township's reserve; the paperwork follows by a deadline (先救助后补手续).
 * - 一事一议: larger or spending-type aid needs a case conference (date, participants, minutes,
 *   proposed amount) and the county supervisor's sign-off; then the city's social-assistance
 *   fund pays it.
 * Money moves only through lib/funds/ledger.ts (never below zero, audited), problems only
 * through lib/problems/resolution.ts (exactly one tier).
 */
import "server-only";
import { db, type Tx } from "@/lib/db/client";
import { inScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/write";
import { ConflictError, DomainError, NotFoundError } from "@/lib/errors";
import { dateFromIso, todayInChina } from "@/lib/dates";
import { format, t } from "@/lib/i18n";
import { Prisma } from "@/lib/generated/prisma/client";
import { emergencyCapFor, fundFor, payFromFund } from "@/lib/funds/ledger";
import { addDays } from "@/lib/dates";
import { assertNotResolved, markResolved, problemInScope, setProblemStatus, type ProblemRef } from "@/lib/problems/resolution";
import type { GrantAidInput, SignOffInput } from "./schema";
import { PAPERWORK_DAYS } from "./constants";
import { AdvanceAlreadyPaidError, coveringAdvanceForHousehold } from "./advances";
import { auditRefusal } from "@/lib/audit/refusals";


export async function grantAid(actor: Actor, input: GrantAidInput) {
  requirePermission(actor, "grant:aid");
  try {
    return await grantAidOnce(actor, input);
  } catch (error) {
    if (error instanceof AdvanceAlreadyPaidError) {
      await auditRefusal(actor, {
        action: "aid.advance", reason: "duplicate", entity: "problem", entityId: input.problemId,
        ids: { aidCaseId: error.paid.aidCaseId },
      });
    }
    throw error;
  }
}

async function grantAidOnce(actor: Actor, input: GrantAidInput) {
  return db.$transaction(async (tx) => {
    const problem = await problemInScope(tx, actor, input.problemId);
    assertNotResolved(problem);
    if (problem.status !== "OPEN") throw new DomainError(t.problems.notOpen);
    const today = todayInChina();
    const amount = new Prisma.Decimal(input.amount);
    const cap = await emergencyCapFor(tx, problem.regionCode, today);
    const advance = input.kind === "EMERGENCY" && cap !== null && amount.lte(cap);

    if (advance) {
      // One advance per emergency (decision 026, 029): an open application of the household
      // whose emergency was already met — from its page or another problem's — takes no second.
      // Two at once take turns on the household's row, as payApplicationAdvance does.
      await tx.$queryRaw`SELECT id FROM household WHERE id = ${problem.householdId} FOR UPDATE`;
      const covering = await coveringAdvanceForHousehold(tx, problem.householdId, actor.regionCode);
      if (covering) throw new AdvanceAlreadyPaidError(covering);
      return payAdvance(tx, actor, { ...problem, version: input.version }, { kind: input.kind, amount: input.amount, reason: input.reason }, today);
    }

    // Above the cap, or spending-type: only with a case conference on record.
    if (!input.conferenceOn || !input.participants || !input.minutes) {
      const why = input.kind === "EMERGENCY" && cap !== null
        ? format(t.aid.overCap, { cap: cap.toFixed(2) })
        : t.aid.needsConference;
      const missing = [t.validation.required];
      throw new DomainError(why, {
        ...(input.conferenceOn ? {} : { conferenceOn: missing }),
        ...(input.participants ? {} : { participants: missing }),
        ...(input.minutes ? {} : { minutes: missing }),
      });
    }
    await setProblemStatus(tx, { ...problem, version: input.version }, ["OPEN"], "IN_AID");
    const aidCase = await tx.aidCase.create({
      data: {
        problemId: problem.id, householdId: problem.householdId, regionCode: problem.regionCode,
        kind: input.kind, amount, reason: input.reason, status: "PENDING_SIGNOFF",
        conferenceOn: dateFromIso(input.conferenceOn), participants: input.participants, minutes: input.minutes,
        createdById: actor.id,
      },
    });
    await writeAudit(tx, actor, { action: "aid.propose", entity: "aid_case", entityId: aidCase.id, regionCode: problem.regionCode, after: aidCase });
    return aidCase;
  });
}

/**
 * 小金额先行救助: pay from the township reserve at once, resolve the problem in tier 3, and set
 * the paperwork deadline. The caller has checked the cap; runs inside the caller's transaction.
 */
export async function payAdvance(
  tx: Tx,
  actor: Actor,
  problem: ProblemRef,
  input: { kind: "EMERGENCY" | "EXPENDITURE"; amount: string; reason: string; applicationId?: number },
  today: string,
) {
  requirePermission(actor, "grant:aid");
  const fund = await fundFor(tx, "TOWNSHIP_RESERVE", problem.regionCode);
  const aidCase = await tx.aidCase.create({
    data: {
      problemId: problem.id, householdId: problem.householdId, regionCode: problem.regionCode,
      kind: input.kind, amount: new Prisma.Decimal(input.amount), reason: input.reason, status: "PAID", fundId: fund.id,
      paperworkDueOn: dateFromIso(addDays(today, PAPERWORK_DAYS)), applicationId: input.applicationId ?? null, createdById: actor.id,
    },
  });
  await payFromFund(tx, actor, {
    fundId: fund.id, amount: input.amount, problemId: problem.id, householdId: problem.householdId,
    aidCaseId: aidCase.id, note: format(t.aid.advanceNote, { id: aidCase.id }),
  });
  await markResolved(tx, actor, problem, {
    from: ["OPEN"], tier: "TEMP_AID", resolution: format(t.aid.advanceResolution, { amount: input.amount }), resolvedOn: today,
  });
  await writeAudit(tx, actor, { action: "aid.advance", entity: "aid_case", entityId: aidCase.id, regionCode: problem.regionCode, after: aidCase });
  return aidCase;
}

/** The county supervisor approves (the city fund pays) or refuses (the problem reopens). */
export async function signOffAid(actor: Actor, input: SignOffInput) {
  requirePermission(actor, "signoff:aid");
  return db.$transaction(async (tx) => {
    // A supervisor of another county does not see the case at all.
    const aidCase = await tx.aidCase.findFirst({ where: { id: input.aidCaseId, ...inScope(actor) } });
    if (!aidCase) throw new NotFoundError(t.common.notFound);
    if (aidCase.status !== "PENDING_SIGNOFF") throw new DomainError(t.aid.notPending);
    const claimed = await tx.aidCase.updateMany({
      where: { id: aidCase.id, version: input.version, status: "PENDING_SIGNOFF" },
      data: {
        status: input.decision === "APPROVE" ? "PAID" : "REJECTED",
        signedOffById: actor.id, signedOffAt: new Date(), signOffNote: input.note, version: { increment: 1 },
      },
    });
    if (claimed.count === 0) throw new ConflictError(t.common.conflict);
    const problem = await problemInScope(tx, actor, aidCase.problemId);
    const today = todayInChina();
    if (input.decision === "APPROVE") {
      const fund = await fundFor(tx, "CITY_FUND", aidCase.regionCode);
      await tx.aidCase.update({ where: { id: aidCase.id }, data: { fundId: fund.id } });
      await payFromFund(tx, actor, {
        fundId: fund.id, amount: aidCase.amount.toFixed(2), problemId: problem.id, householdId: aidCase.householdId,
        aidCaseId: aidCase.id, note: format(t.aid.conferenceNote, { id: aidCase.id }),
      });
      await markResolved(tx, actor, problem, {
        from: ["IN_AID"], tier: "TEMP_AID", resolution: format(t.aid.conferenceResolution, { amount: aidCase.amount.toFixed(2) }), resolvedOn: today,
      });
    } else {
      await setProblemStatus(tx, problem, ["IN_AID"], "OPEN");
    }
    await writeAudit(tx, actor, {
      action: input.decision === "APPROVE" ? "aid.sign_off" : "aid.reject",
      entity: "aid_case", entityId: aidCase.id, regionCode: aidCase.regionCode,
      before: { status: aidCase.status }, after: { status: input.decision === "APPROVE" ? "PAID" : "REJECTED", note: input.note },
    });
  });
}

/** The paperwork of an advance came in (先救助后补手续 closed). */
export async function recordPaperwork(actor: Actor, input: { aidCaseId: number; version: number }) {
  requirePermission(actor, "grant:aid");
  return db.$transaction(async (tx) => {
    const aidCase = await tx.aidCase.findFirst({ where: { id: input.aidCaseId, ...inScope(actor) } });
    if (!aidCase || !aidCase.paperworkDueOn) throw new NotFoundError(t.common.notFound);
    if (aidCase.paperworkDoneOn) throw new DomainError(t.aid.paperworkAlreadyDone);
    const updated = await tx.aidCase.updateMany({
      where: { id: aidCase.id, version: input.version },
      data: { paperworkDoneOn: dateFromIso(todayInChina()), version: { increment: 1 } },
    });
    if (updated.count === 0) throw new ConflictError(t.common.conflict);
    await writeAudit(tx, actor, { action: "aid.paperwork", entity: "aid_case", entityId: aidCase.id, regionCode: aidCase.regionCode, after: { paperworkDoneOn: todayInChina() } });
  });
}
