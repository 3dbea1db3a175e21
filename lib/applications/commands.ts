/**
 * The 审核确认 procedure for 低保 / 特困 / 低保边缘, as the 2021 reform left it:
 *   受理 (容缺受理: documents may be missing, each with a deadline)
 *   → 家庭经济状况核对 (income per head against the standard in force on the acceptance day)
 *   → 乡镇审核 (a proposal: grant with an amount, or refuse with reasons)
 *   → 公示 7 days, one level, in the household's village/community (an objection sends the case
 *     back to re-investigation and a new publicity)
 *   → 确认 by the county (or by the township where the county has delegated it), only after the
 *     publicity ended without objection and every missing document is in or waived.
 * Every command guards its own step (a step out of order writes nothing), runs in one
 * transaction with its audit row, and uses the application's version so two people acting at
 * once cannot both succeed.
 */
import "server-only";
import { db, type Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ApplicationStage } from "@/lib/generated/prisma/enums";
import { inScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/write";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { dateFromIso, isoFromDate, todayInChina } from "@/lib/dates";
import { format, t } from "@/lib/i18n";
import { addDays } from "@/lib/dates";
import { standardInForce } from "@/lib/standards/queries";
import { emergencyCapFor } from "@/lib/funds/ledger";
import { payAdvance } from "@/lib/aid/commands";
import { AdvanceAlreadyPaidError, coveringAdvance, paidAidFor } from "@/lib/aid/advances";
import { auditRefusal } from "@/lib/audit/refusals";
import { dueOnFor } from "@/lib/problems/rules";
import { DOCUMENTS, PUBLICITY_DAYS, eligible, incomePerHeadCents, tekunConditions } from "./rules";
import type { AdvanceInput, ConfirmationInput, EconomicCheckInput, ObjectionInput, OpenApplicationInput, ProposalInput } from "./schema";

const m = t.applications;
const OPEN_STAGES: ApplicationStage[] = ["ACCEPTED", "PROPOSED", "IN_PUBLICITY"];

async function applicationInScope(tx: Tx, actor: Actor, id: number) {
  const application = await tx.application.findFirst({ where: { id, ...inScope(actor) } });
  if (!application) throw new NotFoundError(t.common.notFound);
  return application;
}

/** Move to the next stage, only from the stage expected and only if nobody moved it first. */
async function advance(tx: Tx, application: { id: number; version: number }, from: ApplicationStage[], data: Prisma.ApplicationUpdateManyMutationInput) {
  const updated = await tx.application.updateMany({
    where: { id: application.id, version: application.version, stage: { in: from } },
    data: { ...data, version: { increment: 1 } },
  });
  if (updated.count === 0) throw new ConflictError(t.common.conflict);
}

function requireStage(stage: ApplicationStage, allowed: ApplicationStage[], message: string) {
  if (!allowed.includes(stage)) throw new DomainError(message);
}

export async function openApplication(actor: Actor, input: OpenApplicationInput) {
  return db.$transaction((tx) => openApplicationIn(tx, actor, input));
}

/** Intake inside a caller's transaction (a screening visit opens one too); checks its own permission. */
export async function openApplicationIn(tx: Tx, actor: Actor, input: OpenApplicationInput) {
  requirePermission(actor, "open:application");
  const household = await tx.household.findFirst({ where: { id: input.householdId, ...inScope(actor) }, select: { id: true, regionCode: true } });
  if (!household) throw new NotFoundError(t.common.notFound);
  const open = await tx.application.findFirst({ where: { householdId: household.id, stage: { in: OPEN_STAGES } }, select: { id: true } });
  if (open) throw new DomainError(format(m.alreadyOpen, { id: open.id }));
  const today = todayInChina();
  const given = new Map<string, (typeof input.documents)[number]>(input.documents.map((d) => [d.kind, d]));
  const application = await tx.application.create({
    data: {
      householdId: household.id,
      regionCode: household.regionCode,
      type: input.type,
      acceptedOn: dateFromIso(today),
      createdById: actor.id,
      documents: {
        // The type's checklist decides which documents exist; the form only says which are in.
        create: DOCUMENTS[input.type].map((kind) => {
          const d = given.get(kind);
          const provided = d?.provided ?? false;
          return {
            kind,
            missing: !provided,
            receivedOn: provided ? dateFromIso(today) : null,
            dueOn: provided ? null : dateFromIso(d?.dueOn ?? addDays(today, 15)),
          };
        }),
      },
    },
    include: { documents: true },
  });
  await writeAudit(tx, actor, { action: "application.open", entity: "application", entityId: application.id, regionCode: application.regionCode, after: application });
  return application;
}

export async function receiveDocument(actor: Actor, input: { applicationId: number; documentId: number }) {
  requirePermission(actor, "open:application");
  return db.$transaction(async (tx) => {
    const application = await applicationInScope(tx, actor, input.applicationId);
    requireStage(application.stage, OPEN_STAGES, m.closed);
    const updated = await tx.applicationDocument.updateMany({
      where: { id: input.documentId, applicationId: application.id, receivedOn: null, waivedReason: null },
      data: { receivedOn: dateFromIso(todayInChina()) },
    });
    if (updated.count === 0) throw new DomainError(m.documentNotMissing);
    await writeAudit(tx, actor, { action: "application.document_received", entity: "application", entityId: application.id, regionCode: application.regionCode, after: { documentId: input.documentId } });
  });
}

export async function waiveDocument(actor: Actor, input: { applicationId: number; documentId: number; reason: string }) {
  requirePermission(actor, "waive:document");
  return db.$transaction(async (tx) => {
    const application = await applicationInScope(tx, actor, input.applicationId);
    requireStage(application.stage, OPEN_STAGES, m.closed);
    const updated = await tx.applicationDocument.updateMany({
      where: { id: input.documentId, applicationId: application.id, receivedOn: null, waivedReason: null },
      data: { waivedReason: input.reason, waivedById: actor.id },
    });
    if (updated.count === 0) throw new DomainError(m.documentNotMissing);
    await writeAudit(tx, actor, { action: "application.document_waived", entity: "application", entityId: application.id, regionCode: application.regionCode, after: input });
  });
}

export async function recordEconomicCheck(actor: Actor, input: EconomicCheckInput) {
  requirePermission(actor, "open:application");
  return db.$transaction(async (tx) => {
    const application = await applicationInScope(tx, actor, input.applicationId);
    requireStage(application.stage, ["ACCEPTED"], m.checkOnlyWhenAccepted);
    const members = await tx.member.findMany({
      where: { householdId: application.householdId },
      select: { id: true, name: true, birthDate: true, disabilityGrade: true, labourCapacity: true },
    });
    const byId = new Map(members.map((mb) => [mb.id, mb]));
    if (input.incomes.some((i) => !byId.has(i.memberId))) throw new NotFoundError(t.common.notFound);
    // Every member exactly once: a household's income per head counts everyone (issue 11).
    const given = new Set(input.incomes.map((i) => i.memberId));
    if (given.size !== input.incomes.length || given.size !== members.length) {
      const message = format(m.incomesEveryMember, { count: members.length });
      throw new DomainError(message, { incomes: [message] });
    }
    const cents = input.incomes.map((i) => Math.round(Number(i.monthlyIncome) * 100));
    const totalCents = cents.reduce((a, b) => a + b, 0);
    const perHead = incomePerHeadCents(cents, members.length);
    const acceptedOn = isoFromDate(application.acceptedOn);
    const village = await tx.region.findUniqueOrThrow({ where: { code: application.regionCode }, select: { rural: true } });
    const standard = await standardInForce(tx, {
      cityCode: application.regionCode.slice(0, 4),
      area: village.rural ? "RURAL" : "URBAN",
      type: application.type,
      onIso: acceptedOn,
    });
    if (!standard && application.type !== "TEKUN") throw new DomainError(m.noStandard);
    const tekun = application.type === "TEKUN" ? tekunConditions(members, totalCents, input.noSupporter, todayInChina()) : null;
    const standardCents = standard ? Math.round(Number(standard.monthlyAmount) * 100) : null;
    await advance(tx, { id: application.id, version: input.version }, ["ACCEPTED"], {});
    const check = await tx.economicCheck.create({
      data: {
        applicationId: application.id,
        incomes: input.incomes.map((i) => ({ memberId: i.memberId, name: byId.get(i.memberId)!.name, monthlyIncome: Number(i.monthlyIncome).toFixed(2) })),
        assets: input.assets ? [{ note: input.assets }] : [],
        householdSize: members.length,
        monthlyIncome: new Prisma.Decimal(totalCents).div(100),
        incomePerHead: new Prisma.Decimal(perHead).div(100),
        standardId: standard?.id ?? null,
        standardAmount: standard?.monthlyAmount ?? null,
        tekunConditions: tekun ?? undefined,
        eligible: eligible(application.type, perHead, standardCents, tekun),
        checkedOn: dateFromIso(todayInChina()),
        createdById: actor.id,
      },
    });
    await writeAudit(tx, actor, { action: "application.economic_check", entity: "application", entityId: application.id, regionCode: application.regionCode, after: check });
    return check;
  });
}

export async function proposeDecision(actor: Actor, input: ProposalInput) {
  requirePermission(actor, "review:application");
  return db.$transaction(async (tx) => {
    const application = await applicationInScope(tx, actor, input.applicationId);
    requireStage(application.stage, ["ACCEPTED"], m.proposeOnlyWhenAccepted);
    const checks = await tx.economicCheck.count({ where: { applicationId: application.id } });
    if (checks === 0) throw new DomainError(m.checkFirst);
    await advance(tx, { id: application.id, version: input.version }, ["ACCEPTED"], {
      stage: "PROPOSED",
      proposal: input.proposal,
      proposedAmount: input.proposal === "GRANT" ? new Prisma.Decimal(input.amount!) : null,
      proposalReason: input.reason,
      proposedById: actor.id,
    });
    await writeAudit(tx, actor, { action: "application.propose", entity: "application", entityId: application.id, regionCode: application.regionCode, after: input });
  });
}

/** One level, 7 days, in the household's village/community (the 2021 reform). */
export async function startPublicity(actor: Actor, input: { applicationId: number; version: number }) {
  requirePermission(actor, "review:application");
  return db.$transaction(async (tx) => {
    const application = await applicationInScope(tx, actor, input.applicationId);
    requireStage(application.stage, ["PROPOSED"], m.publicityNeedsProposal);
    const today = todayInChina();
    await advance(tx, { id: application.id, version: input.version }, ["PROPOSED"], { stage: "IN_PUBLICITY" });
    const publicity = await tx.publicity.create({
      data: {
        applicationId: application.id, regionCode: application.regionCode, level: 1,
        startsOn: dateFromIso(today), endsOn: dateFromIso(addDays(today, PUBLICITY_DAYS - 1)), createdById: actor.id,
      },
    });
    await writeAudit(tx, actor, { action: "application.publicity_start", entity: "application", entityId: application.id, regionCode: application.regionCode, after: publicity });
    return publicity;
  });
}

/**
 * Legacy two-level procedure (a county may keep it): after the village publicity ends without
 * objection, the county publicises for another 7 days before confirming.
 */
export async function startCountyPublicity(actor: Actor, input: { applicationId: number; version: number }, today: string = todayInChina()) {
  requirePermission(actor, "confirm:application");
  return db.$transaction(async (tx) => {
    const application = await applicationInScope(tx, actor, input.applicationId);
    const countyCode = application.regionCode.slice(0, 6);
    const setting = await tx.countySetting.findUnique({ where: { countyCode } });
    if (!setting?.twoLevelPublicity) throw new DomainError(m.oneLevelOnly);
    requireStage(application.stage, ["IN_PUBLICITY"], m.confirmNeedsPublicity);
    const first = await tx.publicity.findFirstOrThrow({ where: { applicationId: application.id, outcome: "RUNNING" }, orderBy: { id: "desc" } });
    if (first.level !== 1) throw new DomainError(m.countyPublicityRunning);
    if (isoFromDate(first.endsOn) >= today) throw new DomainError(format(m.publicityRunning, { date: isoFromDate(first.endsOn) }));
    await advance(tx, { id: application.id, version: input.version }, ["IN_PUBLICITY"], {});
    await tx.publicity.update({ where: { id: first.id }, data: { outcome: "PASSED" } });
    const publicity = await tx.publicity.create({
      data: {
        applicationId: application.id, regionCode: countyCode, level: 2,
        startsOn: dateFromIso(today), endsOn: dateFromIso(addDays(today, PUBLICITY_DAYS - 1)), createdById: actor.id,
      },
    });
    await writeAudit(tx, actor, { action: "application.county_publicity_start", entity: "application", entityId: application.id, regionCode: application.regionCode, after: publicity });
    return publicity;
  });
}

/** An objection during publicity: back to re-investigation; a new publicity must follow. */
export async function recordObjection(actor: Actor, input: ObjectionInput) {
  requirePermission(actor, "review:application");
  return db.$transaction(async (tx) => {
    const application = await applicationInScope(tx, actor, input.applicationId);
    requireStage(application.stage, ["IN_PUBLICITY"], m.objectionOnlyInPublicity);
    const publicity = await tx.publicity.findFirstOrThrow({ where: { applicationId: application.id, outcome: "RUNNING" }, orderBy: { id: "desc" } });
    if (input.receivedOn < isoFromDate(publicity.startsOn) || input.receivedOn > isoFromDate(publicity.endsOn) || input.receivedOn > todayInChina()) {
      throw new DomainError(t.common.invalidInput, { receivedOn: [m.objectionOutsidePeriod] });
    }
    await advance(tx, { id: application.id, version: input.version }, ["IN_PUBLICITY"], {
      stage: "ACCEPTED", proposal: null, proposedAmount: null, proposalReason: null,
    });
    await tx.publicity.update({ where: { id: publicity.id }, data: { outcome: "OBJECTED" } });
    const objection = await tx.objection.create({
      data: { publicityId: publicity.id, receivedOn: dateFromIso(input.receivedOn), raisedBy: input.raisedBy, content: input.content, createdById: actor.id },
    });
    await writeAudit(tx, actor, { action: "application.objection", entity: "application", entityId: application.id, regionCode: application.regionCode, after: objection });
  });
}

/**
 * Confirmation: by the county supervisor, or by the township where the county delegated it
 * (审核确认权下放; the county keeps the record). Approval enters the household in the low-income
 * register under the new category, which puts it on the monthly visit roster.
 */
export async function confirmApplication(actor: Actor, input: ConfirmationInput, today: string = todayInChina()) {
  requirePermission(actor, "confirm:application");
  return db.$transaction(async (tx) => {
    const application = await applicationInScope(tx, actor, input.applicationId);
    const setting = await tx.countySetting.findUnique({ where: { countyCode: application.regionCode.slice(0, 6) } });
    const delegated = setting?.delegatedConfirmation ?? false;
    if (delegated ? actor.role !== "CASEWORKER" : actor.role !== "SUPERVISOR") {
      throw new ForbiddenError(delegated ? m.delegatedToTownship : m.countyConfirms);
    }
    requireStage(application.stage, ["IN_PUBLICITY"], m.confirmNeedsPublicity);
    // Four eyes: whoever proposed cannot also confirm, whether the county or (under delegation)
    // the township confirms.
    if (application.proposedById === actor.id) throw new DomainError(m.sameProposerConfirmer);
    const publicity = await tx.publicity.findFirstOrThrow({ where: { applicationId: application.id, outcome: "RUNNING" }, orderBy: { id: "desc" } });
    if (setting?.twoLevelPublicity && publicity.level === 1) throw new DomainError(m.needsCountyPublicity);
    if (isoFromDate(publicity.endsOn) >= today) {
      throw new DomainError(format(m.publicityRunning, { date: isoFromDate(publicity.endsOn) }));
    }
    const missing = await tx.applicationDocument.findMany({
      where: { applicationId: application.id, missing: true, receivedOn: null, waivedReason: null },
      select: { kind: true },
      orderBy: { id: "asc" }, // the checklist's order
    });
    if (missing.length) {
      const names = missing.map((d) => (m.documents as Record<string, string>)[d.kind] ?? d.kind).join("、");
      throw new DomainError(format(m.documentsOutstanding, { documents: names }));
    }
    const approve = input.decision === "APPROVE";
    await advance(tx, { id: application.id, version: input.version }, ["IN_PUBLICITY"], {
      stage: approve ? "APPROVED" : "REFUSED",
      decidedAmount: approve ? new Prisma.Decimal(input.amount!) : null,
      startMonth: approve ? dateFromIso(`${input.startMonth}-01`) : null,
      decisionReason: input.reason,
      decidedById: actor.id,
      decidedOn: dateFromIso(today),
      confirmedByTownship: delegated,
    });
    await tx.publicity.update({ where: { id: publicity.id }, data: { outcome: "PASSED" } });
    if (approve) {
      const household = await tx.household.findUniqueOrThrow({ where: { id: application.householdId }, select: { category: true, version: true } });
      await tx.household.update({ where: { id: application.householdId }, data: { category: application.type, version: { increment: 1 } } });
      const from = dateFromIso(`${input.startMonth}-01`);
      // The previous register period ends where the new one starts.
      await tx.registerEntry.updateMany({ where: { householdId: application.householdId, toMonth: null }, data: { toMonth: from } });
      await tx.registerEntry.create({
        data: {
          householdId: application.householdId, regionCode: application.regionCode, category: application.type,
          monthlyAmount: new Prisma.Decimal(input.amount!), fromMonth: from, applicationId: application.id,
        },
      });
      await writeAudit(tx, actor, {
        action: "household.category_change", entity: "household", entityId: application.householdId, regionCode: application.regionCode,
        before: { category: household.category }, after: { category: application.type, applicationId: application.id },
      });
    }
    await writeAudit(tx, actor, {
      action: approve ? "application.approve" : "application.refuse", entity: "application", entityId: application.id,
      regionCode: application.regionCode, before: { stage: application.stage }, after: { ...input, delegated },
    });
  });
}

/**
 * 先行救助 while the application is processed: an urgent need met at once from the township
 * reserve (up to the small-amount cap), recorded as a problem solved by temporary aid and linked
 * to the application; the paperwork follows. Refused when the household's emergency has already
 * been met by an advance (lib/aid/advances.ts, decision 026) — also one paid from a problem's
 * page — and that refusal is audited.
 */
export async function payApplicationAdvance(actor: Actor, input: AdvanceInput) {
  requirePermission(actor, "grant:aid");
  try {
    return await db.$transaction(async (tx) => {
      const application = await applicationInScope(tx, actor, input.applicationId);
      requireStage(application.stage, OPEN_STAGES, m.closed);
      // Two advances for one family at the same moment: the second waits here, then sees the first.
      await tx.$queryRaw`SELECT id FROM household WHERE id = ${application.householdId} FOR UPDATE`;
      const covering = coveringAdvance(await paidAidFor(tx, application, actor.regionCode));
      if (covering) throw new AdvanceAlreadyPaidError(covering);
      const today = todayInChina();
      const cap = await emergencyCapFor(tx, application.regionCode, today);
      if (!cap || new Prisma.Decimal(input.amount).gt(cap)) {
        throw new DomainError(t.common.invalidInput, { amount: [cap ? format(t.aid.overCap, { cap: cap.toFixed(2) }) : t.aid.noCap] });
      }
      const problem = await tx.problem.create({
        data: {
          householdId: application.householdId, regionCode: application.regionCode, source: "HOUSEHOLD", category: "BASIC_LIVING",
          description: input.reason, urgency: "HIGH", foundOn: dateFromIso(today), dueOn: dueOnFor(today, "HIGH"), createdById: actor.id,
        },
        select: { id: true, version: true, regionCode: true, householdId: true, status: true },
      });
      await writeAudit(tx, actor, { action: "problem.record", entity: "problem", entityId: problem.id, regionCode: problem.regionCode, after: { ...problem, applicationId: application.id } });
      return payAdvance(tx, actor, problem, { kind: "EMERGENCY", amount: input.amount, reason: input.reason, applicationId: application.id }, today);
    });
  } catch (error) {
    if (error instanceof AdvanceAlreadyPaidError) {
      await auditRefusal(actor, {
        action: "application.advance", reason: "duplicate", entity: "application", entityId: input.applicationId,
        ids: { aidCaseId: error.paid.aidCaseId },
      });
    }
    throw error;
  }
}

/** The statutory limit may be extended once, by 15 working days, by the county. */
export async function extendDeadline(actor: Actor, input: { applicationId: number; version: number }) {
  requirePermission(actor, "waive:document");
  return db.$transaction(async (tx) => {
    const application = await applicationInScope(tx, actor, input.applicationId);
    requireStage(application.stage, OPEN_STAGES, m.closed);
    if (application.extended) throw new DomainError(m.alreadyExtended);
    await advance(tx, { id: application.id, version: input.version }, OPEN_STAGES, { extended: true });
    await writeAudit(tx, actor, { action: "application.extend", entity: "application", entityId: application.id, regionCode: application.regionCode, after: { extended: true } });
  });
}

