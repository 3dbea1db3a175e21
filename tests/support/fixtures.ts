/**
 * Test data made through the real code paths where they exist (commands), straight into the
 * test's own database otherwise (users).
 */
import { db } from "@/lib/db/client";
import { asSystem } from "@/lib/db/scope";
import type { Actor } from "@/lib/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";
import { checkCharacter, maskIdNumber } from "@/lib/households/id-number";
import { idKeys } from "@/lib/env";
import { openIdNumber, protectIdNumber } from "@/lib/crypto/id-number-cipher";
import { createHousehold } from "@/lib/households/commands";
import { createHouseholdSchema } from "@/lib/households/schema";

let userSeq = 0;
export async function makeActor(role: Role, regionCode: string, departmentCode: string | null = null): Promise<Actor> {
  const username = `${role.toLowerCase()}_${regionCode}_${++userSeq}_${process.pid}`;
  return db.user.create({
    data: { username, name: `测试${role}${userSeq}`, passwordHash: "x", role, regionCode, departmentCode },
    select: { id: true, username: true, name: true, role: true, regionCode: true, departmentCode: true },
  });
}

let idSeq = 50;
/** A valid 18-character ID number for a county code and birth date (YYYY-MM-DD), unique per file. */
export function makeIdNumber(county: string, birth: string, male = true): string {
  const seq = (++idSeq * 2 + (male ? 1 : 0)) % 1000;
  const first17 = `${county}${birth.replace(/-/g, "")}${String(seq).padStart(3, "0")}`;
  return first17 + checkCharacter(first17);
}

/** What a member row stores for an ID number (decision 017), for tests that write members directly. */
export function idColumns(id: string) {
  return { ...protectIdNumber(idKeys(), id), idNumberMasked: maskIdNumber(id) };
}

/** A member's ID number as stored, decrypted (in the app only the audited reveal does this). */
export async function storedIdNumber(memberId: number): Promise<string> {
  const { idCipher } = await db.member.findUniqueOrThrow({ where: { id: memberId }, select: { idCipher: true } });
  return openIdNumber(idKeys(), idCipher);
}

/** 盘锦市双台子区建设街道站前社区, the seed's Ms Sun's community. */
export const ZHANQIAN = "211102003001";
export const JIANSHE_STREET = "211102003";
export const SHUANGTAIZI = "211102";
/** A street of 沈阳市皇姑区, another city. */
export const HUANGGU = "210105";

export async function makeHousehold(
  actor: Actor,
  opts: { regionCode?: string; category?: string; headName?: string; birth?: string } = {},
) {
  const regionCode = opts.regionCode ?? ZHANQIAN;
  const input = createHouseholdSchema.parse({
    regionCode,
    address: "测试地址 1 号",
    members: [
      {
        name: opts.headName ?? "测试户主",
        idNumber: makeIdNumber(regionCode.slice(0, 6), opts.birth ?? "1970-05-06"),
        relation: "HEAD",
      },
    ],
  });
  return withCategory(await createHousehold(actor, input), opts.category ?? "DIBAO");
}

/**
 * A registered household given the category a confirmed application (or a cessation) would give
 * it: registration itself only ever creates 未纳入 (issue 15), so a test that needs a 低保 family
 * sets the category as the procedure's end does, outside the register's commands.
 */
export async function withCategory<H extends { id: number; version: number }>(household: H, category: string): Promise<H & { category: string }> {
  if (category === "NONE") return { ...household, category };
  await asSystem(() => db.household.update({ where: { id: household.id }, data: { category: category as "DIBAO" } }));
  return { ...household, category };
}

/** The first village/community under a region prefix (codes are data: look them up). */
export async function firstVillage(prefix: string): Promise<string> {
  const village = await db.region.findFirstOrThrow({ where: { level: 5, code: { startsWith: prefix } }, orderBy: { code: "asc" }, select: { code: true } });
  return village.code;
}
