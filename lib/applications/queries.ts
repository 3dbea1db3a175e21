/**
 * Reads of applications: the lists (with each one's working-day clock), one application with
 * everything it went through, the caseworker's document reminders, and the publicity notice.
 */
import { boundedCount, cappedPage, pagesFor } from "@/lib/pagination";
import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { inScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { auditDeniedRead } from "@/lib/audit/refusals";
import { NotFoundError } from "@/lib/errors";
import { dateFromIso, isoFromDate, todayInChina } from "@/lib/dates";
import { t } from "@/lib/i18n";
import { loadCalendar } from "@/lib/calendar/queries";
import { measureClock, type CalendarExceptions, type ProcessingClock } from "@/lib/calendar/working-days";
import { addDays } from "@/lib/dates";
import { maskName } from "@/lib/households/id-number";
import { personalDataView } from "@/lib/households/privacy";
import type { ApplicationSearch } from "./schema";

export const APPLICATION_PAGE_SIZE = 20;

export type Clock = ProcessingClock;

/**
 * Working days from acceptance to confirmation (or today), against 30 (+15 when extended). A
 * decided application keeps the figure it ended with and is never "about to run out".
 */
export function clockFor(a: { acceptedOn: Date; decidedOn: Date | null; extended: boolean }, calendar: CalendarExceptions, today: string): Clock {
  const clock = measureClock(isoFromDate(a.acceptedOn), a.decidedOn ? isoFromDate(a.decidedOn) : today, a.extended, calendar);
  return a.decidedOn && clock.status === "warning" ? { ...clock, status: "ok" } : clock;
}

/** One calendar load for many clocks: from the earliest acceptance to well past the limit. */
async function calendarFor(acceptedOn: Date[], today: string) {
  if (acceptedOn.length === 0) return new Map() as CalendarExceptions;
  const from = isoFromDate(new Date(Math.min(...acceptedOn.map((d) => d.getTime()))));
  return loadCalendar(from, addDays(today > from ? today : from, 120));
}

export async function listApplications(actor: Actor, search: ApplicationSearch, today: string = todayInChina()) {
  requirePermission(actor, "read:application");
  const stageWhere: Prisma.ApplicationWhereInput =
    search.filter === "active" ? { stage: { in: ["ACCEPTED", "PROPOSED", "IN_PUBLICITY"] } }
    : search.filter === "confirm" ? { stage: "IN_PUBLICITY", publicity: { some: { outcome: "RUNNING", endsOn: { lt: dateFromIso(today) } } } }
    : search.filter === "done" ? { stage: { in: ["APPROVED", "REFUSED"] } }
    : {};
  const where = { AND: [inScope(actor), stageWhere] };
  const [total, rows] = await Promise.all([
    boundedCount((take) => db.application.findMany({ where, select: { id: true }, orderBy: { regionCode: "asc" }, take })),
    db.application.findMany({
      where,
      orderBy: [{ acceptedOn: "asc" }, { id: "asc" }],
      skip: (cappedPage(search.page, APPLICATION_PAGE_SIZE) - 1) * APPLICATION_PAGE_SIZE,
      take: APPLICATION_PAGE_SIZE,
      include: {
        household: { select: { id: true, headName: true, address: true, regionCode: true } },
        publicity: { orderBy: { id: "desc" }, take: 1 },
      },
    }),
  ]);
  const [calendar, view] = await Promise.all([calendarFor(rows.map((r) => r.acceptedOn), today), personalDataView(actor)]);
  return {
    total: total.total,
    capped: total.capped,
    page: cappedPage(search.page, APPLICATION_PAGE_SIZE),
    pages: pagesFor(total, APPLICATION_PAGE_SIZE),
    rows: rows.map((r) => ({ ...r, household: view.household(r.household), clock: clockFor(r, calendar, today) })),
  };
}

export async function getApplication(actor: Actor, id: number, today: string = todayInChina()) {
  requirePermission(actor, "read:application");
  const application = await db.application.findFirst({
    where: { id, ...inScope(actor) },
    include: {
      household: {
        select: {
          id: true, headName: true, address: true, category: true, regionCode: true,
          members: { select: { id: true, name: true, relation: true, birthDate: true, idNumberMasked: true }, orderBy: [{ relation: "asc" }, { birthDate: "asc" }] },
        },
      },
      documents: { orderBy: { id: "asc" } },
      checks: { orderBy: { id: "desc" } },
      publicity: { orderBy: { id: "desc" }, include: { objections: { orderBy: { id: "asc" } } } },
      advances: { orderBy: { id: "asc" }, select: { id: true, amount: true, createdAt: true, problemId: true } },
    },
  });
  if (!application) {
    await auditDeniedRead(actor, "application", id);
    throw new NotFoundError(t.common.notFound);
  }
  const [calendar, region, setting, view, decidedBy] = await Promise.all([
    calendarFor([application.acceptedOn], today),
    db.region.findUnique({ where: { code: application.regionCode }, select: { fullName: true } }),
    db.countySetting.findUnique({ where: { countyCode: application.regionCode.slice(0, 6) } }),
    personalDataView(actor),
    application.decidedById ? db.user.findUnique({ where: { id: application.decidedById }, select: { name: true } }) : null,
  ]);
  // What still stops a confirmation: shown as a standing notice (it goes when the last one is in
  // or waived), instead of an error the confirm button would answer with.
  const outstanding = application.documents.filter((d) => d.missing && !d.receivedOn && !d.waivedReason);
  return {
    ...application,
    // The supervisor confirming the application sees the family masked unless revealed (privacy.ts).
    household: view.household(application.household),
    masked: view.masks(application.household),
    revealedUntil: view.revealedUntil(application.household.id),
    villageFullName: region?.fullName ?? application.regionCode,
    delegated: setting?.delegatedConfirmation ?? false,
    twoLevel: setting?.twoLevelPublicity ?? false,
    clock: clockFor(application, calendar, today),
    publicityEnded: application.publicity[0] ? isoFromDate(application.publicity[0].endsOn) < today : false,
    outstandingDocuments: outstanding.map((d) => d.kind),
    decidedByName: decidedBy?.name ?? null,
  };
}

/** Missing documents not yet in, soonest deadline first: the caseworker's reminders. */
export async function documentReminders(actor: Actor, today: string = todayInChina()) {
  requirePermission(actor, "read:application");
  const rows = await db.applicationDocument.findMany({
    where: {
      missing: true, receivedOn: null, waivedReason: null,
      application: { ...inScope(actor), stage: { in: ["ACCEPTED", "PROPOSED", "IN_PUBLICITY"] } },
    },
    orderBy: { dueOn: "asc" },
    take: 50,
    include: { application: { select: { id: true, household: { select: { id: true, headName: true, regionCode: true } } } } },
  });
  const view = await personalDataView(actor);
  return rows.map((d) => ({
    ...d,
    application: { ...d.application, household: view.household(d.application.household) },
    overdue: !!d.dueOn && isoFromDate(d.dueOn) < today,
  }));
}

/**
 * The A4 notice of a village's publicity: every application publicised there in the same period
 * (same start day), heads' names partly masked and ID numbers masked — nothing else personal.
 */
export async function publicityNotice(actor: Actor, id: number) {
  requirePermission(actor, "read:application");
  const publicity = await db.publicity.findFirst({
    where: { applicationId: id, application: inScope(actor) },
    orderBy: { id: "desc" },
  });
  if (!publicity) {
    await auditDeniedRead(actor, "application", id);
    throw new NotFoundError(t.common.notFound);
  }
  const all = await db.publicity.findMany({
    where: { regionCode: publicity.regionCode, startsOn: publicity.startsOn, level: publicity.level, outcome: { not: "OBJECTED" } },
    orderBy: { applicationId: "asc" },
    include: {
      application: {
        select: {
          type: true, proposedAmount: true,
          household: { select: { headName: true, memberCount: true, members: { where: { relation: "HEAD" }, select: { idNumberMasked: true } } } },
        },
      },
    },
  });
  const [village, township, county] = await Promise.all([
    db.region.findUnique({ where: { code: publicity.regionCode }, select: { fullName: true } }),
    db.region.findUnique({ where: { code: publicity.regionCode.slice(0, 9) }, select: { name: true } }),
    db.region.findUnique({ where: { code: publicity.regionCode.slice(0, 6) }, select: { name: true } }),
  ]);
  return {
    publicity,
    village: village?.fullName ?? "",
    township: township?.name ?? "",
    county: county?.name ?? "",
    rows: all.map((p) => ({
      applicationId: p.applicationId,
      name: maskName(p.application.household.headName),
      idNumber: p.application.household.members[0]?.idNumberMasked ?? "",
      members: p.application.household.memberCount,
      type: p.application.type,
      amount: p.application.proposedAmount?.toFixed(2) ?? null,
    })),
  };
}
