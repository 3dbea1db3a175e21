/**
 * The access matrix (issue 11, build item 11), generated from the permission table itself
 * (GRANTS in lib/auth/permissions.ts), not from a hand-copied list: every role × target region ×
 * operation runs the real query, command or export function against the real database.
 * - Target regions, relative to the actor's own region: "own" (a village inside it), "sibling"
 *   (a village of another region at the same level under the same parent) and "parent" (a
 *   village elsewhere in the parent region: neither own nor that sibling). Provincial users sit
 *   at the top: only "own" exists for them (the register holds one province).
 * - A cell is allowed exactly when the role holds the operation's permission and the target is
 *   its own region (plus the rules a permission alone does not say, named in `extraRule`).
 * - An allowed cell returns the record (or lists it, or writes it); any other cell is refused
 *   (ForbiddenError / NotFoundError / DomainError) or its list does not contain the record — and a
 *   refused write changes nothing but the audit of the refused read ("read.denied").
 */
import { beforeAll, describe, expect, it } from "vitest";
import { asSystem, withScope } from "@/lib/db/scope";
import { db } from "@/lib/db/client";
import { GRANTS, can, type Actor, type Permission } from "@/lib/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";
import { getHousehold, listHouseholds } from "@/lib/households/queries";
import { ceaseAssistanceSchema, householdSearchSchema, updateHouseholdSchema } from "@/lib/households/schema";
import { ceaseAssistance, revealHouseholdPersonalData, revealIdNumber, updateHousehold } from "@/lib/households/commands";
import { monthlyRoster } from "@/lib/visits/queries";
import { recordProblem } from "@/lib/problems/commands";
import { problemSearchSchema, recordProblemSchema } from "@/lib/problems/schema";
import { getProblem, listProblems } from "@/lib/problems/queries";
import { openApplication } from "@/lib/applications/commands";
import { applicationSearchSchema, openApplicationSchema } from "@/lib/applications/schema";
import { getApplication, listApplications } from "@/lib/applications/queries";
import { transferProblem } from "@/lib/transfers/commands";
import { transferProblemSchema, transferSearchSchema } from "@/lib/transfers/schema";
import { getTransfer, listTransfers } from "@/lib/transfers/queries";
import { listAlerts } from "@/lib/monitoring/queries";
import { getFund } from "@/lib/funds/queries";
import { topUpFund } from "@/lib/funds/ledger";
import { getDashboard } from "@/lib/dashboard/queries";
import { defaultRange } from "@/lib/dashboard/schema";
import { issueApiToken } from "@/lib/api-tokens/commands";
import { getDuplicatePair, listDuplicatePairs } from "@/lib/duplicates/queries";
import { markNotDuplicate, mergeHouseholds } from "@/lib/duplicates/commands";
import { duplicateSearchSchema, mergeSchema, notDuplicateSchema } from "@/lib/duplicates/schema";
import { addDays, dateFromIso, todayInChina } from "@/lib/dates";
import { DomainError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { makeActor, makeHousehold, makeIdNumber } from "../support/fixtures";
import { runImportJob, startImport, startValidation, uploadImport } from "@/lib/import/commands";
import { csvText, householdRows } from "../support/import-files";

const today = todayInChina();
type Target = "own" | "sibling" | "parent";
const ROLES = Object.keys(GRANTS) as Role[];
/** Where each role's actor sits: a township, a county, a city, the province. */
const HOME: Record<Role, string> = { CASEWORKER: "211102003", SUPERVISOR: "211102", DEPARTMENT: "211102", ADMIN: "2111", PROVINCIAL: "21" };
const DEPARTMENT_CODE = "EDUCATION";

/** What one target region holds: a family with a problem, an application, a transfer, an alert, and its township's reserve. */
type Site = { village: string; householdId: number; memberId: number; problemId: number; applicationId: number; transferId: number; alertId: number; fundId: number; head: string };

type Operation = {
  name: string;
  permission: Permission;
  /** A rule beyond role and region (when it holds, the cell is allowed on own only as usual). */
  extraRule?: (actor: Actor) => boolean;
  /** Test setup the operation needs (a fresh family, a new problem), made before the footprint is taken. */
  prepare?: (site: Site) => Promise<number>;
  /** Runs the operation; resolves to true when the record was returned, listed or written. */
  run: (actor: Actor, site: Site, prepared: number) => Promise<boolean>;
  write?: boolean;
};

let seq = 0;
const OPERATIONS: Operation[] = [
  { name: "list households", permission: "read:household", run: async (a, s) => (await listHouseholds(a, householdSearchSchema.parse({ q: s.head }))).rows.some((r) => r.id === s.householdId) },
  { name: "read household by id", permission: "read:household", run: async (a, s) => (await getHousehold(a, s.householdId)).id === s.householdId },
  {
    name: "write household", permission: "write:household", write: true,
    run: async (a, s) => {
      // The form as it was loaded (fixture data, read as the system), then the actor's save.
      const h = await asSystem(() => db.household.findUniqueOrThrow({ where: { id: s.householdId }, include: { members: true } }));
      const input = updateHouseholdSchema.parse({
        id: String(h.id), version: String(h.version), regionCode: h.regionCode, address: `矩阵地址 ${++seq} 号`, category: h.category,
        members: h.members.map((m) => ({ id: String(m.id), name: m.name, relation: m.relation })),
      });
      return (await updateHousehold(a, input)).id === s.householdId;
    },
  },
  { name: "reveal personal data", permission: "reveal:personal", write: true, run: async (a, s) => !!(await revealHouseholdPersonalData(a, { householdId: s.householdId, reason: "访问矩阵测试：核实" })).until },
  { name: "reveal ID number", permission: "reveal:id_number", run: async (a, s) => (await revealIdNumber(a, s.memberId)).length === 18 },
  {
    // 停保 (issue 15): the county's supervisor ends a household's assistance, with a reason and a confirmation.
    name: "cease assistance", permission: "cease:assistance", write: true,
    prepare: (s) => freshHousehold(s.village),
    run: async (a, _s, fresh) => (await ceaseAssistance(a, ceaseAssistanceSchema.parse({
      householdId: String(fresh), version: "1", reason: "家庭人均收入已连续三个月超过保障标准", confirmed: "on",
    }))).id === fresh,
  },
  { name: "list roster", permission: "read:roster", run: async (a, s) => (await monthlyRoster(a, { filter: "all", q: s.head, page: 1 })).rows.some((r) => r.id === s.householdId) },
  { name: "list problems", permission: "read:problem", run: async (a, s) => (await listProblems(a, problemSearchSchema.parse({ filter: "all" }))).rows.some((r) => r.id === s.problemId) },
  { name: "read problem by id", permission: "read:problem", run: async (a, s) => (await getProblem(a, s.problemId)).id === s.problemId },
  {
    name: "write problem", permission: "record:problem", write: true,
    run: async (a, s) => (await recordProblem(a, recordProblemSchema.parse({ householdId: s.householdId, source: "HOUSEHOLD", category: "OTHER", description: "矩阵测试问题", urgency: "LOW", foundOn: today }))).householdId === s.householdId,
  },
  { name: "list applications", permission: "read:application", run: async (a, s) => (await listApplications(a, applicationSearchSchema.parse({ filter: "all" }))).rows.some((r) => r.id === s.applicationId) },
  { name: "read application by id", permission: "read:application", run: async (a, s) => (await getApplication(a, s.applicationId)).id === s.applicationId },
  {
    name: "write application", permission: "open:application", write: true,
    prepare: (s) => freshHousehold(s.village),
    run: async (a, _s, fresh) => (await openApplication(a, openApplicationSchema.parse({ householdId: String(fresh), type: "DIBAO", documents: [] }))).householdId === fresh,
  },
  { name: "list transfers", permission: "read:transfer", run: async (a, s) => (await listTransfers(a, transferSearchSchema.parse({}))).rows.some((r) => r.id === s.transferId) },
  { name: "read transfer by id", permission: "read:transfer", run: async (a, s) => (await getTransfer(a, s.transferId)).id === s.transferId },
  {
    name: "write transfer", permission: "transfer:problem", write: true,
    prepare: async (s) => (await db.problem.create({ data: problemData(s.householdId, s.village) })).id,
    run: async (a, _s, problemId) => (await transferProblem(a, transferProblemSchema.parse({ problemId, departmentCode: DEPARTMENT_CODE, request: "矩阵测试转办", dueOn: addDays(today, 10) }))).problemId === problemId,
  },
  { name: "list alerts", permission: "read:alert", run: async (a, s) => (await listAlerts(a, { open: true, page: 1 })).rows.some((r) => r.id === s.alertId) },
  { name: "read fund by id", permission: "read:fund", run: async (a, s) => (await getFund(a, s.fundId, 1)).id === s.fundId },
  { name: "write fund (top up)", permission: "manage:fund", write: true, run: async (a, s) => !!(await topUpFund(a, { fundId: s.fundId, amount: "1.00", note: "矩阵测试拨款" })) },
  {
    name: "export dashboard", permission: "read:dashboard",
    run: async (a, s) => (await getDashboard(a, { regionCode: s.village.slice(0, 9), range: defaultRange(today), today })).region.code === s.village.slice(0, 9),
  },
  // 疑似重复: two fresh households of the site's village at one address are a pair to review.
  { name: "list suspected duplicates", permission: "review:duplicates", prepare: (s) => freshPair(s.village), run: async (a, _s, pairId) => (await listDuplicatePairs(a, duplicateSearchSchema.parse({}))).rows.some((r) => r.id === pairId) },
  { name: "read suspected duplicate by id", permission: "review:duplicates", prepare: (s) => freshPair(s.village), run: async (a, _s, pairId) => (await getDuplicatePair(a, pairId)).id === pairId },
  {
    name: "mark not a duplicate", permission: "review:duplicates", write: true, prepare: (s) => freshPair(s.village),
    run: async (a, _s, pairId) => {
      const pair = await asSystem(() => db.duplicatePair.findUniqueOrThrow({ where: { id: pairId } }));
      return (await markNotDuplicate(a, notDuplicateSchema.parse({ pairId: String(pairId), version: String(pair.version), reason: "访问矩阵测试：不同家庭" }))).id === pairId;
    },
  },
  {
    name: "merge suspected duplicates", permission: "review:duplicates", write: true, prepare: (s) => freshPair(s.village),
    run: async (a, _s, pairId) => {
      const pair = await asSystem(() => db.duplicatePair.findUniqueOrThrow({ where: { id: pairId } }));
      const version = async (id: number) => String((await asSystem(() => db.household.findUniqueOrThrow({ where: { id } }))).version);
      const input = mergeSchema.parse({
        pairId: String(pairId), version: String(pair.version), survivorId: String(pair.householdA),
        versionA: await version(pair.householdA), versionB: await version(pair.householdB), confirmed: "on",
      });
      return (await mergeHouseholds(a, input)).survivorId === pair.householdA;
    },
  },
  {
    // Not `write`: an admin's upload of a file for another region is itself allowed and audited;
    // the refusal is of its rows (the village is outside the region), so no household is written.
    name: "import households", permission: "import:households",
    run: async (a, s) => {
      const head = makeIdNumber(s.village.slice(0, 6), "1965-02-03");
      const rows = householdRows({ headIdNumber: head, regionCode: s.village }, [{ name: `矩阵导入${++seq}`, idNumber: head, relation: "户主" }]);
      const before = await asSystem(() => db.household.count());
      const up = await uploadImport(a, { name: "矩阵.csv", bytes: new TextEncoder().encode(csvText(rows)) });
      const inline = (id: number, phase: "validate" | "import") => runImportJob(id, phase);
      await startValidation(a, { jobId: up.id, mapping: up.mapping }, inline);
      await startImport(a, up.id, inline);
      return (await asSystem(() => db.household.count())) === before + 1;
    },
  },
  {
    name: "API: issue a token", permission: "manage:api_token", write: true,
    run: async (a, s) => !!(await issueApiToken(a, { name: `矩阵令牌 ${++seq}`, regionCode: s.village.slice(0, 6), expiresOn: addDays(today, 30) })),
  },
];

let freshSeq = 0;
const villageWorker = new Map<string, Actor>();
async function workerOf(village: string) {
  if (!villageWorker.has(village)) villageWorker.set(village, await makeActor("CASEWORKER", village.slice(0, 9)));
  return villageWorker.get(village)!;
}
async function freshHousehold(village: string) {
  return (await makeHousehold(await workerOf(village), { regionCode: village, headName: `矩阵新户${++freshSeq}`, birth: "1966-01-01" })).id;
}
async function freshPair(village: string) {
  const a = await freshHousehold(village);
  const b = await freshHousehold(village);
  return (await db.duplicatePair.findUniqueOrThrow({ where: { householdA_householdB: { householdA: Math.min(a, b), householdB: Math.max(a, b) } } })).id;
}
function problemData(householdId: number, village: string) {
  return { householdId, regionCode: village, source: "HOUSEHOLD" as const, category: "MEDICAL" as const, description: "矩阵测试", urgency: "HIGH" as const, foundOn: dateFromIso(today), dueOn: dateFromIso(addDays(today, 7)), createdById: villageWorker.get(village)!.id };
}

let headSeq = 0;
async function makeSite(village: string): Promise<Site> {
  const worker = await workerOf(village);
  const head = `矩阵户主${++headSeq}号`;
  const household = await makeHousehold(worker, { regionCode: village, headName: head, birth: "1960-02-03" });
  const member = await db.member.findFirstOrThrow({ where: { householdId: household.id } });
  const problem = await db.problem.create({ data: problemData(household.id, village) });
  const transfer = await transferProblem(worker, transferProblemSchema.parse({ problemId: problem.id, departmentCode: DEPARTMENT_CODE, request: "矩阵测试转办", dueOn: addDays(today, 10) }));
  const application = await openApplication(worker, openApplicationSchema.parse({ householdId: String(household.id), type: "DIBAO", documents: [] }));
  const alert = await db.monitoringAlert.create({ data: { householdId: household.id, regionCode: village, kind: "MISSED_VISITS", detail: "{}", dedupeKey: `matrix-${household.id}`, raisedOn: dateFromIso(today) } });
  const fund = await db.fund.findUniqueOrThrow({ where: { kind_regionCode: { kind: "TOWNSHIP_RESERVE", regionCode: village.slice(0, 9) } } });
  return { village, head, householdId: household.id, memberId: member.id, problemId: problem.id, applicationId: application.id, transferId: transfer.id, alertId: alert.id, fundId: fund.id };
}

/** Children of a region (next level down), in code order. */
async function children(code: string): Promise<string[]> {
  const rows = await db.region.findMany({ where: { parentCode: code, retiredAt: null, code: { not: code } }, select: { code: true }, orderBy: { code: "asc" } });
  return rows.map((r) => r.code);
}
/** The first village under a prefix that has a township reserve. */
async function villageUnder(prefix: string): Promise<string> {
  const village = await db.region.findFirstOrThrow({ where: { level: 5, code: { startsWith: prefix }, retiredAt: null }, orderBy: { code: "asc" }, select: { code: true } });
  return village.code;
}
/** Own, sibling and parent villages for an actor sitting at `home` (none above the province). */
async function targetsFor(home: string): Promise<Partial<Record<Target, string>>> {
  const own = await villageUnder(home);
  const parentCode = (await db.region.findUniqueOrThrow({ where: { code: home }, select: { parentCode: true } })).parentCode;
  if (!parentCode) return { own };
  const siblings = (await children(parentCode)).filter((c) => c !== home);
  return { own, sibling: await villageUnder(siblings[0]), parent: await villageUnder(siblings[1]) };
}

const actors = new Map<Role, Actor>();
const sites = new Map<Role, Partial<Record<Target, Site>>>();
const bySite = new Map<string, Site>();

beforeAll(async () => {
  for (const role of ROLES) {
    actors.set(role, await makeActor(role, HOME[role], role === "DEPARTMENT" ? DEPARTMENT_CODE : null));
    const targets = await targetsFor(HOME[role]);
    const mine: Partial<Record<Target, Site>> = {};
    for (const [target, village] of Object.entries(targets) as [Target, string][]) {
      if (!bySite.has(village)) bySite.set(village, await makeSite(village));
      mine[target] = bySite.get(village)!;
    }
    sites.set(role, mine);
  }
}, 120_000);

/** Rows a refused write must not have added; the refused read by id is audited on purpose. */
const footprint = async () => ({
  households: await db.household.count(), problems: await db.problem.count(), applications: await db.application.count(),
  transfers: await db.transfer.count(), entries: await db.fundEntry.count(), reveals: await db.personalDataReveal.count(), tokens: await db.apiToken.count(),
  pairs: await db.duplicatePair.count({ where: { status: "OPEN" } }), tombstones: await db.household.count({ where: { mergedIntoId: { not: null } } }),
  versions: (await db.household.aggregate({ _sum: { version: true } }))._sum.version,
  audits: await db.auditLog.count({ where: { NOT: { action: "read.denied" } } }),
});

const cells = ROLES.flatMap((role) =>
  (["own", "sibling", "parent"] as Target[]).flatMap((target) => OPERATIONS.map((op) => ({ role, target, op }))));

describe(`access matrix: ${ROLES.length} roles × 3 target regions × ${OPERATIONS.length} operations = ${cells.length} cells`, () => {
  let allowed = 0;
  let refused = 0;
  let absent = 0;
  it.each(cells.map((c) => [`${c.role} · ${c.target} · ${c.op.name}`, c] as const))("%s", async (_title, { role, target, op }) => {
    const actor = actors.get(role)!;
    const site = sites.get(role)![target];
    if (!site) {
      absent++; // a provincial user has no sibling or parent region in a one-province register
      return;
    }
    const expected = can(actor, op.permission) && target === "own" && (op.extraRule?.(actor) ?? true);
    const prepared = (await op.prepare?.(site)) ?? 0;
    const before = op.write && !expected ? await footprint() : null;
    let outcome: boolean;
    try {
      // In the actor's region, as the web app runs it: under row-level security too (decision 018).
      outcome = await withScope(actor.regionCode, () => op.run(actor, site, prepared));
    } catch (error) {
      if (!(error instanceof ForbiddenError || error instanceof NotFoundError || error instanceof DomainError)) throw error;
      outcome = false;
    }
    expect(outcome, `${role} ${target} ${op.name}: expected ${expected ? "allowed" : "refused"}`).toBe(expected);
    if (before) expect(await footprint(), "a refused write writes nothing").toEqual(before);
    if (expected) allowed++;
    else refused++;
  });

  it("counts its cells", () => {
    console.info(`[access-matrix] ${cells.length} cells: ${allowed} allowed, ${refused} refused, ${absent} with no such region`);
    expect(allowed + refused + absent).toBe(cells.length);
  });
});
