/**
 * The server's log: one JSON object per line (pino), with the time, the level, a message and
 * whatever context the caller gives — always the request id where there is one
 * (lib/request-id.ts), so an operator can follow one request from the proxy to the failing
 * query. Levels below `error` go to stdout, `error` and `fatal` to stderr. No transport, no worker
 * thread: lines are written in-process as they happen.
 *
 * What never goes in: parameter values of SQL statements (the slow-query log keeps the statement
 * text only), and an error's `detail`/`meta` (PostgreSQL puts the offending row's values there,
 * e.g. "Key (id_number)=(…) already exists"). Errors are logged as type, code, message, stack and
 * cause.
 *
 * Under Vitest, error lines go through `console.error`, which fails a test that did not expect
 * it (tests/setup/console-errors.ts): replacing console.error with the logger keeps that guard.
 */
import "server-only";
import pino, { type DestinationStream, type Logger } from "pino";
import { logLevel } from "@/lib/env";

type SafeError = { type: string; message: string; code?: string; digest?: string; adapter?: string; stack?: string; cause?: SafeError };

/** What of an error reaches the log (see the header: no `detail`, no `meta` values). */
export function serializeError(value: unknown, depth = 0): SafeError {
  if (!(value instanceof Error)) return { type: typeof value, message: String(value).slice(0, 500) };
  const e = value as Error & { code?: unknown; digest?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown } } } };
  const adapter = e.meta?.driverAdapterError?.cause;
  const out: SafeError = { type: e.constructor?.name ?? e.name, message: e.message.slice(0, 2000) };
  if (typeof e.code === "string") out.code = e.code;
  if (typeof e.digest === "string") out.digest = e.digest;
  if (adapter && typeof adapter.kind === "string") out.adapter = typeof adapter.code === "string" ? `${adapter.kind}:${adapter.code}` : adapter.kind;
  if (e.stack) out.stack = e.stack;
  if (e.cause !== undefined && depth < 3) out.cause = serializeError(e.cause, depth + 1);
  return out;
}

type Sink = (line: string, level: number) => void;
let sinkForTests: Sink | null = null;

/** Tests only: see every line written (e.g. to check the slow-query log holds no values). */
export function setLogSinkForTests(sink: Sink | null) {
  if (!process.env.VITEST) throw new Error("setLogSinkForTests is for the test suite only");
  sinkForTests = sink;
}

const ERROR = 50;

const destination: DestinationStream = {
  write(line: string) {
    const level = Number(/"level":(\d+)/.exec(line)?.[1] ?? 30);
    if (sinkForTests) sinkForTests(line, level);
    if (process.env.VITEST) {
      // Only errors are shown (and fail the test unless expected); the rest would drown the output.
      if (level >= ERROR) console.error(line.trimEnd());
      return;
    }
    (level >= ERROR ? process.stderr : process.stdout).write(line);
  },
};

function createLogger(): Logger {
  return pino(
    {
      level: logLevel(),
      base: { app: "nuanxin" },
      timestamp: pino.stdTimeFunctions.isoTime,
      // `err` (pino's convention) and `error` both go through the safe serializer.
      serializers: { err: serializeError, error: serializeError },
      formatters: { level: (_label, number) => ({ level: number }) },
    },
    destination,
  );
}

// One logger per process, also across Next's bundles of this module (like the Prisma client).
const shared = globalThis as unknown as { nuanxinLog?: Logger };
export const log: Logger = (shared.nuanxinLog ??= createLogger());
