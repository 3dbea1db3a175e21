/**
 * Writes of the household import (issue 16; docs/decisions/027): a file uploaded into an import
 * job, its column mapping confirmed (and remembered for the user), the dry run and the import
 * started as background jobs (lib/import/queue.ts), a running one cancelled; and the two job
 * bodies themselves, which the worker runs outside any request.
 *
 * The import is its own audited path, not the form's: a register being adopted keeps each
 * household's category from the file, and a batch of households is written in one transaction
 * with one audit row per household created or changed, plus one row for the whole job naming
 * the file, its checksum and the counts. Households are matched by the head's ID number and
 * members by theirs (blind index, decision 017), so importing the same file again creates nothing.
 */
import "server-only";
import { flagSuspectedDuplicates } from "@/lib/duplicates/detect";
import { createHash } from "node:crypto";
import { db, type Tx } from "@/lib/db/client";
import { asSystem, withScope } from "@/lib/db/scope";
import { requirePermission } from "@/lib/auth/guard";
import { isInScope } from "@/lib/auth/scope";
import type { Actor } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/write";
import { ConflictError, DomainError, NotFoundError } from "@/lib/errors";
import { idKeys } from "@/lib/env";
import { blindIndexCandidates, protectIdNumber } from "@/lib/crypto/id-number-cipher";
import { dateFromIso } from "@/lib/dates";
import { format, t } from "@/lib/i18n";
import { log } from "@/lib/log";
import { birthDateOf, isMale, maskIdNumber } from "@/lib/households/id-number";
import type { CreateHouseholdInput, MemberInput } from "@/lib/households/schema";
import { FIELDS, mappingProblems, proposeMapping, type Mapping } from "./columns";
import { fileKind, readHeaders, type FileKind } from "./read";
import { checkContext, checkHouseholds, householdGroups, type CheckedHousehold, type Problem, type RowGroup } from "./validate";

const m = t.imports;

/** Uploads larger than this are refused (a 100,000-household register is about 15 MB). */
export const MAX_UPLOAD_MB = 50;
/** Data rows a file may hold: ten times the largest city's register, a guard against a runaway sheet. */
export const MAX_ROWS = 1_000_000;
/** Households per transaction: 500 keeps each under a second while 100,000 finish in minutes. */
export const BATCH_HOUSEHOLDS = 500;
/** Problems kept for the page and the error report; the counts stay exact beyond it. */
export const MAX_STORED_PROBLEMS = 20_000;

export type ImportPhase = "validate" | "import";
/** Where a job's work is handed to the background (the queue, or a test running it in place). */
export type Enqueue = (jobId: number, phase: ImportPhase) => Promise<void>;

function assertImporter(actor: Actor) {
  requirePermission(actor, "import:households");
}

/** Why a file is refused, by key: the upload page names the reason without text in its URL. */
export type UploadRefusal = "empty" | "tooLarge" | "wrongType" | "unreadable";
const refusal = (reason: UploadRefusal) => {
  const ref = { key: `imports.${reason}` as const, params: { mb: MAX_UPLOAD_MB } };
  return new DomainError(ref, { file: [ref] });
};
/** The refusal a DomainError from `uploadImport` stands for, if it is one. */
export const uploadRefusalOf = (error: DomainError): UploadRefusal | null => {
  const reason = error.messageRef?.key.replace(/^imports\./, "");
  return reason === "empty" || reason === "tooLarge" || reason === "wrongType" || reason === "unreadable" ? reason : null;
};

/** A file as it arrives: refused with a Chinese message when it is not a register we can read. */
export async function uploadImport(actor: Actor, file: { name: string; bytes: Uint8Array }) {
  assertImporter(actor);
  if (file.bytes.byteLength === 0) throw refusal("empty");
  if (file.bytes.byteLength > MAX_UPLOAD_MB * 1024 * 1024) throw refusal("tooLarge");
  const kind = fileKind(file.name, file.bytes);
  if (!kind) throw refusal("wrongType");
  let headers: string[] | null;
  try {
    headers = await readHeaders(kind, file.bytes);
  } catch {
    throw refusal("unreadable");
  }
  if (!headers || headers.every((h) => h === "")) throw refusal("empty");
  const checksum = createHash("sha256").update(file.bytes).digest("hex");
  const fileName = file.name.replace(/[\u0000-\u001f\u007f]/g, "").slice(-200);
  const remembered = await rememberedMapping(actor);
  const mapping = proposeMapping(headers, remembered);
  return db.$transaction(async (tx) => {
    const job = await tx.importJob.create({
      data: {
        regionCode: actor.regionCode, actorId: actor.id, fileName, checksum, sizeBytes: file.bytes.byteLength,
        content: Buffer.from(file.bytes), headers, mapping,
      },
      select: { id: true, regionCode: true },
    });
    await writeAudit(tx, actor, {
      action: "import_job.upload", entity: "import_job", entityId: job.id, regionCode: job.regionCode,
      after: { fileName, checksum, sizeBytes: file.bytes.byteLength, kind },
    });
    return { id: job.id, mapping, headers, kind: kind as FileKind };
  });
}

