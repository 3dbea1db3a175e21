/**
 * The data-exchange API's pure parts: a token's life (its last day is China time) and the OpenAPI
 * document's shape — every reference resolves, both endpoints answer each documented error, and
 * every call needs the bearer token.
 */
import { describe, expect, it } from "vitest";
import { expiryInstant, lastDayOf, tokenStatus } from "@/lib/api-tokens/status";
import { openApiDocument } from "@/lib/api-tokens/openapi";
import { rosterParamsSchema } from "@/lib/api-tokens/schema";

describe("a token's life", () => {
  it("works to the end of its last day in China, then is expired; revoked wins", () => {
    const end = expiryInstant("2026-03-31");
    expect(end.toISOString()).toBe("2026-03-31T16:00:00.000Z"); // midnight in Beijing
    expect(lastDayOf(end)).toBe("2026-03-31");
    const token = { expiresAt: end, revokedAt: null };
    expect(tokenStatus(token, new Date("2026-03-31T15:59:59.999Z"))).toBe("ACTIVE");
    expect(tokenStatus(token, end)).toBe("EXPIRED");
    expect(tokenStatus({ ...token, revokedAt: new Date("2026-01-01T00:00:00Z") }, new Date("2026-02-01T00:00:00Z"))).toBe("REVOKED");
    // Across a year end.
    expect(lastDayOf(expiryInstant("2026-12-31"))).toBe("2026-12-31");
  });

  it("reads the roster's paging as whole numbers with defaults", () => {
    expect(rosterParamsSchema.parse({})).toEqual({ page: 1, pageSize: 100 });
    expect(rosterParamsSchema.parse({ page: "3", pageSize: "500", category: "TEKUN" })).toEqual({ page: 3, pageSize: 500, category: "TEKUN" });
    for (const bad of [{ page: "0" }, { page: "1.5" }, { pageSize: "501" }, { pageSize: "1e2" }, { category: "NONE" }, { region: "21110" }]) {
      expect(rosterParamsSchema.safeParse(bad).success).toBe(false);
    }
  });
});

describe("the OpenAPI document", () => {
  const doc = openApiDocument;
  const schemas = doc.components.schemas as Record<string, unknown>;

  it("resolves every $ref to a schema it defines", () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(10);
    for (const name of refs) expect(schemas[name], name).toBeDefined();
  });

  it("documents both endpoints with their answers and errors, behind the bearer token", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.security).toEqual([{ bearerToken: [] }]);
    expect(doc.components.securitySchemes.bearerToken).toMatchObject({ type: "http", scheme: "bearer" });
    for (const path of ["/rollups", "/roster"] as const) {
      const get = doc.paths[path].get;
      expect(Object.keys(get.responses).sort()).toEqual(["200", "400", "401", "403", "404", "429", "500", "503"]);
      expect(get.parameters.map((p) => p.in)).toEqual(get.parameters.map(() => "query"));
    }
    expect(doc.paths["/rollups"].get.parameters.map((p) => p.name)).toEqual(["region", "from", "to"]);
    expect(doc.paths["/roster"].get.parameters.map((p) => p.name)).toEqual(["region", "category", "page", "pageSize"]);
    // The roster's member never carries a full ID number: only the masked one, by pattern.
    expect(Object.keys((schemas.RosterMember as { properties: object }).properties)).toEqual(["relation", "name", "idNumberMasked"]);
  });
});
