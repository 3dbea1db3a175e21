/**
 * ID numbers encrypted at rest (docs/decisions/017), against the real database: no member row
 * (nor audit row) holds a number in the clear; the blind index refuses a duplicate and finds a
 * person by number; the reveal decrypts; key rotation and blind-index re-keying move every row
 * and resume after an interruption, after which the old key can go; a changed or swapped
 * ciphertext is refused; a database from before the change is converted by the migration step.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db/client";
import { idKeys } from "@/lib/env";
import type { Actor } from "@/lib/auth/permissions";
import { createHousehold, revealIdNumber } from "@/lib/households/commands";
import { listHouseholds } from "@/lib/households/queries";
import { createHouseholdSchema } from "@/lib/households/schema";
import { ConflictError } from "@/lib/errors";
import { blindIndexCandidates, IdNumberDecryptError, openIdNumber } from "@/lib/crypto/id-number-cipher";
import { newIdKeys, withKey, withoutKeys, type IdKeys, type Key, type Keyring } from "@/lib/crypto/keyring";
import { encryptPlaintextIdNumbers, idKeyProblems, idKeyUsage, reencryptIdNumbers, reindexIdNumbers } from "@/lib/households/id-number-keys";
import { applyMigrations } from "@/lib/db/migrations";
import { migrateAndGrant, PLAINTEXT_ID_DROPPED } from "@/lib/cli/prepare";
import { withDatabase } from "@/lib/db/server";
import { OWNER_ROLE } from "@/lib/db/roles";
import { JIANSHE_STREET, ZHANQIAN, idColumns, makeActor, makeHousehold, makeIdNumber, storedIdNumber } from "../support/fixtures";

/** Anything shaped like a whole ID number: in text columns as written, in binary ones as raw ASCII bytes. */
const PLAINTEXT_ROWS = String.raw`
  SELECT count(*)::int AS n FROM member m
  WHERE (to_jsonb(m) - 'id_cipher' - 'id_index')::text ~ '\d{17}[\dX]'
     OR encode(m.id_cipher, 'escape') ~ '\d{17}[\dX]' OR encode(m.id_index, 'escape') ~ '\d{17}[\dX]'`;

let caseworker: Actor;
let owner: pg.Client;
const registered: { householdId: number; id: string }[] = [];

async function register(id: string, name = "测试户主") {
  return createHousehold(caseworker, createHouseholdSchema.parse({
    regionCode: ZHANQIAN, address: "站前社区 1号",
    members: [{ name, idNumber: id, relation: "HEAD" }],
  }));
}

beforeAll(async () => {
  caseworker = await makeActor("CASEWORKER", JIANSHE_STREET);
  for (let i = 0; i < 5; i++) {
    const id = makeIdNumber("211102", `19${60 + i}-0${1 + i}-1${i}`, i % 2 === 0);
    registered.push({ householdId: (await register(id, `加密测试${i}`)).id, id });
  }
  owner = new pg.Client({ connectionString: process.env.MIGRATION_DATABASE_URL });
  await owner.connect();
});

afterAll(async () => {
  await owner.end();
});

describe("at rest", () => {
  it("keeps no ID number in the clear in any member row or audit row", async () => {
    expect((await owner.query(PLAINTEXT_ROWS)).rows[0].n).toBe(0);
    for (const { id } of registered) {
      const found = await owner.query(
        `SELECT (SELECT count(*)::int FROM member m WHERE m::text LIKE '%' || $1 || '%' OR position(convert_to($1, 'UTF8') IN m.id_cipher) > 0) AS members,
                (SELECT count(*)::int FROM audit_log a WHERE a::text LIKE '%' || $1 || '%') AS audits`, [id]);
      expect(found.rows[0]).toEqual({ members: 0, audits: 0 });
    }
    const row = (await owner.query("SELECT id_number_masked, octet_length(id_cipher) AS c, octet_length(id_index) AS i FROM member LIMIT 1")).rows[0];
    expect(row).toEqual({ id_number_masked: "211102************", c: 49, i: 34 });
    // The database refuses anything in the ciphertext column that is not shaped like one.
    await expect(owner.query("UPDATE member SET id_cipher = convert_to($1, 'UTF8') WHERE household_id = $2", [registered[0].id, registered[0].householdId]))
      .rejects.toThrow(/member_id_cipher_shape/);
  });

  it("omits the ciphertext and the blind index from every query that does not name them", async () => {
    const member = await db.member.findFirstOrThrow({ where: { householdId: registered[0].householdId } });
    expect(member).not.toHaveProperty("idCipher");
    expect(member).not.toHaveProperty("idIndex");
  });
});

