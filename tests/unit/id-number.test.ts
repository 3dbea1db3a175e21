import { describe, expect, it } from "vitest";
import { checkCharacter, idNumberProblem, maskIdNumber, birthDateOf, isMale } from "@/lib/households/id-number";

// GB 11643's own worked example: 11010519491231002X.
const VALID = "11010519491231002X";

describe("居民身份证号 (GB 11643)", () => {
  it("computes the ISO 7064 MOD 11-2 check character", () => {
    expect(checkCharacter("11010519491231002")).toBe("X");
    expect(idNumberProblem(VALID, "2026-11-30")).toBeNull();
  });

  it("names the first problem of a bad number", () => {
    expect(idNumberProblem("1101051949123100", "2026-11-30")).toBe("length");
    expect(idNumberProblem("11010519491231002Y", "2026-11-30")).toBe("format");
    expect(idNumberProblem("110105194912310021", "2026-11-30")).toBe("checksum");
    expect(idNumberProblem("00010519491231002X", "2026-11-30")).toBe("region");
    const feb30 = "11010519490230002";
    expect(idNumberProblem(feb30 + checkCharacter(feb30), "2026-11-30")).toBe("birthDate");
    const future = "21110220271201001";
    expect(idNumberProblem(future + checkCharacter(future), "2026-11-30")).toBe("birthFuture");
  });

  it("masks all but the region and the last four characters", () => {
    expect(maskIdNumber(VALID)).toBe("110105************");
  });

  it("reads birth date and sex", () => {
    expect(birthDateOf(VALID)).toBe("1949-12-31");
    expect(isMale(VALID)).toBe(false); // 002: even → female
  });
});
