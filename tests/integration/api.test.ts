/**
 * The data-exchange API (数据交换接口) on a real PostgreSQL: tokens issued and revoked through the
 * commands (scope, expiry, audit, nothing written when refused), and the route handlers called
 * directly with a Request — a 盘锦 token reads 盘锦 and its districts, is refused 沈阳 on both
 * endpoints, an expired or revoked one is refused altogether, every call leaves one audit row,
 * and the roster carries only 低保 / 特困 households of the region, names and ID numbers masked.
 * The answers are checked against the OpenAPI document's own schemas.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { DomainError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { addDays, dateFromIso, todayInChina } from "@/lib/dates";
import { format, t } from "@/lib/i18n";
import { issueApiToken, revokeApiToken } from "@/lib/api-tokens/commands";
import { listApiTokens } from "@/lib/api-tokens/queries";
import { hashSecret } from "@/lib/api-tokens/secret";
import { latestExpiry, type IssueApiTokenInput } from "@/lib/api-tokens/schema";
import { openApiDocument } from "@/lib/api-tokens/openapi";
import { GET as rollups } from "@/app/api/v1/rollups/route";
import { GET as roster } from "@/app/api/v1/roster/route";
import { GET as openapi } from "@/app/api/v1/openapi.json/route";
import { HUANGGU, JIANSHE_STREET, SHUANGTAIZI, ZHANQIAN, firstVillage, makeActor, makeHousehold, storedIdNumber } from "../support/fixtures";

const PANJIN = "2111";
const SHENYANG = "2101";
const a = t.api;

let provinceAdmin: Actor;
let panjinAdmin: Actor;
let shenyangAdmin: Actor;
/** Secrets of tokens issued in beforeAll. */
let panjinSecret: string;
let panjinTokenId: number;
/** Households made for the roster, by what they are. */
let made: { dibao: number[]; tekun: number; edge: number; none: number; shenyangDibao: number };
/** Every full ID number made in this file: none may appear in an answer. */
let fullIds: string[];

const inDays = (days: number) => addDays(todayInChina(), days);
const issueInput = (over: Partial<IssueApiTokenInput> = {}): IssueApiTokenInput => ({
  name: "省大数据监督平台（盘锦）",
  regionCode: PANJIN,
  expiresOn: inDays(30),
  ...over,
});

type Call = { status: number; body: Record<string, unknown> & { error?: string }; text: string; headers: Headers };

async function call(handler: (request: Request) => Promise<Response>, path: string, secret: string | null): Promise<Call> {
  const headers: Record<string, string> = secret === null ? {} : { authorization: `Bearer ${secret}` };
  const response = await handler(new Request(`http://localhost${path}`, { headers }));
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), text, headers: response.headers };
}

const apiCalls = () => db.auditLog.count({ where: { action: "api.call" } });
const lastApiCall = () => db.auditLog.findFirstOrThrow({ where: { action: "api.call" }, orderBy: { id: "desc" } });
const counts = async () => ({ tokens: await db.apiToken.count(), audits: await db.auditLog.count() });

// ── A small checker of a value against the OpenAPI document's schemas (the subset it uses) ──
type Schema = Record<string, unknown>;
function resolve(schema: Schema): Schema {
  const ref = schema.$ref as string | undefined;
  if (!ref) return schema;
  const name = ref.replace("#/components/schemas/", "");
  const target = (openApiDocument.components.schemas as Record<string, Schema>)[name];
  if (!target) throw new Error(`unresolved ${ref}`);
  return target;
}
function violations(raw: Schema, value: unknown, path = "$"): string[] {
  const schema = resolve(raw);
  if (schema.oneOf) {
    return (schema.oneOf as Schema[]).some((s) => violations(s, value, path).length === 0) ? [] : [`${path}: matches no oneOf branch`];
  }
  const out: string[] = [];
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) out.push(`${path}: ${JSON.stringify(value)} not in enum`);
  switch (schema.type) {
    case "null":
      if (value !== null) out.push(`${path}: not null`);
      break;
    case "boolean":
      if (typeof value !== "boolean") out.push(`${path}: not a boolean`);
      break;
    case "string":
      if (typeof value !== "string") out.push(`${path}: not a string`);
      else if (schema.pattern && !new RegExp(schema.pattern as string).test(value)) out.push(`${path}: ${value} does not match ${schema.pattern}`);
      break;
    case "integer":
      if (!Number.isInteger(value)) out.push(`${path}: not an integer`);
      else if (typeof schema.minimum === "number" && (value as number) < schema.minimum) out.push(`${path}: below minimum`);
      else if (typeof schema.maximum === "number" && (value as number) > schema.maximum) out.push(`${path}: above maximum`);
      break;
    case "array":
      if (!Array.isArray(value)) out.push(`${path}: not an array`);
      else value.forEach((item, i) => out.push(...violations(schema.items as Schema, item, `${path}[${i}]`)));
      break;
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        out.push(`${path}: not an object`);
        break;
      }
      const record = value as Record<string, unknown>;
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      for (const key of (schema.required ?? []) as string[]) if (!(key in record)) out.push(`${path}.${key}: missing`);
      for (const [key, v] of Object.entries(record)) {
        if (properties[key]) out.push(...violations(properties[key], v, `${path}.${key}`));
        else if (schema.additionalProperties === false) out.push(`${path}.${key}: not in the schema`);
        else if (typeof schema.additionalProperties === "object") out.push(...violations(schema.additionalProperties as Schema, v, `${path}.${key}`));
      }
      break;
    }
  }
  return out;
}
const responseSchema = (path: "/rollups" | "/roster", status: string) =>
  (openApiDocument.paths[path].get.responses as Record<string, { content: { "application/json": { schema: Schema } } }>)[status].content["application/json"].schema;

