/**
 * Issue 15: the category changes only through the procedure (an edit or an alert's close posted
 * with a category by hand is refused and changes nothing; 停保 is the supervisor's decision with a
 * reason and a confirmation), and the walk-through's fixes a user notices.
 */
import { expect, test } from "@playwright/test";
import { login, logout, registerHousehold, revealFamily } from "./helpers";

test("an edit posted with a category is refused and changes nothing; the form shows the category, not a choice", async ({ page }) => {
  await login(page, "caseworker");
  const family = await registerHousehold(page, { category: "NONE" });
  await page.goto(`${family.url}/edit`);
  await expect(page.getByTestId("category-fixed")).toContainText("未纳入");
  await expect(page.getByLabel("救助类别")).toHaveCount(0);
  // A hand-made submission: the same form with a category field added.
  await page.locator("form").first().evaluate((form) => {
    const input = document.createElement("input");
    input.type = "hidden"; input.name = "category"; input.value = "DIBAO";
    form.appendChild(input);
  });
  await page.getByLabel("住址").fill("改过的地址");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("救助类别只能经审核确认（受理申请）或停保改变").first()).toBeVisible();
  await page.goto(family.url);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${family.headName} 未纳入`);
  await expect(page.getByText("改过的地址")).toHaveCount(0);
});

test("停保: the county supervisor ends a household's assistance with a reason and a ticked confirmation", async ({ page }) => {
  await login(page, "caseworker");
  const family = await registerHousehold(page, { category: "DIBAO" });
  // The caseworker has no 停保.
  await expect(page.getByRole("link", { name: "停保" })).toHaveCount(0);
  await logout(page);

  await login(page, "supervisor");
  // A supervisor starts at what waits for them.
  await expect(page).toHaveURL(/\/applications\?filter=confirm/);
  await page.goto(family.url);
  await page.getByRole("link", { name: "停保" }).click();
  await page.waitForURL(/\/cease$/);
  await page.getByRole("textbox", { name: /停保理由/ }).fill("家庭人均收入已连续三个月超过保障标准");
  await page.getByRole("button", { name: "确认停保" }).click();
  await expect(page.getByText("请勾选确认后再提交停保")).toBeVisible();
  await page.getByLabel("我已核实停保理由，确认停止该户救助").check();
  await page.getByRole("button", { name: "确认停保" }).click();
  await expect(page.getByTestId("flash")).toHaveText("已停保：该户已退出低收入人口名单");
  await revealFamily(page, family.url, "停保后核对家庭登记信息");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${family.headName} 未纳入`);
  await expect(page.getByRole("link", { name: "停保" })).toHaveCount(0);
});

test("the caseworker's aid page is not titled as a sign-off; the county roster can be searched", async ({ page }) => {
  await login(page, "caseworker");
  await page.goto("/aid");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("临时救助办理");
  await logout(page);
  await login(page, "supervisor");
  await page.goto("/visits");
  await expect(page.getByTestId("roster-regions")).toBeVisible();
  await expect(page.getByRole("search")).toBeVisible();
});
