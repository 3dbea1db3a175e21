/**
 * The one classifier of "the database cannot be reached" (lib/db/errors.ts), on the errors the
 * real stack throws — Prisma through the pg adapter and plain node-postgres against a port where
 * nothing listens — and on the shapes PostgreSQL and Node report when a server shuts down; plus
 * the request id the proxy keeps or replaces (lib/request-id.ts).
 */
import { freePort } from "@/lib/db/embedded";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { isDatabaseUnavailable, isUnavailableDigest, markIfUnavailable, UNAVAILABLE_DIGEST_PREFIX } from "@/lib/db/errors";
import { requestIdFor, saneRequestId } from "@/lib/request-id";

/** A port nothing listens on: one the OS hands out, released again (lib/db/embedded.ts). */
const closedPort = () => freePort(0);

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: "FATAL" });

describe("isDatabaseUnavailable", () => {
  it("recognises what Prisma and node-postgres throw when nothing listens on the port", async () => {
    const url = `postgresql://nobody:secret@127.0.0.1:${await closedPort()}/nothing`;
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
    const thrown = await Promise.all([
      prisma.user.findFirst().catch((e: unknown) => e),
      prisma.$queryRaw`SELECT 1`.catch((e: unknown) => e), // P2010 with the adapter's cause
      prisma.$transaction(async (tx) => tx.user.count()).catch((e: unknown) => e),
      new pg.Client({ connectionString: url }).connect().catch((e: unknown) => e),
    ]);
    await prisma.$disconnect();
    for (const error of thrown) {
      expect(error).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(error)).toBe(true);
    }
  });

  it("recognises a server shutting down, starting up or cutting the connection", () => {
    expect(isDatabaseUnavailable(pgError("57P01", "terminating connection due to administrator command"))).toBe(true);
    expect(isDatabaseUnavailable(pgError("57P03", "the database system is starting up"))).toBe(true);
    expect(isDatabaseUnavailable(pgError("08006", "connection failure"))).toBe(true);
    expect(isDatabaseUnavailable(pgError("53300", "sorry, too many clients already"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("Server has closed the connection."), { code: "P1017" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("Timed out fetching a new connection"), { code: "P2024" }))).toBe(true);
    // As the adapter reports a 57P01 inside a Prisma error.
    const wrapped = Object.assign(new Error("Invalid invocation"), {
      code: "P2010",
      meta: { driverAdapterError: { cause: { kind: "postgres", code: "57P01", originalCode: "57P01" } } },
    });
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
    // Node's refused `localhost` (IPv6 and IPv4 both): an AggregateError; and a wrapped cause.
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    expect(isDatabaseUnavailable(new AggregateError([refused], ""))).toBe(true);
    expect(isDatabaseUnavailable(new Error("outer", { cause: refused }))).toBe(true);
  });

  it("does not take a refused query, a bug or a domain error for an outage", () => {
    expect(isDatabaseUnavailable(pgError("23505", "duplicate key value violates unique constraint"))).toBe(false);
    expect(isDatabaseUnavailable(pgError("42501", "permission denied for table app_user"))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("Unique constraint failed"), { code: "P2002" }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable("ECONNREFUSED")).toBe(false);
    const loop: { cause?: unknown } = {};
    loop.cause = loop;
    expect(isDatabaseUnavailable(loop)).toBe(false);
  });
});

describe("the digest the error pages read", () => {
  it("marks an outage, keeps an existing digest, leaves other errors alone", () => {
    const outage = markIfUnavailable(Object.assign(new Error("Can't reach database server at 127.0.0.1:1"), { code: "P1001" })) as Error & { digest?: string };
    expect(outage.digest?.startsWith(UNAVAILABLE_DIGEST_PREFIX)).toBe(true);
    expect(isUnavailableDigest(outage.digest)).toBe(true);
    const redirect = markIfUnavailable(Object.assign(new Error("Connection terminated"), { digest: "NEXT_REDIRECT;replace;/login;307;" }));
    expect(redirect.digest).toBe("NEXT_REDIRECT;replace;/login;307;");
    const bug = markIfUnavailable(new Error("bug")) as Error & { digest?: string };
    expect(bug.digest).toBeUndefined();
    expect(isUnavailableDigest("3319421245")).toBe(false);
    expect(isUnavailableDigest(undefined)).toBe(false);
  });
});

describe("request ids", () => {
  it("keeps a sane incoming id and replaces anything else", () => {
    expect(requestIdFor("3f2b8c1e-0d4a-4b9e-9f1a-2c3d4e5f6a7b")).toBe("3f2b8c1e-0d4a-4b9e-9f1a-2c3d4e5f6a7b");
    expect(requestIdFor("req-20261203.lb1:42")).toBe("req-20261203.lb1:42");
    for (const bad of [null, "", "short", "a".repeat(129), "bad id with spaces", "x\n{\"level\":60}", "<script>alert(1)</script>", "身份证号码一二三四五六"]) {
      expect(saneRequestId(bad)).toBeNull();
      expect(requestIdFor(bad)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