export async function rememberedMapping(actor: Actor): Promise<Partial<Mapping> | null> {
  const row = await db.importMapping.findUnique({ where: { userId: actor.id }, select: { mapping: true } });
  return (row?.mapping as Partial<Mapping> | undefined) ?? null;
}

/**
 * The mapping confirmed (remembered for this user) and the dry run queued. Nothing is written to
 * the register by a dry run.
 */
export async function startValidation(actor: Actor, input: { jobId: number; mapping: Mapping }, enqueue: Enqueue) {
  assertImporter(actor);
  const job = await db.importJob.findFirst({
    where: { id: input.jobId, regionCode: { startsWith: actor.regionCode } },
    select: { id: true, status: true, headers: true, regionCode: true },
  });
  if (!job) throw new NotFoundError(t.common.notFound);
  const problems = mappingProblems(input.mapping, job.headers);
  if (Object.keys(problems).length) {
    throw new DomainError(t.common.invalidInput, Object.fromEntries(Object.entries(problems).map(([k, v]) => [`mapping.${k}`, [v!]])));
  }
  await db.$transaction(async (tx) => {
    const moved = await tx.importJob.updateMany({
      where: { id: job.id, status: { in: ["UPLOADED", "VALIDATED"] } },
      data: { status: "VALIDATING", mapping: input.mapping, processedRows: 0, problems: [], problemCount: 0 },
    });
    if (moved.count === 0) throw new ConflictError(m.notReady);
    await tx.importMapping.upsert({
      where: { userId: actor.id },
      create: { userId: actor.id, mapping: input.mapping },
      update: { mapping: input.mapping },
    });
  });
  await enqueue(job.id, "validate");
}

/** The good rows of a validated job imported, in the background. */
export async function startImport(actor: Actor, jobId: number, enqueue: Enqueue) {
  assertImporter(actor);
  const job = await db.importJob.findFirst({ where: { id: jobId, regionCode: { startsWith: actor.regionCode } }, select: { id: true, goodRows: true } });
  if (!job) throw new NotFoundError(t.common.notFound);
  if (job.goodRows === 0) throw new DomainError(m.nothingToImport);
  const moved = await db.importJob.updateMany({
    where: { id: job.id, status: "VALIDATED" },
    data: { status: "IMPORTING", processedRows: 0, created: 0, updated: 0, unchanged: 0, skipped: 0 },
  });
  if (moved.count === 0) throw new ConflictError(m.notReady);
  await enqueue(job.id, "import");
}

/**
 * Cancel a dry run or an import. The batch being written when this commits is rolled back (its
 * progress update finds the job no longer running); batches already written stay, audited.
 */
export async function cancelImport(actor: Actor, jobId: number) {
  assertImporter(actor);
  return db.$transaction(async (tx) => {
    const job = await tx.importJob.findFirst({ where: { id: jobId, regionCode: { startsWith: actor.regionCode } }, select: { id: true, regionCode: true, status: true } });
    if (!job) throw new NotFoundError(t.common.notFound);
    const moved = await tx.importJob.updateMany({
      where: { id: job.id, status: { in: ["UPLOADED", "VALIDATING", "VALIDATED", "IMPORTING"] } },
      data: { status: "CANCELLED", finishedAt: new Date() },
    });
    if (moved.count === 0) throw new ConflictError(m.notReady);
    await writeAudit(tx, actor, { action: "import_job.cancel", entity: "import_job", entityId: job.id, regionCode: job.regionCode, before: { status: job.status } });
  });
}

// ── The job bodies (run by the worker, lib/import/queue.ts) ──

class Cancelled extends Error {}

