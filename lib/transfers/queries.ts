/**
 * Reads of tier 2 (problems transferred to other departments). Civil-affairs users see the
 * transfers of their region; a department user sees only those addressed to their department
 * within their region (lib/transfers/scope.ts). Reads by id are scoped the same way: another
 * department's transfer is "not found".
 */
import { boundedCount, cappedPage, pagesFor } from "@/lib/pagination";
import "server-only";
import { auditDeniedRead } from "@/lib/audit/refusals";
import { db } from "@/lib/db/client";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { inScope } from "@/lib/auth/scope";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { dateFromIso, todayInChina } from "@/lib/dates";
import { t } from "@/lib/i18n";
import type { TransferStatus } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { personalDataView } from "@/lib/households/privacy";
import { OPEN_TRANSFER_STATUSES, type TransferSearch } from "./schema";

export const PAGE_SIZE = 20;

/**
 * `where` fragment of the transfers an actor may see. Civil-affairs users: their region subtree.
 * Department users: their department's transfers in their region (a city's 医保局 sees the whole
 * city, a county's only the county). A department user without a department sees nothing.
 */
export function transferScope(actor: Actor): Prisma.TransferWhereInput {
  if (actor.role !== "DEPARTMENT") return inScope(actor);
  if (!actor.departmentCode) throw new ForbiddenError(t.common.forbidden);
  return { AND: [inScope(actor), { departmentCode: actor.departmentCode }] };
}

/** Past its due date and still waiting for the department. */
export function isOverdue(transfer: { status: TransferStatus; dueOn: Date }, today: string): boolean {
  return (OPEN_TRANSFER_STATUSES as readonly TransferStatus[]).includes(transfer.status) && transfer.dueOn < dateFromIso(today);
}

/** Whole days a transfer is past due (0 when it is not). */
export function daysOverdue(transfer: { status: TransferStatus; dueOn: Date }, today: string): number {
  if (!isOverdue(transfer, today)) return 0;
  return Math.round((dateFromIso(today).getTime() - transfer.dueOn.getTime()) / 86_400_000);
}

function overdueWhere(today: string): Prisma.TransferWhereInput {
  return { status: { in: [...OPEN_TRANSFER_STATUSES] }, dueOn: { lt: dateFromIso(today) } };
}

function statusWhere(status: TransferSearch["status"]): Prisma.TransferWhereInput {
  if (!status) return {};
  return status === "open" ? { status: { in: [...OPEN_TRANSFER_STATUSES] } } : { status };
}

async function villageNames(codes: string[]) {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map<string, string>();
  const regions = await db.region.findMany({ where: { code: { in: unique } }, select: { code: true, fullName: true } });
  return new Map(regions.map((r) => [r.code, r.fullName]));
}

