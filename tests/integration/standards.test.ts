/**
 * Assistance standards as dated data on a real PostgreSQL: the seeded 2021 figures on both sides
 * of the July raise, adding a standard that closes the one in force, overlaps refused by the
 * command (nothing written) and by the database itself, amounts, and who may do it.
 * The test template is seeded without demo data; the standards are in it all the same.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { Prisma } from "@/lib/generated/prisma/client";
import { ConflictError, DomainError, ForbiddenError } from "@/lib/errors";
import { standardInForce, listStandards, type StandardKey } from "@/lib/standards/queries";
import { addStandard, isExclusionViolation } from "@/lib/standards/commands";
import { addStandardSchema, monthlyAmountSchema, type AddStandardInput } from "@/lib/standards/schema";
import { dateFromIso, isoFromDate } from "@/lib/dates";
import { t } from "@/lib/i18n";
import { JIANSHE_STREET, SHUANGTAIZI, makeActor } from "../support/fixtures";

const SHENYANG = "2101";
const DANDONG = "2106";
const YINGKOU = "2108";
const PANJIN = "2111";

let admin: Actor;

beforeAll(async () => {
  admin = await makeActor("ADMIN", "21");
});

/** The amount in force on a day, as the application check reads it ("800.00"), or null. */
async function amountOn(key: StandardKey, onIso: string) {
  const row = await standardInForce(db, { ...key, onIso });
  return row ? row.monthlyAmount.toFixed(2) : null;
}

const counts = async () => ({
  standards: await db.assistanceStandard.count(),
  audits: await db.auditLog.count(),
});

const input = (over: Partial<AddStandardInput>): AddStandardInput =>
  addStandardSchema.parse({
    cityCode: PANJIN,
    area: "URBAN",
    type: "DIBAO",
    monthlyAmount: "780",
    effectiveFrom: "2026-01-01",
    note: "测试：市民政局关于调整城乡低保标准的通知",
    ...over,
  });

describe("seeded standards (demonstration figures of 2021)", () => {
  it("gives the January value up to 2021-06-30 and the July value from 2021-07-01, urban and rural", async () => {
    const urban = { cityCode: SHENYANG, area: "URBAN", type: "DIBAO" } as const;
    const rural = { cityCode: SHENYANG, area: "RURAL", type: "DIBAO" } as const;
    expect(await amountOn(urban, "2021-06-30")).toBe("745.00");
    expect(await amountOn(urban, "2021-07-01")).toBe("800.00");
    expect(await amountOn(rural, "2021-06-30")).toBe("575.00");
    expect(await amountOn(rural, "2021-07-01")).toBe("618.00");
    // The first day of the January standard, and before any standard at all.
    expect(await amountOn(urban, "2021-01-01")).toBe("745.00");
    expect(await amountOn(urban, "2020-12-31")).toBeNull();

    // The row itself: the January standard ends (exclusively) where July's begins.
    const january = await standardInForce(db, { ...urban, onIso: "2021-06-30" });
    expect(january && [isoFromDate(january.effectiveFrom), january.effectiveTo && isoFromDate(january.effectiveTo)]).toEqual(["2021-01-01", "2021-07-01"]);
    const july = await standardInForce(db, { ...urban, onIso: "2021-07-01" });
    expect(july?.effectiveTo).toBeNull();

    // 特困 = 1.3 × 低保 (to the yuan), 低保边缘 = 1.5 × 低保, per period.
    expect(await amountOn({ ...urban, type: "TEKUN" }, "2021-07-01")).toBe("1040.00");
    expect(await amountOn({ ...urban, type: "DIBAO_EDGE" }, "2021-07-01")).toBe("1200.00");
    expect(await amountOn({ ...rural, type: "TEKUN" }, "2021-06-30")).toBe("748.00"); // 575 × 1.3 = 747.5
    expect(await amountOn({ ...rural, type: "DIBAO_EDGE" }, "2021-06-30")).toBe("862.50");
  });

  it("covers all 14 cities, urban and rural, each marked as demonstration data, raised 7.4% on average", async () => {
    expect(await db.assistanceStandard.count()).toBe(14 * 2 * 3 * 2);
    const rows = await db.assistanceStandard.findMany({ where: { type: "DIBAO" }, orderBy: { effectiveFrom: "asc" } });
    expect(new Set(rows.map((r) => r.cityCode)).size).toBe(14);
    expect(rows.every((r) => r.note === t.standards.seedNote && r.note.includes("演示"))).toBe(true);

    const raises: number[] = [];
    for (const july of rows.filter((r) => r.effectiveTo === null)) {
      const january = rows.find((r) => r.cityCode === july.cityCode && r.area === july.area && r.effectiveTo?.getTime() === july.effectiveFrom.getTime());
      expect(january).toBeDefined();
      raises.push(Number(july.monthlyAmount.div(january!.monthlyAmount).minus(1)));
    }
    expect(raises).toHaveLength(28);
    const average = raises.reduce((a, b) => a + b, 0) / raises.length;
    expect(average).toBeGreaterThan(0.072);
    expect(average).toBeLessThan(0.076);
  });

  it("works inside a transaction too", async () => {
    const amount = await db.$transaction(async (tx) =>
      (await standardInForce(tx, { cityCode: PANJIN, area: "RURAL", type: "DIBAO", onIso: "2021-07-01" }))?.monthlyAmount.toFixed(2),
    );
    expect(amount).toBe("558.00");
  });
});

