import { expect, test } from "@playwright/test";
import { login, logout, registerHousehold } from "./helpers";

/** "孙丽华" → "孙*华", as lib/households/id-number.ts masks names. */
const masked = (name: string) => `${name[0]}${"*".repeat(name.length - 2)}${name.at(-1)}`;

test("provincial staff see a family masked, and in full only after giving a reason that is audited", async ({ page }) => {
  await login(page, "caseworker");
  const family = await registerHousehold(page, { category: "DIBAO", members: [{ bornFrom: "1950-01-01", majorIllness: true }] });
  await logout(page);

  await login(page, "province");
  await page.goto(family.url);
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toContainText(masked(family.headName));
  await expect(page.locator("main")).not.toContainText(family.headName);
  await expect(page.locator("main")).not.toContainText(family.address);
  await expect(page.getByTestId("member").first()).toContainText("敏感信息 1 项");
  await expect(page.getByTestId("member").first()).not.toContainText("重大疾病");

  // Lists are masked too.
  await page.goto(`/households?q=${encodeURIComponent(family.headName)}`);
  await expect(page.getByTestId("household-list")).toContainText(masked(family.headName));
  await expect(page.getByTestId("household-list")).not.toContainText(family.headName);

  // A reason too short is refused, beside the field; a real one opens the file for 15 minutes.
  await page.goto(family.url);
  const notice = page.getByTestId("masked-notice");
  await notice.locator("summary").click();
  await notice.getByLabel("查看理由").fill("看看");
  await notice.getByRole("button", { name: "查看完整信息" }).click();
  await expect(notice.getByText("请具体说明查看理由（至少 5 个字）")).toBeVisible();
  await notice.getByLabel("查看理由").fill("督导核查：核实低保对象身份");
  await notice.getByRole("button", { name: "查看完整信息" }).click();
  await expect(page.getByTestId("revealed-notice")).toContainText("已记入审计日志");
  await expect(heading).toContainText(family.headName);
  await expect(page.getByTestId("member").first()).toContainText("重大疾病");
  await logout(page);

  // The administrator finds the reveal, with its reason, in the audit log.
  await login(page, "admin");
  await page.goto("/audit?entity=household");
  await expect(page.getByTestId("audit-log")).toContainText("household.reveal_personal");
  await expect(page.getByTestId("audit-log")).toContainText("督导核查：核实低保对象身份");
});
