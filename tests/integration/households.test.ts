import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { ceaseAssistance, createHousehold, revealIdNumber, updateHousehold } from "@/lib/households/commands";
import { getHousehold, listHouseholds } from "@/lib/households/queries";
import { ceaseAssistanceSchema, createHouseholdSchema, updateHouseholdSchema } from "@/lib/households/schema";
import { monthlyRoster } from "@/lib/visits/queries";
import { dateFromIso, monthBounds, todayInChina } from "@/lib/dates";
import { t } from "@/lib/i18n";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { checkCharacter } from "@/lib/households/id-number";
import { HUANGGU, JIANSHE_STREET, SHUANGTAIZI, ZHANQIAN, firstVillage, makeActor, makeHousehold, makeIdNumber, storedIdNumber } from "../support/fixtures";

let caseworker: Actor;
let otherCity: Actor;
let supervisor: Actor;
let provincial: Actor;
const today = todayInChina();

beforeAll(async () => {
  caseworker = await makeActor("CASEWORKER", JIANSHE_STREET);
  otherCity = await makeActor("CASEWORKER", `${HUANGGU}001`);
  supervisor = await makeActor("SUPERVISOR", SHUANGTAIZI);
  provincial = await makeActor("PROVINCIAL", "21");
});

const counts = async () => ({
  households: await db.household.count(),
  members: await db.member.count(),
  audits: await db.auditLog.count(),
});

