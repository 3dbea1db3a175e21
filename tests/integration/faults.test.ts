/**
 * The database unreachable (issue 12): the web app's client points at a port where nothing
 * listens, as it does for a moment when PostgreSQL restarts. A signed-in user's form answers
 * "service unavailable, try again" with what was typed — also when the session lookup itself
 * fails — and not the generic failure; the login says the service is unavailable, not "wrong
 * password"; the API answers 503 in Chinese with Retry-After and no host name; a failed query
 * carries the digest the error pages recognise. Nothing is logged as an error (a warning is).
 *
 * The session is the one thing not real here (as in bad-input-corpus.test.ts).
 */
import { freePort } from "@/lib/db/embedded";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/permissions";

const session = vi.hoisted(() => ({ actor: null as Actor | null, fails: false }));
vi.mock("@/lib/auth/session", () => ({
  getActor: async () => {
    if (session.fails) {
      const { db } = await import("@/lib/db/client");
      await db.user.findFirst(); // as the real lookup (lib/auth/sessions.ts) does: rejects
    }
    return session.actor;
  },
  requireActor: async () => session.actor,
  getSession: async () => (session.actor ? { actor: session.actor } : null),
}));

/** A port nothing listens on: one the OS hands out, released again (lib/db/embedded.ts). */
const closedPort = () => freePort(0);

let port: number;
beforeAll(async () => {
  port = await closedPort();
  // Before anything reads the environment: the app's one client is created against this.
  process.env.DATABASE_URL = process.env.DATABASE_URL!.replace(/:(\d+)\//, `:${port}/`);
});

afterEach(() => {
  session.actor = null;
  session.fails = false;
});

const caseworker: Actor = { id: 1, username: "caseworker", name: "王芳", role: "CASEWORKER", regionCode: "211102003", departmentCode: null } as Actor;

function form(entries: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.append(k, v);
  return f;
}

describe("a server action while the database is down", () => {
  it("says the service is unavailable and keeps what was typed, when the command fails", async () => {
    const { defineAction } = await import("@/lib/action");
    const { z } = await import("@/lib/validation");
    const { db } = await import("@/lib/db/client");
    const { t } = await import("@/lib/i18n");
    const action = defineAction(
      { permission: "write:household", schema: z.object({ headName: z.string().min(1), phone: z.string() }) },
      async () => {
        await db.household.count();
      },
    );
    session.actor = caseworker;
    const state = await action(null, form({ headName: "孙桂兰", phone: "13800000000" }));
    expect(state).toEqual({ ok: false, message: t.faults.unavailableForm, values: { headName: "孙桂兰", phone: "13800000000" } });
    expect(t.faults.unavailableForm).not.toBe(t.common.unexpected);
  });

  it("keeps what was typed also when the session lookup is what fails", async () => {
    const { defineAction } = await import("@/lib/action");
    const { z } = await import("@/lib/validation");
    const { t } = await import("@/lib/i18n");
    const action = defineAction({ permission: "write:household", schema: z.object({ headName: z.string() }) }, async () => {});
    session.fails = true;
    const state = await action(null, form({ headName: "孙桂兰", "members.0.name": "孙小明" }));
    expect(state).toEqual({ ok: false, message: t.faults.unavailableForm, values: { headName: "孙桂兰", members: [{ name: "孙小明" }] } });
    // A forged field name is still never echoed.
    const forged = await action(null, form({ "__proto__.polluted": "x" }));
    expect(forged).toEqual({ ok: false, message: t.faults.unavailableForm, values: undefined });
  });

  it("marks a failed query and transaction for the error pages", async () => {
    const { db } = await import("@/lib/db/client");
    const { isUnavailableDigest } = await import("@/lib/db/errors");
    const query = (await db.user.findFirst().catch((e: unknown) => e)) as { digest?: string };
    const raw = (await db.$queryRaw`SELECT 1`.catch((e: unknown) => e)) as { digest?: string };
    const tx = (await db.$transaction(async (t) => t.user.count()).catch((e: unknown) => e)) as { digest?: string };
    for (const e of [query, raw, tx]) expect(isUnavailableDigest(e.digest)).toBe(true);
  });
});

describe("signing in while the database is down", () => {
  it("tells the form the service is unavailable, not that the password is wrong", async () => {
    const { authOptionsFor } = await import("@/lib/auth/options");
    const { loginErrorMessage, UNAVAILABLE } = await import("@/lib/auth/login-error");
    const { t } = await import("@/lib/i18n");
    const provider = authOptionsFor().providers[0] as unknown as {
      options: { authorize: (raw: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown> };
    };
    const attempt = provider.options.authorize({ username: "caseworker", password: "demo1234" }, { headers: {} });
    await expect(attempt).rejects.toThrow(new RegExp(`^${UNAVAILABLE}$`));
    expect(loginErrorMessage(UNAVAILABLE)).toBe(t.faults.unavailableLogin);
    expect(loginErrorMessage(UNAVAILABLE)).not.toBe(t.login.failed);
  });
});

describe("the data-exchange API while the database is down", () => {
  it("answers 503 in Chinese with Retry-After, naming no host", async () => {
    const { GET } = await import("@/app/api/v1/rollups/route");
    const { t } = await import("@/lib/i18n");
    const { UNAVAILABLE_RETRY_AFTER_SECONDS } = await import("@/lib/api-tokens/http");
    const response = await GET(
      new Request("http://localhost/api/v1/rollups?region=2111", {
        headers: { authorization: `Bearer nx_${"A".repeat(43)}`, "x-forwarded-for": "203.0.113.7" },
      }),
    );
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe(String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: t.faults.unavailableApi });
    expect(text).not.toContain(String(port));
  });
});
