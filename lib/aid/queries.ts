/** Reads of temporary aid: the supervisor's sign-off queue and caseworkers' paperwork reminders. */
import "server-only";
import { db } from "@/lib/db/client";
import { inScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { can } from "@/lib/auth/permissions";
import { emergencyCapFor } from "@/lib/funds/ledger";
import { todayInChina } from "@/lib/dates";
import { personalDataView } from "@/lib/households/privacy";
import { auditDeniedRead } from "@/lib/audit/refusals";
import { NotFoundError } from "@/lib/errors";
import { t } from "@/lib/i18n";
import { advanceStatusOf, type AdvanceStatus } from "./advances";

export async function aidQueue(actor: Actor) {
  requirePermission(actor, "read:problem");
  const include = { household: { select: { id: true, headName: true, address: true, regionCode: true } }, problem: { select: { description: true, category: true } } };
  const [pending, paperwork] = await Promise.all([
    db.aidCase.findMany({ where: { ...inScope(actor), status: "PENDING_SIGNOFF" }, orderBy: { id: "asc" }, include, take: 100 }),
    can(actor, "grant:aid")
      ? db.aidCase.findMany({
          where: { ...inScope(actor), status: "PAID", paperworkDueOn: { not: null }, paperworkDoneOn: null },
          orderBy: { paperworkDueOn: "asc" },
          include,
          take: 100,
        })
      : Promise.resolve([]),
  ]);
  // The county supervisor signing off sees each family masked unless revealed (privacy.ts); the
  // problem's text stays, since it is what is signed off.
  const view = await personalDataView(actor);
  const present = <C extends { household: Parameters<typeof view.household>[0] }>(c: C) => ({ ...c, household: view.household(c.household), masked: view.masks(c.household) });
  return { pending: pending.map(present), paperwork: (paperwork as typeof pending).map(present) };
}

/** The small-amount cap in force today for a problem's area, as a string ("2000.00"), or null. */
export async function emergencyCapToday(regionCode: string): Promise<string | null> {
  const cap = await emergencyCapFor(db, regionCode, todayInChina());
  return cap ? cap.toFixed(2) : null;
}

/**
 * Temporary aid already paid for an application's household (decision 026): listed on the
 * application's page, and whether an advance is still to be offered.
 */
export async function applicationAdvanceStatus(actor: Actor, applicationId: number): Promise<AdvanceStatus> {
  requirePermission(actor, "read:application");
  const application = await db.application.findFirst({ where: { id: applicationId, ...inScope(actor) }, select: { id: true, householdId: true, acceptedOn: true } });
  if (!application) {
    await auditDeniedRead(actor, "application", applicationId);
    throw new NotFoundError(t.common.notFound);
  }
  return advanceStatusOf(application, actor.regionCode);
}