describe("household register", () => {
  it("creates a household with members and one audit row, IDs masked everywhere but the reveal", async () => {
    const before = await counts();
    const id = makeIdNumber("211102", "1972-03-08", false);
    const household = await createHousehold(
      caseworker,
      createHouseholdSchema.parse({
        regionCode: ZHANQIAN,
        address: "站前社区 3号楼2单元501",
        members: [
          { name: "孙丽华", idNumber: id, relation: "HEAD", majorIllness: "on" },
          { name: "孙小雨", idNumber: makeIdNumber("211102", "2012-07-01", false), relation: "CHILD" },
        ],
      }),
    );
    expect(await counts()).toEqual({ households: before.households + 1, members: before.members + 2, audits: before.audits + 1 });

    const page = await getHousehold(caseworker, household.id);
    expect(page.headName).toBe("孙丽华");
    expect(page.villageFullName).toBe("盘锦市双台子区建设街道站前社区");
    expect(page.members.map((m) => m.idNumberMasked)).toContain("211102************");
    expect(JSON.stringify(page)).not.toContain(id); // the full number is not selected

    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "household.create", entityId: String(household.id) } });
    expect(audit.actorId).toBe(caseworker.id);
    expect(JSON.stringify(audit.after)).not.toContain(id);

    // A search by the full number finds the person; by name too.
    expect((await listHouseholds(caseworker, { q: id, page: 1 })).rows.map((r) => r.id)).toEqual([household.id]);
    expect((await listHouseholds(caseworker, { q: "孙小雨", page: 1 })).rows.map((r) => r.id)).toEqual([household.id]);

    // Reveal: the full number, and an audit row saying who looked.
    const member = page.members.find((m) => m.name === "孙丽华")!;
    expect(await revealIdNumber(caseworker, member.id)).toBe(id);
    const reveal = await db.auditLog.findFirstOrThrow({ where: { action: "member.reveal_id_number", entityId: String(member.id) } });
    expect(reveal.actorId).toBe(caseworker.id);
  });

  it("registers a family as 未纳入; a registration sent with 低保/特困/低保边缘 is refused, audited and writes nothing (issue 15)", async () => {
    const registered = await createHousehold(caseworker, createHouseholdSchema.parse({
      regionCode: ZHANQIAN, address: "站前社区 5号楼", members: [{ name: "新登记", idNumber: makeIdNumber("211102", "1980-02-02"), relation: "HEAD" }],
    }));
    expect(registered.category).toBe("NONE");
    for (const category of ["DIBAO", "TEKUN", "DIBAO_EDGE"]) {
      const before = await counts();
      const refusals = await db.auditLog.count({ where: { action: "refused.category_change", actorId: caseworker.id } });
      const attempt = createHousehold(caseworker, createHouseholdSchema.parse({
        regionCode: ZHANQIAN, address: "站前社区 6号楼", category,
        members: [{ name: "直接纳入", idNumber: makeIdNumber("211102", "1981-03-03"), relation: "HEAD" }],
      }));
      await expect(attempt).rejects.toBeInstanceOf(DomainError);
      expect(((await attempt.catch((e) => e)) as DomainError).fieldErrors).toEqual({ category: ["救助类别只能经审核确认（受理申请）或停保改变，不能在档案中直接修改。"] });
      expect(await counts()).toEqual({ ...before, audits: before.audits + 1 });
      const refusal = await db.auditLog.findFirstOrThrow({ where: { action: "refused.category_change", actorId: caseworker.id }, orderBy: { id: "desc" } });
      expect(refusal.after).toMatchObject({ reason: "procedure", fields: ["category"] });
      expect(await db.auditLog.count({ where: { action: "refused.category_change", actorId: caseworker.id } })).toBe(refusals + 1);
    }
  });

  it("finds a name by one or two characters at every level, exactly, and only within the searcher's region (decision 024)", async () => {
    const here = await makeHousehold(caseworker, { headName: "龘鑫" });
    const elsewhere = await makeHousehold(otherCity, { regionCode: await firstVillage(HUANGGU), headName: "龘淼" });
    const ids = async (actor: Actor, q: string) => (await listHouseholds(actor, { q, page: 1 })).rows.map((r) => r.id).sort();
    // One character: its gram is the match; the region's own gram narrows it at township and county level.
    expect(await ids(caseworker, "龘")).toEqual([here.id]);
    expect(await ids(supervisor, "龘")).toEqual([here.id]);
    expect(await ids(provincial, "龘")).toEqual([here.id, elsewhere.id].sort());
    expect(await ids(otherCity, "龘")).toEqual([elsewhere.id]);
    // Two characters: the pair, in its order.
    expect(await ids(provincial, "龘鑫")).toEqual([here.id]);
    expect(await ids(provincial, "鑫龘")).toEqual([]);
    // Three: the pairs narrow, LIKE decides.
    expect(await ids(provincial, "龘鑫淼")).toEqual([]);
    const counted = await listHouseholds(provincial, { q: "龘", page: 1 });
    expect(counted.total).toBe(2);
    expect(counted.capped).toBe(false);
    // A household that moves takes its region's gram with it.
    await db.household.update({ where: { id: here.id }, data: { regionCode: await firstVillage(HUANGGU) } });
    expect(await ids(supervisor, "龘")).toEqual([]);
    expect(await ids(otherCity, "龘")).toEqual([here.id, elsewhere.id].sort());
  });

  it("refuses an ID number another household holds, naming only the holder's township, writes nothing but the audit of the lookup", async () => {
    const first = await makeHousehold(caseworker, { headName: "赵德明" });
    const holder = await db.member.findFirstOrThrow({ where: { householdId: first.id }, select: { id: true } });
    const existing = { idNumber: await storedIdNumber(holder.id) };
    const before = await counts();
    const attempt = createHousehold(
      caseworker,
      createHouseholdSchema.parse({
        regionCode: ZHANQIAN,
        address: "另一个地址",
        category: "NONE",
        members: [{ name: "冒用者", idNumber: existing.idNumber, relation: "HEAD" }],
      }),
    );
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    const error = (await attempt.catch((e) => e)) as ConflictError;
    // The township, not the family's name or village: the caller learns whom to ask, not where the person lives.
    expect(error.fieldErrors?.["members.0.idNumber"]?.[0]).toBe("该身份证号已登记在 盘锦市双台子区建设街道");
    expect(await counts()).toEqual({ ...before, audits: before.audits + 1 });
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "member.id_number_taken", actorId: caseworker.id }, orderBy: { id: "desc" } });
    expect(JSON.stringify(audit.after)).not.toContain(existing.idNumber);
  });

  it("gives a Chinese message per bad field", () => {
    const good = makeIdNumber("211102", "1980-01-01");
    const badCheck = good.slice(0, 17) + (good[17] === "0" ? "1" : "0");
    const future = "21110220300101001";
    const result = createHouseholdSchema.safeParse({
      regionCode: ZHANQIAN,
      address: "地址",
      category: "RICH",
      note: "长".repeat(10_000),
      members: [
        { name: "", idNumber: badCheck, relation: "HEAD" },
        { name: "某人", idNumber: future + checkCharacter(future), relation: "CHILD" },
      ],
    });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(messages).toMatchObject({
      category: "请从列表中选择",
      note: "不能超过 2000 个字",
      "members.0.name": "请填写此项",
      "members.0.idNumber": "身份证号校验位不正确，请核对后重新输入",
      "members.1.idNumber": "身份证号中的出生日期晚于今天",
    });
  });

  it("treats a household of another region as not found, for reads and writes alike", async () => {
    const mine = await makeHousehold(caseworker);
    await expect(getHousehold(otherCity, mine.id)).rejects.toBeInstanceOf(NotFoundError);
    const member = await db.member.findFirstOrThrow({ where: { householdId: mine.id } });
    await expect(revealIdNumber(otherCity, member.id)).rejects.toBeInstanceOf(NotFoundError);
    const input = updateHouseholdSchema.parse({
      id: mine.id, version: 1, regionCode: ZHANQIAN, address: "改", category: "DIBAO",
      members: [{ id: member.id, name: "改名", relation: "HEAD" }],
    });
    await expect(updateHousehold(otherCity, input)).rejects.toBeInstanceOf(NotFoundError);
    expect((await listHouseholds(otherCity, { page: 1 })).rows.find((r) => r.id === mine.id)).toBeUndefined();
    // …and a village outside one's own area cannot be chosen.
    await expect(makeHousehold(otherCity, { regionCode: ZHANQIAN })).rejects.toBeInstanceOf(DomainError);
    // The county supervisor above it sees it; provincial staff read but never write or reveal.
    expect((await getHousehold(supervisor, mine.id)).id).toBe(mine.id);
    expect((await getHousehold(provincial, mine.id)).id).toBe(mine.id);
    await expect(revealIdNumber(provincial, member.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(makeHousehold(provincial)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("edits members with a version check: a stale edit is refused, the audit row keeps before and after", async () => {
    const household = await makeHousehold(caseworker, { headName: "钱卫国" });
    const head = await db.member.findFirstOrThrow({ where: { householdId: household.id } });
    const headIdBefore = await storedIdNumber(head.id);
    const edit = (version: number, address: string) =>
      updateHouseholdSchema.parse({
        id: household.id, version, regionCode: ZHANQIAN, address,
        members: [
          { id: head.id, name: "钱卫国", relation: "HEAD", disabilityGrade: "2" },
          { name: "钱小红", idNumber: makeIdNumber("211102", "2015-02-02", false), relation: "GRANDCHILD" },
        ],
      });
    const saved = await updateHousehold(caseworker, edit(1, "新地址 8 号"));
    expect(saved.version).toBe(2);
    expect(saved.memberCount).toBe(2);
    expect(saved.members.find((m) => m.id === head.id)?.disabilityGrade).toBe(2);
    // The head's ID was left blank: kept as it was.
    expect(headIdBefore).toHaveLength(18);
    expect(await storedIdNumber(head.id)).toBe(headIdBefore);

    await expect(updateHousehold(supervisor, edit(1, "过期的修改"))).rejects.toBeInstanceOf(ConflictError);
    expect((await db.household.findUniqueOrThrow({ where: { id: household.id } })).address).toBe("新地址 8 号");

    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "household.update", entityId: String(household.id) } });
    expect(audit.before).toMatchObject({ address: "测试地址 1 号", category: "DIBAO" });
    expect(audit.after).toMatchObject({ address: "新地址 8 号", category: "DIBAO", memberCount: 2 });
  });
});