describe("blind index", () => {
  it("refuses an ID number already registered, however it is typed, and the database itself refuses a second row", async () => {
    const { id } = registered[1];
    const typed = id.endsWith("X") ? `${id.slice(0, 17)}x` : ` ${id.slice(0, 9)} ${id.slice(9)} `;
    for (const attempt of [id, typed]) {
      const error = await register(attempt, "冒用者").catch((e) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).fieldErrors?.["members.0.idNumber"]?.[0]).toBe("该身份证号已登记在 盘锦市双台子区建设街道");
    }
    const household = await makeHousehold(caseworker);
    await expect(db.member.create({
      data: { householdId: household.id, regionCode: ZHANQIAN, name: "直接写入", ...idColumns(id), birthDate: new Date("1961-02-11"), male: false, relation: "SPOUSE" },
    })).rejects.toMatchObject({ code: "P2002" });
  });

  it("finds a household by the exact number, and nothing by a number nobody holds", async () => {
    const { id, householdId } = registered[2];
    expect((await listHouseholds(caseworker, { q: id, page: 1 })).rows.map((r) => r.id)).toEqual([householdId]);
    const stranger = makeIdNumber("211102", "1999-09-09");
    const result = await listHouseholds(caseworker, { q: stranger, page: 1 });
    expect(result.matchedById).toBe(true);
    expect(result.rows).toEqual([]);
  });
});

describe("reveal", () => {
  it("decrypts the number for an allowed user", async () => {
    const { id, householdId } = registered[3];
    const member = await db.member.findFirstOrThrow({ where: { householdId }, select: { id: true } });
    expect(await revealIdNumber(caseworker, member.id)).toBe(id);
  });

  it("refuses a changed ciphertext (GCM tag), a changed key id (authenticated header) and another row's ciphertext", async () => {
    const a = await makeHousehold(caseworker, { headName: "篡改甲" });
    const b = await makeHousehold(caseworker, { headName: "篡改乙", birth: "1971-01-01" });
    const [ma, mb] = await Promise.all([a, b].map((h) => db.member.findFirstOrThrow({ where: { householdId: h.id }, select: { id: true } })));
    const original = (await owner.query("SELECT id_cipher FROM member WHERE id = $1", [ma.id])).rows[0].id_cipher as Buffer;

    const flipped = Buffer.from(original);
    flipped[20] ^= 0x01; // a byte of the ciphertext
    await owner.query("UPDATE member SET id_cipher = $1 WHERE id = $2", [flipped, ma.id]);
    await expect(revealIdNumber(caseworker, ma.id)).rejects.toBeInstanceOf(IdNumberDecryptError);

    const rekeyed = Buffer.from(original);
    rekeyed[2] ^= 0x01; // the key id in the header
    await owner.query("UPDATE member SET id_cipher = $1 WHERE id = $2", [rekeyed, ma.id]);
    await expect(revealIdNumber(caseworker, ma.id)).rejects.toBeInstanceOf(IdNumberDecryptError);

    // B's ciphertext in A's row: authentic GCM, but not A's number (its blind index says so).
    await owner.query("UPDATE member SET id_cipher = (SELECT id_cipher FROM member WHERE id = $2) WHERE id = $1", [ma.id, mb.id]);
    await expect(revealIdNumber(caseworker, ma.id)).rejects.toThrow(/does not belong to this row/);

    await owner.query("UPDATE member SET id_cipher = $1 WHERE id = $2", [original, ma.id]);
    expect(await revealIdNumber(caseworker, ma.id)).toBe(await storedIdNumber(ma.id));
  });
});

/** A keyring with this current key (whatever its id) and these others, as the tests need to step back. */
function ringOf(current: Key, ...others: Key[]): Keyring {
  const keys = [...others, current].sort((a, b) => a.id - b.id);
  return { keys, current, byId: new Map(keys.map((k) => [k.id, k.key])) };
}

