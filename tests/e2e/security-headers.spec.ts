/**
 * Security headers on every kind of response (issue 11, finding 8): the login page, a signed-in
 * page, a print page, an export, API answers and a 404 — and the pages still work under the CSP
 * (sign-in, a server-action form submit) with no violation reported in the console. Over HTTPS
 * (as a proxy in front says with X-Forwarded-Proto) HSTS is sent and the cookies are Secure.
 */
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { hash } from "@node-rs/argon2";
import { expect, test, type APIResponse, type Page, type Response } from "@playwright/test";
import { login } from "./helpers";

type Headers = Record<string, string>;

function expectSecurityHeaders(headers: Headers, what: string) {
  const csp = headers["content-security-policy"];
  expect(csp, `${what}: CSP`).toBeTruthy();
  const script = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src "))!;
  expect(script, what).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(script, what).not.toContain("'unsafe-inline'");
  expect(script, what).not.toContain("'unsafe-eval'");
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("object-src 'none'");
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"], what).toBe("DENY");
  for (const feature of ["camera=()", "microphone=()", "geolocation=()"]) expect(headers["permissions-policy"], what).toContain(feature);
  // Plain http here: no HSTS (it would pin a site that has no TLS).
  expect(headers["strict-transport-security"], what).toBeUndefined();
}

const headersOf = async (r: Response | APIResponse | null) => {
  expect(r).not.toBeNull();
  return "allHeaders" in r! ? await (r as Response).allHeaders() : (r as APIResponse).headers();
};

/** Console messages about the CSP, and uncaught errors, on a page. */
function watchCsp(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy|Content-Security-Policy|Refused to (execute|load|apply)/i.test(msg.text())) problems.push(msg.text());
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

/** A refused application in the caseworker's township, for its printable letter (the demo has none). */
async function refusedApplication(): Promise<number> {
  const url = fs.readFileSync(path.join(process.cwd(), ".data", "e2e-database-url"), "utf8").trim();
  // The app role's URL: set up as the system, past row-level security (decision 018).
  const client = new pg.Client({ connectionString: url, options: "-c nuanxin.scope=*" });
  await client.connect();
  const { rows } = await client.query<{ id: number }>(
    `insert into application (household_id, region_code, type, stage, accepted_on, decision_reason, decided_by_id, decided_on, created_by_id)
     select h.id, h.region_code, 'DIBAO', 'REFUSED', current_date - 20, '人均收入高于当地低保标准', u.id, current_date - 1, u.id
     from household h, app_user u
     where h.region_code like '211102003%' and u.username = 'supervisor'
     order by h.id limit 1
     returning id`,
  );
  await client.end();
  return rows[0].id;
}

test("every kind of response carries the security headers, and the pages work under the CSP", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const problems = watchCsp(page);

  const loginPage = await page.goto("/login");
  expectSecurityHeaders(await headersOf(loginPage), "login page");
  // Each response its own nonce.
  const again = await page.request.get(`${baseURL}/login`);
  expect(again.headers()["content-security-policy"]).not.toBe((await headersOf(loginPage))["content-security-policy"]);

  await login(page, "caseworker");
  const signedIn = await page.goto("/households");
  expectSecurityHeaders(await headersOf(signedIn), "signed-in page");
  await expect(page.getByTestId("signed-in-user")).toBeVisible();
  // Client navigation (scripts running) still works.
  await page.getByRole("navigation", { name: "菜单" }).first().getByRole("link", { name: "本月走访" }).click();
  await page.waitForURL(/\/visits/);

  const id = await refusedApplication();
  const print = await page.goto(`/print/applications/${id}/letter`);
  expectSecurityHeaders(await headersOf(print), "print page");
  expect(print!.status()).toBe(200);
  await expect(page.getByTestId("letter")).toContainText("人均收入高于当地低保标准");

  const exported = await page.request.get(`${baseURL}/dashboard/export?format=csv`);
  expect(exported.status()).toBe(200);
  expect(exported.headers()["content-type"]).toContain("text/csv");
  expectSecurityHeaders(exported.headers(), "export");

  const api = await page.request.get(`${baseURL}/api/v1/rollups`);
  expect(api.status()).toBe(401);
  expectSecurityHeaders(api.headers(), "API answer");
  const spec = await page.request.get(`${baseURL}/api/v1/openapi.json`);
  expect(spec.status()).toBe(200);
  expectSecurityHeaders(spec.headers(), "API document");

  const missing = await page.goto("/no-such-page");
  expect(missing!.status()).toBe(404);
  expectSecurityHeaders(await headersOf(missing), "404 page");

  // A static file: the fixed headers too.
  const css = await page.evaluate(() => [...document.querySelectorAll("link[rel=stylesheet]")].map((l) => (l as HTMLLinkElement).href)[0]);
  const asset = await page.request.get(css);
  expect(asset.headers()["x-content-type-options"]).toBe("nosniff");

  expect(problems, problems.join("\n")).toEqual([]);
});

