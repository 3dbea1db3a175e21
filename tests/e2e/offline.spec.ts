/**
 * Offline visits (issue 13): a caseworker's phone in airplane mode logs a morning of visits and
 * each one arrives exactly once when the phone is back online. Run in a persistent profile —
 * the service worker, Cache Storage and IndexedDB survive closing the browser, as on a phone.
 */
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { chromium, devices, expect, test, type BrowserContext, type Page, type TestInfo } from "@playwright/test";
import { login, logout, registerHousehold } from "./helpers";
import { verifyRollups } from "../../lib/stats/rollups";

const ANSWERS = ["收入减少", "新患疾病", "无在学子女", "安全", "有需求，无人照料", "部分了解", "变差"];

async function database() {
  const url = fs.readFileSync(path.join(process.cwd(), ".data", "e2e-database-url"), "utf8").trim();
  // The app role's URL, read as the system, past row-level security (decision 018).
  const client = new pg.Client({ connectionString: url, options: "-c nuanxin.scope=*" });
  await client.connect();
  return client;
}

/** A browser on a profile directory that outlives it, like a phone's. */
async function openPhone(info: TestInfo, profile: string, phone: boolean): Promise<{ context: BrowserContext; page: Page }> {
  const use = info.project.use;
  const context = await chromium.launchPersistentContext(profile, {
    ...(phone ? devices["Pixel 7"] : devices["Desktop Chrome"]),
    ...use.launchOptions,
    baseURL: use.baseURL,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/**
 * The connection back. Chromium 150's emulated airplane mode leaves `navigator.onLine` true in a
 * page the service worker served, and sends no "online" event when it ends: the app learns it is
 * offline from its failed requests, and the phone's own event is sent here as the OS would.
 */
async function backOnline(context: BrowserContext, page: Page) {
  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event("online")));
}

/** The offline app open with this user's snapshot on the phone and its shell cached by the worker. */
async function openFieldApp(page: Page) {
  await page.goto("/field");
  await expect(page.getByTestId("snapshot-age")).toContainText("数据更新于");
  await expect(page.getByTestId("network-state")).toHaveText("在线");
  await page.waitForFunction(async () => {
    const registration = await navigator.serviceWorker.ready;
    return !!registration.active && !!navigator.serviceWorker.controller && !!(await caches.match("/field"));
  });
}

async function openHousehold(page: Page, headName: string) {
  await page.getByRole("link", { name: "离线走访" }).first().click();
  await page.getByLabel("按姓名或地址筛选").fill(headName);
  const row = page.getByTestId("field-roster-row");
  await expect(row).toHaveCount(1);
  await row.click();
  await expect(page.getByRole("heading", { name: headName })).toBeVisible();
}

async function logVisit(page: Page, headName: string, problems: { category: string; description: string }[], opts: { visitedOn?: string } = {}) {
  await openHousehold(page, headName);
  await page.getByRole("link", { name: "登记走访" }).click();
  await expect(page.getByRole("heading", { name: "登记入户走访" })).toBeVisible();
  if (opts.visitedOn) await page.getByLabel("走访日期").fill(opts.visitedOn);
  await page.getByLabel("见到的家庭成员").fill(`${headName}本人`);
  for (const answer of ANSWERS) await page.getByText(answer, { exact: true }).first().click();
  await page.getByLabel("走访情况记录").fill("离线登记的走访");
  for (const [i, p] of problems.entries()) {
    await page.getByRole("button", { name: "+ 添加问题" }).click();
    const row = page.getByTestId("problem-row").nth(i);
    await row.getByLabel("问题类别").selectOption(p.category);
    await row.getByLabel("问题描述").fill(p.description);
  }
  await page.getByRole("button", { name: "保存走访记录" }).click();
  await expect(page.getByTestId("flash")).toContainText("走访记录已保存");
  await expect(page.getByRole("heading", { name: headName })).toBeVisible();
}

for (const device of ["desktop", "phone"] as const) {
  test(`a morning of visits logged offline arrives exactly once, across a reload and a browser restart${device === "phone" ? " @phone" : ""}`, async ({}, info) => {
    test.setTimeout(240_000);
    const profile = info.outputPath("profile");
    let { context, page } = await openPhone(info, profile, device === "phone");

    await login(page, "caseworker");
    const a = await registerHousehold(page, { category: "DIBAO" });
    const b = await registerHousehold(page, { category: "TEKUN" });
    await openFieldApp(page);

    // Airplane mode. The app still opens, from the worker's cache and the phone's IndexedDB.
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByTestId("network-state")).toHaveText("离线");
    await logVisit(page, a.headName, [
      { category: "MEDICAL", description: "住院自付费用约 8000 元" },
      { category: "ELDERLY_CARE", description: "老人无人照料" },
    ]);
    await expect(page.getByTestId("pending-count")).toHaveText("待同步 1 条");
    await logVisit(page, b.headName, []);
    await page.reload();
    await expect(page.getByTestId("pending-count")).toHaveText("待同步 2 条");
    await logVisit(page, a.headName, []);
    await expect(page.getByTestId("pending-count")).toHaveText("待同步 3 条");
    // Register edits need the network, and the page says so.
    await expect(page.getByText("修改户籍信息需要联网")).toBeVisible();

    // The browser is closed and opened again on the same profile, still offline.
    await context.close();
    ({ context, page } = await openPhone(info, profile, device === "phone"));
    await context.setOffline(true);
    await page.goto("/field");
    await expect(page.getByTestId("network-state")).toHaveText("离线");
    await expect(page.getByTestId("pending-count")).toHaveText("待同步 3 条");

    // Back online: the queue drains by itself.
    await backOnline(context, page);
    await expect(page.getByTestId("sync-outcome")).toContainText("已同步 3 条走访记录");
    await expect(page.getByTestId("pending-count")).toHaveText("全部已同步");

    const db = await database();
    try {
      const visits = await db.query<{ id: number; household_id: number }>(
        "select id, household_id from visit where household_id = any($1) order by id", [[a.id, b.id]]);
      expect(visits.rows.map((v) => v.household_id)).toEqual([a.id, b.id, a.id]);
      const ids = visits.rows.map((v) => v.id);
      const problems = await db.query("select id from problem where visit_id = any($1)", [ids]);
      expect(problems.rowCount).toBe(2);
      const audit = await db.query("select entity_id from audit_log where action = 'visit.log' and entity_id = any($1)", [ids.map(String)]);
      expect(audit.rowCount).toBe(3);
      for (const check of await verifyRollups(db)) expect(check, check.table).toMatchObject({ mismatched: 0 });
    } finally {
      await db.end();
      await context.close();
    }
  });
}