describe("key rotation", () => {
  it("re-encrypts every row under a new data key, resumes after an interruption, and the old key can then go", async () => {
    const app = idKeys();
    const rotated: IdKeys = { data: withKey(app.data), index: app.index };
    const oldKid = app.data.current.id;
    const newKey = rotated.data.current;
    const total = Number((await owner.query("SELECT count(*) AS n FROM member")).rows[0].n);
    const numbers = new Map((await owner.query<{ id: number; id_cipher: Buffer }>("SELECT id, id_cipher FROM member")).rows
      .map((r) => [r.id, openIdNumber(app, r.id_cipher)]));

    // Interrupted after its first batch of two…
    await expect(reencryptIdNumbers(owner, rotated, {
      batch: 2,
      onProgress: ({ done }) => { if (done === 2) throw new Error("interrupted"); },
    })).rejects.toThrow("interrupted");
    expect((await idKeyUsage(owner)).data).toEqual(new Map([[oldKid, total - 2], [newKey.id, 2]]));
    // …and run again: it carries on with the rest only.
    const totals: number[] = [];
    expect(await reencryptIdNumbers(owner, rotated, { batch: 3, onProgress: (p) => totals.push(p.total) })).toBe(total - 2);
    expect(totals[0]).toBe(total - 2);
    expect((await idKeyUsage(owner)).data).toEqual(new Map([[newKey.id, total]]));
    expect(await reencryptIdNumbers(owner, rotated)).toBe(0); // nothing left to do

    // Without the old key every number still opens, to the same number; the old key alone opens none.
    const withoutOld: IdKeys = { data: withoutKeys(rotated.data, [oldKid]), index: app.index };
    expect(withoutOld.data.keys.map((k) => k.id)).toEqual([newKey.id]);
    for (const r of (await owner.query<{ id: number; id_cipher: Buffer }>("SELECT id, id_cipher FROM member")).rows) {
      expect(openIdNumber(withoutOld, r.id_cipher)).toBe(numbers.get(r.id));
      expect(() => openIdNumber(app, r.id_cipher)).toThrow(IdNumberDecryptError);
    }

    // Back under this run's key, which is all the app holds.
    expect(await reencryptIdNumbers(owner, { data: ringOf(app.data.current, newKey), index: app.index })).toBe(total);
    expect(await revealIdNumber(caseworker, (await db.member.findFirstOrThrow({ where: { householdId: registered[0].householdId } })).id)).toBe(registered[0].id);
  });

  it("re-keys the blind index; searches find rows under either key meanwhile, and under the new key alone afterwards", async () => {
    const { id, householdId } = registered[4];
    const app = idKeys();
    const rekeyed: IdKeys = { data: app.data, index: withKey(app.index) };
    const newKey = rekeyed.index.current;
    const total = Number((await owner.query("SELECT count(*) AS n FROM member")).rows[0].n);
    const rowsFor = async (keys: IdKeys) =>
      Number((await owner.query("SELECT count(*) AS n FROM member WHERE id_index = ANY($1)", [blindIndexCandidates(keys, id)])).rows[0].n);

    await expect(reindexIdNumbers(owner, rekeyed, { batch: 1, onProgress: ({ done }) => { if (done === 1) throw new Error("interrupted"); } }))
      .rejects.toThrow("interrupted");
    expect(await rowsFor(rekeyed)).toBe(1); // found, whichever key its row is under now
    expect(await reindexIdNumbers(owner, rekeyed)).toBe(total - 1);
    expect((await idKeyUsage(owner)).index).toEqual(new Map([[newKey.id, total]]));
    expect(await rowsFor({ data: app.data, index: ringOf(newKey) })).toBe(1); // the new key alone finds it
    expect(await rowsFor(app)).toBe(0); // the old key alone finds nothing now

    // Back under this run's index key; the app's search and duplicate check work again.
    expect(await reindexIdNumbers(owner, { data: app.data, index: ringOf(app.index.current, newKey) })).toBe(total);
    expect((await listHouseholds(caseworker, { q: id, page: 1 })).rows.map((r) => r.id)).toEqual([householdId]);
  });
});

describe("keys that do not fit", () => {
  it("are named before the app starts: another deployment's key, or a key id missing from the ring", async () => {
    expect(await idKeyProblems(owner, idKeys())).toEqual([]);
    const foreign = newIdKeys(); // same ids (1), other keys: a lost .data/id-keys.json regenerated
    expect((await idKeyProblems(owner, foreign)).join("\n")).toMatch(/加密密钥 1 与数据库中的身份证号不符/);
    const app = idKeys();
    const noIndexKey: IdKeys = { data: app.data, index: ringOf({ id: 99, key: foreign.index.current.key }) };
    expect((await idKeyProblems(owner, noIndexKey)).join("\n")).toMatch(/index key 1 is used but missing/);
  });
});

