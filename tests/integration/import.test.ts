/**
 * Household import (issue 16): the dry run's rules with their row, column and Chinese message;
 * an idempotent re-import; GB18030 CSV; the column mapping remembered per user; the audit rows
 * and the roll-ups after an import; the background job through the real pg-boss queue; cancel.
 */
import pg from "pg";
import iconv from "iconv-lite";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { withScope } from "@/lib/db/scope";
import type { Actor } from "@/lib/auth/permissions";
import { verifyRollups } from "@/lib/stats/rollups";
import { cancelImport, runImportJob, startImport, startValidation, uploadImport, type Enqueue } from "@/lib/import/commands";
import { getImportJob, importProblems } from "@/lib/import/queries";
import { errorReportWorkbook, templateWorkbook } from "@/lib/import/workbooks";
import { headerOf, proposeMapping, type Mapping } from "@/lib/import/columns";
import { enqueueImport, startImportWorker, stopImportQueue } from "@/lib/import/queue";
import { DomainError, ForbiddenError } from "@/lib/errors";
import { t } from "@/lib/i18n";
import { HUANGGU, ZHANQIAN, firstVillage, makeActor, makeHousehold, makeIdNumber, storedIdNumber } from "../support/fixtures";
import { csvText, householdRows } from "../support/import-files";

const P = t.imports.problem;
const V = t.validation;
let admin: Actor;
let owner: pg.Pool;

/** Jobs run in place, as the worker would run them. */
const inline: Enqueue = (jobId, phase) => runImportJob(jobId, phase);

beforeAll(async () => {
  admin = await makeActor("ADMIN", "2111");
  owner = new pg.Pool({ connectionString: process.env.MIGRATION_DATABASE_URL, max: 2 });
});
afterAll(async () => {
  await owner.end();
  await stopImportQueue();
});

const as = <T>(actor: Actor, fn: () => Promise<T>) => withScope(actor.regionCode, fn);

async function dryRun(actor: Actor, name: string, bytes: Uint8Array, mapping?: Mapping) {
  const up = await as(actor, () => uploadImport(actor, { name, bytes }));
  await as(actor, () => startValidation(actor, { jobId: up.id, mapping: mapping ?? up.mapping }, inline));
  return { up, job: await as(actor, () => getImportJob(actor, up.id, 1000)) };
}

async function importAll(actor: Actor, name: string, bytes: Uint8Array) {
  const { up, job } = await dryRun(actor, name, bytes);
  await as(actor, () => startImport(actor, up.id, inline));
  return { validated: job, done: await as(actor, () => getImportJob(actor, up.id, 1000)) };
}

const utf8 = (s: string) => new TextEncoder().encode(s);
let n = 0;
const person = (birth = "1970-01-01", male = true) => makeIdNumber("211102", birth, male);

function family(opts: { regionCode?: string; category?: string; address?: string } = {}) {
  const head = person("1961-03-04");
  const spouse = person("1963-07-08", false);
  const child = person("2012-09-10");
  const rows = householdRows({ headIdNumber: head, regionCode: opts.regionCode ?? ZHANQIAN, category: opts.category, address: opts.address }, [
    { name: `导入户主${++n}`, idNumber: head, relation: "户主", extra: { majorIllness: "是", labourCapacity: "部分丧失劳动能力" } },
    { name: `导入配偶${n}`, idNumber: spouse, relation: "配偶", extra: { disabilityGrade: "2" } },
    { name: `导入子女${n}`, idNumber: child, relation: "子女", extra: { postCompulsoryStudent: "否" } },
  ]);
  return { head, spouse, child, rows };
}

