/**
 * Environment, validated once at boot with zod (a missing or malformed variable fails fast with
 * a clear message instead of a confusing error deep inside a request). `.env.example` documents
 * every variable.
 */
import { z } from "zod";
import { keyringProblem, parseIdKeys, type IdKeys } from "./crypto/keyring";

/** A keyring variable: optional here (instrumentation.ts refuses a production start without it), well-formed when set. */
const keyring = (name: string) =>
  z.string().optional().superRefine((value, ctx) => {
    const problem = value === undefined ? null : keyringProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `${name}: ${problem}` });
  });

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const schema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL"),
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters"),
  /** Connections per app process. Throughput falls past ~16 on 2 cores (docs/stack.md): stay near 2–4× cores. */
  DB_POOL_MAX: z.coerce.number().int().min(1).max(50).default(8),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /**
   * Demo mode: seeded accounts may keep their known password (no forced change, no refusal to
   * start in production). Unset, it follows SEED_DEMO (the switch that seeds the demo users), so
   * a deployment with SEED_DEMO=false is never in demo mode.
   */
  DEMO_MODE: z.enum(["true", "false"]).optional(),
  SEED_DEMO: z.string().optional(),
  /** A session ends after this many minutes without a request (decision 013). */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** …and this many hours after sign-in, however active. */
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(7 * 24).default(12),
  /** Data-exchange API calls per minute, per token and per client address. */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  /**
   * ID numbers at rest (docs/decisions/017): AES-256-GCM keys `1:<base64 32 bytes>[,2:…]`, the
   * highest id current; and the blind index's HMAC keys in the same form. Kept outside the
   * database; `npm start` generates both into .data/id-keys.json for the embedded database.
   */
  NUANXIN_DATA_KEYS: keyring("NUANXIN_DATA_KEYS"),
  NUANXIN_INDEX_KEYS: keyring("NUANXIN_INDEX_KEYS"),
  /** A query slower than this many milliseconds is logged (its SQL text, never its values). 0 logs every query. */
  SLOW_QUERY_MS: z.coerce.number().int().min(0).max(600_000).default(500),
  /** The least severe log lines written (lib/log.ts). */
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
});

/**
 * The log level alone, without the rest of the environment: the logger must work (and say what
 * is wrong) even when another variable is not valid. A value env() would refuse counts as "info".
 */
export function logLevel(): (typeof LOG_LEVELS)[number] {
  const parsed = z.enum(LOG_LEVELS).safeParse(process.env.LOG_LEVEL);
  return parsed.success ? parsed.data : "info";
}

export function isDemoMode(e: Pick<Env, "DEMO_MODE" | "SEED_DEMO"> = env()): boolean {
  // `npm start` sets DEMO_MODE for the web app (true when it loaded the demo data); a web app
  // started some other way is in demo mode only when told so.
  if (e.DEMO_MODE) return e.DEMO_MODE === "true";
  return e.SEED_DEMO === "true";
}

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment (see .env.example):\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

let cachedKeys: IdKeys | undefined;

/**
 * The ID-number keys (docs/decisions/017). Throws a clear error when they are missing, so a
 * request that needs them fails instead of writing an ID number in some weaker form.
 */
export function idKeys(): IdKeys {
  if (cachedKeys) return cachedKeys;
  const problem = idKeysProblem();
  if (problem) throw new Error(problem);
  const e = env();
  cachedKeys = parseIdKeys(e.NUANXIN_DATA_KEYS!, e.NUANXIN_INDEX_KEYS!);
  return cachedKeys;
}

/** Why the app cannot encrypt ID numbers (Chinese, then English), or null. */
export function idKeysProblem(e: Env = env()): string | null {
  if (!e.NUANXIN_DATA_KEYS || !e.NUANXIN_INDEX_KEYS) {
    return "缺少身份证号加密密钥：请设置 NUANXIN_DATA_KEYS 和 NUANXIN_INDEX_KEYS（见 README「配置」）。\n" +
      "Missing ID-number keys: set NUANXIN_DATA_KEYS and NUANXIN_INDEX_KEYS (README, configuration).";
  }
  try {
    parseIdKeys(e.NUANXIN_DATA_KEYS, e.NUANXIN_INDEX_KEYS);
    return null;
  } catch (error) {
    return `身份证号密钥无效 / invalid ID-number keys: ${(error as Error).message}`;
  }
}
