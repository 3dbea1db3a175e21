/// <reference types="vite/client" />
/**
 * The bad-input corpus (issue 11, Build 11): hundreds of hostile or mistyped values, run through
 * EVERY server action's wrapper with a signed-in user of a role that may call it, and through the
 * data-exchange API. Each must answer `{ ok: false }` (API: a 4xx) with a Chinese message on the
 * field it concerns, let no exception escape, and write nothing: the main tables and the audit
 * log (apart from the refusal rows Build 3 asks for) keep their row counts, and no prototype is
 * polluted.
 *
 * Actions are found by globbing lib/*\/actions.ts: a new action is in the corpus the day it is
 * written. Its fields are classified by name (id, amount, date…); a field no rule classifies fails
 * the test, so a new kind of field gets its bad values too.
 *
 * The session is the one thing not real here: `getActor` is replaced so the wrapper sees the
 * chosen user (next-auth's cookie cannot exist outside a request). Everything else is the real
 * wrapper, schemas, commands and database.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor, Permission } from "@/lib/auth/permissions";

const session = vi.hoisted(() => ({ actor: null as null | { id: number; username: string; name: string; role: string; regionCode: string; departmentCode: string | null } }));
vi.mock("@/lib/auth/session", () => ({
  getActor: async () => session.actor,
  requireActor: async () => {
    if (!session.actor) throw new Error("no actor");
    return session.actor;
  },
}));

import { db } from "@/lib/db/client";
import { can } from "@/lib/auth/permissions";
import type { ActionState, DefinedAction } from "@/lib/action";
import { t } from "@/lib/i18n";
import { addDays, todayInChina } from "@/lib/dates";
import { checkCharacter } from "@/lib/households/id-number";
import { issueApiToken } from "@/lib/api-tokens/commands";
import { GET as rollups } from "@/app/api/v1/rollups/route";
import { GET as roster } from "@/app/api/v1/roster/route";
import type { z } from "zod";
import { JIANSHE_STREET, SHUANGTAIZI, ZHANQIAN, makeActor, makeIdNumber } from "../support/fixtures";

type AnyAction = DefinedAction<z.ZodType, unknown>;

const modules = import.meta.glob<Record<string, unknown>>("/lib/*/actions.ts", { eager: true });
const actions: { name: string; action: AnyAction }[] = Object.entries(modules).flatMap(([file, mod]) =>
  Object.entries(mod)
    .filter(([, value]) => typeof value === "function" && "config" in (value as object))
    .map(([name, value]) => ({ name: `${file.replace(/^\/lib\//, "").replace(/\/actions\.ts$/, "")}.${name}`, action: value as AnyAction })),
);

// ── Field kinds and their bad values ──

type Kind = "id" | "amount" | "pastDate" | "date" | "month" | "uuid" | "enum" | "code" | "text" | "checkbox" | "list" | "record" | "idNumber" | "path";

const KIND_BY_NAME: [RegExp, Kind][] = [
  [/^(id|version|versionA|versionB|questionnaireVersion|revision|[a-zA-Z]+Id)$/, "id"],
  [/^(amount|monthlyAmount|monthlyIncome)$/, "amount"],
  [/^(visitedOn|foundOn|conferenceOn|receivedOn)$/, "pastDate"],
  [/^(dueOn|expiresOn|effectiveFrom|day)$/, "date"],
  [/^startMonth$/, "month"],
  [/^idempotencyKey$/, "uuid"],
  [/^(kind|decision|outcome|type|category|source|urgency|proposal|relation|area|takenUp|newCategory|labourCapacity|direction)$/, "enum"],
  [/^(code|cityCode|regionCode|regionCodes|key)$/, "code"],
  [/^(enabled|active|noSupporter|provided|majorIllness|postCompulsoryStudent|unsupportedChild|confirmed|required)$/, "checkbox"],
  [/^(members|incomes|documents|problems|memberFlags|categories|options)$/, "list"],
  [/^(answers|mapping)$/, "record"],
  [/^idNumber$/, "idNumber"],
  [/^returnTo$/, "path"],
  [/^(name|reason|note|address|phone|request|answer|resolution|description|detail|visitors|peopleMet|findings|participants|minutes|assets|content|raisedBy|reporter|familyName|situation|services|contact|title|whoQualifies|benefit|department|departmentCode|minAge|maxAge|capacity|incomeBelowRatio|disabilityGrade|label)$/, "text"],
];

