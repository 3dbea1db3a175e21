import { expect, test } from "@playwright/test";
import { freshIdNumber, login, logout, uniqueName } from "./helpers";

test("a caseworker who opens a household of another township by URL gets 'not found'", async ({ page }) => {
  // Find a household in 沈阳 as the 沈阳 caseworker…
  await login(page, "caseworker2");
  await page.goto("/households");
  const link = page.getByTestId("household-list").getByRole("link").first();
  const href = (await link.getAttribute("href"))!;
  await page.goto(href);
  await expect(page.getByTestId("member").first()).toBeVisible();
  await logout(page);

  // …then open it as the 盘锦 caseworker.
  await login(page, "caseworker");
  const response = await page.goto(href);
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();
  await expect(page.getByText("未找到该记录，或不在您的管辖范围内。")).toBeVisible();
  await expect(page.getByTestId("member")).toHaveCount(0);
});

test("bad input gets a Chinese message beside each field, keeps what was typed, and writes nothing", async ({ page }) => {
  await login(page, "caseworker");
  await page.goto("/households/new");
  const good = freshIdNumber("211102", "1980-02-03");
  const wrongCheck = good.slice(0, 17) + (good[17] === "1" ? "2" : "1");
  const future = freshIdNumber("211102", "2031-01-01");
  const address = `测试坏输入 ${Date.now()}`;

  await page.getByLabel("所在村（社区）").selectOption({ label: "站前社区" });
  await page.getByLabel("住址").fill(address);
  await page.getByLabel("备注").fill("长".repeat(10_000));
  await page.getByLabel("身份证号").fill(wrongCheck);
  await page.getByLabel("与户主关系").selectOption("HEAD");
  await page.getByRole("button", { name: "+ 添加成员" }).click();
  const second = page.getByTestId("member-row").nth(1);
  await second.getByLabel("姓名").fill("未来人");
  await second.getByLabel("身份证号").fill(future);
  await second.getByLabel("与户主关系").selectOption("CHILD");
  await page.getByRole("button", { name: "保存" }).click();

  await expect(page.getByTestId("form-message")).toHaveText("输入有误，请按提示修改后再提交。");
  const errorOf = (id: string) => page.locator(`#${id}-error`);
  await expect(errorOf("f-members-0-idNumber")).toHaveText("身份证号校验位不正确，请核对后重新输入");
  await expect(errorOf("f-members-1-idNumber")).toHaveText("身份证号中的出生日期晚于今天");
  await expect(errorOf("f-members-0-name")).toHaveText("请填写此项");
  await expect(errorOf("f-note")).toHaveText("不能超过 2000 个字");
  await expect(page.locator("#f-members-0-idNumber")).toHaveAttribute("aria-invalid", "true");

  // What was typed is still there.
  await expect(page.getByLabel("住址")).toHaveValue(address);
  await expect(page.locator("#f-members-0-idNumber")).toHaveValue(wrongCheck);
  await expect(second.getByLabel("姓名")).toHaveValue("未来人");
  await expect(page.getByLabel("所在村（社区）")).toHaveValue("211102003001");

  // Nothing was written.
  await page.goto(`/households?q=${encodeURIComponent(address)}`);
  await expect(page.getByText("没有符合条件的家庭。")).toBeVisible();
});

test("a caseworker registers a household, reveals an ID number (audited), and the admin sees the reveal", async ({ page }) => {
  await login(page, "caseworker");
  await page.goto("/households/new");
  const id = freshIdNumber("211102", "1938-06-15", { unique: true }); // over 75
  const name = uniqueName("周");
  await page.getByLabel("所在村（社区）").selectOption({ label: "站前社区" });
  await page.getByLabel("住址").fill("站前社区 7号楼1单元101");
  await page.getByLabel("姓名").fill(name);
  await page.getByLabel("身份证号").fill(id);
  await page.getByLabel("与户主关系").selectOption("HEAD");
  await page.getByLabel("残疾等级").selectOption("1");
  await page.getByRole("button", { name: "保存" }).click();

  await expect(page.getByTestId("flash")).toHaveText("家庭档案已创建");
  await expect(page.getByRole("heading", { name })).toBeVisible();
  const member = page.getByTestId("member").first();
  await expect(member).toContainText("75岁以上老年人");
  await expect(member).toContainText("重度残疾（1级）");
  await expect(member.getByTestId("id-number")).toHaveText("211102************");

  page.once("dialog", (d) => d.accept());
  await member.getByRole("button", { name: "显示完整号码" }).click();
  await expect(member.getByTestId("id-number")).toHaveText(id);

  // Search by the full number finds her.
  await page.goto(`/households?q=${id}`);
  await expect(page.getByRole("status")).toContainText(`按身份证号找到：${name}`);

  await logout(page);
  await login(page, "admin");
  await page.goto("/audit?entity=member");
  await expect(page.getByTestId("audit-log")).toContainText("member.reveal_id_number");
  await expect(page.getByTestId("audit-log").locator("li").first()).toContainText("王芳");
});
