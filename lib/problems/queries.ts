/** Reads of problems: a caseworker's open and overdue list, one problem with all it went through. */
import { boundedCount, cappedPage, pagesFor } from "@/lib/pagination";
import "server-only";
import { db } from "@/lib/db/client";
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
  const open = { status: { not: "RESOLVED" as const } };
  const where = {
    AND: [inScope(actor), {
      ...(search.filter === "open" ? open : {}),
      ...(search.filter === "overdue" ? { ...open, dueOn: { lt: dateFromIso(today) } } : {}),
      ...(search.filter === "resolved" ? { status: "RESOLVED" as const } : {}),
    }],
  };
  const [total, rows, overdue] = await Promise.all([
    boundedCount((take) => db.problem.findMany({ where, select: { id: true }, orderBy: { regionCode: "asc" }, take })),
    db.problem.findMany({
      where,
      // Open work: most urgent and longest overdue first. Resolved: latest first.
      orderBy: search.filter === "resolved" ? [{ resolvedOn: "desc" }, { id: "desc" }] : [{ dueOn: "asc" }, { id: "asc" }],
      skip: (cappedPage(search.page, PROBLEM_PAGE_SIZE) - 1) * PROBLEM_PAGE_SIZE,
      take: PROBLEM_PAGE_SIZE,
      include: { household: { select: { id: true, headName: true, address: true, regionCode: true } } },
    }),
    boundedCount((take) => db.problem.findMany({ where: { ...inScope(actor), ...open, dueOn: { lt: dateFromIso(today) } }, select: { id: true }, orderBy: { regionCode: "asc" }, take })),
  ]);
  const view = await personalDataView(actor);
  const todayDate = dateFromIso(today);
  return {
    total: total.total,
    capped: total.capped,
    overdue: overdue.capped ? `${overdue.total.toLocaleString("zh-CN")}+` : String(overdue.total),
    page: cappedPage(search.page, PROBLEM_PAGE_SIZE),
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