const kindOf = (field: string): Kind | null => KIND_BY_NAME.find(([re]) => re.test(field))?.[1] ?? null;

const HUGE = "测".repeat(100_000);
/** Values that are wrong for any text field (required or optional, one line or many). */
const BAD_TEXT: unknown[] = [
  "\u0000", "孙丽华\u0000", "\u0000\u0000\u0000", "a\u0007b", "\u001b[31m红\u001b[0m", "x\u007f", "x\u0085y", "\u0008",
  "a\u202Eb", "\u2066隐藏\u2069", HUGE, ["甲", "乙"], { a: 1 }, 12345, true,
];
const BAD: Record<Exclude<Kind, "checkbox" | "text">, unknown[]> = {
  // Not "": an optional id left blank means "none" (a new record), which is not a bad value.
  id: ["-1", "0", "1e3", "0x10", "abc", "1.5", " 7", "99999999999", "１２", ["1", "2"], {}, -3, 1.5, true, "1;DROP TABLE household"],
  amount: ["1,2,3", "12,5", "1,000", "1e3", "1E3", "-5", "+5", "¥5", "5元", "1.001", "0", "0.00", "99999999999", "abc", "1 2", "1..2", ".5", "NaN", "Infinity", "0x10", ["5"], 5, ""],
  pastDate: ["1900-01-01", "9999-12-31", "2026-13-01", "2026-02-30", "2026-00-10", "abc", "2026/01/01", "20260101", "1999-12-31", ["2026-01-01"], 20260101],
  date: ["9999-12-31", "2026-13-01", "2026-02-30", "1999-12-31", "abc", "2026/01/01", "+02026-01-01", ["2026-01-01"]],
  month: ["2026-13", "2026-00", "2026-1", "0000-01", "9999-12", "abc", "2026-13-01", ["2026-01"]],
  uuid: ["not-a-uuid", "00000000-0000-0000-0000-00000000000g", "' OR 1=1 --", ["x"], 1],
  enum: ["UNKNOWN", "head", "HEAD ", "HEAD\u0000", "__proto__", "toString", ["HEAD"], 1],
  code: ["0000", "21110200300a", "../..", "' OR 1=1 --", "２１１１", ["2111"]],
  list: ["x", 5, { a: 1 }],
  record: ["x", ["a"], 5],
  // Where a form sends the user back: a path of this site, nothing that leaves it.
  path: ["//evil.example", "https://evil.example/", "/\\evil.example", "/%2F%2Fevil", "/a/../b", "javascript:alert(1)", "/ABC", "/a?x=1", "/a#b", "/", "/a/", ["/households"], 5],
  idNumber: [
    "2111021970010200111", // 19 characters: refused, not cut to 18
    "21110219700102001", // 17
    `${"211102197001020011".slice(0, 17)}${checkCharacter("21110219700102001") === "0" ? "1" : "0"}`, // bad check character
    withCheck("2100001970010200"), // county part 0000
    withCheck("2111001970010200"), // county part 00
    withCheck("3900001970010200"), // no such province
    withCheck("2111021899123100"), // born before 1900
    withCheck("2111022999010100"), // born in the future
    "21110219700102001Y", "ABCDEFGHIJKLMNOPQR", ["211102197001020011"],
  ],
};

function withCheck(first16: string): string {
  const first17 = `${first16}1`;
  return first17 + checkCharacter(first17);
}

/** The prototype keys of finding 1, and names no form of ours has. */
const POISON_FIELDS: [string, string][] = [
  ["__proto__.address", "polluted"], ["__proto__.toString", "polluted"], ["a.__proto__.toString", "polluted"],
  ["constructor.prototype.x", "polluted"], ["members.0.__proto__.name", "polluted"], ["__proto__", "polluted"],
  ["prototype.isAdmin", "polluted"], ["answers.constructor.prototype.x", "polluted"],
];

// ── Plausible values for the fields that are not under test ──

