/**
 * Health and readiness on the real test database (issue 12): /api/health answers without one;
 * /api/ready is 200 on a migrated database and 503 where the database cannot be reached or lacks
 * a migration this build has — never naming a host, a user or a password. And the slow-query log
 * writes the statement's text, never its values.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "@/lib/db/embedded";
import { afterEach, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { GET as ready } from "@/app/api/ready/route";
import { migrationsDir, readiness } from "@/lib/health/readiness";
import { setLogSinkForTests } from "@/lib/log";

/** A port nothing listens on: one the OS hands out, released again (lib/db/embedded.ts). */
const closedPort = () => freePort(0);

afterEach(() => setLogSinkForTests(null));

describe("GET /api/health", () => {
  it("answers 200 without touching the database, not to be cached", async () => {
    const response = health();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok" });
  });
});

describe("GET /api/ready", () => {
  it("is 200 on a migrated database the app role can reach", async () => {
    const response = await ready(new Request("http://localhost/api/ready"));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ready", ready: true, database: "ok", migrations: "current" });
  });

  it("is not ready where nothing listens, and says no more than that", async () => {
    const url = `postgresql://nuanxin_app:hunter2-secret@127.0.0.1:${await closedPort()}/nuanxin`;
    const started = Date.now();
    expect(await readiness({ url })).toEqual({ ready: false, database: "unreachable", migrations: "unknown" });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("answers 503 with Retry-After when the database URL points at a closed port", async () => {
    const previous = process.env.DATABASE_URL!;
    const port = await closedPort();
    process.env.DATABASE_URL = previous.replace(/:(\d+)\//, `:${port}/`);
    const { env } = await import("@/lib/env");
    const cached = env();
    // env() is read once per process; swap the one value for this call only.
    const original = cached.DATABASE_URL;
    (cached as { DATABASE_URL: string }).DATABASE_URL = process.env.DATABASE_URL;
    try {
      const response = await ready(new Request("http://localhost/api/ready"));
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("10");
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ status: "unavailable", ready: false, database: "unreachable", migrations: "unknown" });
      expect(text).not.toContain(String(port));
      expect(text).not.toContain("127.0.0.1");
    } finally {
      (cached as { DATABASE_URL: string }).DATABASE_URL = original;
      process.env.DATABASE_URL = previous;
    }
  });

  it("is not ready while a migration of this build is pending", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nuanxin-migrations-"));
    try {
      fs.cpSync(migrationsDir(), dir, { recursive: true });
      fs.mkdirSync(path.join(dir, "29991231000000_from_the_future"));
      fs.writeFileSync(path.join(dir, "29991231000000_from_the_future", "migration.sql"), "SELECT 1;\n");
      expect(await readiness({ migrationsDir: dir })).toEqual({
        ready: false, database: "ok", migrations: "pending", pending: ["29991231000000_from_the_future"],
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("slow-query log", () => {
  it("logs the SQL of a slow statement with placeholders, never the values", async () => {
    const { env } = await import("@/lib/env");
    const cached = env() as { SLOW_QUERY_MS: number };
    const { db } = await import("@/lib/db/client");
    await db.user.count(); // the client exists, its threshold read
    const lines: string[] = [];
    setLogSinkForTests((line) => lines.push(line));
    // pg_sleep makes the statement slow whatever the threshold; the name is the "personal data".
    const secretName = "王秘密测试";
    await db.$queryRaw`SELECT pg_sleep(${Math.max(cached.SLOW_QUERY_MS, 1) / 1000 + 0.05})::text AS slept, ${secretName}::text AS name`;
    const slow = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === "slow query");
    expect(slow).toHaveLength(1);
    expect(slow[0].sql).toContain("pg_sleep($1)");
    expect(slow[0].durationMs).toBeGreaterThanOrEqual(cached.SLOW_QUERY_MS);
    expect(slow[0].level).toBe(40);
    expect(lines.join("\n")).not.toContain(secretName);
  });
});