async function userNames(ids: (number | null | undefined)[]) {
  const unique = [...new Set(ids.filter((id): id is number => typeof id === "number"))];
  if (unique.length === 0) return new Map<number, string>();
  const users = await db.user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

const listSelect = {
  id: true,
  status: true,
  dueOn: true,
  createdAt: true,
  answeredAt: true,
  regionCode: true,
  request: true,
  department: { select: { code: true, name: true } },
  problem: {
    select: {
      id: true,
      category: true,
      description: true,
      urgency: true,
      household: { select: { id: true, headName: true, regionCode: true } },
    },
  },
} as const;

/**
 * One page of transfers (20), waiting ones first and the most overdue of them on top, with the
 * counts behind the list's filters.
 */
export async function listTransfers(actor: Actor, search: TransferSearch, today: string = todayInChina()) {
  requirePermission(actor, "read:transfer");
  const scope = transferScope(actor);
  const where: Prisma.TransferWhereInput = {
    AND: [scope, statusWhere(search.status), search.overdue ? overdueWhere(today) : {}],
  };
  const [total, open, overdue, all, rows] = await Promise.all([
    boundedCount((take) => db.transfer.findMany({ where, select: { id: true }, orderBy: { regionCode: "asc" }, take })),
    db.transfer.count({ where: { AND: [scope, statusWhere("open")] } }),
    db.transfer.count({ where: { AND: [scope, overdueWhere(today)] } }),
    db.transfer.count({ where: scope }),
    db.transfer.findMany({
      where,
      // Waiting transfers (no answer yet) first, the earliest due — so the most overdue — on
      // top; then answered ones, the latest answer first.
      orderBy: [{ answeredAt: { sort: "desc", nulls: "first" } }, { dueOn: "asc" }, { id: "desc" }],
      skip: (cappedPage(search.page, PAGE_SIZE) - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: listSelect,
    }),
  ]);
  const [villages, view] = await Promise.all([villageNames(rows.map((r) => r.regionCode)), personalDataView(actor)]);
  return {
    total: total.total,
    capped: total.capped,
    page: cappedPage(search.page, PAGE_SIZE),
    pages: pagesFor(total, PAGE_SIZE),
    counts: { open, overdue, all },
    rows: rows.map(({ problem, department, ...r }) => ({
      ...r,
      department,
      problem: { id: problem.id, category: problem.category, description: problem.description, urgency: problem.urgency },
      household: { id: problem.household.id, headName: view.household(problem.household).headName },
      villageName: villages.get(r.regionCode) ?? r.regionCode,
      overdue: isOverdue(r, today),
      daysOverdue: daysOverdue(r, today),
    })),
  };
}

export type TransferListRow = Awaited<ReturnType<typeof listTransfers>>["rows"][number];

/** One transfer with its problem, household, department, who sent and answered it, and its history. */
export async function getTransfer(actor: Actor, id: number, today: string = todayInChina()) {
  requirePermission(actor, "read:transfer");
  const transfer = await db.transfer.findFirst({
    where: { AND: [{ id }, transferScope(actor)] },
    select: {
      id: true,
      status: true,
      dueOn: true,
      request: true,
      answer: true,
      answeredAt: true,
      answeredById: true,
      createdAt: true,
      createdById: true,
      regionCode: true,
      version: true,
      department: { select: { code: true, name: true } },
      problem: {
        select: {
          id: true,
          category: true,
          description: true,
          urgency: true,
          status: true,
          source: true,
          foundOn: true,
          dueOn: true,
          tier: true,
          resolution: true,
          resolvedOn: true,
          household: { select: { id: true, headName: true, address: true, phone: true, memberCount: true, regionCode: true } },
        },
      },
    },
  });
  if (!transfer) {
    await auditDeniedRead(actor, "transfer", id);
    throw new NotFoundError(t.common.notFound);
  }

  // The transfer's own audit rows are its history: who sent, accepted and answered it, and when.
  const audit = await db.auditLog.findMany({
    where: { entity: "transfer", entityId: String(transfer.id), action: { startsWith: "transfer." } },
    orderBy: { id: "asc" },
    select: { id: true, at: true, action: true, actorId: true },
  });
  const [names, villages, view] = await Promise.all([
    userNames([transfer.createdById, transfer.answeredById, ...audit.map((a) => a.actorId)]),
    villageNames([transfer.regionCode]),
    personalDataView(actor),
  ]);
  const { problem, ...rest } = transfer;
  const { household, ...problemFields } = problem;
  return {
    ...rest,
    problem: problemFields,
    // The department answering, or the county reading, sees the family masked unless revealed (privacy.ts).
    household: {
      ...view.household(household),
      villageFullName: villages.get(transfer.regionCode) ?? transfer.regionCode,
      masked: view.masks(household),
      revealedUntil: view.revealedUntil(household.id),
    },
    sentBy: names.get(transfer.createdById) ?? null,
    answeredBy: transfer.answeredById ? (names.get(transfer.answeredById) ?? null) : null,
    overdue: isOverdue(transfer, today),
    daysOverdue: daysOverdue(transfer, today),
    history: audit.map((a) => ({
      id: a.id.toString(),
      at: a.at,
      action: a.action,
      actorName: a.actorId ? (names.get(a.actorId) ?? null) : null,
    })),
  };
}

export type TransferDetail = Awaited<ReturnType<typeof getTransfer>>;

/** The transfers of one problem the actor may see, newest first (a returned one, then the next). */
export async function transfersOfProblem(actor: Actor, problemId: number, today: string = todayInChina()) {
  requirePermission(actor, "read:transfer");
  const rows = await db.transfer.findMany({
    where: { AND: [{ problemId }, transferScope(actor)] },
    orderBy: { id: "desc" },
    select: {
      id: true,
      status: true,
      dueOn: true,
      request: true,
      answer: true,
      answeredAt: true,
      createdAt: true,
      version: true,
      department: { select: { code: true, name: true } },
    },
  });
  return rows.map((r) => ({ ...r, overdue: isOverdue(r, today), daysOverdue: daysOverdue(r, today) }));
}

/** Departments a problem can be transferred to: active ones, in their agreed order. Reference data. */
export async function listDepartments(): Promise<{ code: string; name: string }[]> {
  return db.department.findMany({
    where: { active: true },
    orderBy: [{ sort: "asc" }, { name: "asc" }],
    select: { code: true, name: true },
  });
}

/** The name of a department user's department, for their page headings. */
export async function departmentName(code: string | null): Promise<string | null> {
  if (!code) return null;
  const d = await db.department.findUnique({ where: { code }, select: { name: true } });
  return d?.name ?? null;
}