describe("adding a standard", () => {
  it("closes the open standard on the new one's first day; the lookup follows, history stays", async () => {
    const key = { cityCode: PANJIN, area: "URBAN", type: "DIBAO" } as const;
    const open = await standardInForce(db, { ...key, onIso: "2025-12-31" });
    expect(open?.monthlyAmount.toFixed(2)).toBe("730.00");
    const before = await counts();

    const added = await addStandard(admin, input({ monthlyAmount: "780" }));
    expect(added).toMatchObject({
      cityName: "盘锦市", area: "URBAN", type: "DIBAO", monthlyAmount: "780.00", effectiveFrom: "2026-01-01",
      closed: { id: open!.id, monthlyAmount: "730.00", lastDay: "2025-12-31" },
    });
    expect(await counts()).toEqual({ standards: before.standards + 1, audits: before.audits + 1 });

    // The old standard is closed, not changed: same row, same amount, an end date.
    const closed = await db.assistanceStandard.findUniqueOrThrow({ where: { id: open!.id } });
    expect([closed.monthlyAmount.toFixed(2), isoFromDate(closed.effectiveFrom), closed.effectiveTo && isoFromDate(closed.effectiveTo)])
      .toEqual(["730.00", "2021-07-01", "2026-01-01"]);
    expect(await amountOn(key, "2021-06-30")).toBe("680.00");
    expect(await amountOn(key, "2025-12-31")).toBe("730.00");
    expect(await amountOn(key, "2026-01-01")).toBe("780.00");
    expect(await amountOn(key, "2030-06-01")).toBe("780.00");
    // Only this city × area × type moved.
    expect(await amountOn({ ...key, area: "RURAL" }, "2026-01-01")).toBe("558.00");
    expect(await amountOn({ ...key, type: "TEKUN" }, "2026-01-01")).toBe("949.00");

    // The audit row: the closed standard before and after, the new one after.
    const audit = await db.auditLog.findFirstOrThrow({ where: { entity: "assistance_standard", entityId: String(added.id) } });
    expect(audit).toMatchObject({ action: "standard.add", actorId: admin.id, regionCode: PANJIN });
    expect(audit.before).toMatchObject({ closed: { id: open!.id, monthlyAmount: "730.00", effectiveTo: null } });
    expect(audit.after).toMatchObject({
      added: { id: added.id, monthlyAmount: "780.00", effectiveFrom: "2026-01-01", effectiveTo: null },
      closed: { id: open!.id, effectiveTo: "2026-01-01" },
    });

    // The page: the group's history newest first; in force on a day after the change.
    const page = await listStandards(admin, { cityCode: PANJIN, area: "URBAN", type: "DIBAO" }, "2026-03-01");
    expect(page.groups).toHaveLength(1);
    const group = page.groups[0];
    expect(group.current).toMatchObject({ id: added.id, monthlyAmount: "780.00", status: "IN_FORCE", lastDay: null });
    expect(group.history.map((r) => [r.effectiveFrom, r.lastDay, r.monthlyAmount, r.status])).toEqual([
      ["2026-01-01", null, "780.00", "IN_FORCE"],
      ["2021-07-01", "2025-12-31", "730.00", "ENDED"],
      ["2021-01-01", "2021-06-30", "680.00", "ENDED"],
    ]);
    // Seen on a day before it starts, the new standard is upcoming and the old one still current.
    const earlier = await listStandards(admin, { cityCode: PANJIN, area: "URBAN", type: "DIBAO" }, "2025-11-30");
    expect(earlier.groups[0].current?.monthlyAmount).toBe("730.00");
    expect(earlier.groups[0].upcoming.map((r) => r.id)).toEqual([added.id]);

    // A later one closes this one in turn; a standard that has never existed simply opens.
    await addStandard(admin, input({ monthlyAmount: "800.5", effectiveFrom: "2027-01-01" }));
    expect(await amountOn(key, "2026-12-31")).toBe("780.00");
    expect(await amountOn(key, "2027-01-01")).toBe("800.50");
  });

  it("refuses a start on or before the open standard's start, and one inside a closed period; writes nothing", async () => {
    const key = { cityCode: DANDONG, area: "RURAL", type: "DIBAO" } as const;
    const base = { cityCode: DANDONG, area: "RURAL" as const, type: "DIBAO" as const };
    const before = await counts();
    for (const effectiveFrom of ["2021-07-01", "2021-06-30", "2021-01-01", "2020-06-01"]) {
      const attempt = addStandard(admin, input({ ...base, effectiveFrom, monthlyAmount: "600" }));
      await expect(attempt).rejects.toBeInstanceOf(ConflictError);
      await expect(attempt).rejects.toThrow(/^与已有标准的有效期重叠/);
    }
    const refused = await addStandard(admin, input({ ...base, effectiveFrom: "2021-07-01" })).catch((e: unknown) => e);
    expect((refused as DomainError).message).toBe("与已有标准的有效期重叠：丹东市农村低保标准 494.00 元自 2021-07-01 起执行，新标准的生效日期须晚于该日期");
    expect((refused as DomainError).fieldErrors).toEqual({ effectiveFrom: ["须晚于 2021-07-01（已有标准自该日起执行）"] });
    expect(await counts()).toEqual(before);
    expect(await amountOn(key, "2030-01-01")).toBe("494.00");
    expect((await standardInForce(db, { ...key, onIso: "2030-01-01" }))?.effectiveTo).toBeNull();

    // Once 2026 is added, a start in 2025 would cut into the (now closed) 2021-07 standard.
    await addStandard(admin, input({ ...base, effectiveFrom: "2026-01-01", monthlyAmount: "530" }));
    const after2026 = await counts();
    await expect(addStandard(admin, input({ ...base, effectiveFrom: "2025-06-01", monthlyAmount: "520" }))).rejects.toThrow(/^与已有标准的有效期重叠/);
    await expect(addStandard(admin, input({ ...base, effectiveFrom: "2026-01-01", monthlyAmount: "520" }))).rejects.toThrow(/^与已有标准的有效期重叠/);
    expect(await counts()).toEqual(after2026);
    expect(await amountOn(key, "2025-12-31")).toBe("494.00");
    expect(await amountOn(key, "2026-01-01")).toBe("530.00");
  });

  it("lets one of two admins adding the same standard at once through; the other is told it overlaps", async () => {
    const other = await makeActor("ADMIN", "21");
    const base = { cityCode: YINGKOU, area: "URBAN" as const, type: "TEKUN" as const, effectiveFrom: "2026-07-01" };
    const before = await counts();
    const results = await Promise.allSettled([
      addStandard(admin, input({ ...base, monthlyAmount: "950" })),
      addStandard(other, input({ ...base, monthlyAmount: "960" })),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const failure = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failure.reason).toBeInstanceOf(ConflictError);
    expect(String(failure.reason.message)).toMatch(/^与已有标准的有效期重叠/);
    expect(await counts()).toEqual({ standards: before.standards + 1, audits: before.audits + 1 });
  });

  it("is refused by the database itself when periods overlap (exclusion constraint), however the row comes in", async () => {
    const before = await db.assistanceStandard.count();
    // Inside the January–June 2021 standard of 沈阳 urban 低保.
    const raw = db.$executeRaw`
      INSERT INTO assistance_standard (city_code, area, type, monthly_amount, effective_from, effective_to)
      VALUES ('2101', 'URBAN'::area_kind, 'DIBAO'::application_type, 700, '2021-03-01', '2021-05-01')`;
    const rawError = await raw.catch((e: unknown) => e);
    expect(rawError).toBeInstanceOf(Error);
    expect(isExclusionViolation(rawError)).toBe(true);

    // Through the client: an open-ended one over the open July standard.
    const created = await db.assistanceStandard
      .create({ data: { cityCode: SHENYANG, area: "URBAN", type: "DIBAO", monthlyAmount: new Prisma.Decimal("820"), effectiveFrom: dateFromIso("2024-01-01") } })
      .catch((e: unknown) => e);
    expect(isExclusionViolation(created)).toBe(true);
    expect(await db.assistanceStandard.count()).toBe(before);

    // Any other failure is not mistaken for an overlap.
    expect(isExclusionViolation(new Error("something else"))).toBe(false);
  });

  it("needs a real city inside the admin's region", async () => {
    const before = await counts();
    const unknown = await addStandard(admin, input({ cityCode: "2199" })).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(DomainError);
    expect((unknown as DomainError).fieldErrors).toEqual({ cityCode: [t.standards.cityUnknown] });
    // A county is not a city.
    await expect(addStandard(admin, { ...input({}), cityCode: SHUANGTAIZI })).rejects.toThrow(t.common.invalidInput);
    // An admin of one city keeps that city's standards only; a county's admin none.
    const panjinAdmin = await makeActor("ADMIN", PANJIN);
    await expect(addStandard(panjinAdmin, input({ cityCode: SHENYANG, area: "RURAL", effectiveFrom: "2026-02-01" }))).rejects.toThrow(t.standards.cityOutOfScope);
    const countyAdmin = await makeActor("ADMIN", SHUANGTAIZI);
    await expect(addStandard(countyAdmin, input({ area: "RURAL", effectiveFrom: "2026-02-01" }))).rejects.toThrow(t.standards.cityOutOfScope);
    expect(await counts()).toEqual(before);
    const own = await addStandard(panjinAdmin, input({ area: "RURAL", effectiveFrom: "2026-02-01", monthlyAmount: "590" }));
    expect(own).toMatchObject({ cityCode: PANJIN, area: "RURAL", closed: { monthlyAmount: "558.00", lastDay: "2026-01-31" } });
  });
});

describe("amounts and dates", () => {
  it("refuses amounts that are not positive, have more than two decimals, or are implausibly large", async () => {
    const messages = (amount: string) => monthlyAmountSchema.safeParse(amount).error?.issues.map((i) => i.message);
    expect(messages("0")).toEqual([t.funds.amountPositive]);
    expect(messages("0.00")).toEqual([t.funds.amountPositive]);
    expect(messages("-5")).toEqual([t.funds.amountPositive]);
    expect(messages("790.005")).toEqual([t.funds.amountDecimals]);
    expect(messages("abc")).toEqual([t.funds.amountInvalid]);
    expect(messages("75000")).toEqual(["每人每月标准不能超过 10,000.00 元，请核对金额"]);
    expect(monthlyAmountSchema.parse("10000")).toBe("10000.00");
    expect(monthlyAmountSchema.parse("790.5")).toBe("790.50");
    expect(messages("7,90")).toEqual([t.input.amountSeparators]);

    const form = addStandardSchema.safeParse({ cityCode: "", area: "CITY", type: "", monthlyAmount: "0", effectiveFrom: "2026-02-30", note: " " });
    expect(form.success).toBe(false);
    const fields = Object.fromEntries(form.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(fields).toEqual({
      cityCode: t.standards.cityRequired,
      area: t.validation.invalidChoice,
      type: t.validation.required,
      monthlyAmount: t.funds.amountPositive,
      effectiveFrom: t.validation.invalidDate,
      note: t.validation.required,
    });
    expect(addStandardSchema.safeParse({ ...input({}), effectiveFrom: "2201-01-01" }).error?.issues[0].message).toBe("生效日期应在 2000-01-01 至 2099-12-31 之间");

    // The command applies the same rules to callers that skip the form; nothing is written.
    const before = await counts();
    const zero = await addStandard(admin, { ...input({}), monthlyAmount: "0" }).catch((e: unknown) => e);
    expect(zero).toBeInstanceOf(DomainError);
    expect((zero as DomainError).fieldErrors).toEqual({ monthlyAmount: [t.funds.amountPositive] });
    expect(await counts()).toEqual(before);
  });
});

describe("who may read and add standards", () => {
  it("lets only an admin add; anyone handling applications reads them all", async () => {
    const caseworker = await makeActor("CASEWORKER", JIANSHE_STREET);
    const supervisor = await makeActor("SUPERVISOR", SHUANGTAIZI);
    const provincial = await makeActor("PROVINCIAL", "21");
    const department = await makeActor("DEPARTMENT", PANJIN, "MEDICAL_INSURANCE");
    const before = await counts();
    for (const actor of [caseworker, supervisor, provincial, department]) {
      await expect(addStandard(actor, input({ effectiveFrom: "2028-01-01" }))).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect(await counts()).toEqual(before);

    // Public reference data: a township caseworker sees every city's standards, and filters by city.
    const all = await listStandards(caseworker, {});
    expect(all.cities).toHaveLength(14);
    expect(all.groups).toHaveLength(14 * 2 * 3);
    expect(all.groups[0]).toMatchObject({ cityCode: SHENYANG, cityName: "沈阳市", area: "URBAN", type: "DIBAO" });
    expect(all.groups.every((g) => g.history.length >= 2)).toBe(true);
    const dandong = await listStandards(supervisor, { cityCode: DANDONG, type: "TEKUN" });
    expect(dandong.groups.map((g) => [g.cityCode, g.area, g.type])).toEqual([[DANDONG, "URBAN", "TEKUN"], [DANDONG, "RURAL", "TEKUN"]]);
    await expect(listStandards(department, {})).rejects.toBeInstanceOf(ForbiddenError);
  });
});
