import { expect, test, type Page } from "@playwright/test";
import { login, logout, masked, openRosterFor, registerHousehold, revealFamily } from "./helpers";

/** "¥1,234.56" → 123456 (cents), to compare money exactly. */
const cents = (text: string) => Math.round(Number(text.replace(/[^\d.-]/g, "")) * 100);

async function openCityFund(page: Page) {
  await page.goto("/funds?kind=CITY_FUND");
  await page.getByRole("link", { name: /盘锦市社会救助基金/ }).first().click();
  await page.waitForURL(/\/funds\/\d+/);
}

async function openTier(page: Page, tier: "IMMEDIATE" | "TRANSFER" | "TEMP_AID") {
  await page.getByTestId(`tier-${tier}`).locator("summary").click();
  return page.getByTestId(`tier-${tier}`);
}

test("a caseworker resolves three problems of one visit in the three tiers; the supervisor signs off; the city fund moves by exactly the amount", async ({ page }) => {
  test.setTimeout(180_000);
  await login(page, "caseworker");

  // A visit with three problems, to a household of this test's own.
  const family = await registerHousehold(page, { category: "DIBAO" });
  const head = family.headName;
  await openRosterFor(page, head);
  await page.getByTestId("roster-row").getByRole("link", { name: "登记走访" }).click();
  await page.getByLabel("见到的家庭成员").fill(`${head}本人`);
  for (const answer of ["收入减少", "医疗费用负担重", "学费生活费困难", "安全", "无", "部分了解", "变差"]) {
    await page.getByText(answer, { exact: true }).first().click();
  }
  const problems = [
    ["BASIC_LIVING", "冬季取暖煤不足"],
    ["SCHOOLING", "孩子高中学费困难"],
    ["MEDICAL", "住院自付费用无力承担"],
  ] as const;
  for (const [i, [category, description]] of problems.entries()) {
    await page.getByRole("button", { name: "+ 添加问题" }).click();
    const problemRow = page.getByTestId("problem-row").nth(i);
    await problemRow.getByLabel("问题类别").selectOption(category);
    await problemRow.getByLabel("问题描述").fill(description);
  }
  await page.getByRole("button", { name: "提交走访记录" }).click();
  await expect(page.getByTestId("flash")).toHaveText("走访记录已保存，登记问题 3 个");
  await page.waitForURL(/\/households\/\d+/);
  const householdUrl = page.url().replace(/\?.*$/, "");

  // Tier 1: solved at once.
  await page.getByTestId("problems").getByRole("link", { name: /冬季取暖煤不足/ }).click();
  await page.waitForURL(/\/problems\/\d+/);
  const immediate = await openTier(page, "IMMEDIATE");
  await immediate.getByLabel("所做工作").fill("当场协调社区送煤 1 吨");
  await immediate.getByRole("button", { name: "记录并结案" }).click();
  await expect(page.getByTestId("flash")).toHaveText("问题已解决");
  await expect(page.getByTestId("resolution")).toContainText("民政部门即时解决");

  // Tier 2: transferred to the education bureau, answered, resolved.
  await page.goto(householdUrl);
  await page.getByTestId("problems").getByRole("link", { name: /孩子高中学费困难/ }).click();
  await page.waitForURL(/\/problems\/\d+/);
  const transfer = await openTier(page, "TRANSFER");
  await transfer.getByLabel("承办部门").selectOption({ label: "教育局" });
  await transfer.getByLabel("转交事项").fill("申请普通高中国家助学金");
  await transfer.getByRole("button", { name: "转交", exact: true }).click();
  await page.waitForURL(/\/transfers\/\d+/);
  await page.getByText("已解决", { exact: true }).click();
  await page.getByRole("textbox", { name: "部门答复" }).fill("已纳入国家助学金，每年 2000 元");
  await page.getByRole("button", { name: "提交答复" }).click();
  await expect(page.getByText("答复已提交，问题已解决。")).toBeVisible();

  // Tier 3: spending-type aid through a case conference.
  await page.goto(householdUrl);
  await page.getByTestId("problems").getByRole("link", { name: /住院自付费用无力承担/ }).click();
  await page.waitForURL(/\/problems\/\d+/);
  const problemUrl = page.url().replace(/\?.*$/, "");
  const aid = await openTier(page, "TEMP_AID");
  await aid.getByText("支出型", { exact: true }).click();
  await aid.getByLabel("救助金额（元）").fill("1234.56");
  await aid.getByLabel("救助事由").fill("住院自付部分，医保报销后仍有缺口");
  await aid.getByLabel("会议日期").fill(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));
  await aid.getByLabel("参会人员").fill("街道民政办、社区书记、网格员");
  await aid.getByLabel("会议纪要").fill("一致同意救助 1234.56 元，报区县签批");
  await aid.getByRole("button", { name: "提交临时救助" }).click();
  await expect(page.getByTestId("flash")).toHaveText("已报区县签批。");
  await expect(page.getByTestId("aid-case")).toContainText("待区县签批");

  // The county supervisor signs it off.
  await logout(page);
  // The county sits above the family's township: the sign-off queue names it masked, and in
  // full once the supervisor reveals it with a reason (decision 016).
  await login(page, "supervisor");
  await page.goto("/aid");
  await expect(page.getByTestId("aid-pending")).toContainText(masked(head));
  await expect(page.getByTestId("aid-pending")).not.toContainText(head);
  await revealFamily(page, householdUrl, "区县签批：核实临时救助对象");
  await page.goto("/aid");
  const pending = page.getByTestId("aid-pending").locator("li").filter({ hasText: head });
  await expect(pending).toHaveCount(1);
  await expect(pending).toContainText("1234.56");
  page.once("dialog", (d) => d.accept());
  await pending.getByRole("button", { name: "批准并支付" }).click();
  await expect(page.getByTestId("flash")).toHaveText("已签批，救助金已从市级社会救助基金支付。");

  // All three resolved, each in its own tier.
  await page.goto(problemUrl);
  await expect(page.getByTestId("resolution")).toContainText("临时救助");
  await page.goto(householdUrl);
  const list = page.getByTestId("problems");
  await expect(list).toContainText("民政部门即时解决");
  await expect(list).toContainText("转交其他部门");
  await expect(list).toContainText("临时救助");

  // The city fund's ledger has the payment for this family, and it moved the balance by exactly
  // the amount: its balance after is the previous entry's balance after less 1,234.56. (The
  // previous entry, not the balance read before the test: other tests pay from this fund too.)
  // The administrator sees the city fund's whole ledger (a county supervisor only its county's).
  await logout(page);
  await login(page, "admin");
  await revealFamily(page, householdUrl, "资金核对：核实救助金支付对象");
  await openCityFund(page);
  const entries = page.getByTestId("ledger-entry");
  const ours = entries.filter({ hasText: head });
  await expect(ours).toHaveCount(1);
  expect(cents((await ours.getByTestId("entry-amount").textContent())!)).toBe(-123456);
  const rows = await entries.evaluateAll((els) =>
    els.map((el) => ({ text: el.textContent ?? "", balance: el.querySelector('[data-testid="entry-balance"]')?.textContent ?? "" })));
  const i = rows.findIndex((r) => r.text.includes(head));
  expect(i).toBeLessThan(rows.length - 1); // its predecessor is on the page (newest first)
  expect(cents(rows[i].balance)).toBe(cents(rows[i + 1].balance) - 123456);
});
