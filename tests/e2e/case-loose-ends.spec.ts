/**
 * Issue 15's walk-through fixes that had no browser check yet (decision 029 lists them): a policy
 * offer closes its form and is recorded once; the 容缺 intake form says what is missing and labels
 * its dates; a long waiver reason does not push a phone's page sideways and the small buttons are
 * thumb-sized; and the category paths that were removed (registration, an edit, an alert's close
 * posted with a category by hand) are refused and write nothing.
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { asSystemSql, freshIdNumber, login, logout, registerHousehold, uniqueName } from "./helpers";

/** A hand-made submission: the form as shown, with hidden fields added. */
async function addHidden(form: Locator, fields: Record<string, string>) {
  await form.evaluate((el, f) => {
    for (const [name, value] of Object.entries(f)) {
      const input = document.createElement("input");
      input.type = "hidden"; input.name = name; input.value = value;
      el.appendChild(input);
    }
  }, fields);
}

async function noSidewaysScroll(page: Page) {
  const w = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, client: document.scrollingElement!.clientWidth }));
  expect(w.client).toBeLessThanOrEqual(412);
  expect(w.scroll).toBeLessThanOrEqual(w.client);
}

test("recording a policy offer closes the form, and the same offer is not recorded twice", async ({ page }) => {
  await login(page, "caseworker");
  const family = await registerHousehold(page, { category: "NONE", members: [{ bornFrom: "1968-01-01", majorIllness: true }] });
  await page.goto(family.url);
  const policy = page.getByTestId("matched-policies").locator(":scope > li").first();
  const title = (await policy.locator("span.font-medium").first().textContent())!;
  await policy.getByRole("button", { name: "记录告知/提供" }).click();
  await policy.getByLabel("已接受").check();
  const save = policy.getByRole("button", { name: "保存记录" });
  await save.click();
  await expect(policy.getByTestId("offer-saved")).toHaveText("已记录");
  await expect(save).toHaveCount(0);
  await expect(policy.getByLabel("待定")).toHaveCount(0);
  const offers = page.getByTestId("offers").locator(":scope > li").filter({ hasText: title });
  await expect(offers).toHaveCount(1);
  // Opened again and saved again the same day: refused, still one offer.
  await policy.getByRole("button", { name: "记录告知/提供" }).click();
  await policy.getByRole("button", { name: "保存记录" }).click();
  await expect(policy.getByTestId("form-message")).toContainText("今天已记录过向该户告知此项");
  await page.reload();
  await expect(page.getByTestId("offers").locator(":scope > li").filter({ hasText: title })).toHaveCount(1);
});

test("the 容缺 intake form shows an unticked document as not submitted, with a labelled deadline", async ({ page }) => {
  await login(page, "caseworker");
  await registerHousehold(page, { category: "NONE" });
  await page.getByRole("link", { name: "受理申请" }).click();
  await page.waitForURL(/applications\/new/);
  const incomeProof = page.getByTestId("document-row").filter({ hasText: "收入证明" });
  await expect(incomeProof.getByTestId("document-status")).toHaveText("已提交");
  await expect(incomeProof.getByText("补交期限")).toHaveCount(0);
  await incomeProof.getByRole("checkbox").uncheck();
  await expect(incomeProof.getByTestId("document-status")).toHaveText("未提交，须设定补交期限");
  await expect(incomeProof.getByTestId("document-status")).not.toHaveText("已提交");
  const due = incomeProof.getByRole("textbox", { name: "补交期限" });
  await expect(due).toBeVisible();
  await expect(due).toHaveAttribute("type", "date");
  await expect(incomeProof.getByText("补交期限", { exact: true })).toBeVisible();
  // Ticked again: back to 已提交, no deadline asked.
  await incomeProof.getByRole("checkbox").check();
  await expect(incomeProof.getByTestId("document-status")).toHaveText("已提交");
  await expect(incomeProof.getByRole("textbox", { name: "补交期限" })).toHaveCount(0);
});