test("a lost acknowledgement stores once; a refused visit is shown, corrected and sent; another user sees nothing of the first one's", async ({}, info) => {
  test.setTimeout(240_000);
  const { context, page } = await openPhone(info, info.outputPath("profile"), false);
  try {
    await login(page, "caseworker");
    const family = await registerHousehold(page, { category: "DIBAO" });
    await openFieldApp(page);

    // The server commits the first send, but its answer never reaches the phone.
    let dropped = 0;
    await page.route("**/api/sync/v1/visits", async (route) => {
      if (dropped++ === 0) {
        await route.fetch();
        await route.abort("connectionreset");
      } else {
        await route.continue();
      }
    });
    await logVisit(page, family.headName, [{ category: "HOUSING", description: "房屋漏雨" }]);
    await expect(page.getByTestId("sync-outcome")).toContainText("网络不通");
    await expect(page.getByTestId("pending-count")).toHaveText("待同步 1 条");
    await page.getByRole("button", { name: "同步" }).click();
    await expect(page.getByTestId("sync-outcome")).toContainText("已同步 1 条走访记录");
    await page.unroute("**/api/sync/v1/visits");

    // A visit the phone accepts and the server refuses: the phone's clock ran two days ahead, so
    // the form's own check took a date that is still in the future. It stays, marked; the
    // caseworker opens it, corrects the date and it is sent again.
    const realToday = new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
    await context.setOffline(true);
    await page.clock.setSystemTime(new Date(Date.now() + 2 * 86_400_000));
    await page.reload();
    await logVisit(page, family.headName, []);
    await page.clock.setSystemTime(new Date());
    await backOnline(context, page);
    await expect(page.getByTestId("refused-count")).toHaveText("需修改 1 条");
    await page.getByTestId("refused-count").click();
    const item = page.getByTestId("outbox-item");
    await expect(item).toHaveAttribute("data-state", "refused");
    await expect(item).toContainText("未被接收，需修改");
    await item.getByRole("link", { name: "修改后重新提交" }).click();
    await expect(page.getByTestId("field-error").first()).toBeVisible();
    await page.getByLabel("走访日期").fill(realToday);
    await page.getByRole("button", { name: "保存走访记录" }).click();
    await expect(page.getByTestId("sync-outcome")).toContainText("已同步 1 条走访记录");
    await expect(page.getByTestId("pending-count")).toHaveText("全部已同步");

    // A visit still waiting when the caseworker signs out (the server unreachable for it) ...
    await page.route("**/api/sync/v1/visits", (route) => route.abort("connectionrefused"));
    await logVisit(page, family.headName, [{ category: "OTHER", description: "待同步的问题" }]);
    await expect(page.getByTestId("pending-count")).toHaveText("待同步 1 条");
    page.once("dialog", (dialog) => {
      expect(dialog.message()).toContain("1 条走访记录未同步");
      void dialog.accept();
    });
    await page.goto("/visits");
    // The banner is drawn from IndexedDB after hydration: the sign-out button is live by then.
    await expect(page.getByTestId("pending-on-phone")).toContainText("本机有 1 条走访记录待同步");
    await page.getByRole("button", { name: "退出登录" }).click();
    await expect(page).toHaveURL(/\/login/);

    // ... is nowhere for the next user of the phone: neither the families nor the queue.
    await login(page, "caseworker2");
    await openFieldApp(page);
    await expect(page.getByTestId("field-user")).toHaveText("李强");
    await expect(page.getByTestId("pending-count")).toHaveText("全部已同步");
    await expect(page.getByText(family.headName)).toHaveCount(0);
    const kept = await page.evaluate(async (id) => {
      const open = indexedDB.open("nuanxin-field");
      const idb: IDBDatabase = await new Promise((resolve) => { open.onsuccess = () => resolve(open.result); });
      const household = await new Promise((resolve) => {
        const r = idb.transaction("households").objectStore("households").get(id);
        r.onsuccess = () => resolve(r.result ?? null);
      });
      idb.close();
      return household;
    }, family.id);
    expect(kept).toBeNull();
    await page.getByRole("link", { name: "离线走访" }).first().click();
    await page.getByTestId("pending-count").click();
    await expect(page.getByText("没有待同步的记录。")).toBeVisible();
    await page.goto("/visits");
    await logout(page);

    // Its owner signs in again: the visit is still there and goes, once.
    await page.unroute("**/api/sync/v1/visits");
    await login(page, "caseworker");
    await page.goto("/field");
    await expect(page.getByTestId("sync-outcome")).toContainText("已同步 1 条走访记录");

    const db = await database();
    try {
      const visits = await db.query<{ visited_on: string }>(
        "select to_char(visited_on, 'YYYY-MM-DD') as visited_on from visit where household_id = $1 order by id", [family.id]);
      expect(visits.rows.map((v) => v.visited_on)).toEqual([realToday, realToday, realToday]);
      const problems = await db.query("select description from problem where household_id = $1 order by id", [family.id]);
      expect(problems.rows.map((p) => p.description)).toEqual(["房屋漏雨", "待同步的问题"]);
    } finally {
      await db.end();
    }
  } finally {
    await context.close();
  }
});

