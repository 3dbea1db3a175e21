/**
 * What the browser tests share. Each test creates the households it works on through the app
 * itself (`registerHousehold`), under a name no other test — nor a repeat of this one, nor the
 * demo seed — uses, and finds them again by that name: never "row 1 of page 1", never the demo
 * data's state on the day the suite runs (issue 10).
 */
import { randomInt } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { expect, test, type Page } from "@playwright/test";
import { checkCharacter } from "../../lib/households/id-number";

export const PASSWORD = "demo1234";

export async function login(page: Page, username: string) {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await expect(page.getByTestId("signed-in-user")).toBeVisible();
  await page.waitForLoadState("load");
}

export async function logout(page: Page) {
  // Clicked again until it takes: a click before the page has hydrated does nothing.
  await expect(async () => {
    await page.getByRole("button", { name: "退出登录" }).click();
    await expect(page).toHaveURL(/\/login/, { timeout: 3000 });
  }).toPass({ timeout: 30_000 });
}

let made = 0;
/**
 * A number unique within this run: the worker's index (unique per worker process, also when a
 * worker is replaced after a failure) times a stride, plus a counter in the worker.
 */
function uniqueNumber(stride: number): number {
  const n = made++;
  if (n >= stride) throw new Error(`more than ${stride} fixtures in one worker`);
  return test.info().workerIndex * stride + n;
}

/** Uncommon given-name characters: the demo seed's names do not use them. */
const GIVEN = [..."苒苡芃芊芷茉荔莜菁萱蔚蕙薇蘅璇瑶琬琰珂玥"];
/**
 * A Chinese name nobody else in the database has: the surname, then three characters spelling a
 * random number and this run's unique number. Searching for it finds this test's household only.
 */
export function uniqueName(surname = "测"): string {
  const base = GIVEN.length;
  // Distinct for every fixture of the run while workers × 200 × 97 < 20⁴ (8 workers).
  let n = uniqueNumber(200) * 97 + randomInt(97);
  let given = "";
  for (let i = 0; i < 4; i++) {
    given += GIVEN[n % base];
    n = Math.floor(n / base);
  }
  return surname + given;
}

/**
 * A valid ID number that no demo household holds (the seed never issues sequence 000) and no
 * other fixture of this run either: the birth date is `bornFrom` plus this run's unique number of
 * days. Without `bornFrom`, the given date as it is (for inputs that are never saved).
 */
export function freshIdNumber(county: string, birth: string, opts: { unique?: boolean } = { unique: false }): string {
  let date = birth;
  if (opts.unique) {
    const d = new Date(`${birth}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + uniqueNumber(200));
    date = d.toISOString().slice(0, 10);
  }
  const first17 = `${county}${date.replace(/-/g, "")}000`;
  return first17 + checkCharacter(first17);
}

export type FixtureMember = {
  name?: string;
  relation?: "HEAD" | "SPOUSE" | "CHILD" | "PARENT" | "GRANDCHILD" | "GRANDPARENT" | "SIBLING" | "OTHER";
  /** Earliest birth date; the fixture adds up to a few hundred days to keep IDs unique. */
  bornFrom?: string;
  disabilityGrade?: "1" | "2" | "3" | "4";
  majorIllness?: boolean;
};

export type Fixture = { id: number; url: string; headName: string; address: string; idNumbers: string[] };

/** Statements as the system, on the e2e database (what a job or another procedure would write). */
export async function asSystemSql<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
  const url = fs.readFileSync(path.join(process.cwd(), ".data", "e2e-database-url"), "utf8").trim();
  const client = new pg.Client({ connectionString: url, options: "-c nuanxin.scope=*" });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Registers a household through the register form as the signed-in user (a caseworker of
 * 建设街道 by default) and returns where it is. Category `NONE` is a family not yet covered;
 * `DIBAO`/`TEKUN`/`DIBAO_EDGE` are on the monthly visit roster. Registration always makes a
 * 未纳入 family (issue 15): another category is then set as a confirmed application's end would
 * set it, so that specs about visits need not walk the whole procedure first.
 */
export async function registerHousehold(
  page: Page,
  opts: { village?: string; county?: string; category?: string; members?: FixtureMember[] } = {},
): Promise<Fixture> {
  const village = opts.village ?? "站前社区";
  const county = opts.county ?? "211102";
  const members = opts.members ?? [{}];
  const headName = members[0].name ?? uniqueName();
  const address = `${village} ${headName}家`;
  await page.goto("/households/new");
  await page.getByLabel("所在村（社区）").selectOption({ label: village });
  await page.getByLabel("住址").fill(address);
  const idNumbers: string[] = [];
  for (const [i, m] of members.entries()) {
    if (i > 0) await page.getByRole("button", { name: "+ 添加成员" }).click();
    const row = page.getByTestId("member-row").nth(i);
    const id = freshIdNumber(county, m.bornFrom ?? "1965-01-01", { unique: true });
    idNumbers.push(id);
    await row.getByLabel("姓名").fill(i === 0 ? headName : (m.name ?? uniqueName()));
    await row.getByLabel("身份证号").fill(id);
    await row.getByLabel("与户主关系").selectOption(i === 0 ? "HEAD" : (m.relation ?? "CHILD"));
    if (m.disabilityGrade) await row.getByLabel("残疾等级").selectOption(m.disabilityGrade);
    if (m.majorIllness) await row.getByLabel("重大疾病").check();
  }
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByTestId("flash")).toHaveText("家庭档案已创建");
  await page.waitForURL(/\/households\/\d+/);
  const url = page.url().replace(/\?.*$/, "");
  const id = Number(url.match(/households\/(\d+)/)![1]);
  const category = opts.category ?? "DIBAO";
  if (category !== "NONE") {
    await asSystemSql("update household set category = $2::assistance_category where id = $1", [id, category]);
    // The page shown is the household as it now is (and hydrated, as after any navigation).
    await page.goto(url);
    await page.waitForLoadState("load");
  }
  return { id, url, headName, address, idNumbers };
}

/** The visit roster narrowed to one household by its (unique) name. */
export async function openRosterFor(page: Page, headName: string, filter?: "overdue" | "due" | "visited") {
  const qs = new URLSearchParams({ q: headName, ...(filter ? { filter } : {}) });
  await page.goto(`/visits?${qs}`);
  await expect(page.getByRole("heading", { name: "本月走访" })).toBeVisible();
}

/** "孙丽华" → "孙*华", as lib/households/id-number.ts masks names. */
export const masked = (name: string) => `${name[0]}${"*".repeat(name.length - 2)}${name.at(-1)}`;

/**
 * A user above the family's township sees it masked (decision 016): open its page and reveal it
 * with a reason; for 15 minutes every page then names the family in full for this user.
 */
export async function revealFamily(page: Page, householdUrl: string, reason: string) {
  await page.goto(householdUrl);
  const notice = page.getByTestId("masked-notice");
  await notice.locator("summary").click();
  await notice.getByLabel("查看理由").fill(reason);
  await notice.getByRole("button", { name: "查看完整信息" }).click();
  await expect(page.getByTestId("revealed-notice")).toBeVisible();
}
