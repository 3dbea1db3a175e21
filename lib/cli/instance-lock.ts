/**
 * One `npm start` per checkout (issue 12): a second one on the same folder says that one is
 * already running and leaves it alone, instead of starting the database again, failing on the
 * port, and stopping the database the first one serves. The lock is a file in `.data/` with the
 * holder's process id, created exclusively; one whose process is gone is stale and replaced.
 */
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../db/server";

export type LockHolder = { pid: number; port: number; startedAt: string };

const lockFile = () => path.join(projectRoot, ".data", "npm-start.lock");

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Who holds the lock now (a live process other than this one), or null. */
export function heldBy(): LockHolder | null {
  try {
    const holder = JSON.parse(fs.readFileSync(lockFile(), "utf8")) as LockHolder;
    return holder.pid !== process.pid && alive(holder.pid) ? holder : null;
  } catch {
    return null;
  }
}

/** Take the lock, or return its live holder. Released with `release()` (and on exit). */
export function acquire(port: number): { ok: true; release: () => void } | { ok: false; holder: LockHolder } {
  fs.mkdirSync(path.dirname(lockFile()), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile(), JSON.stringify({ pid: process.pid, port, startedAt: new Date().toISOString() }), { flag: "wx", mode: 0o600 });
      const release = () => {
        try {
          const holder = JSON.parse(fs.readFileSync(lockFile(), "utf8")) as LockHolder;
          if (holder.pid === process.pid) fs.rmSync(lockFile(), { force: true });
        } catch { /* already gone */ }
      };
      process.on("exit", release);
      return { ok: true, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = heldBy();
      if (holder) return { ok: false, holder };
      fs.rmSync(lockFile(), { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`could not take ${lockFile()}`);
}
