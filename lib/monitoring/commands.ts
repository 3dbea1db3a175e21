/**
 * The re-assessment (复核) that closes a monitoring alert: a new application (linked to the one
 * open for the household), or no change with a reason. It never changes the household's
 * category (issue 15): that is the application's confirmation, or a cessation (停保). One
 * transaction with its audit rows; an alert closes once (a second close is refused), and since
 * its dedupe key stays taken, detection never raises it again.
 */
import "server-only";
import { db } from "@/lib/db/client";
import { inScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/write";
import { auditRefusal } from "@/lib/audit/refusals";
import { ConflictError, DomainError, NotFoundError } from "@/lib/errors";
import { dateFromIso, todayInChina } from "@/lib/dates";
import { t } from "@/lib/i18n";
import { detectAlerts } from "./detect";
import type { CloseAlertInput } from "./schema";

/** How often opening the alert list runs detection for an area (issue 14: not on every view). */
export const DETECTION_EVERY_MINUTES = 5;

/**
 * Raise the alerts due today in the caseworker's own area, before the list is shown: idempotent,
 * so running twice raises nothing new, and run at most once every DETECTION_EVERY_MINUTES per
 * area — 50 ms for a township of 2,600 households, which every view paid before. The claim is one
 * statement in PostgreSQL (monitoring_run), so two views at once, or two app instances, run it
 * once. Returns null when it was not due.
 */
export async function refreshAlerts(actor: Actor, today: string = todayInChina()) {
  requirePermission(actor, "close:alert");
  const due = await db.$queryRaw<{ ran: number }[]>`
    INSERT INTO monitoring_run (region_prefix, ran_at) VALUES (${actor.regionCode}, now())
    ON CONFLICT (region_prefix) DO UPDATE SET ran_at = now()
    WHERE monitoring_run.ran_at < now() - make_interval(mins => ${DETECTION_EVERY_MINUTES}::int)
    RETURNING 1 AS ran`;
  if (due.length === 0) return null;
  return detectAlerts(db, { regionPrefix: actor.regionCode, today });
}

/** Stages in which an application is still being handled (not yet approved or refused). */
const OPEN_STAGES = ["ACCEPTED", "PROPOSED", "IN_PUBLICITY"] as const;

export async function closeAlert(actor: Actor, input: CloseAlertInput) {
  requirePermission(actor, "close:alert");
  if (input.outcome === "CATEGORY_CHANGE" || input.newCategory !== undefined) {
    // No form of ours sends this any more: a stale page or a hand-made POST. On record, nothing written.
    await auditRefusal(actor, { action: "refused.category_change", reason: "procedure", entity: "monitoring_alert", entityId: input.alertId, fields: ["outcome", "newCategory"] });
    throw new DomainError(t.monitoring.categoryByProcedure, { outcome: [t.monitoring.categoryByProcedure] });
  }
  return db.$transaction(async (tx) => {
    const before = await tx.monitoringAlert.findFirst({ where: { id: input.alertId, ...inScope(actor) } });
    if (!before) throw new NotFoundError(t.common.notFound);
    if (before.closedOn) throw new ConflictError(t.monitoring.alreadyClosed);
    const household = await tx.household.findFirst({
      where: { id: before.householdId, ...inScope(actor) },
      select: { id: true, regionCode: true },
    });
    if (!household) throw new NotFoundError(t.common.notFound);

    let applicationId: number | null = null;
    if (input.outcome === "NEW_APPLICATION") {
      const application = await tx.application.findFirst({
        where: { householdId: household.id, stage: { in: [...OPEN_STAGES] }, ...inScope(actor) },
        orderBy: { id: "desc" },
        select: { id: true },
      });
      if (!application) throw new DomainError(t.monitoring.noOpenApplication, { outcome: [t.monitoring.noOpenApplication] });
      applicationId = application.id;
    }
    // Closed only if still open: two caseworkers closing at once, one wins.
    const closed = await tx.monitoringAlert.updateMany({
      where: { id: before.id, closedOn: null },
      data: {
        closedOn: dateFromIso(todayInChina()),
        outcome: input.outcome,
        outcomeReason: input.reason,
        closedById: actor.id,
        applicationId,
      },
    });
    if (closed.count === 0) throw new ConflictError(t.monitoring.alreadyClosed);
    const after = await tx.monitoringAlert.findUniqueOrThrow({ where: { id: before.id } });
    await writeAudit(tx, actor, {
      action: "alert.close",
      entity: "monitoring_alert",
      entityId: after.id,
      regionCode: after.regionCode,
      before,
      after,
    });
    return after;
  });
}
