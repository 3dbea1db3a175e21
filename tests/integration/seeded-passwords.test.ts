/**
 * The production start refuses seeded passwords (issue 11, Build 5): an active account still on
 * the seed's password, not yet changed, is found — and one that changed it, one deactivated, or
 * one with another one-time password is not. Demo mode and development never refuse.
 */
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { isDemoMode } from "@/lib/env";
import { hashPassword } from "@/lib/users/password";
import { SEEDED_PASSWORDS, accountsWithSeededPassword } from "@/lib/users/seeded";
import { DEMO_PASSWORD } from "@/prisma/seed/demo";
import { GENERATED_PASSWORD } from "@/lib/generate/province";
import bcrypt from "bcryptjs";

describe("seeded passwords", () => {
  it("knows the seed's and the generator's password", () => {
    expect(SEEDED_PASSWORDS).toContain(DEMO_PASSWORD);
    expect(SEEDED_PASSWORDS).toContain(GENERATED_PASSWORD);
  });

  it("counts active, unchanged accounts on a seeded password, whatever its hash scheme", async () => {
    expect(await accountsWithSeededPassword()).toEqual({ count: 0, usernames: [] });
    const seeded = await hashPassword(DEMO_PASSWORD);
    const legacy = await bcrypt.hash(DEMO_PASSWORD, 10);
    const other = await hashPassword("One-Time-Pass-91");
    const mk = (username: string, passwordHash: string, extra: object = {}) =>
      db.user.create({ data: { username, name: username, passwordHash, role: "CASEWORKER", regionCode: "211102003", ...extra } });
    await mk("seeded_a", seeded);
    await mk("seeded_b", seeded);
    await mk("seeded_legacy", legacy);
    await mk("changed", seeded, { mustChangePassword: false });
    await mk("inactive", seeded, { active: false });
    await mk("one_time", other);
    expect(await accountsWithSeededPassword()).toEqual({ count: 3, usernames: ["seeded_a", "seeded_b", "seeded_legacy"] });
  });

  it("is in demo mode by DEMO_MODE, else by SEED_DEMO", () => {
    expect(isDemoMode({ DEMO_MODE: undefined, SEED_DEMO: undefined })).toBe(false); // npm start sets DEMO_MODE
    expect(isDemoMode({ DEMO_MODE: undefined, SEED_DEMO: "true" })).toBe(true);
    expect(isDemoMode({ DEMO_MODE: undefined, SEED_DEMO: "false" })).toBe(false);
    expect(isDemoMode({ DEMO_MODE: "false", SEED_DEMO: undefined })).toBe(false);
    expect(isDemoMode({ DEMO_MODE: "true", SEED_DEMO: "false" })).toBe(true);
  });
});
