import { expect, test } from "@playwright/test";
import { login } from "./helpers";

test("a caseworker opens the discovery worklist, screens a household, and opens its application", async ({ page }) => {
  await login(page, "caseworker");
  await page.goto("/worklist");
  await expect(page.getByRole("heading", { name: "主动发现" })).toBeVisible();
  const first = page.getByTestId("worklist").locator("li").first();
  const head = (await first.getByRole("link").first().textContent())!.trim();
  await expect(first.locator("span.flex-wrap span").first()).toBeVisible(); // at least one reason
  await first.locator("summary").click();
  await first.getByLabel("申请类型").selectOption("DIBAO");
  await first.getByLabel("情况说明").fill("入户排查：家庭成员重病，收入明显下降，符合低保申请条件");
  await first.getByRole("button", { name: "提交排查结果" }).click();
  await page.waitForURL(/\/applications\/\d+/);
  await expect(page.getByTestId("flash")).toHaveText("申请已受理");
  await expect(page.getByText(head).first()).toBeVisible();
  await expect(page.getByTestId("stage")).toHaveText("调查核对中");
  // The household has left the worklist and counts as screened and applied.
  await page.goto("/worklist");
  await expect(page.getByTestId("worklist")).not.toContainText(head);
  // Conversion: the "已申请" column (4th) now counts this household under each of its reasons.
  const appliedCells = await page.getByTestId("conversion").locator("tbody tr td:nth-child(4)").allTextContents();
  expect(appliedCells.map(Number).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
});
