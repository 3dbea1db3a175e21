import { expect, test } from "@playwright/test";
import { login, logout, openRosterFor, registerHousehold } from "./helpers";

test.describe("monthly home visits", () => {
  for (const device of ["desktop", "phone"] as const) {
    // Tagged @phone: run by the phone-sized project only (playwright.config.ts).
    test(`a caseworker logs a visit with a problem to a due household and sees it in the history${device === "phone" ? " @phone" : ""}`, async ({ page }) => {
      await login(page, "caseworker");
      // A 低保 household of the caseworker's own, never visited: overdue on this month's roster.
      const family = await registerHousehold(page, { category: "DIBAO" });

      await openRosterFor(page, family.headName, "overdue");
      await expect(page.getByTestId("coverage")).toContainText("%");
      const row = page.getByTestId("roster-row");
      await expect(row).toHaveCount(1);
      await expect(row).toHaveAttribute("data-status", "overdue");
      await expect(row.getByTestId("head-name")).toHaveText(family.headName);
      await row.getByRole("link", { name: "登记走访" }).click();
      await expect(page.getByRole("heading", { name: "登记入户走访" })).toBeVisible();

      await page.getByLabel("见到的家庭成员").fill(`${family.headName}本人`);
      for (const answer of ["收入减少", "新患疾病", "无在学子女", "安全", "有需求，无人照料", "部分了解", "变差"]) {
        await page.getByText(answer, { exact: true }).first().click();
      }
      await page.getByLabel("走访情况记录").fill("户主近期住院，家中老人无人照料");
      await page.getByRole("button", { name: "+ 添加问题" }).click();
      await page.getByLabel("问题类别").selectOption("MEDICAL");
      await page.getByLabel("问题描述").fill("住院自付费用约 8000 元，无力承担");
      await page.getByLabel("紧急程度").selectOption("HIGH");
      await page.getByRole("button", { name: "提交走访记录" }).click();

      await expect(page.getByTestId("flash")).toHaveText("走访记录已保存，登记问题 1 个");
      await expect(page.getByRole("heading", { name: family.headName })).toBeVisible();
      const history = page.getByTestId("visit-history");
      await expect(history.locator(":scope > li")).toHaveCount(1);
      await expect(history.locator(":scope > li")).toContainText("户主近期住院");
      await expect(page.getByTestId("problems")).toContainText("住院自付费用约 8000 元，无力承担");

      // Back on the roster the household now counts as visited this month, and is no longer overdue.
      await openRosterFor(page, family.headName, "visited");
      await expect(page.getByTestId("roster-row")).toHaveCount(1);
      await expect(page.getByTestId("roster-row")).toHaveAttribute("data-status", "visited");
      await expect(page.getByTestId("roster")).toContainText(family.headName);
      await openRosterFor(page, family.headName, "overdue");
      await expect(page.getByTestId("roster-row")).toHaveCount(0);
      await expect(page.getByText("没有符合条件的家庭。")).toBeVisible();
    });
  }
});

test("above a township the roster is each subregion's coverage, drilled down to a township's households", async ({ page }) => {
  await login(page, "caseworker");
  const family = await registerHousehold(page, { category: "DIBAO" });
  await logout(page);

  // The province: its cities, each with households due and visited this month, no household rows.
  await login(page, "province");
  await page.goto("/visits");
  const regions = page.getByTestId("roster-regions");
  await expect(regions.getByTestId("roster-region")).toHaveCount(14);
  await expect(page.getByTestId("roster-row")).toHaveCount(0);
  await regions.getByRole("link", { name: "盘锦市", exact: true }).click();
  await expect(page.getByTestId("roster-breadcrumb")).toContainText("辽宁省 › 盘锦市");
  await page.getByTestId("roster-regions").getByRole("link", { name: "双台子区", exact: true }).click();
  await expect(page.getByTestId("roster-breadcrumb")).toContainText("双台子区");
  const township = page.getByTestId("roster-regions").getByTestId("roster-region").filter({ hasText: "建设街道" });
  const due = Number((await township.locator("td").nth(1).textContent())!.replace(/,/g, ""));
  expect(due).toBeGreaterThan(0);
  await township.getByRole("link", { name: "建设街道" }).click();

  // The township: its households, found by name, masked for a provincial user (decision 016).
  await expect(page.getByTestId("roster")).toBeVisible();
  await page.getByLabel("查找家庭").fill(family.headName);
  await page.getByRole("button", { name: "搜索" }).click();
  await expect(page.getByTestId("roster-row")).toHaveCount(1);
  await expect(page).toHaveURL(/region=211102003/);
});
