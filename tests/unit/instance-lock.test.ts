/**
 * The start lock (issue 12): a live holder is named and left alone; a stale one (its process
 * gone) is taken over; release removes only one's own lock.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { acquire, heldBy } from "../../lib/cli/instance-lock";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nuanxin-lock-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, pid: number) =>
  fs.writeFileSync(path.join(dir, `${name}.lock`), JSON.stringify({ pid, port: 3000, startedAt: "2026-12-02T00:00:00Z" }));

describe("start lock", () => {
  it("names a live holder and changes nothing", () => {
    write("live", process.ppid); // the test runner's parent: alive, and not this process
    const taken = acquire(3001, "live", dir);
    expect(taken.ok).toBe(false);
    if (!taken.ok) expect(taken.holder.pid).toBe(process.ppid);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "live.lock"), "utf8")).pid).toBe(process.ppid);
  });

  it("takes over a stale lock, and releases only its own", () => {
    const gone = spawnSync(process.execPath, ["-e", "0"]).pid!; // exited: its pid is free
    write("stale", gone);
    expect(heldBy("stale", dir)).toBeNull();
    const taken = acquire(3002, "stale", dir);
    expect(taken.ok).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "stale.lock"), "utf8")).pid).toBe(process.pid);
    expect(fs.readdirSync(dir).filter((f) => f.includes(".stale"))).toEqual([]);
    if (taken.ok) taken.release();
    expect(fs.existsSync(path.join(dir, "stale.lock"))).toBe(false);

    write("other", process.ppid);
    const mine = acquire(3003, "mine", dir);
    if (mine.ok) mine.release();
    expect(fs.existsSync(path.join(dir, "other.lock"))).toBe(true);
  });
});