beforeAll(async () => {
  provinceAdmin = await makeActor("ADMIN", "21");
  panjinAdmin = await makeActor("ADMIN", PANJIN);
  shenyangAdmin = await makeActor("ADMIN", SHENYANG);

  // The register: 低保 ×2, 特困, 低保边缘 and one not covered in 盘锦's 站前社区; one 低保 in 沈阳.
  const panjinWorker = await makeActor("CASEWORKER", JIANSHE_STREET);
  const shenyangVillage = await firstVillage(HUANGGU);
  const shenyangWorker = await makeActor("CASEWORKER", shenyangVillage.slice(0, 9));
  const dibao1 = await makeHousehold(panjinWorker, { category: "DIBAO", headName: "孙丽华" });
  const dibao2 = await makeHousehold(panjinWorker, { category: "DIBAO", headName: "王建国", birth: "1958-03-09" });
  const tekun = await makeHousehold(panjinWorker, { category: "TEKUN", headName: "李老汉", birth: "1940-11-20" });
  const edge = await makeHousehold(panjinWorker, { category: "DIBAO_EDGE", headName: "赵红", birth: "1980-01-15" });
  const none = await makeHousehold(panjinWorker, { category: "NONE", headName: "钱多", birth: "1990-07-07" });
  const shenyangDibao = await makeHousehold(shenyangWorker, { regionCode: shenyangVillage, category: "DIBAO", headName: "周沈阳", birth: "1966-06-06" });
  made = { dibao: [dibao1.id, dibao2.id], tekun: tekun.id, edge: edge.id, none: none.id, shenyangDibao: shenyangDibao.id };
  // Full numbers are omitted from every query unless selected by name, as only this test does.
  fullIds = await Promise.all((await db.member.findMany({ select: { id: true } })).map((m) => storedIdNumber(m.id)));
  expect(fullIds).toHaveLength(6);

  // One household entered the register through a confirmed application (the register period that
  // approveApplication opens); written directly here, the procedure has its own tests.
  await db.registerEntry.create({
    data: { householdId: dibao1.id, regionCode: ZHANQIAN, category: "DIBAO", monthlyAmount: "730.00", fromMonth: dateFromIso("2026-01-01") },
  });

  const issued = await issueApiToken(provinceAdmin, issueInput());
  panjinSecret = issued.secret;
  panjinTokenId = issued.id;
});