function firstEnumValue(schema: unknown): string | undefined {
  const def = (schema as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
  if (!def) return undefined;
  if (def.type === "enum") return Object.values(def.entries as Record<string, string>)[0];
  if (def.type === "literal") return (def.values as unknown[])[0] as string;
  for (const inner of [def.innerType, def.in, ...((def.options as unknown[]) ?? [])]) {
    const found = inner ? firstEnumValue(inner) : undefined;
    if (found) return found;
  }
  return undefined;
}

function shapeOf(schema: unknown): Record<string, unknown> {
  const def = (schema as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
  if (!def) return {};
  if (def.type === "object") return def.shape as Record<string, unknown>;
  for (const inner of [def.innerType, def.in, def.schema]) if (inner) return shapeOf(inner);
  return {};
}

const today = todayInChina();
function plausible(field: string, schema: unknown): string | undefined {
  switch (kindOf(field)) {
    case "id": return "1";
    case "amount": return "100";
    case "pastDate": return today;
    case "date": return addDays(today, 10);
    case "month": return today.slice(0, 7);
    case "uuid": return randomUUID();
    case "enum": return firstEnumValue(schema);
    case "checkbox": return "on";
    case "code": return field === "cityCode" ? "2111" : field === "code" ? "TEST_RULE" : field === "regionCodes" ? "211102" : field === "key" ? "housing" : ZHANQIAN;
    case "idNumber": return makeIdNumber("211102", "1970-01-02");
    case "text": return field === "phone" ? "13800000000" : /Age|capacity|Ratio|Grade/.test(field) ? "" : field === "departmentCode" ? "MEDICAL_INSURANCE" : "测试内容";
    default: return undefined; // lists, records: left out
  }
}

function baseForm(schema: unknown): Record<string, string> {
  const base: Record<string, string> = {};
  for (const [field, fieldSchema] of Object.entries(shapeOf(schema))) {
    const value = plausible(field, fieldSchema);
    if (value !== undefined) base[field] = value;
  }
  if ("members" in shapeOf(schema)) {
    Object.assign(base, { "members.0.name": "测试户主", "members.0.idNumber": makeIdNumber("211102", "1970-01-02"), "members.0.relation": "HEAD" });
  }
  return base;
}

const toFormData = (entries: Record<string, string> | [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of Array.isArray(entries) ? entries : Object.entries(entries)) f.append(k, v);
  return f;
};

// ── What a refusal must look like ──

const CJK = /[\u4e00-\u9fff]/;
/** An English sentence: two or more ASCII words in a row ("Invalid input", "expected number"). */
const ENGLISH = /[A-Za-z]{2,}[ ,:]+[A-Za-z]{2,}/;

function expectChinese(text: string, where: string) {
  expect(CJK.test(text), `${where}: not Chinese: ${text}`).toBe(true);
  expect(ENGLISH.test(text), `${where}: English words in: ${text}`).toBe(false);
}

type Failure = Extract<NonNullable<ActionState>, { ok: false }>;

function expectRefused(state: ActionState, where: string): Failure {
  expect(state, where).not.toBeNull();
  expect(state!.ok, `${where}: was accepted`).toBe(false);
  const failed = state as Failure;
  expectChinese(failed.message, where);
  expect(failed.message, `${where}: answered as an unexpected error`).not.toBe(t.common.unexpected);
  for (const [field, messages] of Object.entries(failed.fieldErrors ?? {})) for (const m of messages) expectChinese(m, `${where} [${field}]`);
  // The echoed values travel to a client component: React refuses null-prototype objects there
  // (the e2e spec found every refused form answering "操作失败" before this was checked).
  if (failed.values) expect(plainAllTheWay(failed.values), `${where}: values not plain objects`).toBe(true);
  return failed;
}

function plainAllTheWay(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(plainAllTheWay);
  if (value && typeof value === "object") return Object.getPrototypeOf(value) === Object.prototype && Object.values(value).every(plainAllTheWay);
  return true;
}

const hasFieldError = (failed: Failure, field: string) =>
  Object.keys(failed.fieldErrors ?? {}).some((k) => k === field || k.startsWith(`${field}.`));

// ── The state that must not change ──

const TABLES = [
  "household", "member", "visit", "problem", "transfer", "aidCase", "fundEntry", "application", "applicationDocument", "economicCheck",
  "publicity", "lead", "screening", "offer", "policy", "resource", "discoveryRule", "assistanceStandard", "workCalendarDay", "apiToken", "monitoringAlert",
] as const;

async function snapshot() {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const delegate = (db as unknown as Record<string, { count?: () => Promise<number> } | undefined>)[table];
    if (delegate?.count) counts[table] = await delegate.count();
  }
  // Refusal rows are asked for (Build 3); every API call leaves its `api.call` row by design.
  counts.audit = await db.auditLog.count({ where: { NOT: [{ action: { startsWith: "refused." } }, { action: "read.denied" }, { action: "api.call" }] } });
  return counts;
}

const pristine = Object.getOwnPropertyNames(Object.prototype).sort();
let before: Record<string, number>;
const roles: Partial<Record<Actor["role"], Actor>> = {};
const refusalsBefore = { value: 0 };
let cases = 0;
const apiHeaders: Record<string, string> = {};
const errors = vi.spyOn(console, "error");

beforeAll(async () => {
  roles.CASEWORKER = await makeActor("CASEWORKER", JIANSHE_STREET);
  roles.SUPERVISOR = await makeActor("SUPERVISOR", SHUANGTAIZI);
  roles.ADMIN = await makeActor("ADMIN", "21");
  roles.DEPARTMENT = await makeActor("DEPARTMENT", "2111", "MEDICAL_INSURANCE");
  roles.PROVINCIAL = await makeActor("PROVINCIAL", "21");
  const issued = await issueApiToken(roles.ADMIN, { name: "语料测试", regionCode: "21", expiresOn: addDays(today, 30) });
  apiHeaders.authorization = `Bearer ${issued.secret}`;
  refusalsBefore.value = await db.auditLog.count({ where: { action: { startsWith: "refused." } } });
  before = await snapshot();
});

function actorFor(permission: Permission): Actor {
  const actor = (["CASEWORKER", "SUPERVISOR", "ADMIN", "DEPARTMENT", "PROVINCIAL"] as const).map((r) => roles[r]!).find((a) => can(a, permission));
  if (!actor) throw new Error(`no role may ${permission}`);
  return actor;
}

const call = (action: AnyAction, input: unknown) => action(null, input);

describe("the bad-input corpus through every server action", () => {
  it("finds the actions (a new one is covered automatically)", () => {
    expect(actions.length).toBeGreaterThanOrEqual(30);
  });

  it("classifies every field of every action's schema", () => {
    const unknown = actions.flatMap(({ name, action }) => Object.keys(shapeOf(action.config.schema)).filter((f) => !kindOf(f)).map((f) => `${name}.${f}`));
    expect(unknown).toEqual([]);
  });

  for (const { name, action } of actions) {
    describe(name, () => {
      it("refuses every bad value on its own field, in Chinese, writing nothing", async () => {
        session.actor = actorFor(action.config.permission);
        const shape = shapeOf(action.config.schema);
        const base = baseForm(action.config.schema);
        for (const field of Object.keys(shape)) {
          const kind = kindOf(field)!;
          if (kind === "checkbox") continue; // any value is a tick or none; the wrapper-level cases below cover them
          const values = kind === "text" ? BAD_TEXT : BAD[kind];
          for (const value of values) {
            const where = `${name} ${field}=${JSON.stringify(value).slice(0, 40)}`;
            // Strings arrive as a form post does; other types as a client component's object argument.
            const input = typeof value === "string" ? toFormData({ ...base, [field]: value }) : { ...base, [field]: value };
            const failed = expectRefused(await call(action, input), where);
            expect(hasFieldError(failed, field), `${where}: no message on the field (got ${JSON.stringify(failed.fieldErrors)})`).toBe(true);
            cases++;
          }
        }
      });

      it("refuses prototype keys, control characters anywhere and foreign field names whole", async () => {
        session.actor = actorFor(action.config.permission);
        const base = baseForm(action.config.schema);
        for (const [key, value] of POISON_FIELDS) {
          const failed = expectRefused(await call(action, toFormData([...Object.entries(base), [key, value]])), `${name} ${key}`);
          expect(failed.message).toBe(t.input.badFieldName);
          expect(failed.values).toBeUndefined();
          cases++;
        }
        // The same keys in an object argument (JSON.parse makes __proto__ an own key).
        const structured = JSON.parse(`{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"x": 1}}}`);
        expect(expectRefused(await call(action, { ...base, ...structured }), `${name} structured`).message).toBe(t.input.badFieldName);
        for (const [key, value] of [["zzz", "\u0000"], ["a\u0000b", "x"], ["answers.x", "\u0001"], ["members.0.name", "\u0000"]] as const) {
          const failed = expectRefused(await call(action, toFormData({ ...base, [key]: value })), `${name} ${JSON.stringify(key)}`);
          expect(failed.fieldErrors?.[key]?.[0] ?? failed.fieldErrors?.[key.replace("\u0000", "")]?.[0] ?? Object.values(failed.fieldErrors ?? {})[0]?.[0]).toBe(t.input.controlCharacters);
          cases++;
        }
        cases++;
      });
    });
  }

  it("refuses households' own rules: invisible names, too many members, 19-character IDs", async () => {
    const create = actions.find((a) => a.name === "households.createHouseholdAction")!.action;
    session.actor = roles.CASEWORKER!;
    const base = baseForm(create.config.schema);
    for (const name of ["\u200B", "\u200B\u200B", "\uFEFF", "\u3000\u3000", "\u2060", "\u200D\u200C", " \u200B "]) {
      const failed = expectRefused(await call(create, toFormData({ ...base, "members.0.name": name })), `name ${JSON.stringify(name)}`);
      expect(failed.fieldErrors?.["members.0.name"], JSON.stringify(name)).toBeTruthy();
      cases++;
    }
    for (const address of ["站前社区\n1 号", "站前\t社区", "站前\r社区"]) {
      const failed = expectRefused(await call(create, toFormData({ ...base, address })), `address ${JSON.stringify(address)}`);
      expect(failed.fieldErrors?.address).toEqual([t.input.lineBreaks]);
      cases++;
    }
    const many: Record<string, string> = { ...base };
    for (let i = 1; i <= 30; i++) Object.assign(many, { [`members.${i}.name`]: `成员${i}`, [`members.${i}.idNumber`]: makeIdNumber("211102", "1980-01-01"), [`members.${i}.relation`]: "CHILD" });
    const failed = expectRefused(await call(create, toFormData(many)), "31 members");
    expect(failed.fieldErrors?.members?.[0]).toBe("一户最多登记 30 名成员");
    const long = expectRefused(await call(create, toFormData({ ...base, "members.0.idNumber": `${makeIdNumber("211102", "1970-01-02")}1` })), "19-char id");
    expect(long.fieldErrors?.["members.0.idNumber"]).toEqual(["身份证号应为 18 位，您输入了 19 位"]);
    cases += 2;
  });

  it("refuses anonymous callers before reading the body, counting them per minute", async () => {
    session.actor = null;
    const tally = async () => Number((await db.$queryRaw<{ n: bigint }[]>`SELECT coalesce(sum(count), 0)::bigint AS n FROM refusal_tally WHERE kind = 'action.anonymous'`)[0].n);
    const start = await tally();
    const rows = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*)::bigint AS n FROM refusal_tally`;
    for (const { name, action } of actions) {
      const failed = expectRefused(await call(action, toFormData([["_1___proto__.address", "x"], ["__proto__.toString", "x"], ["a", "\u0000"]])), `anonymous ${name}`);
      expect(failed.message).toBe(t.common.forbidden);
      expect(failed.values).toBeUndefined();
      cases++;
    }
    expect((await tally()) - start).toBe(actions.length);
    // One row per minute and kind, however many requests: at most one new row (two across a minute's edge).
    const after = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*)::bigint AS n FROM refusal_tally`;
    expect(Number(after[0].n) - Number(rows[0].n)).toBeLessThanOrEqual(2);
  });
});