/** Run one phase of a job, in its importer's region; a failure is recorded on the job. */
export async function runImportJob(jobId: number, phase: ImportPhase): Promise<void> {
  const job = await asSystem(() => db.importJob.findUnique({ where: { id: jobId }, select: { id: true, regionCode: true, actorId: true } }));
  if (!job) return;
  await withScope(job.regionCode, async () => {
    try {
      const actor = await db.user.findUnique({
        where: { id: job.actorId },
        select: { id: true, username: true, name: true, role: true, regionCode: true, departmentCode: true, active: true },
      });
      if (!actor || !actor.active || !isInScope(actor, job.regionCode)) throw new Error("the importing user is gone or inactive");
      assertImporter(actor);
      if (phase === "validate") await runValidation(actor, jobId);
      else await runImport(actor, jobId);
    } catch (error) {
      log.error({ err: error, importJobId: jobId, phase }, "import job failed");
      await db.importJob.updateMany({
        where: { id: jobId, status: { in: ["VALIDATING", "IMPORTING"] } },
        data: { status: "FAILED", failure: error instanceof DomainError ? error.message.slice(0, 500) : t.common.unexpected, finishedAt: new Date() },
      });
    }
  });
}

async function loadJob(jobId: number) {
  return db.importJob.findUniqueOrThrow({
    where: { id: jobId },
    select: { id: true, regionCode: true, fileName: true, checksum: true, content: true, mapping: true, headers: true, status: true },
  });
}

/** Groups of a file in batches of BATCH_HOUSEHOLDS, with the data rows counted. */
async function* batches(kind: FileKind, bytes: Uint8Array, mapping: Mapping) {
  let batch: RowGroup[] = [];
  let rows = 0;
  for await (const g of householdGroups(kind, bytes, mapping)) {
    rows += g.rows.length;
    if (rows > MAX_ROWS) throw new DomainError(format(m.tooManyRows, { max: MAX_ROWS }));
    batch.push(g);
    if (batch.length >= BATCH_HOUSEHOLDS) { yield batch; batch = []; }
  }
  if (batch.length) yield batch;
}

function kindOf(job: { fileName: string; content: Uint8Array }): FileKind {
  const kind = fileKind(job.fileName, job.content);
  if (!kind) throw new DomainError(m.wrongType);
  return kind;
}

async function countRows(kind: FileKind, bytes: Uint8Array, mapping: Mapping): Promise<number> {
  let n = 0;
  for await (const g of householdGroups(kind, bytes, mapping)) n += g.rows.length;
  return n;
}

/** The dry run: every row judged, nothing written but the job's own counts and problems. */
async function runValidation(actor: Actor, jobId: number) {
  const job = await loadJob(jobId);
  if (job.status !== "VALIDATING") return;
  const mapping = job.mapping as Mapping;
  const kind = kindOf(job);
  const total = await countRows(kind, job.content, mapping);
  await db.importJob.updateMany({ where: { id: jobId, status: "VALIDATING" }, data: { totalRows: total } });
  const ctx = await checkContext(job.regionCode, mapping, job.headers);
  const problems: Problem[] = [];
  let problemCount = 0, good = 0, bad = 0, done = 0;
  for await (const batch of batches(kind, job.content, mapping)) {
    for (const h of await checkHouseholds(ctx, batch)) {
      if (h.ok) good += h.rows.length;
      else {
        bad += h.rows.length;
        problemCount += h.problems.length;
        for (const x of h.problems) if (problems.length < MAX_STORED_PROBLEMS) problems.push(x);
      }
      done += h.rows.length;
    }
    const still = await db.importJob.updateMany({ where: { id: jobId, status: "VALIDATING" }, data: { processedRows: done } });
    if (still.count === 0) return; // cancelled
  }
  await db.$transaction(async (tx) => {
    const moved = await tx.importJob.updateMany({
      where: { id: jobId, status: "VALIDATING" },
      data: { status: "VALIDATED", totalRows: done, goodRows: good, badRows: bad, processedRows: done, problems, problemCount },
    });
    if (moved.count === 0) return;
    await writeAudit(tx, actor, {
      action: "import_job.validate", entity: "import_job", entityId: jobId, regionCode: job.regionCode,
      after: { fileName: job.fileName, checksum: job.checksum, rows: done, goodRows: good, badRows: bad, problems: problemCount, mapping },
    });
  });
}

