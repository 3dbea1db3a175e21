/**
 * The shared input rules of issue 11: the global Chinese error map (no English default reaches a
 * user), control characters, invisible names, the one strict amount parser, date and month
 * bounds, and the region part of ID numbers.
 */
import { describe, expect, it } from "vitest";
import { z, findControlCharacter, hasVisibleText, monthString, pastDate, recordId, requiredText, searchProblem, textProblem } from "@/lib/validation";
import { amountSchema, moneySchema } from "@/lib/funds/schema";
import { amountProblem } from "@/lib/funds/money";
import { checkCharacter, idNumberProblem, isPlausibleRegionCode } from "@/lib/households/id-number";
import { householdSearchSchema } from "@/lib/households/schema";
import { logVisitSchema } from "@/lib/visits/schema";
import { t } from "@/lib/i18n";

const CJK = /[\u4e00-\u9fff]/;
const messages = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues.map((i) => i.message) ?? [];

describe("the global Chinese error map", () => {
  // The English defaults the probe met: "Invalid input: expected number, received NaN", "Invalid UUID", "Too big: …".
  it.each<[string, z.ZodType, unknown]>([
    ["a number from text", z.coerce.number(), "abc"],
    ["a uuid", z.uuid(), "x"],
    ["too many items", z.array(z.string()).max(20), Array(21).fill("a")],
    ["too few items", z.array(z.string()).min(1), []],
    ["a string", z.string(), 5],
    ["a missing value", z.string(), undefined],
    ["an enum", z.enum(["A", "B"]), "C"],
    ["a regex", z.string().regex(/^\d+$/), "x"],
    ["a too long string", z.string().max(3), "abcd"],
    ["a number too big", z.number().max(3), 4],
    ["a positive number", z.number().positive(), 0],
    ["an integer", z.number().int(), 1.5],
    ["a record", z.record(z.string(), z.string()), "x"],
    ["an object", z.object({ a: z.string() }), []],
    ["a strict object", z.strictObject({ a: z.string() }), { a: "x", b: 1 }],
    ["a literal", z.literal("x"), "y"],
    ["a union", z.union([z.number(), z.boolean()]), "x"],
  ])("answers %s in Chinese", (_what, schema, value) => {
    const found = messages(schema, value);
    expect(found.length).toBeGreaterThan(0);
    for (const m of found) {
      expect(m).toMatch(CJK);
      expect(m).not.toMatch(/[A-Za-z]{2,}/);
    }
  });

  it("lets a schema's own message win", () => {
    expect(messages(z.string().min(1, "自己的话"), "")).toEqual(["自己的话"]);
    expect(messages(logVisitSchema.shape.idempotencyKey, "x")).toEqual([t.input.staleForm]);
  });
});

describe("text", () => {
  it("refuses NUL and other control characters; tab and newline only in multi-line fields", () => {
    for (const s of ["\u0000", "a\u0000", "\u0007", "\u001b", "\u007f", "\u0085"]) expect(textProblem(s, { multiline: true })).toBe(t.input.controlCharacters);
    expect(textProblem("第一行\n第二行\t缩进", { multiline: true })).toBeNull();
    expect(textProblem("第一行\n第二行")).toBe(t.input.lineBreaks);
    expect(textProblem("a\u202Eb")).toBe(t.input.bidiCharacters);
    expect(messages(requiredText(2000), "情况\n说明")).toEqual([]);
    expect(messages(requiredText(50), "孙\n丽华")).toEqual([t.input.lineBreaks]);
    expect(findControlCharacter({ a: "x", members: [{ name: "y\u0000" }] })).toBe("members.0.name");
  });

  it("refuses a name of only invisible characters", () => {
    for (const s of ["\u200B", "\uFEFF", "\u3000", "\u2060\u200D", " \u200B "]) {
      expect(hasVisibleText(s)).toBe(false);
      expect(messages(requiredText(50), s)).toHaveLength(1);
    }
    expect(messages(requiredText(50), "孙丽华")).toEqual([]);
  });

  it("says what is wrong with a search and searches for nothing", () => {
    expect(householdSearchSchema.parse({ q: "孙\u0000" }).q).toBeUndefined();
    expect(searchProblem("孙\u0000", 50)).toBe(t.input.controlCharacters);
    expect(searchProblem("孙丽华", 50)).toBeNull();
  });
});

describe("record ids", () => {
  it("accepts digits only", () => {
    expect(recordId.parse("42")).toBe(42);
    for (const bad of ["1e3", "0x10", " 7", "-1", "0", "1.5", ["7"], "99999999999", "１２"]) expect(recordId.safeParse(bad).success, String(bad)).toBe(false);
  });
});

describe("amounts: one strict parser (finding 9)", () => {
  it.each([
    ["1,2,3", t.input.amountSeparators], ["12,5", t.input.amountSeparators], ["1,000", t.input.amountSeparators], ["1 000", t.input.amountSeparators],
    ["¥5", t.input.amountSeparators], ["5元", t.input.amountSeparators], ["1e3", t.input.amountExponent], ["+5", t.input.amountSign],
    ["-5", t.funds.amountPositive], ["0", t.funds.amountPositive], ["1.001", t.funds.amountDecimals], ["1.2.3", t.funds.amountInvalid],
    [".5", t.funds.amountInvalid], ["0x10", t.funds.amountInvalid], ["10000000.01", "单笔金额不能超过 10,000,000.00 元"], ["", t.validation.required],
  ])("refuses %j", (value, message) => {
    expect(messages(amountSchema, value)).toEqual([message]);
  });

  it("reads plain amounts exactly", () => {
    expect(amountSchema.parse("123")).toBe("123.00");
    expect(amountSchema.parse("12.5")).toBe("12.50");
    expect(amountSchema.parse(" ００7.05 ")).toBe("7.05");
    expect(moneySchema({ allowZero: true, blankIsZero: true }).parse("")).toBe("0.00");
    expect(amountProblem("123", { max: "100" })).toBe("tooLarge");
  });
});

describe("dates and months", () => {
  it("bounds a past date to 2015 … today", () => {
    expect(messages(pastDate(), "1900-01-01")).toEqual(["日期不能早于 2015-01-01"]);
    expect(messages(pastDate(), "9999-12-31")).toEqual([t.validation.dateInFuture]);
    expect(messages(pastDate(), "2026-02-30")).toEqual([t.validation.invalidDate]);
  });

  it("refuses month 13 and years out of range", () => {
    const month = monthString({ minYear: 2015, maxYear: 2030 });
    expect(messages(month, "2026-13")).toEqual([t.input.invalidMonth]);
    expect(messages(month, "2026-00")).toEqual([t.input.invalidMonth]);
    expect(messages(month, "2031-01")).toEqual(["月份应在 2015-01 至 2030-12 之间"]);
    expect(messages(month, "2026-03")).toEqual([]);
  });
});

describe("ID numbers: a real region part", () => {
  const withCheck = (first17: string) => first17 + checkCharacter(first17);
  it("refuses a county or prefecture part 00 and a province that does not exist", () => {
    expect(idNumberProblem(withCheck("21000019700102001"), "2026-12-01")).toBe("region");
    expect(idNumberProblem(withCheck("21110019700102001"), "2026-12-01")).toBe("region");
    expect(idNumberProblem(withCheck("39110219700102001"), "2026-12-01")).toBe("region");
    expect(idNumberProblem(withCheck("21110219700102001"), "2026-12-01")).toBeNull();
    // A withdrawn prefecture's code stays valid for life (莱芜 3712, merged into 济南 in 2019).
    expect(isPlausibleRegionCode("371202")).toBe(true);
  });
});
