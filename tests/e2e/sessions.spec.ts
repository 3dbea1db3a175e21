/**
 * Sign-in and sessions in the browser (issue 11, findings 4–6): a cookie copied before logout is
 * refused after it; a callback to another site lands on our own; five wrong passwords lock an
 * account with a Chinese notice of the wait, and an administrator unlocks it from the users page.
 * Each test makes its own account in the e2e database (never a shared demo user: a lock or a new
 * password would break the other specs running beside it).
 */
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { hash } from "@node-rs/argon2";
import { expect, test, type Page } from "@playwright/test";
import { login } from "./helpers";

const PASSWORD = "Spec-Pass-2026!";

async function makeUser(prefix: string, opts: { role?: string; regionCode?: string } = {}) {
  const url = fs.readFileSync(path.join(process.cwd(), ".data", "e2e-database-url"), "utf8").trim();
  // The app role's URL: set up as the system, past row-level security (decision 018).
  const client = new pg.Client({ connectionString: url, options: "-c nuanxin.scope=*" });
  await client.connect();
  const username = `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  await client.query(
    `insert into app_user (username, name, password_hash, role, region_code) values ($1, $2, $3, $4::role, $5)`,
    [username, `测试${prefix}`, await hash(PASSWORD), opts.role ?? "CASEWORKER", opts.regionCode ?? "211102003"],
  );
  await client.end();
  return username;
}

async function signIn(page: Page, username: string, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

test("a session cookie copied before logout is refused after it", async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  const username = await makeUser("sess");
  await signIn(page, username);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await expect(page.getByTestId("signed-in-user")).toBeVisible();
  await page.waitForLoadState("load"); // the logout button needs its script
  const copied = await page.context().cookies();
  expect(copied.some((c) => c.name.includes("next-auth.session-token"))).toBe(true);

  // The copy works while the session lives…
  const thief = await browser.newContext();
  await thief.addCookies(copied);
  const stolen = await thief.newPage();
  await stolen.goto("/households");
  await expect(stolen.getByTestId("signed-in-user")).toBeVisible();

  // …and not a moment after the owner signs out.
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/login/);
  await stolen.goto("/households");
  await expect(stolen).toHaveURL(/\/login/);
  await expect(stolen.getByTestId("signed-in-user")).toHaveCount(0);

  // A replayed request without a browser gets no data either: a redirect to the login page.
  const replay = await thief.request.get(`${baseURL}/households`, { maxRedirects: 0 });
  expect(replay.status()).toBeGreaterThanOrEqual(300);
  expect(replay.status()).toBeLessThan(400);
  expect(replay.headers()["location"]).toContain("/login");
  await thief.close();
});

test("a callback to another site after login lands on this one", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const username = await makeUser("redir");
  for (const callback of ["%2F%5Cevil.example%2F", "%2F%09%2Fevil.example", "%2F%2Fevil.example", "https%3A%2F%2Fevil.example"]) {
    await page.context().clearCookies();
    await page.goto(`/login?callbackUrl=${callback}`);
    await page.getByLabel("用户名").fill(username);
    await page.getByLabel("密码").fill(PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    await expect(page.getByTestId("signed-in-user")).toBeVisible();
  }
  // A same-site callback is kept.
  await page.context().clearCookies();
  await page.goto(`/login?callbackUrl=${encodeURIComponent("/households?category=DIBAO")}`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL(/\/households\?category=DIBAO/);
});

test("five wrong passwords lock the account with the wait in Chinese; an administrator unlocks it", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const username = await makeUser("lock");
  // Its own client address, so the address counts of the other specs are not touched.
  await page.context().setExtraHTTPHeaders({ "x-forwarded-for": "203.0.113.50" });
  await page.goto("/login");
  for (let i = 1; i <= 5; i++) {
    await page.getByLabel("用户名").fill(username);
    await page.getByLabel("密码").fill(`wrong-password-${i}`);
    await page.getByRole("button", { name: "登录" }).click();
    const error = page.getByTestId("login-error");
    if (i < 5) {
      await expect(error).toHaveText(/用户名或密码错误|登录失败次数过多，请 \d+ 秒后再试/);
      // Wait out the backoff (2, 4, 8 s) before the next try.
      if (i >= 2) await page.waitForTimeout(2 ** (i - 1) * 1000 + 300);
    } else {
      await expect(error).toHaveText("登录失败次数过多，请 15 分钟后再试");
    }
  }
  // The right password is refused during the lock.
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByTestId("login-error")).toHaveText(/登录失败次数过多，请 1[45] 分钟后再试/);

  // The administrator finds it on the users page and unlocks it, after confirming.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await login(admin, "admin");
  await admin.goto(`/admin/users?locked=1&q=${username}`);
  const row = admin.getByTestId("user-row").filter({ has: admin.getByText(username, { exact: true }) });
  await expect(row).toContainText("已锁定至");
  admin.once("dialog", (dialog) => {
    expect(dialog.message()).toContain(username);
    void dialog.accept();
  });
  await row.getByTestId("unlock-user").click();
  // The list of locked accounts re-renders without it.
  await expect(row).toHaveCount(0);
  await admin.goto(`/admin/users?q=${username}`);
  await expect(admin.getByTestId("user-row").filter({ has: admin.getByText(username, { exact: true }) })).not.toContainText("已锁定至");
  await adminContext.close();

  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await expect(page.getByTestId("signed-in-user")).toBeVisible();
});
