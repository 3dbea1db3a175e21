/** Reads of the household import: a job's progress and result, the region's recent jobs. Region-scoped. */
import "server-only";
import { db } from "@/lib/db/client";
import { requirePermission } from "@/lib/auth/guard";
import { inScope } from "@/lib/auth/scope";
import type { Actor } from "@/lib/auth/permissions";
import { NotFoundError } from "@/lib/errors";
import { t } from "@/lib/i18n";
import type { Mapping } from "./columns";
import type { Problem } from "./validate";

const jobSelect = {
  id: true, fileName: true, checksum: true, sizeBytes: true, status: true, headers: true, mapping: true,
  totalRows: true, goodRows: true, badRows: true, processedRows: true, created: true, updated: true, unchanged: true, skipped: true,
  problemCount: true, failure: true, createdAt: true, finishedAt: true, actorId: true,
} as const;

export type ImportJobView = Awaited<ReturnType<typeof getImportJob>>;

/** One job, with the first `problemLimit` problems (the page shows a page of them; the report all). */
export async function getImportJob(actor: Actor, id: number, problemLimit = 100) {
  requirePermission(actor, "import:households");
  const job = await db.importJob.findFirst({ where: { id, ...inScope(actor) }, select: { ...jobSelect, problems: true } });
  if (!job) throw new NotFoundError(t.common.notFound);
  const all = job.problems as Problem[];
  return { ...job, mapping: job.mapping as Mapping | null, problems: all.slice(0, problemLimit), storedProblems: all.length };
}

export async function importProblems(actor: Actor, id: number): Promise<{ fileName: string; problems: Problem[] }> {
  requirePermission(actor, "import:households");
  const job = await db.importJob.findFirst({ where: { id, ...inScope(actor) }, select: { fileName: true, problems: true } });
  if (!job) throw new NotFoundError(t.common.notFound);
  return { fileName: job.fileName, problems: job.problems as Problem[] };
}

export async function listImportJobs(actor: Actor, take = 20) {
  requirePermission(actor, "import:households");
  return db.importJob.findMany({
    where: inScope(actor),
    orderBy: { id: "desc" },
    take,
    select: { id: true, fileName: true, status: true, totalRows: true, created: true, updated: true, createdAt: true },
  });
}

/** The importer's first village: the template's example row lies in it. */
export async function firstVillageOf(actor: Actor): Promise<string> {
  const v = await db.region.findFirst({ where: { level: 5, retiredAt: null, code: { startsWith: actor.regionCode } }, orderBy: { code: "asc" }, select: { code: true } });
  return v?.code ?? "211102003001";
}
