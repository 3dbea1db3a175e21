/**
 * PostgreSQL's memory and planner settings for the machine it runs on, not the defaults
 * (issue 14, decision 022): the embedded server is started with these (lib/db/embedded.ts).
 * The usual rules of thumb for a dedicated database on SSD, scaled down because the app, its
 * build and the tests share the machine: shared_buffers a fifth of memory, the planner told half
 * is cache, work_mem bounded per sort so a hundred concurrent ones cannot exhaust memory.
 * Pure, so the figures are tested and printed (`npm start` logs them).
 */
import os from "node:os";

const MB = 1024 * 1024;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Memory this process may use: the cgroup's limit when it has one, else the machine's. */
export function availableMemory(): number {
  const limit = typeof process.constrainedMemory === "function" ? process.constrainedMemory() : 0;
  const total = os.totalmem();
  return limit && limit > 0 && limit < total ? limit : total;
}

export type Tuning = Record<string, string>;

export function postgresTuning(memoryBytes: number = availableMemory(), cpus: number = os.availableParallelism()): Tuning {
  const mb = (bytes: number) => `${Math.floor(bytes / MB)}MB`;
  const parallel = clamp(Math.floor(cpus / 2), 0, 4);
  return {
    shared_buffers: mb(clamp(memoryBytes / 5, 128 * MB, 8192 * MB)),
    effective_cache_size: mb(clamp(memoryBytes / 2, 256 * MB, 32768 * MB)),
    work_mem: mb(clamp(memoryBytes / 512, 4 * MB, 64 * MB)),
    maintenance_work_mem: mb(clamp(memoryBytes / 16, 64 * MB, 1024 * MB)),
    max_wal_size: "2GB",
    // SSD: random reads cost little more than sequential ones; many can be in flight.
    random_page_cost: "1.1",
    effective_io_concurrency: "200",
    max_parallel_workers_per_gather: String(parallel),
    max_parallel_maintenance_workers: String(parallel),
    // A session left open inside a transaction (a crashed request) must not hold locks for ever.
    idle_in_transaction_session_timeout: "5min",
  };
}

/** As `-c name=value` flags for `postgres`. */
export function tuningFlags(tuning: Tuning = postgresTuning()): string {
  return Object.entries(tuning).map(([k, v]) => ` -c ${k}=${v}`).join("");
}
