/**
 * Environment, validated once at boot with zod (a missing or malformed variable fails fast with
 * a clear message instead of a confusing error deep inside a request). `.env.example` documents
 * every variable.
 */
import { z } from "zod";

const schema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL"),
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters"),
  /** Connections per app process. Throughput falls past ~16 on 2 cores (STACK.md): stay near 2–4× cores. */
  DB_POOL_MAX: z.coerce.number().int().min(1).max(50).default(8),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

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