describe("refusals on the audit trail (Build 3)", () => {
  const act = (name: string) => actions.find((a) => a.name === name)!.action;
  const latest = () => db.auditLog.findFirstOrThrow({ orderBy: { id: "desc" }, select: { action: true, actorId: true, entity: true, entityId: true, after: true } });

  it("audits a permission refusal and a record outside the region, never the values; not a typing mistake", async () => {
    // A department user may not register households: refused, audited with the reason only.
    session.actor = roles.DEPARTMENT!;
    const create = act("households.createHouseholdAction");
    expectRefused(await call(create, toFormData(baseForm(create.config.schema))), "department creates a household");
    expect(await latest()).toMatchObject({ action: "refused.write:household", actorId: roles.DEPARTMENT!.id, after: { reason: "forbidden" } });

    // A caseworker naming a problem that is not theirs: "not found", audited with the ids named.
    session.actor = roles.CASEWORKER!;
    const resolve = act("problems.resolveImmediatelyAction");
    const failed = expectRefused(await call(resolve, toFormData({ problemId: "987654", version: "1", resolution: "已解决" })), "resolve elsewhere");
    expect(failed.message).toBe(t.common.notFound);
    const row = await latest();
    expect(row).toMatchObject({ action: "refused.resolve:problem", after: { reason: "not_found", ids: { problemId: 987654 } } });
    expect(JSON.stringify(row.after)).not.toContain("已解决");

    // The user's own typing: answered on the field, not audited.
    const count = await db.auditLog.count();
    expectRefused(await call(resolve, toFormData({ problemId: "987654", version: "1", resolution: "" })), "blank resolution");
    expect(await db.auditLog.count()).toBe(count);
  });

  it("audits a read by id that finds nothing in the user's region", async () => {
    const { getHousehold } = await import("@/lib/households/queries");
    await expect(getHousehold(roles.CASEWORKER!, 987654)).rejects.toThrow(t.common.notFound);
    expect(await latest()).toMatchObject({ action: "read.denied", actorId: roles.CASEWORKER!.id, entity: "household", entityId: "987654", after: { reason: "not_found" } });
  });
});

