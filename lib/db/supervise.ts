/**
 * Supervision of the embedded PostgreSQL (issue 12): `npm start` checks once a second that the
 * postmaster it started is alive; when it is gone (a crash, `kill -9`, the OOM killer) it starts
 * it again, and PostgreSQL's crash recovery replays the WAL — every committed transaction is
 * back, nothing half-written. The web app needs no restart: its pool opens new connections once
 * the server answers again (until then pages say the service is briefly unavailable).
 *
 * A start can fail for a moment after a crash (backends of the dead postmaster still hold its
 * shared memory for a second): it is retried with a growing pause, up to 10 s, for as long as it takes.
 */
export type Supervisor = { stop(): void; readonly restarts: number };

export function supervise(opts: {
  /** The postmaster's pid while it runs, else null. */
  pid: () => number | null;
  /** Start it again (idempotent: a running server is left as it is). */
  start: () => Promise<unknown>;
  log: (line: string) => void;
  intervalMs?: number;
}): Supervisor {
  const interval = opts.intervalMs ?? 1000;
  let stopped = false;
  let restarts = 0;
  let timer: NodeJS.Timeout | undefined;

  const check = async () => {
    if (stopped) return;
    if (opts.pid() === null) {
      const t0 = Date.now();
      opts.log("内嵌数据库意外停止，正在重启（崩溃恢复）…");
      for (let attempt = 1, pause = 250; !stopped; attempt++, pause = Math.min(pause * 2, 10_000)) {
        try {
          await opts.start();
          restarts++;
          opts.log(`内嵌数据库已恢复（第 ${attempt} 次尝试，用时 ${((Date.now() - t0) / 1000).toFixed(1)} 秒）`);
          break;
        } catch (error) {
          opts.log(`重启数据库失败（第 ${attempt} 次），${(pause / 1000).toFixed(1)} 秒后重试：${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
          await new Promise((r) => setTimeout(r, pause));
        }
      }
    }
    if (!stopped) timer = setTimeout(check, interval);
  };
  timer = setTimeout(check, interval);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
    get restarts() {
      return restarts;
    },
  };
}
