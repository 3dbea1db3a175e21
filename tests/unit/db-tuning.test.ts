/** PostgreSQL's settings scale with the machine and stay within bounds (lib/db/tuning.ts, decision 022). */
import { describe, expect, it } from "vitest";
import { postgresTuning, tuningFlags } from "@/lib/db/tuning";

const GB = 1024 ** 3;

describe("postgres tuning", () => {
  it("gives a 24 GB, 2-core machine a fifth for buffers, half as cache, bounded sort memory", () => {
    expect(postgresTuning(24 * GB, 2)).toMatchObject({
      shared_buffers: "4915MB", effective_cache_size: "12288MB", work_mem: "48MB", maintenance_work_mem: "1024MB",
      max_parallel_workers_per_gather: "1",
    });
  });
  it("keeps a small machine at workable minimums and a large one under the caps", () => {
    expect(postgresTuning(0.5 * GB, 1)).toMatchObject({ shared_buffers: "128MB", work_mem: "4MB", maintenance_work_mem: "64MB", max_parallel_workers_per_gather: "0" });
    expect(postgresTuning(512 * GB, 64)).toMatchObject({ shared_buffers: "8192MB", effective_cache_size: "32768MB", work_mem: "64MB", max_parallel_workers_per_gather: "4" });
  });
  it("renders -c flags", () => {
    expect(tuningFlags({ work_mem: "4MB", random_page_cost: "1.1" })).toBe(" -c work_mem=4MB -c random_page_cost=1.1");
  });
});