describe("issuing a token", () => {
  it("stores only the SHA-256 and a prefix, shows the secret once, and audits the issue without the secret", async () => {
    const before = await counts();
    const issued = await issueApiToken(panjinAdmin, issueInput({ name: "双台子区对接", regionCode: SHUANGTAIZI, expiresOn: inDays(365) }));
    expect(issued.secret).toMatch(/^nx_[A-Za-z0-9_-]{43}$/);
    expect(issued).toMatchObject({ name: "双台子区对接", regionCode: SHUANGTAIZI, regionName: "盘锦市双台子区", expiresOn: inDays(365) });
    expect(await counts()).toEqual({ tokens: before.tokens + 1, audits: before.audits + 1 });

    const row = await db.apiToken.findUniqueOrThrow({ where: { id: issued.id } });
    expect(row.tokenHash).toBe(hashSecret(issued.secret));
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.prefix).toBe(issued.secret.slice(0, 10));
    expect(row).toMatchObject({ createdById: panjinAdmin.id, revokedAt: null, lastUsedAt: null });
    // Works to the end of its last day, China time (midnight there is 16:00 UTC the day before).
    expect(row.expiresAt.toISOString()).toBe(`${inDays(365)}T16:00:00.000Z`);

    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "api_token.issue", entityId: String(issued.id) } });
    expect(audit).toMatchObject({ actorId: panjinAdmin.id, entity: "api_token", regionCode: SHUANGTAIZI });
    expect(audit.after).toMatchObject({ name: "双台子区对接", regionCode: SHUANGTAIZI, prefix: row.prefix });
    const logged = JSON.stringify([audit.before, audit.after]);
    expect(logged).not.toContain(issued.secret);
    expect(logged).not.toContain(row.tokenHash);
  });

  it("refuses a past or too distant expiry, a region outside the admin's, an unknown region or a village; writes nothing", async () => {
    const before = await counts();
    const refused = async (actor: Actor, input: IssueApiTokenInput) => {
      const error = await issueApiToken(actor, input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      return (error as DomainError).fieldErrors;
    };
    expect(await refused(provinceAdmin, issueInput({ expiresOn: inDays(-1) }))).toEqual({ expiresOn: [a.expiryPast] });
    expect(await refused(provinceAdmin, issueInput({ expiresOn: todayInChina() }))).toEqual({ expiresOn: [a.expiryPast] });
    expect(await refused(provinceAdmin, issueInput({ expiresOn: inDays(366) }))).toEqual({
      expiresOn: [format(a.expiryTooFar, { max: latestExpiry() })],
    });
    expect(await refused(provinceAdmin, issueInput({ expiresOn: "2026-02-30" }))).toEqual({ expiresOn: [t.validation.invalidDate] });
    // 盘锦's admin cannot hand out 沈阳, nor the whole province.
    expect(await refused(panjinAdmin, issueInput({ regionCode: SHENYANG }))).toEqual({ regionCode: [a.regionOutOfScope] });
    expect(await refused(panjinAdmin, issueInput({ regionCode: "21" }))).toEqual({ regionCode: [a.regionOutOfScope] });
    expect(await refused(provinceAdmin, issueInput({ regionCode: "2199" }))).toEqual({ regionCode: [a.regionUnknown] });
    expect(await refused(provinceAdmin, issueInput({ regionCode: ZHANQIAN }))).toEqual({ regionCode: [a.regionInvalid] });
    expect(await refused(provinceAdmin, issueInput({ name: "  " }))).toEqual({ name: [a.nameRequired] });
    expect(await counts()).toEqual(before);

    // Only administrators issue tokens.
    for (const role of ["PROVINCIAL", "SUPERVISOR", "CASEWORKER"] as const) {
      const actor = await makeActor(role, role === "CASEWORKER" ? JIANSHE_STREET : role === "SUPERVISOR" ? SHUANGTAIZI : "21");
      await expect(issueApiToken(actor, issueInput({ regionCode: actor.regionCode.slice(0, 4) }))).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect((await counts()).tokens).toBe(before.tokens);
  });
});