describe("template and first import", () => {
  it("the template's own example imports as one household with its members, category and flags", async () => {
    const village = await firstVillage("2111");
    const bytes = new Uint8Array(await templateWorkbook(village));
    const { validated, done } = await importAll(admin, "模板.xlsx", bytes);
    expect(validated.headers.slice(0, 3)).toEqual([headerOf("headIdNumber"), headerOf("regionCode"), headerOf("address")]);
    expect(validated).toMatchObject({ status: "VALIDATED", totalRows: 2, goodRows: 2, badRows: 0 });
    expect(done).toMatchObject({ status: "DONE", created: 1, updated: 0, unchanged: 0, processedRows: 2 });
    const h = await db.household.findFirstOrThrow({ where: { headName: "张示例" }, include: { members: { orderBy: { id: "asc" } } } });
    expect(h).toMatchObject({ category: "DIBAO", regionCode: village, memberCount: 2 });
    expect(h.members.map((m) => [m.name, m.relation, m.majorIllness, m.disabilityGrade, m.labourCapacity])).toEqual([
      ["张示例", "HEAD", false, null, "PARTIAL"], ["李示例", "SPOUSE", true, 2, "NONE"],
    ]);
  });
});

describe("re-import is idempotent", () => {
  it("the same file again creates nothing; a changed address updates the household, audited", async () => {
    const f = family();
    const file = utf8(csvText(f.rows));
    const first = await importAll(admin, "台账.csv", file);
    expect(first.done).toMatchObject({ created: 1, updated: 0, unchanged: 0 });
    const countBefore = await db.household.count();
    const again = await importAll(admin, "台账.csv", file);
    expect(again.done).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect(await db.household.count()).toBe(countBefore);

    const changed = utf8(csvText(f.rows.map((r) => ({ ...r, address: "新地址 9 号" }))));
    const third = await importAll(admin, "台账-改.csv", changed);
    expect(third.done).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(await db.household.count()).toBe(countBefore);
    const member = await db.member.findFirstOrThrow({ where: { name: f.rows[0].name }, select: { id: true, householdId: true } });
    expect(await storedIdNumber(member.id)).toBe(f.head);
    const h = await db.household.findUniqueOrThrow({ where: { id: member.householdId } });
    expect(h.address).toBe("新地址 9 号");
    const audits = await db.auditLog.findMany({ where: { entity: "household", entityId: String(h.id) }, orderBy: { id: "asc" } });
    expect(audits.map((a) => a.action)).toEqual(["household.import_create", "household.import_update"]);
    // The audit keeps masked numbers only.
    expect(JSON.stringify(audits.map((a) => [a.before, a.after]))).not.toContain(f.head);
  });

  it("a new member in the file is added to the matched household, the others left as they are", async () => {
    const f = family();
    await importAll(admin, "a.csv", utf8(csvText(f.rows)));
    const grandchild = person("2020-02-02");
    const more = [...f.rows, { ...f.rows[2], name: "导入孙子女", idNumber: grandchild, relation: "孙子女" }];
    const { done } = await importAll(admin, "b.csv", utf8(csvText(more)));
    expect(done).toMatchObject({ created: 0, updated: 1 });
    const head = await db.member.findFirstOrThrow({ where: { name: f.rows[0].name } });
    expect(await db.member.count({ where: { householdId: head.householdId } })).toBe(4);
    expect((await db.household.findUniqueOrThrow({ where: { id: head.householdId } })).memberCount).toBe(4);
  });
});

