/** Reads of problems: a caseworker's open and overdue list, one problem with all it went through. */
import { boundedTotal, cappedPage, COUNT_CAP, pagesFor } from "@/lib/pagination";
import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { inScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { auditDeniedRead } from "@/lib/audit/refusals";
import { NotFoundError } from "@/lib/errors";
import { dateFromIso, todayInChina } from "@/lib/dates";
import { t } from "@/lib/i18n";
import { personalDataView } from "@/lib/households/privacy";
import type { ProblemSearch } from "./schema";

export const PROBLEM_PAGE_SIZE = 20;

export async function listProblems(actor: Actor, search: ProblemSearch, today: string = todayInChina()) {
  requirePermission(actor, "read:problem");
  const page = cappedPage(search.page, PROBLEM_PAGE_SIZE);
  // The status is written literally: the partial indexes of migration 20261209000000 serve each
  // list in its order only when the planner can see the predicate (a bound parameter it cannot).
  const open = Prisma.sql`status <> 'RESOLVED'`;
  const overdueNow = Prisma.sql`status <> 'RESOLVED' AND due_on < ${today}::date`;
  const filter = { open, overdue: overdueNow, resolved: Prisma.sql`status = 'RESOLVED'`, all: Prisma.sql`TRUE` }[search.filter];
  // Open work: most urgent and longest overdue first. Resolved: latest first.
  const order = search.filter === "resolved" ? Prisma.sql`resolved_on DESC, id DESC` : Prisma.sql`due_on ASC, id ASC`;
  // Row-level security bounds every statement by the connection's scope; the actor's region again here.
  const within = Prisma.sql`region_code LIKE ${`${actor.regionCode}%`}`;
  const bound = (where: Prisma.Sql) => db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM problem WHERE ${within} AND ${where} LIMIT ${COUNT_CAP + 1}::int) s`;
  const [counted, pageIds, overdueCounted] = await Promise.all([
    bound(filter),
    db.$queryRaw<{ id: number }[]>`
      SELECT id FROM problem WHERE ${within} AND ${filter}
      ORDER BY ${order} LIMIT ${PROBLEM_PAGE_SIZE}::int OFFSET ${(page - 1) * PROBLEM_PAGE_SIZE}::int`,
    bound(overdueNow),
  ]);
  const found = await db.problem.findMany({
    where: { AND: [inScope(actor), { id: { in: pageIds.map((r) => r.id) } }] },
    include: { household: { select: { id: true, headName: true, address: true, regionCode: true } } },
  });
  const byId = new Map(found.map((p) => [p.id, p]));
  const rows = pageIds.flatMap((r) => byId.get(r.id) ?? []);
  const total = boundedTotal(counted[0]?.n ?? 0);
  const overdue = boundedTotal(overdueCounted[0]?.n ?? 0);
  const view = await personalDataView(actor);
  const todayDate = dateFromIso(today);
  return {
    total: total.total,
    capped: total.capped,
    overdue: overdue.capped ? `${overdue.total.toLocaleString("zh-CN")}+` : String(overdue.total),
    page,
    pages: pagesFor(total, PROBLEM_PAGE_SIZE),
    rows: rows.map((p) => ({ ...p, household: view.household(p.household), isOverdue: p.status !== "RESOLVED" && p.dueOn < todayDate })),
  };
}

export async function getProblem(actor: Actor, id: number) {
  requirePermission(actor, "read:problem");
  const problem = await db.problem.findFirst({
    where: { id, ...inScope(actor) },
    include: {
      household: { select: { id: true, headName: true, address: true, regionCode: true, members: { select: { id: true, name: true, birthDate: true, relation: true }, orderBy: { birthDate: "asc" } } } },
      transfers: { orderBy: { id: "desc" }, include: { department: { select: { name: true } } } },
      aidCase: true,
      supportActions: { orderBy: { id: "asc" } },
    },
  });
  if (!problem) {
    await auditDeniedRead(actor, "problem", id);
    throw new NotFoundError(t.common.notFound);
  }
  const [region, people, view] = await Promise.all([
    db.region.findUnique({ where: { code: problem.regionCode }, select: { fullName: true } }),
    db.user.findMany({
      where: { id: { in: [problem.createdById, problem.resolvedById ?? 0, ...problem.supportActions.map((a) => a.createdById)] } },
      select: { id: true, name: true },
    }),
    personalDataView(actor),
  ]);
  const names = new Map(people.map((u) => [u.id, u.name]));
  return {
    ...problem,
    // Masked outside the actor's township unless revealed (privacy.ts); the problem itself — what
    // the county signs off or the department answers — stays readable.
    household: view.household(problem.household),
    masked: view.masks(problem.household),
    revealedUntil: view.revealedUntil(problem.household.id),
    villageFullName: region?.fullName ?? problem.regionCode,
    createdByName: names.get(problem.createdById) ?? "",
    resolvedByName: problem.resolvedById ? (names.get(problem.resolvedById) ?? "") : null,
    supportActions: problem.supportActions.map((a) => ({ ...a, createdByName: names.get(a.createdById) ?? "" })),
    isOverdue: problem.status !== "RESOLVED" && problem.dueOn < dateFromIso(todayInChina()),
  };
}
