/**
 * One `npm start` per checkout (issue 12): a second one on the same folder says that one is
 * already running and leaves it alone, instead of starting the database again, failing on the
 * port, and stopping the database the first one serves. The lock is a file in `.data/` with the
 * holder's process id, created exclusively; one whose process is gone is stale and taken over.
 * `db:backup` and `db:restore --switch` use locks of their own name the same way.
 */
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../db/server";
import { processAlive } from "../db/embedded";

export type LockHolder = { pid: number; port: number; startedAt: string };

const lockFile = (name: string, dir: string) => path.join(dir, `${name}.lock`);
const defaultDir = () => path.join(projectRoot, ".data");


function read(file: string): LockHolder | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as LockHolder;
  } catch {
    return null;
  }
}

/** Who holds the lock now (a live process other than this one), or null. */
export function heldBy(name = "npm-start", dir = defaultDir()): LockHolder | null {
  const holder = read(lockFile(name, dir));
  return holder && holder.pid !== process.pid && processAlive(holder.pid) ? holder : null;
}

/** Take the lock, or return its live holder. Released with `release()` (and on exit). */
export function acquire(port: number, name = "npm-start", dir = defaultDir()): { ok: true; release: () => void } | { ok: false; holder: LockHolder } {
  const file = lockFile(name, dir);
  fs.mkdirSync(dir, { recursive: true });
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify({ pid: process.pid, port, startedAt: new Date().toISOString() }), { flag: "wx", mode: 0o600 });
      const release = () => {
        if (read(file)?.pid === process.pid) fs.rmSync(file, { force: true });
      };
      process.on("exit", release);
      return { ok: true, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = heldBy(name, dir);
      if (holder) return { ok: false, holder };
      // Stale: move it aside atomically. Two takers cannot both remove one file; and if what we
      // moved turns out to be a live lock (another taker got in first), it goes back.
      const aside = `${file}.${process.pid}.stale`;
      try {
        fs.renameSync(file, aside);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") continue;
        throw e;
      }
      const moved = read(aside);
      if (moved && moved.pid !== process.pid && processAlive(moved.pid)) {
        try {
          fs.linkSync(aside, file);
        } catch { /* a third taker holds it now; theirs stands */ }
        fs.rmSync(aside, { force: true });
        return { ok: false, holder: moved };
      }
      fs.rmSync(aside, { force: true });
    }
  }
  throw new Error(`could not take ${file}`);
}