/** The import: each batch re-checked (the register may have changed since the dry run) and written. */
async function runImport(actor: Actor, jobId: number) {
  const job = await loadJob(jobId);
  if (job.status !== "IMPORTING") return;
  const mapping = job.mapping as Mapping;
  const kind = kindOf(job);
  const ctx = await checkContext(job.regionCode, mapping, job.headers);
  const counts = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
  const problems: Problem[] = [];
  let problemCount = 0, done = 0;
  try {
    for await (const batch of batches(kind, job.content, mapping)) {
      const checked = await checkHouseholds(ctx, batch);
      const rows = checked.reduce((n, h) => n + h.rows.length, 0);
      const skipped = checked.filter((h) => !h.ok);
      for (const h of skipped) {
        problemCount += h.problems.length;
        for (const x of h.problems) if (problems.length < MAX_STORED_PROBLEMS) problems.push(x);
      }
      await db.$transaction(async (tx) => {
        const written = await writeHouseholds(tx, actor, jobId, checked.filter((h): h is Extract<CheckedHousehold, { ok: true }> => h.ok));
        // The progress moves in the batch's own transaction; a job cancelled meanwhile rolls it back.
        const still = await tx.importJob.updateMany({
          where: { id: jobId, status: "IMPORTING" },
          data: {
            processedRows: { increment: rows },
            created: { increment: written.created }, updated: { increment: written.updated },
            unchanged: { increment: written.unchanged }, skipped: { increment: skipped.length },
          },
        });
        if (still.count === 0) throw new Cancelled();
        counts.created += written.created; counts.updated += written.updated;
        counts.unchanged += written.unchanged; counts.skipped += skipped.length;
      }, { timeout: 120_000 });
      done += rows;
    }
  } catch (error) {
    if (!(error instanceof Cancelled)) throw error;
  }
  await db.$transaction(async (tx) => {
    const finished = await tx.importJob.updateMany({
      where: { id: jobId, status: "IMPORTING" },
      data: { status: "DONE", finishedAt: new Date(), problems, problemCount },
    });
    // One audit row for the whole job, finished or cancelled: the file, its checksum, the counts.
    await writeAudit(tx, actor, {
      action: finished.count ? "import_job.import" : "import_job.import_cancelled", entity: "import_job", entityId: jobId, regionCode: job.regionCode,
      after: { fileName: job.fileName, checksum: job.checksum, rows: done, ...counts, problems: problemCount },
    });
  });
}

// ── Writing one batch ──

type Valid = Extract<CheckedHousehold, { ok: true }>;

function memberColumns(mm: MemberInput) {
  return {
    name: mm.name, relation: mm.relation, majorIllness: mm.majorIllness, disabilityGrade: mm.disabilityGrade,
    postCompulsoryStudent: mm.postCompulsoryStudent, unsupportedChild: mm.unsupportedChild, labourCapacity: mm.labourCapacity,
  };
}

function householdColumns(input: CreateHouseholdInput) {
  return {
    regionCode: input.regionCode, address: input.address, phone: input.phone, note: input.note,
    headName: input.members.find((x) => x.relation === "HEAD")!.name,
  };
}

const snapshotMember = (mm: MemberInput) => ({ ...memberColumns(mm), idNumberMasked: maskIdNumber(mm.idNumber!) });

const existingSelect = {
  id: true, regionCode: true, address: true, phone: true, category: true, headName: true, memberCount: true, note: true, version: true,
  members: {
    select: {
      id: true, idIndex: true, name: true, idNumberMasked: true, relation: true, majorIllness: true, disabilityGrade: true,
      postCompulsoryStudent: true, unsupportedChild: true, labourCapacity: true, regionCode: true,
    },
    orderBy: { id: "asc" as const },
  },
};

/**
 * Create the new households and bring the matched ones up to the file (members added or changed;
 * a member missing from the file is kept: a register extract may leave people out, and removing
 * a person is a caseworker's decision). An existing household's category is not changed by an
 * import: after adoption it changes only by the procedure (decision 025).
 */