test("the online visit form keeps the visit on the phone when the network drops at submit, and it arrives once @phone", async ({}, info) => {
  test.setTimeout(180_000);
  const { context, page } = await openPhone(info, info.outputPath("profile"), true);
  try {
    await login(page, "caseworker");
    const family = await registerHousehold(page, { category: "DIBAO" });
    await page.goto(`${family.url}/visits/new`);
    await expect(page.getByRole("heading", { name: "登记入户走访" })).toBeVisible();
    await page.getByLabel("见到的家庭成员").fill(`${family.headName}本人`);
    for (const answer of ANSWERS) await page.getByText(answer, { exact: true }).first().click();
    await page.getByRole("button", { name: "+ 添加问题" }).click();
    await page.getByLabel("问题类别").selectOption("MEDICAL");
    await page.getByLabel("问题描述").fill("断网时登记的问题");

    await context.setOffline(true);
    await page.getByRole("button", { name: "提交走访记录" }).click();
    await expect(page.getByRole("status")).toContainText("走访记录已保存在本机");
    // Submitted again in doubt: the same key, still one visit waiting.
    await page.getByRole("button", { name: "提交走访记录" }).click();
    await backOnline(context, page);
    await page.goto("/visits");
    await expect(page.getByTestId("pending-on-phone")).toContainText("本机有 1 条走访记录待同步");
    await page.getByTestId("pending-on-phone").click();
    await expect(page.getByTestId("sync-outcome")).toContainText("已同步 1 条走访记录");
    await page.goto("/visits");
    await expect(page.getByTestId("pending-on-phone")).toHaveCount(0);

    const db = await database();
    try {
      const visits = await db.query("select id from visit where household_id = $1", [family.id]);
      expect(visits.rowCount).toBe(1);
      const problems = await db.query("select description from problem where household_id = $1", [family.id]);
      expect(problems.rows.map((p) => p.description)).toEqual(["断网时登记的问题"]);
    } finally {
      await db.end();
    }
  } finally {
    await context.close();
  }
});
