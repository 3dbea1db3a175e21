import { expect, test } from "@playwright/test";
import { login } from "./helpers";

test.describe("monthly home visits", () => {
  for (const device of ["desktop", "phone"] as const) {
    // Tagged @phone: run by the phone-sized project only (playwright.config.ts).
    test(`a caseworker logs a visit with a problem to a due household and sees it in the history${device === "phone" ? " @phone" : ""}`, async ({ page }) => {
      await login(page, "caseworker");
      await page.goto("/visits?filter=overdue");
      await expect(page.getByRole("heading", { name: "本月走访" })).toBeVisible();
      await expect(page.getByTestId("coverage")).toContainText("%");

      // Phone and desktop take different households, so the two runs do not collide.
      const rows = page.locator('[data-testid="roster-row"][data-status="overdue"]');
      const row = rows.nth(device === "phone" ? 1 : 0);
      const head = (await row.getByTestId("head-name").textContent())!.trim();
      await row.getByRole("link", { name: "登记走访" }).click();
      await expect(page.getByRole("heading", { name: "登记入户走访" })).toBeVisible();

      await page.getByLabel("见到的家庭成员").fill(`${head}本人`);
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
      await expect(page.getByRole("heading", { name: head })).toBeVisible();
      const history = page.getByTestId("visit-history");
      await expect(history.locator("li").first()).toContainText("户主近期住院");
      await expect(page.getByTestId("problems")).toContainText("住院自付费用约 8000 元，无力承担");

      // Back on the roster the household now counts as visited.
      await page.goto("/visits?filter=visited");
      await expect(page.getByTestId("roster")).toContainText(head);
    });
  }
});