describe("the roll-ups endpoint", () => {
  it("gives a 盘锦 token 盘锦 and 双台子区, audited and last-used; 沈阳 is 403", async () => {
    const before = await apiCalls();
    const city = await call(rollups, `/api/v1/rollups?region=${PANJIN}&from=2026-01&to=2026-03`, panjinSecret);
    expect(city.status).toBe(200);
    expect(city.headers.get("cache-control")).toBe("no-store");
    expect(city.body).toMatchObject({ region: { code: PANJIN, name: "盘锦市", level: 2 }, range: { from: "2026-01", to: "2026-03" } });
    expect((city.body.trend as { month: string }[]).map((p) => p.month)).toEqual(["2026-01", "2026-02", "2026-03"]);
    // The register as it stands: 低保 ×2, 特困 and 低保边缘 are on the roster, the uncovered one is not.
    expect((city.body.totals as { rosterRegistered: number }).rosterRegistered).toBe(4);
    expect(violations(responseSchema("/rollups", "200"), city.body)).toEqual([]);
    // The checker bites: a field the document does not describe, or one it requires and is missing.
    const { today: _today, ...withoutToday } = city.body;
    expect(violations(responseSchema("/rollups", "200"), { ...withoutToday, extra: 1 })).toEqual(["$.today: missing", "$.extra: not in the schema"]);

    const audit = await lastApiCall();
    expect(audit).toMatchObject({ actorId: null, entity: "api_token", entityId: String(panjinTokenId), regionCode: PANJIN });
    expect(audit.after).toEqual({
      path: "/api/v1/rollups",
      query: { region: PANJIN, from: "2026-01", to: "2026-03" },
      status: 200,
      rows: 1 + (city.body.children as unknown[]).length,
    });
    const token = await db.apiToken.findUniqueOrThrow({ where: { id: panjinTokenId } });
    expect(token.lastUsedAt?.getTime()).toBeGreaterThanOrEqual(audit.at.getTime() - 5_000);

    // A district below, and the token's own region by default (the current year so far).
    const district = await call(rollups, `/api/v1/rollups?region=${SHUANGTAIZI}`, panjinSecret);
    expect(district.status).toBe(200);
    expect(district.body.region).toMatchObject({ code: SHUANGTAIZI, level: 3 });
    const street = (district.body.children as { region: { code: string }; rosterRegistered: number }[]).find((c) => c.region.code === JIANSHE_STREET);
    expect(street?.rosterRegistered).toBe(4);
    const own = await call(rollups, "/api/v1/rollups?region=&from=&to=", panjinSecret);
    expect(own.status).toBe(200);
    expect(own.body.region).toMatchObject({ code: PANJIN });
    expect(own.body.range).toEqual({ from: `${todayInChina().slice(0, 4)}-01`, to: todayInChina().slice(0, 7) });

    // Another city: refused, said in Chinese, and audited as refused.
    const shenyang = await call(rollups, `/api/v1/rollups?region=${SHENYANG}`, panjinSecret);
    expect(shenyang.status).toBe(403);
    expect(shenyang.body).toEqual({ error: format(a.forbiddenRegion, { region: "盘锦市", code: PANJIN }) });
    expect((await lastApiCall()).after).toMatchObject({ status: 403, rows: 0, query: { region: SHENYANG } });
    // Nor the province above it.
    expect((await call(rollups, "/api/v1/rollups?region=21", panjinSecret)).status).toBe(403);
    expect(await apiCalls()).toBe(before + 5);
  });

  it("answers bad parameters with 400 and the messages per parameter; an unknown region inside the scope with 404", async () => {
    const reversed = await call(rollups, `/api/v1/rollups?from=2026-05&to=2026-01`, panjinSecret);
    expect(reversed.status).toBe(400);
    expect(reversed.body.fields).toEqual({ to: [t.dashboard.rangeReversed] });
    expect(reversed.body.error).toContain(t.dashboard.rangeReversed);
    const badMonth = await call(rollups, `/api/v1/rollups?from=2026-13`, panjinSecret);
    expect(badMonth.body.fields).toEqual({ from: [t.dashboard.monthInvalid] });
    const village = await call(rollups, `/api/v1/rollups?region=${ZHANQIAN}`, panjinSecret);
    expect([village.status, village.body.fields]).toEqual([400, { region: [t.dashboard.regionInvalid] }]);
    expect((await lastApiCall()).after).toMatchObject({ status: 400, reason: "params" });

    const unknown = await call(rollups, "/api/v1/rollups?region=211199", panjinSecret);
    expect(unknown).toMatchObject({ status: 404, body: { error: a.notFoundRegion } });
  });
});

