/**
 * Reads of dynamic monitoring: the alerts in the actor's area, open or closed, with the
 * household's head and village, and the open count per kind for the filter.
 */
import { boundedCount, cappedPage, pagesFor } from "@/lib/pagination";
import "server-only";
import { db } from "@/lib/db/client";
import { inScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import type { AlertKind } from "@/lib/generated/prisma/enums";
import { maskName, personalDataView } from "@/lib/households/privacy";

export const ALERTS_PAGE_SIZE = 20;

export type AlertDetail = {
  member?: string; birthDate?: string; from?: string; last?: string | null; answer?: string; visitedOn?: string;
  majorIllness?: boolean; disabilityGrade?: number | null; on?: string;
  /** Masked alerts (privacy.ts): how many sensitive flags were newly set, instead of which. */
  sensitiveFlags?: number;
};

/** An alert's facts outside the actor's township: the member's name partly, the birth year only, health as a count. */
function maskDetail(d: AlertDetail): AlertDetail {
  const { majorIllness, disabilityGrade, ...rest } = d;
  return {
    ...rest,
    ...(d.member ? { member: maskName(d.member) } : {}),
    ...(d.birthDate ? { birthDate: `${d.birthDate.slice(0, 4)}-**-**` } : {}),
    ...(majorIllness !== undefined || disabilityGrade !== undefined ? { sensitiveFlags: (majorIllness ? 1 : 0) + (disabilityGrade ? 1 : 0) } : {}),
  };
}

function parseDetail(detail: string): AlertDetail {
  try {
    return JSON.parse(detail) as AlertDetail;
  } catch {
    return {};
  }
}

export async function listAlerts(actor: Actor, search: { open: boolean; kind?: AlertKind; page: number }) {
  requirePermission(actor, "read:alert");
  const where = { AND: [inScope(actor), { closedOn: search.open ? null : { not: null }, ...(search.kind ? { kind: search.kind } : {}) }] };
  const [total, alerts, byKind] = await Promise.all([
    boundedCount((take) => db.monitoringAlert.findMany({ where, select: { id: true }, orderBy: { regionCode: "asc" }, take })),
    db.monitoringAlert.findMany({
      where,
      orderBy: search.open ? [{ raisedOn: "desc" }, { id: "desc" }] : [{ closedOn: "desc" }, { id: "desc" }],
      skip: (cappedPage(search.page, ALERTS_PAGE_SIZE) - 1) * ALERTS_PAGE_SIZE,
      take: ALERTS_PAGE_SIZE,
    }),
    db.monitoringAlert.groupBy({ by: ["kind"], where: { ...inScope(actor), closedOn: null }, _count: { _all: true } }),
  ]);
  const [households, villages, applications] = await Promise.all([
    db.household.findMany({
      where: { id: { in: alerts.map((a) => a.householdId) } },
      select: { id: true, headName: true, address: true, category: true, regionCode: true },
    }),
    db.region.findMany({ where: { code: { in: [...new Set(alerts.map((a) => a.regionCode))] } }, select: { code: true, name: true } }),
    // Only for showing the link on closed alerts; the id was checked in scope when it was linked.
    db.application.findMany({ where: { id: { in: alerts.flatMap((a) => (a.applicationId ? [a.applicationId] : [])) }, ...inScope(actor) }, select: { id: true } }),
  ]);
  const view = await personalDataView(actor);
  const household = new Map(households.map((h) => [h.id, { ...view.household(h), masked: view.masks(h) }]));
  const village = new Map(villages.map((v) => [v.code, v.name]));
  const linked = new Set(applications.map((a) => a.id));
  return {
    total: total.total,
    capped: total.capped,
    page: cappedPage(search.page, ALERTS_PAGE_SIZE),
    pages: pagesFor(total, ALERTS_PAGE_SIZE),
    openByKind: Object.fromEntries(byKind.map((k) => [k.kind, k._count._all])) as Partial<Record<AlertKind, number>>,
    rows: alerts.map((a) => {
      const h = household.get(a.householdId);
      return {
        id: a.id,
        kind: a.kind,
        householdId: a.householdId,
        headName: h?.headName ?? "",
        address: h?.address ?? "",
        category: h?.category ?? "NONE",
        villageName: village.get(a.regionCode) ?? "",
        detail: h?.masked !== false ? maskDetail(parseDetail(a.detail)) : parseDetail(a.detail),
        raisedOn: a.raisedOn,
        closedOn: a.closedOn,
        outcome: a.outcome,
        outcomeReason: a.outcomeReason,
        applicationId: a.applicationId && linked.has(a.applicationId) ? a.applicationId : null,
      };
    }),
  };
}
export type AlertRow = Awaited<ReturnType<typeof listAlerts>>["rows"][number];
