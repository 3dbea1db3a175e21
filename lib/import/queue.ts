/**
 * The background side of the import: a pg-boss queue (PostgreSQL-backed, in its own schema made
 * by migration 20261205100000) and the worker that runs the jobs. pg-boss connects as the app
 * role with `migrate: false`: the app role may not run DDL, so pg-boss only checks that its
 * schema is the version it expects. The worker lives in the web server process itself, started
 * by instrumentation.ts when Next starts (`npm start` and the Playwright server alike), so there
 * is nothing extra to run or install (docs/decisions/027).
 */
import "server-only";
import PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { runImportJob, type ImportPhase } from "./commands";

export const IMPORT_QUEUE = "household-import";

type JobData = { jobId: number; phase: ImportPhase };

const shared = globalThis as unknown as { nuanxinBoss?: Promise<PgBoss>; nuanxinImportWorker?: Promise<string> };

function boss(): Promise<PgBoss> {
  shared.nuanxinBoss ??= (async () => {
    const b = new PgBoss({
      connectionString: env().DATABASE_URL,
      schema: "pgboss",
      max: 2,
      migrate: false,
      schedule: false,
      supervise: true,
      application_name: "nuanxin-import",
    });
    b.on("error", (err) => log.warn({ err }, "import queue error"));
    await b.start();
    return b;
  })().catch((error) => {
    shared.nuanxinBoss = undefined;
    throw error;
  });
  return shared.nuanxinBoss;
}

/** Hand a job's phase to the worker. */
export async function enqueueImport(jobId: number, phase: ImportPhase): Promise<void> {
  await (await boss()).send(IMPORT_QUEUE, { jobId, phase } satisfies JobData, { retryLimit: 0, expireInSeconds: 4 * 3600 });
}

/** Start the worker in this process (once): one job at a time, polled every second. */
export function startImportWorker(): Promise<string> {
  shared.nuanxinImportWorker ??= (async () => {
    const b = await boss();
    return b.work<JobData>(IMPORT_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async (jobs) => {
      for (const job of jobs) await runImportJob(job.data.jobId, job.data.phase);
    });
  })().catch((error) => {
    shared.nuanxinImportWorker = undefined;
    throw error;
  });
  return shared.nuanxinImportWorker;
}

/** Stop the queue (tests; the server's own exit ends it otherwise). */
export async function stopImportQueue(): Promise<void> {
  const b = shared.nuanxinBoss;
  shared.nuanxinBoss = undefined;
  shared.nuanxinImportWorker = undefined;
  if (b) await (await b).stop({ graceful: true, wait: true, timeout: 5000 });
}