describe("the roster endpoint", () => {
  it("lists only the region's 低保 and 特困 households, names and ID numbers masked", async () => {
    const before = await apiCalls();
    const res = await call(roster, `/api/v1/roster?region=${PANJIN}`, panjinSecret);
    expect(res.status).toBe(200);
    expect(violations(responseSchema("/roster", "200"), res.body)).toEqual([]);
    const households = res.body.households as {
      id: number; category: string; headName: string; memberCount: number; region: { code: string; name: string };
      members: { relation: string; name: string; idNumberMasked: string }[]; register: unknown;
    }[];
    expect(households.map((h) => h.id)).toEqual([...made.dibao, made.tekun]);
    expect(res.body).toMatchObject({ region: { code: PANJIN, name: "盘锦市", level: 2 }, category: null, page: 1, pageSize: 100, total: 3, pages: 1 });
    expect(households.map((h) => [h.category, h.headName])).toEqual([["DIBAO", "孙*华"], ["DIBAO", "王*国"], ["TEKUN", "李*汉"]]);
    expect(households[0]).toMatchObject({
      region: { code: ZHANQIAN, name: "盘锦市双台子区建设街道站前社区" },
      memberCount: 1,
      members: [{ relation: "HEAD", name: "孙*华" }],
      register: { category: "DIBAO", monthlyAmount: "730.00", fromMonth: "2026-01" },
    });
    expect(households[1].register).toBeNull();
    for (const h of households) for (const m of h.members) expect(m.idNumberMasked).toMatch(/^\d{6}\*{12}$/);

    // No ID number leaves whole: neither one of ours nor anything shaped like one.
    expect(res.text).not.toMatch(/\d{17}[\dX]/);
    for (const id of fullIds) expect(res.text).not.toContain(id);
    expect((await lastApiCall()).after).toMatchObject({ path: "/api/v1/roster", status: 200, rows: 3 });
    expect(await apiCalls()).toBe(before + 1);
  });

  it("narrows by category, region and page; refuses 沈阳 with 403 and bad parameters with 400", async () => {
    const tekun = await call(roster, "/api/v1/roster?category=TEKUN", panjinSecret);
    expect((tekun.body.households as { id: number }[]).map((h) => h.id)).toEqual([made.tekun]);
    expect(tekun.body).toMatchObject({ category: "TEKUN", total: 1, region: { code: PANJIN } });

    const village = await call(roster, `/api/v1/roster?region=${ZHANQIAN}&pageSize=2&page=2`, panjinSecret);
    expect(village.body).toMatchObject({ region: { code: ZHANQIAN, level: 5 }, total: 3, page: 2, pageSize: 2, pages: 2 });
    expect((village.body.households as { id: number }[]).map((h) => h.id)).toEqual([made.tekun]);
    expect((await lastApiCall()).after).toMatchObject({ rows: 1, query: { region: ZHANQIAN, pageSize: "2", page: "2" } });

    const shenyang = await call(roster, `/api/v1/roster?region=${SHENYANG}`, panjinSecret);
    expect(shenyang.status).toBe(403);
    expect(shenyang.text).not.toContain("周");
    expect((await lastApiCall()).after).toMatchObject({ status: 403, rows: 0 });

    // 沈阳's own token sees its household, and not 盘锦's.
    const shenyangToken = await issueApiToken(shenyangAdmin, issueInput({ name: "沈阳对接", regionCode: SHENYANG }));
    const own = await call(roster, "/api/v1/roster", shenyangToken.secret);
    expect((own.body.households as { id: number; headName: string }[]).map((h) => [h.id, h.headName])).toEqual([[made.shenyangDibao, "周*阳"]]);

    const bad = await call(roster, "/api/v1/roster?category=DIBAO_EDGE&pageSize=501&page=0", panjinSecret);
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual({
      category: [a.categoryInvalid],
      pageSize: [format(a.pageSizeInvalid, { max: 500 })],
      page: [a.pageInvalid],
    });
    expect((await call(roster, "/api/v1/roster?pageSize=2.5", panjinSecret)).status).toBe(400);
  });
});