describe("every rule of the form, row by row", () => {
  it("reports each problem with its row number, column and Chinese message, and imports only the good households", async () => {
    const other = await makeHousehold(await makeActor("CASEWORKER", "211102003"), { headName: "已登记户主" });
    const taken = await storedIdNumber((await db.member.findFirstOrThrow({ where: { householdId: other.id } })).id);
    const outside = await firstVillage(HUANGGU);
    const good = family();
    const one = (headName: string, patch: Record<string, string>, id = person()) =>
      householdRows({ headIdNumber: id, regionCode: ZHANQIAN }, [{ name: headName, idNumber: id, relation: "户主" }]).map((r) => ({ ...r, ...patch }));
    const right = person();
    const wrongCheck = right.slice(0, 17) + (right[17] === "0" ? "1" : "0");
    const realHead = person();
    const freshHead = person();
    const dupe = person();
    const rows = [
      ...good.rows, // rows 2–4: fine
      ...one("校验位错", { idNumber: wrongCheck, headIdNumber: wrongCheck }), // 5
      ...one("生日错", {}, "211102197002300123"), // 6 (18 characters, 1970-02-30)
      ...one("区外", { regionCode: outside }), // 7
      ...one("类别错", { category: "五保" }), // 8
      ...one("关系错", { relation: "邻居" }), // 9
      ...one("标记错", { majorIllness: "也许" }), // 10
      ...one("残疾错", { disabilityGrade: "5" }), // 11
      ...householdRows({ headIdNumber: realHead, regionCode: ZHANQIAN }, [
        { name: "户主甲", idNumber: realHead, relation: "户主" }, // 12
        { name: "户主乙", idNumber: dupe, relation: "户主" }, // 13: two heads
      ]),
      ...householdRows({ headIdNumber: freshHead, regionCode: ZHANQIAN }, [
        { name: "新户主", idNumber: freshHead, relation: "户主" }, // 14
        { name: "已登记", idNumber: taken, relation: "配偶" }, // 15: a member of another household already
      ]),
      ...one("重复甲", { idNumber: good.spouse }), // 16: listed in another household of the file (and no head row)
    ];
    const { job } = await dryRun(admin, "问题.csv", utf8(csvText(rows)));
    const at = (row: number) => job.problems.filter((p) => p.row === row).map((p) => [p.column, p.message]);
    const col = headerOf;
    expect(job).toMatchObject({ status: "VALIDATED", totalRows: 15, goodRows: 3, badRows: 12 });
    expect(at(2)).toEqual([]);
    // Only the correct number is checked: make the check-digit case certain.
    expect(at(5)).toContainEqual([col("idNumber"), V.idChecksum]);
    expect(at(6)).toContainEqual([col("idNumber"), V.idBirthDate]);
    expect(at(7)).toEqual([[col("regionCode"), P.villageUnknown]]);
    expect(at(8)).toEqual([[col("category"), P.categoryUnknown]]);
    expect(at(9)).toContainEqual([col("relation"), P.relationUnknown]);
    expect(at(10)).toEqual([[col("majorIllness"), P.notYesNo]]);
    expect(at(11)).toEqual([[col("disabilityGrade"), V.disabilityGrade]]);
    expect(at(12)).toContainEqual([col("relation"), V.oneHead]);
    expect(at(13)).toEqual([[t.imports.fileLevel, P.otherRowsOfHousehold]]);
    expect(at(14)).toEqual([[t.imports.fileLevel, P.otherRowsOfHousehold]]);
    expect(at(15)).toEqual([[col("idNumber"), expect.stringContaining("该身份证号已登记在另一户")]]);
    expect(at(16)).toContainEqual([col("idNumber"), P.idTwiceInFile]);
    expect(at(16)).toContainEqual([col("headIdNumber"), P.headMissing]);

    // The error report holds the same lines.
    const { problems } = await as(admin, () => importProblems(admin, job.id));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await errorReportWorkbook("问题.csv", problems) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, t.imports.row, t.imports.column, t.imports.message]);
    expect(sheet.rowCount).toBe(problems.length + 1);

    const before = await db.household.count();
    await as(admin, () => startImport(admin, job.id, inline));
    const done = await as(admin, () => getImportJob(admin, job.id));
    expect(done).toMatchObject({ status: "DONE", created: 1, skipped: 10 });
    // The masked holder's township is named, nothing about who they are.
    expect(at(15)[0][1]).toContain("建设街道");
    expect(await db.household.count()).toBe(before + 1);
  });

  it("a head whose rows are not together is refused, and a row without a head row says so", async () => {
    const a = family();
    const b = family();
    const rows = [a.rows[0], b.rows[0], a.rows[1]];
    const { job } = await dryRun(admin, "乱序.csv", utf8(csvText(rows)));
    expect(job.problems).toContainEqual({ row: 4, column: headerOf("headIdNumber"), message: P.notAdjacent });
    expect(job.problems).toContainEqual({ row: 4, column: headerOf("headIdNumber"), message: P.headMissing });
  });
});