test("a server-action form works under the CSP: changing one's password, under the policy", async ({ page }) => {
  test.setTimeout(180_000);
  const problems = watchCsp(page);
  const url = fs.readFileSync(path.join(process.cwd(), ".data", "e2e-database-url"), "utf8").trim();
  // The app role's URL: set up as the system, past row-level security (decision 018).
  const client = new pg.Client({ connectionString: url, options: "-c nuanxin.scope=*" });
  await client.connect();
  const username = `pw_${Date.now().toString(36)}`;
  await client.query(
    `insert into app_user (username, name, password_hash, role, region_code) values ($1, '测试改密', $2, 'CASEWORKER', '211102003')`,
    [username, await hash("Old-Pass-2026!")],
  );
  await client.end();

  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill("Old-Pass-2026!");
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await page.getByRole("link", { name: "修改密码" }).first().click();
  await page.waitForURL(/\/account\/password/);

  await page.locator("input[name=currentPassword]").fill("Old-Pass-2026!");
  await page.locator("input[name=newPassword]").fill("short");
  await page.locator("input[name=confirmPassword]").fill("short");
  await page.getByRole("button", { name: "修改密码" }).click();
  await expect(page.getByTestId("field-error").first()).toHaveText("密码至少 10 位");

  await page.locator("input[name=currentPassword]").fill("Old-Pass-2026!");
  await page.locator("input[name=newPassword]").fill("New-Pass-2026?");
  await page.locator("input[name=confirmPassword]").fill("New-Pass-2026?");
  await page.getByRole("button", { name: "修改密码" }).click();
  await page.waitForURL(/\/login\?changed=1/);
  await expect(page.getByTestId("login-notice")).toHaveText("密码已修改，请用新密码重新登录。");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill("New-Pass-2026?");
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await expect(page.getByTestId("signed-in-user")).toBeVisible();
  expect(problems, problems.join("\n")).toEqual([]);
});

test("over HTTPS (behind a TLS proxy) HSTS is sent and the session cookies are Secure", async ({ request, baseURL }) => {
  test.setTimeout(180_000);
  const https = { "x-forwarded-proto": "https" };
  const page = await request.get(`${baseURL}/login`, { headers: https });
  expect(page.headers()["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
  expect(page.headers()["content-security-policy"]).toContain("upgrade-insecure-requests");

  const csrf = await request.get(`${baseURL}/api/auth/csrf`, { headers: https });
  const cookies = csrf.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value);
  expect(cookies.length).toBeGreaterThan(0);
  for (const c of cookies) {
    expect(c).toMatch(/;\s*Secure/i);
    expect(c).toMatch(/^__(Host|Secure)-/);
  }
  // Plain http: no Secure flag (the browser would drop such a cookie on http://localhost).
  const plain = await request.get(`${baseURL}/api/auth/csrf`);
  const plainCookies = plain.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value);
  for (const c of plainCookies) expect(c).not.toMatch(/;\s*Secure/i);
});