test("on a 412 px phone a long waiver reason scrolls nothing sideways; 显示完整号码, 记录告知/提供 and 移除 are at least 44 px @phone", async ({ page }) => {
  test.setTimeout(150_000);
  await login(page, "caseworker");
  const family = await registerHousehold(page, { category: "NONE", members: [{ bornFrom: "1968-01-01", majorIllness: true }] });
  await page.goto(family.url);
  await noSidewaysScroll(page);
  const reveal = page.getByTestId("member").first().getByRole("button", { name: "显示完整号码" });
  expect((await reveal.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  const offer = page.getByTestId("matched-policies").getByRole("button", { name: "记录告知/提供" }).first();
  expect((await offer.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await page.goto(`${family.url}/visits/new`);
  await page.getByRole("button", { name: "+ 添加问题" }).click();
  const remove = page.getByTestId("problem-row").getByRole("button", { name: "移除" });
  expect((await remove.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await noSidewaysScroll(page);

  await page.goto(family.url);
  await page.getByRole("link", { name: "受理申请" }).click();
  await page.waitForURL(/applications\/new/);
  await page.getByTestId("document-row").filter({ hasText: "收入证明" }).getByRole("checkbox").uncheck();
  await page.getByRole("button", { name: "受理申请" }).click();
  await page.waitForURL(/\/applications\/\d+/);
  const applicationUrl = page.url().replace(/[?#].*$/, "");
  await logout(page);

  await login(page, "supervisor");
  await page.goto(applicationUrl);
  const documents = page.getByTestId("documents");
  await documents.getByRole("button", { name: "豁免" }).click();
  const reason = `申请人长期打零工无固定单位无法开具收入证明经村委会入户核实情况属实ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789${"无法开具".repeat(20)}`;
  await documents.getByLabel("豁免理由").fill(reason);
  await documents.getByRole("button", { name: "豁免" }).click();
  await expect(page.getByTestId("flash")).toHaveText("已豁免该材料");
  await expect(documents).toContainText("已豁免");
  await noSidewaysScroll(page);
});

test("a registration, an edit or an alert's close posted with a category is refused and writes nothing", async ({ page }) => {
  await login(page, "caseworker");
  // Registration: the form offers no category; a 低保 posted by hand is refused, nothing is stored.
  await page.goto("/households/new");
  await expect(page.getByTestId("category-fixed")).toContainText("未纳入");
  await expect(page.getByLabel("救助类别")).toHaveCount(0);
  const address = `站前社区 直接纳入${uniqueName()}家`;
  await page.getByLabel("所在村（社区）").selectOption({ label: "站前社区" });
  await page.getByLabel("住址").fill(address);
  await page.getByLabel("姓名").fill(uniqueName());
  await page.getByLabel("与户主关系").selectOption("HEAD");
  await page.getByLabel("身份证号").fill(freshIdNumber("211102", "1965-01-01", { unique: true }));
  await addHidden(page.locator("form").filter({ has: page.getByLabel("住址") }), { category: "DIBAO" });
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("救助类别只能经审核确认（受理申请）或停保改变").first()).toBeVisible();
  await page.goto(`/households?q=${encodeURIComponent(address)}`);
  await expect(page.getByText("没有符合条件的家庭。")).toBeVisible();

  // An alert's close: the re-assessment form offers no category change; posted by hand, refused.
  const family = await registerHousehold(page, { category: "DIBAO" });
  await page.goto("/alerts");
  await asSystemSql(
    `insert into monitoring_alert (household_id, region_code, kind, detail, dedupe_key, raised_on)
     select id, region_code, 'INCOME_CHANGE', json_build_object('visitedOn', (now() at time zone 'Asia/Shanghai')::date, 'answer', 'increased')::text,
       'e2e-loose-ends-' || id, (now() at time zone 'Asia/Shanghai')::date
     from household where id = $1`, [family.id]);
  await page.goto("/alerts");
  const alert = page.getByTestId("alert").filter({ hasText: family.headName });
  await alert.locator("summary").click();
  await expect(alert.getByText("变更救助类别", { exact: true })).toHaveCount(0);
  const form = alert.locator("form").filter({ has: page.getByRole("button", { name: "提交复核结论" }) });
  await alert.getByText("无需变更", { exact: true }).click();
  await alert.getByLabel("复核说明").fill("收入增加，拟直接取消低保");
  await form.evaluate((el) => {
    for (const r of Array.from(el.querySelectorAll<HTMLInputElement>('input[name="outcome"]'))) r.value = "CATEGORY_CHANGE";
  });
  await addHidden(form, { newCategory: "NONE" });
  await alert.getByRole("button", { name: "提交复核结论" }).click();
  await expect(alert.getByText("复核不能直接变更救助类别").first()).toBeVisible();
  const rows = await asSystemSql<{ category: string; open: number }>(
    `select h.category::text as category, (select count(*)::int from monitoring_alert a where a.household_id = h.id and a.closed_on is null) as open
     from household h where h.id = $1`, [family.id]);
  expect(rows[0]).toEqual({ category: "DIBAO", open: 1 });
  await page.goto(family.url);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${family.headName} 低保`);
});
