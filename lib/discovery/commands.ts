/**
 * Working the discovery worklist: the outcome of a screening visit (eligible → an application
 * opened from the register; not eligible → the reason; other help → a problem to resolve in one
 * of the three tiers), and admins keeping the rules.
 */
import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { inScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/write";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { dateFromIso, todayInChina } from "@/lib/dates";
import { t } from "@/lib/i18n";
import { openApplicationIn } from "@/lib/applications/commands";
import { dueOnFor } from "@/lib/problems/rules";
import { enabledRules, ruleSql } from "./queries";
import type { RuleInput, ScreeningInput } from "./schema";

export async function screenHousehold(actor: Actor, input: ScreeningInput) {
  requirePermission(actor, "screen:household");
  const today = todayInChina();
  const rules = await enabledRules();
  return db.$transaction(async (tx) => {
    const household = await tx.household.findFirst({ where: { id: input.householdId, ...inScope(actor) }, select: { id: true, regionCode: true } });
    if (!household) throw new NotFoundError(t.common.notFound);
    // The reasons it was on the worklist, as the rules stand today (for the conversion figures).
    const [{ codes }] = rules.length
      ? await tx.$queryRaw<{ codes: string[] }[]>`
          SELECT array_remove(ARRAY[${Prisma.join(rules.map((r) => Prisma.sql`CASE WHEN ${ruleSql(r.parsed, today)} THEN ${r.code} END`))}]::text[], NULL) AS codes
          FROM household h WHERE h.id = ${household.id}`
      : [{ codes: [] as string[] }];
    let applicationId: number | null = null;
    let problemId: number | null = null;
    if (input.outcome === "APPLIED") {
      // 容缺受理: the documents are collected after the visit; each gets the default deadline.
      const application = await openApplicationIn(tx, actor, { householdId: household.id, type: input.type!, documents: [] });
      applicationId = application.id;
    }
    if (input.outcome === "OTHER_HELP") {
      requirePermission(actor, "record:problem");
      const problem = await tx.problem.create({
        data: {
          householdId: household.id, regionCode: household.regionCode, source: "HOUSEHOLD", category: input.category!,
          description: input.reason, urgency: "MEDIUM", foundOn: dateFromIso(today), dueOn: dueOnFor(today, "MEDIUM"), createdById: actor.id,
        },
      });
      problemId = problem.id;
      await writeAudit(tx, actor, { action: "problem.record", entity: "problem", entityId: problem.id, regionCode: problem.regionCode, after: problem });
    }
    const screening = await tx.screening.create({
      data: {
        householdId: household.id, regionCode: household.regionCode, ruleCodes: codes, outcome: input.outcome, reason: input.reason,
        applicationId, problemId, screenedOn: dateFromIso(today), createdById: actor.id,
      },
    });
    await writeAudit(tx, actor, { action: "discovery.screen", entity: "screening", entityId: screening.id, regionCode: household.regionCode, after: screening });
    return screening;
  });
}

export async function saveRule(actor: Actor, input: RuleInput) {
  requirePermission(actor, "manage:rule");
  const conditions = {
    memberFlags: input.memberFlags, minAge: input.minAge, maxAge: input.maxAge, incomeBelowRatio: input.incomeBelowRatio,
    categories: ["NONE", "DIBAO_EDGE", "RIGID_EXPENSE"],
  };
  try {
    return await db.$transaction(async (tx) => {
      if (!input.id) {
        const rule = await tx.discoveryRule.create({
          data: { code: input.code, name: input.name, description: input.description, conditions, enabled: input.enabled },
        });
        await writeAudit(tx, actor, { action: "discovery.rule_create", entity: "discovery_rule", entityId: rule.id, after: rule });
        return rule;
      }
      const before = await tx.discoveryRule.findUnique({ where: { id: input.id } });
      if (!before) throw new NotFoundError(t.common.notFound);
      const updated = await tx.discoveryRule.updateMany({
        where: { id: input.id, version: input.version ?? -1 },
        data: { name: input.name, description: input.description, conditions, enabled: input.enabled, version: { increment: 1 } },
      });
      if (updated.count === 0) throw new ConflictError(t.common.conflict);
      const after = await tx.discoveryRule.findUniqueOrThrow({ where: { id: input.id } });
      await writeAudit(tx, actor, { action: "discovery.rule_update", entity: "discovery_rule", entityId: input.id, before, after });
      return after;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ConflictError(t.common.invalidInput, { code: [t.discovery.codeTaken] });
    }
    throw error;
  }
}