describe("tokens that do not work", () => {
  it("refuses a missing, unknown, expired or revoked token with 401 on both endpoints, each known token's call audited", async () => {
    const expired = await issueApiToken(panjinAdmin, issueInput({ name: "已过期" }));
    // Time passes: the token's last day is behind us.
    await db.apiToken.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    const revoked = await issueApiToken(panjinAdmin, issueInput({ name: "将吊销" }));
    expect((await call(roster, "/api/v1/roster", revoked.secret)).status).toBe(200);
    await revokeApiToken(panjinAdmin, { id: revoked.id });

    // Calls without a known token are audited as the first of the minute from their address only
    // (tests/integration/api-ratelimit.test.ts): clear that counter so each loop's first is seen.
    for (const handler of [rollups, roster]) {
      const path = handler === rollups ? "/api/v1/rollups" : "/api/v1/roster";
      await db.rateLimit.deleteMany({ where: { key: { startsWith: "api:unknown:" } } });
      const before = await apiCalls();

      const missing = await call(handler, path, null);
      expect(missing).toMatchObject({ status: 401, body: { error: a.missingToken } });
      expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="nuanxin"');
      expect(await lastApiCall()).toMatchObject({ actorId: null, entityId: null, regionCode: null, after: { path, status: 401, reason: "missing", aggregated: "per_minute" } });

      // Well-formed but never issued, and not even shaped like ours: both unknown, and not audited
      // again within the minute.
      for (const secret of [`nx_${"A".repeat(43)}`, "abc"]) {
        const unknown = await call(handler, path, secret);
        expect(unknown).toMatchObject({ status: 401, body: { error: a.unknownToken } });
        expect(unknown.headers.get("www-authenticate")).toContain('error="invalid_token"');
      }
      expect(await apiCalls()).toBe(before + 1);

      const late = await call(handler, `${path}?region=${PANJIN}`, expired.secret);
      expect(late.status).toBe(401);
      expect(late.body.error).toMatch(/^访问令牌已于 .+ 过期/);
      expect(await lastApiCall()).toMatchObject({ entityId: String(expired.id), regionCode: PANJIN, after: { status: 401, reason: "expired", rows: 0 } });

      const gone = await call(handler, path, revoked.secret);
      expect(gone).toMatchObject({ status: 401, body: { error: a.revokedToken } });
      expect(await lastApiCall()).toMatchObject({ entityId: String(revoked.id), after: { status: 401, reason: "revoked" } });

      expect(await apiCalls()).toBe(before + 3);
    }
    // A refused call with a known token still shows on the token as its last use.
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: expired.id } })).lastUsedAt).not.toBeNull();
  });
});

describe("revoking and listing tokens", () => {
  it("revokes once, audited; another city's admin cannot see or revoke it; the list shows each status", async () => {
    const token = await issueApiToken(panjinAdmin, issueInput({ name: "待吊销" }));
    const before = await counts();
    await expect(revokeApiToken(shenyangAdmin, { id: token.id })).rejects.toBeInstanceOf(NotFoundError);
    expect(await counts()).toEqual(before);

    expect(await revokeApiToken(panjinAdmin, { id: token.id })).toEqual({ id: token.id, name: "待吊销" });
    expect(await counts()).toEqual({ tokens: before.tokens, audits: before.audits + 1 });
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.revokedById).toBe(panjinAdmin.id);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "api_token.revoke", entityId: String(token.id) } });
    expect(audit).toMatchObject({ actorId: panjinAdmin.id, entity: "api_token", regionCode: PANJIN, before: { revokedAt: null } });
    expect(audit.after).toMatchObject({ name: "待吊销", prefix: row.prefix });

    const again = await revokeApiToken(provinceAdmin, { id: token.id }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(DomainError);
    expect((again as DomainError).message).toBe(a.alreadyRevoked);
    expect((await counts()).audits).toBe(before.audits + 1);

    // 盘锦's admin lists 盘锦's tokens only, with their status; 沈阳's admin sees 沈阳's.
    const panjin = await listApiTokens(panjinAdmin, { page: 1 });
    expect(panjin.rows.every((r) => r.regionCode.startsWith(PANJIN))).toBe(true);
    expect(panjin.rows.find((r) => r.id === token.id)).toMatchObject({ status: "REVOKED", revokedBy: panjinAdmin.name, createdBy: panjinAdmin.name });
    expect(new Set(panjin.rows.map((r) => r.status))).toEqual(new Set(["ACTIVE", "EXPIRED", "REVOKED"]));
    expect(panjin.rows.find((r) => r.id === panjinTokenId)).toMatchObject({ status: "ACTIVE", regionName: "盘锦市", expiresOn: inDays(30) });
    expect(panjin.rows.find((r) => r.id === panjinTokenId)?.lastUsedAt).toBeInstanceOf(Date);
    const onlyRevoked = await listApiTokens(panjinAdmin, { page: 1, status: "REVOKED" });
    expect(onlyRevoked.rows.length).toBeGreaterThan(0);
    expect(onlyRevoked.rows.every((r) => r.status === "REVOKED")).toBe(true);
    const shenyang = await listApiTokens(shenyangAdmin, { page: 1 });
    expect(shenyang.rows.map((r) => r.regionCode)).toEqual([SHENYANG]);
    await expect(listApiTokens(await makeActor("PROVINCIAL", "21"), { page: 1 })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("the OpenAPI document", () => {
  it("is served as JSON without a token and describes both endpoints", async () => {
    const res = await openapi();
    expect(res.status).toBe(200);
    const doc = (await res.json()) as typeof openApiDocument;
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(["/rollups", "/roster"]);
    expect(doc.components.securitySchemes.bearerToken).toMatchObject({ type: "http", scheme: "bearer" });
  });
});