describe("the category changes only through the procedure (issue 15)", () => {
  const editOf = async (householdId: number, extra: Record<string, string>) => {
    const h = await db.household.findUniqueOrThrow({ where: { id: householdId }, include: { members: true } });
    return updateHouseholdSchema.parse({
      id: h.id, version: h.version, regionCode: h.regionCode, address: "改过的地址 3 号",
      members: h.members.map((m) => ({ id: m.id, name: m.name, relation: m.relation })), ...extra,
    });
  };

  it("refuses an edit that sets the category, audits the refusal and writes nothing", async () => {
    const household = await makeHousehold(caseworker, { headName: "孙直改", category: "NONE" });
    const before = await db.household.findUniqueOrThrow({ where: { id: household.id } });
    const updates = () => db.auditLog.count({ where: { action: "household.update", entityId: String(household.id) } });
    for (const category of ["DIBAO", "TEKUN"]) {
      await expect(updateHousehold(caseworker, await editOf(household.id, { category }))).rejects.toThrow(t.household.categoryByProcedure);
    }
    expect(await db.household.findUniqueOrThrow({ where: { id: household.id } })).toMatchObject({ category: "NONE", address: before.address, version: before.version });
    expect(await updates()).toBe(0);
    const refusals = await db.auditLog.findMany({ where: { action: "refused.category_change", entityId: String(household.id) } });
    expect(refusals).toHaveLength(2);
    expect(refusals[0].after).toMatchObject({ reason: "procedure", fields: ["category"] });
    // The same category (a form from before the change) or none at all: an ordinary edit.
    await updateHousehold(caseworker, await editOf(household.id, { category: "NONE" }));
    await updateHousehold(caseworker, await editOf(household.id, {}));
    expect(await updates()).toBe(2);
    expect((await db.household.findUniqueOrThrow({ where: { id: household.id } })).category).toBe("NONE");
  });

  it("停保: a supervisor's decision with a reason and a confirmation ends the register period and takes the household off the roster", async () => {
    const household = await makeHousehold(caseworker, { headName: "孙停保", category: "DIBAO" });
    const entry = await db.registerEntry.create({
      data: { householdId: household.id, regionCode: ZHANQIAN, category: "DIBAO", monthlyAmount: "650", fromMonth: dateFromIso(monthBounds(today).previous) },
    });
    const input = (extra: Record<string, string> = {}) => ceaseAssistanceSchema.parse({
      householdId: String(household.id), version: "1", reason: "家庭人均收入已连续三个月超过保障标准", confirmed: "on", ...extra,
    });

    // The form's checks, in Chinese: a reason of substance and the confirmation box.
    const bad = ceaseAssistanceSchema.safeParse({ householdId: String(household.id), version: "1", reason: "不符" });
    expect(Object.fromEntries(bad.error!.issues.map((i) => [i.path.join("."), i.message]))).toEqual({
      reason: t.household.ceaseReasonShort, confirmed: t.household.ceaseConfirmRequired,
    });
    // Only the county decides; another county's supervisor does not even find the family.
    await expect(ceaseAssistance(caseworker, input())).rejects.toBeInstanceOf(ForbiddenError);
    const elsewhere = await makeActor("SUPERVISOR", HUANGGU);
    await expect(ceaseAssistance(elsewhere, input())).rejects.toBeInstanceOf(NotFoundError);
    await expect(ceaseAssistance(supervisor, input({ version: "9" }))).rejects.toBeInstanceOf(ConflictError);
    expect((await db.household.findUniqueOrThrow({ where: { id: household.id } })).category).toBe("DIBAO");

    await ceaseAssistance(supervisor, input(), today);
    expect(await db.household.findUniqueOrThrow({ where: { id: household.id } })).toMatchObject({ category: "NONE", version: 2 });
    expect((await db.registerEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMonth).toEqual(dateFromIso(monthBounds(today).next));
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "household.cease", entityId: String(household.id) } });
    expect(audit).toMatchObject({ actorId: supervisor.id, before: { category: "DIBAO", version: 1 }, after: { category: "NONE", reason: "家庭人均收入已连续三个月超过保障标准" } });
    expect((await monthlyRoster(supervisor, { filter: "all", q: "孙停保", page: 1 })).rows).toHaveLength(0);
    // Once off the register there is nothing to cease.
    await expect(ceaseAssistance(supervisor, input({ version: "2" }))).rejects.toThrow(t.household.ceaseNotOnRegister);
  });
});