export async function writeHouseholds(tx: Tx, actor: Actor, jobId: number, households: Valid[]) {
  const keys = idKeys();
  const fresh = households.filter((h) => h.existingId === null);
  const matched = households.filter((h) => h.existingId !== null);
  let created = 0, updated = 0, unchanged = 0;
  const touched: number[] = [];

  if (fresh.length) {
    const rows = await tx.household.createManyAndReturn({
      data: fresh.map((h) => ({ ...householdColumns(h.input), category: h.input.category, memberCount: h.input.members.length })),
      select: { id: true },
    });
    // INSERT … RETURNING gives the rows in the order of the VALUES list.
    await tx.member.createMany({
      data: fresh.flatMap((h, i) => h.input.members.map((mm) => ({
        ...memberColumns(mm), ...protectIdNumber(keys, mm.idNumber!), idNumberMasked: maskIdNumber(mm.idNumber!),
        birthDate: dateFromIso(birthDateOf(mm.idNumber!)), male: isMale(mm.idNumber!),
        regionCode: h.input.regionCode, householdId: rows[i].id,
      }))),
    });
    await tx.auditLog.createMany({
      data: fresh.map((h, i) => ({
        actorId: actor.id, action: "household.import_create", entity: "household", entityId: String(rows[i].id), regionCode: h.input.regionCode,
        after: { importJobId: jobId, id: rows[i].id, ...householdColumns(h.input), category: h.input.category, memberCount: h.input.members.length, members: h.input.members.map(snapshotMember) },
      })),
    });
    created = fresh.length;
    touched.push(...rows.map((r) => r.id));
  }

  if (matched.length) {
    const existing = await tx.household.findMany({ where: { id: { in: matched.map((h) => h.existingId!) } }, select: existingSelect });
    const byId = new Map(existing.map((e) => [e.id, e]));
    for (const h of matched) {
      const before = byId.get(h.existingId!);
      if (!before) continue;
      const cols = householdColumns(h.input);
      const byIndex = new Map(before.members.map((mm) => [Buffer.from(mm.idIndex).toString("hex"), mm]));
      const changes: { id: number; data: ReturnType<typeof memberColumns> & { regionCode: string } }[] = [];
      const additions: MemberInput[] = [];
      for (const mm of h.input.members) {
        const current = blindIndexCandidates(keys, mm.idNumber!).map((b) => byIndex.get(Buffer.from(b).toString("hex"))).find(Boolean);
        const want = memberColumns(mm);
        if (!current) { additions.push(mm); continue; }
        const differs = (Object.keys(want) as (keyof typeof want)[]).some((k) => want[k] !== current[k]) || current.regionCode !== cols.regionCode;
        if (differs) changes.push({ id: current.id, data: { ...want, regionCode: cols.regionCode } });
      }
      const householdDiffers = (Object.keys(cols) as (keyof typeof cols)[]).some((k) => cols[k] !== before[k]);
      if (!householdDiffers && changes.length === 0 && additions.length === 0) { unchanged++; continue; }
      const memberCount = before.members.length + additions.length;
      const bumped = await tx.household.updateMany({
        where: { id: before.id, version: before.version },
        data: { ...cols, memberCount, version: { increment: 1 } },
      });
      if (bumped.count === 0) throw new ConflictError(t.common.conflict);
      // A household moved to another village of the region takes all its members along.
      if (cols.regionCode !== before.regionCode) await tx.member.updateMany({ where: { householdId: before.id }, data: { regionCode: cols.regionCode } });
      for (const c of changes) await tx.member.update({ where: { id: c.id }, data: c.data });
      if (additions.length) {
        await tx.member.createMany({
          data: additions.map((mm) => ({
            ...memberColumns(mm), ...protectIdNumber(keys, mm.idNumber!), idNumberMasked: maskIdNumber(mm.idNumber!),
            birthDate: dateFromIso(birthDateOf(mm.idNumber!)), male: isMale(mm.idNumber!), regionCode: cols.regionCode, householdId: before.id,
          })),
        });
      }
      const strip = ({ idIndex: _i, regionCode: _r, ...rest }: (typeof before.members)[number]) => rest;
      await writeAudit(tx, actor, {
        action: "household.import_update", entity: "household", entityId: before.id, regionCode: cols.regionCode,
        before: { ...before, members: before.members.map(strip) },
        after: { importJobId: jobId, ...cols, memberCount, version: before.version + 1, changedMembers: changes.map((c) => c.id), addedMembers: additions.map(snapshotMember) },
      });
      updated++;
      touched.push(before.id);
    }
  }
  // Likely duplicates of what this batch registered or changed go to the supervisors' 疑似重复
  // list, in the batch's own transaction (lib/duplicates, decision 028).
  const flagged = await flagSuspectedDuplicates(tx, touched);
  return { created, updated, unchanged, flagged };
}

export { FIELDS };