describe("files", () => {
  it("a GB18030 (GBK) CSV from Excel reads its Chinese right", async () => {
    const f = family({ address: "盘锦市双台子区建设街道站前社区 甲 1 号" });
    const bytes = iconv.encode(csvText(f.rows), "gb18030");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const { done } = await importAll(admin, "gbk.csv", new Uint8Array(bytes));
    expect(done).toMatchObject({ created: 1 });
    const h = await db.household.findFirstOrThrow({ where: { headName: f.rows[0].name } });
    expect(h.address).toBe("盘锦市双台子区建设街道站前社区 甲 1 号");
  });

  it("a UTF-8 CSV with a byte-order mark reads its first header right", async () => {
    const f = family();
    const bytes = utf8("\uFEFF" + csvText(f.rows));
    const { job } = await dryRun(admin, "bom.csv", bytes);
    expect(job.headers[0]).toBe(headerOf("headIdNumber"));
    expect(job.goodRows).toBe(3);
  });

  it("a file of another type is refused with a Chinese message", async () => {
    await expect(as(admin, () => uploadImport(admin, { name: "register.pdf", bytes: utf8("%PDF-1.4") }))).rejects.toThrow(t.imports.wrongType);
    await expect(as(admin, () => uploadImport(admin, { name: "fake.xlsx", bytes: utf8("a,b\n1,2") }))).rejects.toThrow(t.imports.wrongType);
    await expect(as(admin, () => uploadImport(admin, { name: "empty.csv", bytes: new Uint8Array() }))).rejects.toThrow(t.imports.empty);
  });

  it("different headers are mapped once and the mapping is remembered for the user", async () => {
    const f = family();
    const headers = ["户主证件号", "村代码", "地址", "电话号码", "保障类型", "名字", "证件号", "关系", "大病", "残疾", "在校", "无人抚养", "劳动力", "说明"];
    const me = await makeActor("ADMIN", "2111");
    const up = await as(me, () => uploadImport(me, { name: "别的表头.csv", bytes: utf8(csvText(f.rows, headers)) }));
    expect(up.mapping.headIdNumber).toBeNull();
    await expect(as(me, () => startValidation(me, { jobId: up.id, mapping: up.mapping }, inline))).rejects.toBeInstanceOf(DomainError);
    const mapping = Object.fromEntries(Object.keys(up.mapping).map((k, i) => [k, headers[i]])) as Mapping;
    await as(me, () => startValidation(me, { jobId: up.id, mapping }, inline));
    expect(await as(me, () => getImportJob(me, up.id))).toMatchObject({ status: "VALIDATED", goodRows: 3 });
    const next = await as(me, () => uploadImport(me, { name: "别的表头2.csv", bytes: utf8(csvText(f.rows, headers)) }));
    expect(next.mapping).toEqual(mapping);
    // Another user is not given this user's mapping.
    expect(proposeMapping(headers, null).headIdNumber).toBeNull();
  });
});

describe("audit and roll-ups", () => {
  it("one audit row for the job naming file, checksum and counts; one per household; the roll-ups stay exact", async () => {
    const a = family({ category: "特困" });
    const b = family({ category: "低保边缘" });
    const { done } = await importAll(admin, "审计.csv", utf8(csvText([...a.rows, ...b.rows])));
    const jobAudit = await db.auditLog.findMany({ where: { entity: "import_job", entityId: String(done.id), action: "import_job.import" } });
    expect(jobAudit).toHaveLength(1);
    expect(jobAudit[0].after).toMatchObject({ fileName: "审计.csv", checksum: done.checksum, rows: 6, created: 2, updated: 0, unchanged: 0 });
    expect(done.checksum).toMatch(/^[0-9a-f]{64}$/);
    const households = await db.auditLog.findMany({ where: { action: "household.import_create", after: { path: ["importJobId"], equals: done.id } } });
    expect(households).toHaveLength(2);
    const checks = await verifyRollups(owner);
    expect(checks.filter((c) => c.mismatched > 0)).toEqual([]);
    const { rows } = await owner.query("SELECT count(*)::int AS n FROM household WHERE category IN ('TEKUN', 'DIBAO_EDGE') AND head_name IN ($1, $2)", [a.rows[0].name, b.rows[0].name]);
    expect(rows[0].n).toBe(2);
  });
});

