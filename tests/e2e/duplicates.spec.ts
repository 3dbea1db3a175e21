/**
 * 疑似重复 (issue 16 part 3) in the browser: a caseworker registers two pairs of households that
 * share a phone; the county supervisor finds both pairs on the review list (masked), keeps the
 * first pair apart with a reason, and merges the second after the confirmation step — then sees
 * the surviving household with the other's members and visit, and the other as a tombstone.
 */
import { randomInt } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { freshIdNumber, login, logout, masked, uniqueName } from "./helpers";

type Family = { id: number; url: string; head: string; members: string[] };

async function register(page: Page, phone: string, names: string[]): Promise<Family> {
  await page.goto("/households/new");
  await page.getByLabel("所在村（社区）").selectOption({ label: "站前社区" });
  await page.getByLabel("住址").fill(`站前社区 ${names[0]}家`);
  await page.getByLabel("联系电话").fill(phone);
  for (const [i, name] of names.entries()) {
    if (i > 0) await page.getByRole("button", { name: "+ 添加成员" }).click();
    const row = page.getByTestId("member-row").nth(i);
    await row.getByLabel("姓名").fill(name);
    await row.getByLabel("身份证号").fill(freshIdNumber("211102", i === 0 ? "1960-01-01" : "1990-01-01", { unique: true }));
    await row.getByLabel("与户主关系").selectOption(i === 0 ? "HEAD" : "SPOUSE");
  }
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByTestId("flash")).toHaveText("家庭档案已创建");
  await page.waitForURL(/\/households\/\d+/);
  const url = page.url().replace(/\?.*$/, "");
  return { id: Number(url.match(/households\/(\d+)/)![1]), url, head: names[0], members: names };
}

async function logVisit(page: Page, family: Family) {
  await page.goto(`${family.url}/visits/new`);
  await page.getByLabel("见到的家庭成员").fill(`${family.head}本人`);
  for (const answer of ["收入减少", "新患疾病", "无在学子女", "安全", "有需求，无人照料", "部分了解", "变差"]) {
    await page.getByText(answer, { exact: true }).first().click();
  }
  await page.getByLabel("走访情况记录").fill("合并前的走访");
  await page.getByRole("button", { name: "提交走访记录" }).click();
  await expect(page.getByTestId("flash")).toHaveText("走访记录已保存");
}

const phone = () => `139${String(randomInt(10_000_000, 99_999_999))}`;

test("a supervisor keeps one suspected pair apart and merges another", async ({ page }) => {
  test.setTimeout(240_000); // four registrations and a visit through the forms before the review
  await login(page, "caseworker");
  const keepPhone = phone();
  const k1 = await register(page, keepPhone, [uniqueName("甲")]);
  const k2 = await register(page, keepPhone, [uniqueName("乙")]);
  const mergePhone = phone();
  const survivor = await register(page, mergePhone, [uniqueName("丙"), uniqueName("戊")]);
  const other = await register(page, mergePhone, [uniqueName("丁"), uniqueName("己")]);
  await logVisit(page, other);
  await logout(page);

  await login(page, "supervisor");
  await page.goto("/households");
  await page.getByTestId("duplicates-link").click();
  await expect(page.getByRole("heading", { name: "疑似重复家庭" })).toBeVisible();
  const pairRow = (f: Family) => page.getByTestId("duplicate-pair").filter({ hasText: masked(f.head) });

  // "Not a duplicate": a too-short reason is refused beside the field, then a real one is kept.
  await expect(pairRow(k1).filter({ hasText: masked(k2.head) })).toContainText("联系电话相同");
  await pairRow(k1).filter({ hasText: masked(k2.head) }).click();
  await expect(page.getByRole("heading", { name: "疑似重复家庭对比" })).toBeVisible();
  await expect(page.getByTestId("pair-household")).toHaveCount(2);
  await page.getByLabel("核实情况").fill("不是");
  await page.getByRole("button", { name: "确认不是重复" }).click();
  await expect(page.getByText("请写明核实情况，至少 5 个字。")).toBeVisible();
  await page.getByLabel("核实情况").fill("已电话核实，两户为亲戚共用一部电话，是不同家庭");
  await page.getByRole("button", { name: "确认不是重复" }).click();
  await expect(page.getByTestId("flash")).toHaveText("已标记为不是重复，这两户不会再被提示。");
  await expect(pairRow(k1)).toHaveCount(0);
  await page.getByRole("link", { name: "不是重复", exact: true }).click();
  await expect(pairRow(k1).filter({ hasText: masked(k2.head) })).toHaveCount(1);

  // Merge: choose the survivor, confirm in a second step, land on the survivor's page.
  await page.goto("/households/duplicates");
  await pairRow(survivor).filter({ hasText: masked(other.head) }).click();
  await page.getByLabel(new RegExp(`保留 ${masked(survivor.head).replace(/\*/g, "\\*")}`)).check();
  await page.getByRole("button", { name: "下一步：确认合并" }).click();
  await expect(page.getByText("请确认合并")).toBeVisible();
  await page.getByRole("button", { name: "确认合并" }).click();
  await expect(page.getByText("请勾选确认后再合并。")).toBeVisible();
  await page.getByLabel("我已核对两户信息，确认是同一家庭并合并").check();
  await page.getByRole("button", { name: "确认合并" }).click();

  await page.waitForURL(new RegExp(`/households/${survivor.id}\\?saved=merged`));
  await expect(page.getByTestId("flash")).toHaveText("合并完成：记录已转入本户。");
  const members = page.getByTestId("member");
  await expect(members).toHaveCount(4);
  for (const name of [...survivor.members, ...other.members]) await expect(members.filter({ hasText: masked(name) })).toHaveCount(1);
  await expect(page.getByTestId("visit-history").locator(":scope > li")).toHaveCount(1);

  // The other household is a tombstone that points to the survivor.
  await page.goto(other.url);
  await expect(page.getByTestId("tombstone")).toBeVisible();
  await page.getByTestId("tombstone").getByRole("link", { name: "前往保留户" }).click();
  await page.waitForURL(new RegExp(`/households/${survivor.id}$`));
});