describe("the bad-input corpus through the data-exchange API", () => {
  it("answers 400 in Chinese for every bad parameter, never a 5xx", async () => {
    const headers = apiHeaders;
    const bad: [typeof rollups, string, string[]][] = [
      [rollups, "region", ["0000", "abc", "\u0000", "21\u0000", "2111021", "%00", "' OR 1=1 --", "__proto__", "9".repeat(500)]],
      [rollups, "from", ["2026-13", "2026-00", "abc", "\u0000", "2026-1", "9999-99"]],
      [rollups, "to", ["2026-13", "abc", "\u0000"]],
      [roster, "region", ["0000", "abc", "\u0000", "2111021", "' OR 1=1 --"]],
      [roster, "category", ["UNKNOWN", "dibao", "\u0000", "__proto__"]],
      [roster, "page", ["0", "-1", "1e3", "0x10", "abc", "1.5", "\u0000", "99999999999"]],
      [roster, "pageSize", ["0", "501", "1e2", "abc", "\u0000"]],
    ];
    for (const [route, param, values] of bad) {
      for (const value of values) {
        const url = new URL(`http://localhost/api/v1/x`);
        url.searchParams.set(param, value);
        const response = await route(new Request(url, { headers }));
        const where = `${param}=${JSON.stringify(value).slice(0, 30)}`;
        expect(response.status, where).toBeGreaterThanOrEqual(400);
        expect(response.status, where).toBeLessThan(500);
        const body = (await response.json()) as { error: string };
        expect(CJK.test(body.error), `${where}: ${body.error}`).toBe(true);
        cases++;
      }
    }
    // Prototype keys as parameter names are just unknown parameters.
    const polluted = await roster(new Request("http://localhost/api/v1/roster?__proto__[x]=1&constructor[prototype][y]=2&__proto__=z", { headers }));
    expect(polluted.status).toBeLessThan(500);
    cases++;
  });
});

afterAll(async () => {
  // Nothing of the corpus was written, and no prototype was touched.
  expect(await snapshot()).toEqual(before);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(pristine);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  // Refusals of signed-in users are audited with the reason only, never the submitted values.
  const refusals = await db.auditLog.findMany({ where: { action: { startsWith: "refused." } }, select: { after: true } });
  expect(refusals.length).toBeGreaterThan(refusalsBefore.value);
  for (const r of refusals) expect(JSON.stringify(r.after)).not.toMatch(/polluted|测试内容|测试户主/);
  expect(errors).not.toHaveBeenCalled();
  expect(cases).toBeGreaterThanOrEqual(300);
  console.info(`bad-input corpus: ${cases} cases`);
});