describe("who may import", () => {
  it("only an admin may import, and only into villages of their region", async () => {
    const caseworker = await makeActor("CASEWORKER", "211102003");
    await expect(as(caseworker, () => uploadImport(caseworker, { name: "x.csv", bytes: utf8(csvText(family().rows)) }))).rejects.toBeInstanceOf(ForbiddenError);
    const shenyang = await makeActor("ADMIN", "2101");
    const { job } = await dryRun(shenyang, "外市.csv", utf8(csvText(family().rows)));
    expect(job.goodRows).toBe(0);
    expect(job.problems[0]).toMatchObject({ column: headerOf("regionCode"), message: P.villageUnknown });
  });
});

describe("the background job", () => {
  it("runs through the pg-boss queue outside the request, with progress, to the end", async () => {
    await startImportWorker();
    const rows = [family(), family(), family()].flatMap((f) => f.rows);
    const up = await as(admin, () => uploadImport(admin, { name: "队列.csv", bytes: utf8(csvText(rows)) }));
    await as(admin, () => startValidation(admin, { jobId: up.id, mapping: up.mapping }, enqueueImport));
    const until = async (status: string) => {
      for (let i = 0; i < 100; i++) {
        const j = await as(admin, () => getImportJob(admin, up.id));
        if (j.status === status) return j;
        if (j.status === "FAILED") throw new Error(j.failure ?? "failed");
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`job never reached ${status}`);
    };
    expect(await until("VALIDATED")).toMatchObject({ goodRows: 9, processedRows: 9 });
    await as(admin, () => startImport(admin, up.id, enqueueImport));
    expect(await until("DONE")).toMatchObject({ created: 3, processedRows: 9 });
  });

  it("a cancelled job writes nothing more", async () => {
    const up = await as(admin, () => uploadImport(admin, { name: "取消.csv", bytes: utf8(csvText(family().rows)) }));
    await as(admin, () => startValidation(admin, { jobId: up.id, mapping: up.mapping }, inline));
    await as(admin, () => cancelImport(admin, up.id));
    await expect(as(admin, () => startImport(admin, up.id, inline))).rejects.toThrow(t.imports.notReady);
    // The job body itself, run late, finds the job cancelled and writes nothing.
    const before = await db.household.count();
    await runImportJob(up.id, "import");
    expect(await db.household.count()).toBe(before);
    expect((await as(admin, () => getImportJob(admin, up.id))).status).toBe("CANCELLED");
  });
});

describe("suspected duplicates on import (decision 028)", () => {
  it("a family already registered under another ID number is flagged for review by the batch that imports it", async () => {
    const caseworker = await makeActor("CASEWORKER", ZHANQIAN.slice(0, 9));
    const registered = await makeHousehold(caseworker, { headName: "重名导入户", birth: "1955-05-05" });
    const head = person("1955-05-05");
    const rows = householdRows({ headIdNumber: head, regionCode: ZHANQIAN, address: "另一处地址 9 号" }, [
      { name: "重名导入户", idNumber: head, relation: "户主" },
    ]);
    const { done } = await importAll(admin, "重名.csv", utf8(csvText(rows)));
    expect(done.created).toBe(1);
    const imported = await db.member.findFirstOrThrow({ where: { name: "重名导入户", householdId: { not: registered.id } }, select: { householdId: true } });
    const [a, b] = [registered.id, imported.householdId].sort((x, y) => x - y);
    const pair = await db.duplicatePair.findFirst({ where: { householdA: a, householdB: b } });
    expect(pair?.status).toBe("OPEN");
    expect(pair?.reasons).toContain("NAME_BIRTH");
  });
});
