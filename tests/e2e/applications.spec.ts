import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { expect, test, type Page } from "@playwright/test";
import { login, logout, masked, registerHousehold, revealFamily } from "./helpers";

/** Move the running publicity 8 days into the past: the 7 days have "passed". */
async function letPublicityRunOut(applicationId: number) {
  const url = fs.readFileSync(path.join(process.cwd(), ".data", "e2e-database-url"), "utf8").trim();
  // The app role's URL: set up as the system, past row-level security (decision 018).
  const client = new pg.Client({ connectionString: url, options: "-c nuanxin.scope=*" });
  await client.connect();
  await client.query(
    `update publicity set starts_on = starts_on - 8, ends_on = ends_on - 8 where application_id = $1 and outcome = 'RUNNING'`,
    [applicationId],
  );
  await client.end();
}

async function checkAndPropose(page: Page) {
  const check = page.getByTestId("check");
  const incomes = check.getByLabel(/月收入（元）/);
  const n = await incomes.count();
  for (let i = 0; i < n; i++) await incomes.nth(i).fill(i === 0 ? "400" : "0");
  await check.getByRole("button", { name: "保存核对结果" }).click();
  await expect(page.getByTestId("flash")).toHaveText("核对结果已保存");
  await expect(page.getByTestId("check-result")).toContainText("人均月收入");
  const review = page.getByTestId("review");
  await review.getByLabel("拟救助金额（元/月）").fill("560");
  await review.getByLabel("审核意见").fill("经入户调查和核对，人均收入低于当地低保标准");
  await review.getByRole("button", { name: "提交审核意见" }).click();
  await expect(page.getByTestId("flash")).toHaveText("审核意见已提交");
  await page.getByRole("button", { name: "开始公示" }).click();
  await expect(page.getByTestId("flash")).toHaveText("已开始公示");
}

test("an application travels intake → check → review → publicity → objection → publicity again → confirmation, with a masked notice", async ({ page }) => {
  test.setTimeout(180_000);
  // Caseworker: a household not yet covered (category 未纳入) applies for 低保.
  await login(page, "caseworker");
  const family = await registerHousehold(page, {
    category: "NONE", // 未纳入: not yet covered
    members: [{ bornFrom: "1968-01-01" }, { relation: "CHILD", bornFrom: "2009-01-01" }],
  });
  await page.getByRole("link", { name: "受理申请" }).click();
  await page.waitForURL(/applications\/new/);
  // 容缺受理: the income proof is missing, due later.
  const incomeProof = page.getByTestId("document-row").filter({ hasText: "收入证明" });
  await incomeProof.getByRole("checkbox").uncheck();
  await page.getByRole("button", { name: "受理申请" }).click();
  await page.waitForURL(/\/applications\/\d+/);
  await expect(page.getByTestId("flash")).toHaveText("申请已受理");
  const applicationId = Number(page.url().match(/applications\/(\d+)/)![1]);
  await expect(page.getByText(family.headName).first()).toBeVisible();
  await expect(page.getByTestId("documents")).toContainText("收入证明 · 缺少");

  await checkAndPropose(page);
  await expect(page.getByTestId("stage")).toHaveText("公示中");

  // The printed notice masks the name and the ID number.
  await page.goto(`/print/applications/${applicationId}/notice`);
  const notice = page.getByTestId("notice");
  await expect(notice).toContainText("公示");
  const text = (await notice.textContent())!;
  expect(text).not.toMatch(/\d{17}[\dX]/);
  expect(text).toMatch(/\d{6}\*{12}/);
  await page.screenshot({ path: test.info().outputPath("publicity-notice.png"), fullPage: true });

  // An objection during publicity sends it back to re-investigation.
  await page.goto(`/applications/${applicationId}`);
  await page.getByTestId("publicity").locator("summary").click();
  await page.getByLabel("提出人").fill("同村村民");
  await page.getByLabel("异议内容").fill("反映其子女有稳定收入");
  await page.getByRole("button", { name: "登记异议" }).click();
  await expect(page.getByTestId("flash")).toContainText("异议已登记");
  await expect(page.getByTestId("stage")).toHaveText("调查核对中");
  await expect(page.getByTestId("publicity")).toContainText("有异议，已退回重新调查");

  // Re-investigated, proposed and published again; the caseworker cannot confirm.
  await checkAndPropose(page);
  await letPublicityRunOut(applicationId);
  await page.reload();
  await expect(page.getByTestId("confirmation").getByRole("button", { name: "确认" })).toHaveCount(0);
  await logout(page);

  // Supervisor: the missing document blocks confirmation until waived — said before anything is
  // clicked, and no "确认" to press (which used to ask "不可撤销" and then refuse); then confirm.
  await login(page, "supervisor");
  await page.goto(`/applications/${applicationId}`);
  const confirmation = page.getByTestId("confirmation");
  await expect(confirmation.getByTestId("confirm-waits")).toContainText("尚有缺失材料未补齐或豁免：收入证明");
  await expect(confirmation.getByRole("button", { name: "确认", exact: true })).toHaveCount(0);
  const documents = page.getByTestId("documents");
  await documents.getByRole("button", { name: "豁免" }).click();
  await documents.getByLabel("豁免理由").fill("申请人无固定工作，无法开具收入证明");
  await documents.getByRole("button", { name: "豁免" }).click();
  await expect(page.getByTestId("flash")).toHaveText("已豁免该材料");
  await expect(documents).toContainText("已豁免");
  // The condition is gone, and so is its message.
  await expect(page.getByText("尚有缺失材料未补齐或豁免")).toHaveCount(0);
  page.on("dialog", (d) => d.accept());
  await page.getByTestId("confirmation").getByRole("button", { name: "确认", exact: true }).click();
  await expect(page.getByTestId("flash")).toContainText("已确认");
  await expect(page.getByTestId("stage")).toHaveText("已确认");
  // Who confirmed and when; the clock says the case is finished, not "正常".
  await expect(page.getByTestId("decided-by")).toContainText("确认人：刘洋");
  await expect(page.getByTestId("clock")).toContainText("已办结");
  await expect(page.getByTestId("clock")).not.toContainText("正常");
  // The register follows the decision: the family is now 低保. The county supervisor sits above
  // the family's township, so the name is masked until revealed with a reason (decision 016).
  await page.goto(family.url);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${masked(family.headName)} 低保`);
  await revealFamily(page, family.url, "审核确认：核对低保对象登记信息");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${family.headName} 低保`);
  await logout(page);

  // Provincial staff see the result (read-only): the household is now 低保.
  await login(page, "province");
  await page.goto(`/applications/${applicationId}`);
  await expect(page.getByTestId("stage")).toHaveText("已确认");
  await expect(page.getByTestId("confirmation").getByRole("button")).toHaveCount(0);
});
