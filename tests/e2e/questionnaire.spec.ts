/**
 * Issue 15, item 4 (decision 029): the questionnaire is data an administrator edits. A reworded
 * question published as a new version is what the caseworker's visit form asks from then on;
 * a visit answered before keeps, and shows, the wording it was answered with. The mood item
 * (情绪/心理状态) is on the form, so Ms Sun's 情绪低落 has its place.
 */
import { expect, test } from "@playwright/test";
import { login, logout, registerHousehold, uniqueName } from "./helpers";

/** Question → answer, by the question's wording (two questions offer 无变化). */
const ANSWERS: [RegExp, string][] = [
  [/^家庭收入和就业/, "无变化"], [/^健康状况/, "平稳"], [/^子女就学/, "无在学子女"], [/^住房安全/, "安全"],
  [/^老人、残疾人、儿童照料/, "无"], [/^对救助政策的了解/, "了解"], [/^与上次走访相比/, "变差"], [/^情绪\/心理状态/, "情绪低落"],
];

test("an administrator publishes a reworded question; the visit form asks it, an older visit keeps its wording", async ({ page }) => {
  // A visit on the current version, with the mood item answered.
  await login(page, "caseworker");
  const family = await registerHousehold(page, { category: "DIBAO" });
  await page.goto(`${family.url}/visits/new`);
  const heading = page.getByRole("heading", { name: /调查问卷（第 \d+ 版）/ });
  const oldVersion = Number((await heading.textContent())!.match(/第 (\d+) 版/)![1]);
  await expect(page.getByText("情绪/心理状态", { exact: true })).toBeVisible();
  await page.getByLabel("见到的家庭成员").fill(`${family.headName}本人`);
  for (const [question, answer] of ANSWERS) await page.getByRole("group", { name: question }).getByText(answer, { exact: true }).click();
  await page.getByLabel("情绪/心理状态说明").fill("突发疾病后不爱与人交流");
  await page.getByRole("button", { name: "提交走访记录" }).click();
  await expect(page.getByTestId("flash")).toHaveText(/走访记录已保存/);
  await logout(page);

  // The administrator rewords 住房安全 in a draft and publishes it as the next version.
  const wording = `住房安全（含危房改造需求）${uniqueName("问")}`;
  await login(page, "admin");
  await page.getByRole("link", { name: "走访问卷" }).first().click();
  await expect(page.getByRole("heading", { name: "走访调查问卷", level: 1 })).toBeVisible();
  const start = page.getByRole("button", { name: "基于当前版本新建草稿" });
  if (await start.isVisible()) await start.click();
  const housing = page.getByTestId("draft-question").filter({ hasText: /住房安全/ }).first();
  await housing.locator("summary").click();
  await housing.getByLabel("题目表述").fill(wording);
  await housing.getByRole("button", { name: "保存题目" }).click();
  await expect(page.getByTestId("form-message").first()).toHaveText("题目已保存到草稿。");
  await expect(page.getByTestId("draft-questions")).toContainText(wording);
  // Publishing asks first; a published version cannot be changed.
  let asked = "";
  page.once("dialog", (d) => { asked = d.message(); void d.accept(); });
  await page.getByRole("button", { name: `发布为第 ${oldVersion + 1} 版` }).click();
  await expect(page.getByTestId("flash")).toHaveText(`已发布第 ${oldVersion + 1} 版。`);
  expect(asked).toContain("已发布的版本不可更改");
  await expect(page.getByTestId("current-version")).toContainText(`第 ${oldVersion + 1} 版`);
  await expect(page.getByTestId("versions").locator(":scope > li")).toHaveCount(oldVersion + 1);
  await logout(page);

  // The caseworker's form asks the new wording; the earlier visit shows the old one.
  await login(page, "caseworker");
  await page.goto(`${family.url}/visits/new`);
  await expect(page.getByRole("heading", { name: `调查问卷（第 ${oldVersion + 1} 版）` })).toBeVisible();
  await expect(page.getByRole("group", { name: wording })).toBeVisible();
  await page.goto(family.url);
  const visit = page.getByTestId("visit-history").locator(":scope > li").first();
  await visit.locator("summary").click();
  await expect(visit.getByTestId("visit-questionnaire-version")).toHaveText(`调查问卷（第 ${oldVersion} 版）`);
  await expect(visit).toContainText("住房安全：安全");
  await expect(visit).not.toContainText(wording);
  await expect(visit).toContainText("情绪/心理状态：情绪低落");
  await expect(visit).toContainText("突发疾病后不爱与人交流");
});

test("a caseworker cannot open the questionnaire editor", async ({ page }) => {
  await login(page, "caseworker");
  await expect(page.getByRole("link", { name: "走访问卷" })).toHaveCount(0);
  const response = await page.goto("/admin/questionnaire");
  expect(response?.status()).toBe(403);
});
