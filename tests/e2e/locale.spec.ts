/**
 * Decision 030 (issue 15, item 5): a user chooses English on /account and sees the roster and the
 * visit form in English, a bad visit answered with English errors — while another user, signed in
 * at the same time, still sees Chinese. The login page switches language before anyone signs in.
 * `villageworker` is used by no other spec: its stored language cannot leak into theirs.
 */
import { expect, test } from "@playwright/test";
import { PASSWORD, login, registerHousehold } from "./helpers";

test("a user switches to English; the roster, the visit form and its errors follow; another user stays in Chinese", async ({ page, browser }) => {
  await login(page, "villageworker");
  // A repeat of this test starts from Chinese whatever the last run left.
  await page.goto("/account");
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  const family = await registerHousehold(page, { category: "DIBAO" });

  await page.goto("/account");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByTestId("language-saved")).toHaveText("Language saved.");
  await expect(page.getByRole("heading", { name: "Account settings" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  // Another user, another browser, at the same time: Chinese.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await login(otherPage, "caseworker");
  await otherPage.goto("/visits");
  await expect(otherPage.getByRole("heading", { name: "本月走访" })).toBeVisible();
  await expect(otherPage.locator("html")).toHaveAttribute("lang", "zh-CN");

  // The roster in English (the shell too).
  await page.goto(`/visits?q=${encodeURIComponent(family.headName)}`);
  await expect(page.getByRole("heading", { name: "This month's visits" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign out" }).or(page.getByRole("button", { name: "Sign out" }))).toBeVisible();
  const row = page.getByTestId("roster-row");
  await expect(row).toHaveCount(1);
  await row.getByRole("link", { name: "Record visit" }).click();

  // The visit form in English; a bad submission answered in English, field by field.
  await expect(page.getByRole("heading", { name: "Record a home visit" })).toBeVisible();
  await page.getByLabel("Household members met").fill("x".repeat(201));
  await page.getByRole("button", { name: "+ Add a problem" }).click();
  await page.getByRole("button", { name: "Submit visit record" }).click();
  await expect(page.getByText("Some entries need correcting. Fix them as indicated and submit again.")).toBeVisible();
  await expect(page.getByText("At most 200 characters")).toBeVisible();
  await expect(page.getByText("Please fill this in").first()).toBeVisible();
  await expect(page.getByText("请填写此项")).toHaveCount(0);

  // Meanwhile the other user's form still speaks Chinese.
  await otherPage.reload();
  await expect(otherPage.getByRole("heading", { name: "本月走访" })).toBeVisible();
  await other.close();

  // The choice is the user's: a fresh browser signing in gets English at once.
  const again = await browser.newContext();
  const againPage = await again.newPage();
  await againPage.goto("/login");
  await againPage.getByLabel("用户名").fill("villageworker");
  await againPage.getByLabel("密码").fill(PASSWORD);
  await againPage.getByRole("button", { name: "登录" }).click();
  await againPage.waitForURL((url) => !url.pathname.startsWith("/login"));
  await againPage.goto("/visits");
  await expect(againPage.getByRole("heading", { name: "This month's visits" })).toBeVisible();
  // Back to Chinese for everyone after us.
  await againPage.goto("/account");
  await againPage.getByRole("button", { name: "中文" }).click();
  await expect(againPage.getByRole("heading", { name: "账户设置" })).toBeVisible();
  await again.close();
});

test("the login page switches to English before signing in", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "登录" })).toBeVisible();
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByLabel("Username")).toBeVisible();
  await page.getByLabel("Username").fill("nobody-here");
  await page.getByLabel("Password").fill("wrong-password-1");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("Wrong username or password")).toBeVisible();
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByLabel("用户名")).toBeVisible();
});