describe("converting a database from before decision 017", () => {
  let server: pg.Client;
  const name = `nuanxin_t_${inject("pgRun")}_conv_${randomBytes(3).toString("hex")}`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nuanxin-migr-"));

  beforeAll(async () => {
    server = new pg.Client({ connectionString: inject("pgServerUrl") });
    await server.connect();
    await server.query(`CREATE DATABASE ${name} OWNER ${OWNER_ROLE}`);
  });
  afterAll(async () => {
    await server.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await server.end();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("encrypts existing plaintext rows in batches (resumably) before the plaintext column is dropped", async () => {
    const urls = { owner: withDatabase(inject("pgOwnerUrl"), name), app: withDatabase(inject("pgAppUrl"), name) };
    // The migrations up to the one before the plaintext column goes: a database of the old code.
    const all = path.join(import.meta.dirname, "..", "..", "prisma", "migrations");
    for (const m of fs.readdirSync(all).filter((n) => n !== "migration_lock.toml" && n.localeCompare(PLAINTEXT_ID_DROPPED) < 0)) {
      fs.cpSync(path.join(all, m), path.join(tmp, m), { recursive: true });
    }
    await applyMigrations({ url: urls.owner, migrationsDir: tmp });
    const c = new pg.Client({ connectionString: urls.owner });
    await c.connect();
    const ids = [makeIdNumber("211102", "1950-01-01"), makeIdNumber("211102", "1951-02-02", false), makeIdNumber("211103", "1980-03-03")];
    try {
      const h = await c.query("INSERT INTO household (region_code, address, head_name, member_count, updated_at) VALUES ($1, '旧地址', '旧户主', 3, now()) RETURNING id", [ZHANQIAN]);
      for (const id of ids) {
        await c.query(
          `INSERT INTO member (household_id, region_code, name, id_number, id_number_masked, birth_date, male, relation, updated_at)
           VALUES ($1, $2, '旧成员', $3::text, left($3::text, 6) || '********' || right($3::text, 4), '1950-01-01', true, 'HEAD', now())`,
          [h.rows[0].id, ZHANQIAN, id]);
      }
      // Interrupted after one row, then finished by the migration step.
      await expect(encryptPlaintextIdNumbers(c, idKeys, { batch: 1, onProgress: ({ done }) => { if (done === 1) throw new Error("interrupted"); } }))
        .rejects.toThrow("interrupted");
      expect(Number((await c.query("SELECT count(*) AS n FROM member WHERE id_cipher IS NULL")).rows[0].n)).toBe(2);
      const log: string[] = [];
      // The plaintext-dropping step first, then whatever later migrations there are.
      expect((await migrateAndGrant(urls, (l) => log.push(l), { idKeys }))[0]).toBe(PLAINTEXT_ID_DROPPED);
      expect(log.some((l) => l.includes("2 / 2"))).toBe(true);

      const cols = await c.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'member' AND column_name LIKE 'id_%' ORDER BY 1");
      expect(cols.rows.map((r) => r.column_name)).toEqual(["id_cipher", "id_index", "id_number_masked"]);
      expect((await c.query(PLAINTEXT_ROWS)).rows[0].n).toBe(0);
      const rows = await c.query<{ id_cipher: Buffer; masked: string }>("SELECT id_cipher, id_number_masked AS masked FROM member ORDER BY id");
      expect(rows.rows.map((r) => openIdNumber(idKeys(), r.id_cipher))).toEqual(ids);
      expect(rows.rows.map((r) => r.masked)).toEqual(ids.map((id) => `${id.slice(0, 6)}************`));
    } finally {
      await c.end();
    }
  });

  it("refuses, in SQL, to drop the plaintext column of rows not yet encrypted (plain prisma migrate deploy)", async () => {
    const other = `${name}_b`;
    await server.query(`CREATE DATABASE ${other} OWNER ${OWNER_ROLE}`);
    try {
      const url = withDatabase(inject("pgOwnerUrl"), other);
      await applyMigrations({ url, migrationsDir: tmp });
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        const h = await c.query("INSERT INTO household (region_code, address, head_name, member_count, updated_at) VALUES ($1, '旧地址', '旧户主', 1, now()) RETURNING id", [ZHANQIAN]);
        const id = makeIdNumber("211102", "1952-01-01");
        await c.query(
          `INSERT INTO member (household_id, region_code, name, id_number, id_number_masked, birth_date, male, relation, updated_at)
           VALUES ($1, $2, '旧成员', $3, 'x', '1952-01-01', true, 'HEAD', now())`, [h.rows[0].id, ZHANQIAN, id]);
      } finally {
        await c.end();
      }
      const all = path.join(import.meta.dirname, "..", "..", "prisma", "migrations");
      await expect(applyMigrations({ url, migrationsDir: all })).rejects.toThrow(/run npm run db:migrate/);
    } finally {
      await server.query(`DROP DATABASE IF EXISTS ${other} WITH (FORCE)`);
    }
  });
});
