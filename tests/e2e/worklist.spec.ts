import { expect, test } from "@playwright/test";
import { login, logout, registerHousehold } from "./helpers";

test("a caseworker opens the discovery worklist, screens a household, and opens its application", async ({ page }) => {
  await login(page, "caseworker");
  // A family not yet covered whose head is over 75 and severely disabled: two discovery rules find it.
  const family = await registerHousehold(page, { category: "NONE", members: [{ bornFrom: "1940-01-01", disabilityGrade: "1" }] });

  await page.goto("/worklist");
  await expect(page.getByRole("heading", { name: "主动发现" })).toBeVisible();
  await page.getByLabel("户主姓名或住址").fill(family.headName);
  await page.getByRole("button", { name: "搜索" }).click();
  await page.waitForURL(/[?&]q=/);
  const item = page.getByTestId("worklist").locator("li");
  await expect(item).toHaveCount(1);
  await expect(item.getByRole("link").first()).toHaveText(family.headName);
  await expect(item).toContainText("75岁");
  await expect(item).toContainText("重度残疾");

  await item.locator("summary").click();
  await item.getByLabel("申请类型").selectOption("DIBAO");
  await item.getByLabel("情况说明").fill("入户排查：家庭成员重病，收入明显下降，符合低保申请条件");
  await item.getByRole("button", { name: "提交排查结果" }).click();
  await page.waitForURL(/\/applications\/\d+/);
  await expect(page.getByTestId("flash")).toHaveText("申请已受理");
  await expect(page.getByText(family.headName).first()).toBeVisible();
  await expect(page.getByTestId("stage")).toHaveText("调查核对中");

  // The household has left the worklist and counts as screened and applied.
  await page.goto(`/worklist?q=${encodeURIComponent(family.headName)}`);
  await expect(page.getByTestId("worklist")).toHaveCount(0);
  // Conversion: the "已申请" column (4th) counts this household under each of its reasons.
  const appliedCells = await page.getByTestId("conversion").locator("tbody tr td:nth-child(4)").allTextContents();
  expect(appliedCells.map(Number).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2);
});

test("provincial staff drill down from cities to a township's worklist; a county supervisor starts at the townships", async ({ page }) => {
  await login(page, "province");
  await page.goto("/worklist");
  // The province: counts per city, no province-wide list of households.
  const regions = page.getByTestId("worklist-regions");
  await expect(regions.getByRole("link", { name: "盘锦市" })).toBeVisible();
  await expect(page.getByTestId("worklist")).toHaveCount(0);
  await regions.getByRole("link", { name: "盘锦市" }).click();
  await page.waitForURL(/region=2111\b/);
  await regions.getByRole("link", { name: "双台子区" }).click();
  await page.waitForURL(/region=211102\b/);
  await expect(page.getByTestId("breadcrumb")).toContainText("盘锦市");
  await regions.locator("tbody tr td a").first().click();
  await page.waitForURL(/region=\d{9}\b/);
  // A township: its households, or the empty note; the way back up.
  await expect(page.getByTestId("worklist").or(page.getByText("暂无需要排查的家庭。"))).toBeVisible();
  await expect(page.getByRole("link", { name: "返回上一级" })).toBeVisible();
  await logout(page);

  await login(page, "supervisor");
  await page.goto("/worklist");
  await expect(page.getByTestId("worklist-regions").locator("tbody tr").first()).toBeVisible();
});
