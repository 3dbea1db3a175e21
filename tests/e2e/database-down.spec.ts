/**
 * The database stops while the app is in use (issue 12), on an app server and a PostgreSQL of
 * this spec's own — the shared e2e server is not disturbed. Signed in as a caseworker, with the
 * database stopped: a page says 服务暂时不可用 in Chinese (never Next's English "This page
 * couldn't load"), a submitted form says the service is unavailable and keeps what was typed, a
 * login says unavailable rather than "wrong password", /api/ready answers 503 (and /api/health
 * 200). The database started again, the same app process serves the page again.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { expect, test, type Page } from "@playwright/test";
import { freePort } from "../../lib/db/embedded";
import { projectRoot, startTestServer, type TestServer } from "../../lib/db/server";
import { prepareDatabase } from "../../lib/cli/prepare";
import { newIdKeys } from "../../lib/crypto/keyring";
import { idKeysEnv } from "../../lib/crypto/key-file";
import { PASSWORD } from "./helpers";

const CLUSTER = "e2e-down-postgres";
const DATABASE = "nuanxin_e2e_down";
const ENGLISH = /This page couldn.t load|Application error|Internal Server Error|ERROR \d{6,}/i;

let server: TestServer;
let pgPort: number;
let app: ChildProcess | null = null;
let base: string;
let output = "";

async function startDatabase(): Promise<TestServer> {
  return startTestServer(CLUSTER, pgPort);
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  pgPort = await freePort(Number(process.env.E2E_DOWN_PG_PORT ?? 54625));
  server = await startDatabase();
  pgPort = new URL(server.serverUrl).port ? Number(new URL(server.serverUrl).port) : pgPort;
  const admin = new pg.Client({ connectionString: server.serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.end();
  const urls = await server.createDatabase(DATABASE);
  // ID-number keys of this run (decision 017): the seed encrypts with them, the app reads with them.
  const idKeys = newIdKeys();
  await prepareDatabase(urls, { demo: true, log: () => {}, idKeys: () => idKeys });

  const port = await freePort(Number(process.env.E2E_DOWN_PORT ?? 3410));
  base = `http://localhost:${port}`;
  app = spawn(path.join(projectRoot, "node_modules", ".bin", "next"), ["start", "-p", String(port)], {
    cwd: projectRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DATABASE_URL: urls.app,
      NEXTAUTH_SECRET: "e2e-down-secret-e2e-down-secret-01234567",
      NEXTAUTH_URL: base,
      NEXT_TELEMETRY_DISABLED: "1",
      DEMO_MODE: "true",
      ...idKeysEnv(idKeys),
    },
  });
  app.stdout!.on("data", (d) => (output += d));
  app.stderr!.on("data", (d) => (output += d));
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {}
    if (i > 120) throw new Error(`next start did not answer:\n${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }
});

test.afterAll(async () => {
  app?.kill("SIGTERM");
  server?.stop();
});

async function signIn(page: Page, username: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await expect(page.getByTestId("signed-in-user")).toBeVisible();
}

async function expectNoEnglishError(page: Page) {
  await expect(page.locator("body")).not.toContainText(ENGLISH);
}

test("with the database stopped every answer is Chinese, forms keep what was typed, and the app recovers", async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  await signIn(page, "caseworker");
  expect((await fetch(`${base}/api/ready`)).status).toBe(200);

  // A form open before the outage.
  await page.goto(`${base}/households/new`);
  await page.getByLabel("所在村（社区）").selectOption({ label: "站前社区" });
  await page.getByLabel("住址").fill("站前社区 断库测试家");
  await page.getByTestId("member-row").first().getByLabel("姓名").fill("孙断库");

  server.stop();

  // Readiness says so at once; liveness still answers.
  const readyDown = await fetch(`${base}/api/ready`);
  expect(readyDown.status).toBe(503);
  expect(readyDown.headers.get("cache-control")).toBe("no-store");
  expect(await readyDown.json()).toMatchObject({ ready: false, database: "unreachable" });
  expect((await fetch(`${base}/api/health`)).status).toBe(200);

  // The form: submitted during the outage, the message where the user looks, the values kept.
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByTestId("form-message")).toContainText("服务暂时不可用");
  await expect(page.getByTestId("form-message")).not.toContainText("操作失败");
  await expect(page.getByLabel("住址")).toHaveValue("站前社区 断库测试家");
  await expect(page.getByTestId("member-row").first().getByLabel("姓名")).toHaveValue("孙断库");
  await expectNoEnglishError(page);
  await page.getByTestId("form-message").screenshot({ path: testInfo.outputPath("form-unavailable.png") });

  // A page loaded during the outage: the layout's own session lookup fails.
  for (const path of ["/", "/households", "/visits"]) {
    await page.goto(`${base}${path}`);
    await expect(page.getByTestId("fault-unavailable")).toBeVisible();
    await expect(page.getByRole("heading", { name: "服务暂时不可用" })).toBeVisible();
    await expect(page.getByRole("button", { name: "重试" })).toBeVisible();
    await expectNoEnglishError(page);
  }
  await page.screenshot({ path: testInfo.outputPath("unavailable-desktop.png"), fullPage: true });
  // On a phone the message and the retry button fit on the first screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole("button", { name: "重试" })).toBeInViewport();
  await page.screenshot({ path: testInfo.outputPath("unavailable-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });
  // The retry button, pressed while the database is still down, shows the same page again.
  await page.getByRole("button", { name: "重试" }).click();
  await expect(page.getByTestId("fault-unavailable")).toBeVisible();
  await expectNoEnglishError(page);

  // Signing in during the outage (another browser, no session): unavailable, not a wrong password.
  const phone = await browser.newContext({ viewport: { width: 412, height: 915 }, isMobile: true, hasTouch: true, locale: "zh-CN" });
  const other = await phone.newPage();
  // Without a session cookie the login page needs no database: it shows the plain form.
  await other.goto(`${base}/login`);
  await other.getByLabel("用户名").fill("caseworker");
  await other.getByLabel("密码").fill(PASSWORD);
  await other.getByRole("button", { name: "登录" }).click();
  await expect(other.getByTestId("login-error")).toContainText("服务暂时不可用");
  await expect(other.getByTestId("login-error")).not.toContainText("用户名或密码错误");
  await expectNoEnglishError(other);
  await other.screenshot({ path: testInfo.outputPath("login-unavailable-phone.png"), fullPage: true });
  // The signed-in user's login page (a session cookie, whose lookup fails) says so before any attempt.
  await page.goto(`${base}/login`);
  await expect(page.getByTestId("login-unavailable")).toContainText("服务暂时不可用");
  await expectNoEnglishError(page);
  await page.screenshot({ path: testInfo.outputPath("login-notice-desktop.png") });
  await page.goto(`${base}/visits`);
  await expect(page.getByTestId("fault-unavailable")).toBeVisible();

  // The database is back: the same app process serves the same pages again.
  server = await startDatabase();
  await expect.poll(async () => (await fetch(`${base}/api/ready`)).status, { timeout: 30_000 }).toBe(200);
  await page.getByRole("button", { name: "重试" }).click();
  await expect(page.getByTestId("signed-in-user")).toBeVisible();
  await expect(page.getByTestId("fault-unavailable")).toHaveCount(0);
  await page.goto(`${base}/households`);
  await expect(page.getByTestId("signed-in-user")).toBeVisible();
  await expectNoEnglishError(page);

  // And the phone that could not sign in now can.
  await other.goto(`${base}/login`);
  await other.getByLabel("用户名").fill("caseworker");
  await other.getByLabel("密码").fill(PASSWORD);
  await other.getByRole("button", { name: "登录" }).click();
  await other.waitForURL((url) => !url.pathname.startsWith("/login"));
  await phone.close();
  // No request id header would mean the proxy did not run: every answer carries one.
  expect((await fetch(`${base}/api/health`)).headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  fs.writeFileSync(testInfo.outputPath("app.log"), output);
});
