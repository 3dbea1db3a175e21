import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { login } from "./helpers";

/** The number a figure card shows, without thousands separators. */
async function figure(page: Page, name: string): Promise<number> {
  const text = (await page.getByTestId(`value-${name}`).textContent())!.trim();
  return Number(text.replace(/,/g, ""));
}

test("provincial staff drill from the province to a township and export what they see", async ({ page }) => {
  await login(page, "province");
  await page.getByRole("navigation", { name: "菜单" }).getByRole("link", { name: "统计", exact: true }).click();
  await page.waitForURL(/\/dashboard/);

  // The province, over the last 12 months (the demo's six months of visits, whatever today is).
  await expect(page.getByTestId("dashboard-region")).toHaveText("辽宁省");
  await expect(page.getByTestId("breadcrumb")).toHaveText("辽宁省");
  await page.getByRole("link", { name: "近12个月", exact: true }).click();
  await expect(page.getByRole("link", { name: "近12个月", exact: true })).toHaveAttribute("aria-current", "true");
  expect(await figure(page, "visits")).toBeGreaterThan(3000);
  // 3,000 demo households, most visited in those months; each counted once however often visited.
  expect(await figure(page, "households")).toBeGreaterThan(1000);
  expect(await figure(page, "households")).toBeLessThanOrEqual(3000);
  await expect(page.getByTestId("tier-chart")).toBeVisible();
  await expect(page.getByTestId("trend-table").locator("tbody tr").first()).toBeVisible();
  const children = page.getByTestId("children-table");
  await expect(children.locator("tbody tr")).toHaveCount(14 + 1); // 14 cities and the total
  const period = page.getByTestId("dashboard-period");
  const periodText = await period.textContent();

  // A city, keeping the range. (沈阳: no other browser test writes there, so the figures read
  // here cannot move before the export below is compared with them.)
  await children.getByRole("link", { name: "沈阳市", exact: true }).click();
  await expect(page.getByTestId("dashboard-region")).toHaveText("沈阳市");
  await expect(page.getByTestId("breadcrumb")).toHaveText("辽宁省›沈阳市");
  await expect(page.getByTestId("breadcrumb").getByRole("link", { name: "辽宁省" })).toBeVisible();
  await expect(period).toHaveText(periodText!);
  const cityVisits = await figure(page, "visits");
  expect(cityVisits).toBeGreaterThan(0);

  // A county, by one of its figures (every figure of a subregion opens it).
  const county = page.getByTestId("children-table").locator("tbody tr", { has: page.getByRole("link", { name: "皇姑区", exact: true }) });
  await county.locator("td").nth(2).getByRole("link").click(); // 走访次数
  await expect(page.getByTestId("dashboard-region")).toHaveText("皇姑区");
  await expect(page.getByTestId("breadcrumb")).toHaveText("辽宁省›沈阳市›皇姑区");
  expect(await figure(page, "visits")).toBeLessThanOrEqual(cityVisits);
  await expect(page.getByTestId("ranking-chart")).toContainText("华山街道");

  // A township: the bottom of the tree, no subregions below it.
  await page.getByTestId("children-table").getByRole("link", { name: "华山街道", exact: true }).click();
  await expect(page.getByTestId("dashboard-region")).toHaveText("华山街道");
  const breadcrumb = page.getByTestId("breadcrumb");
  await expect(breadcrumb).toHaveText("辽宁省›沈阳市›皇姑区›华山街道");
  await expect(breadcrumb.getByRole("link")).toHaveText(["辽宁省", "沈阳市", "皇姑区"]);
  await expect(page.getByTestId("children-table")).toHaveCount(0);
  const visits = await figure(page, "visits");
  expect(visits).toBeGreaterThan(0);

  // The export names the township and the period, and carries the figures on screen.
  const from = await page.getByLabel("开始月份").inputValue();
  const to = await page.getByLabel("结束月份").inputValue();
  const periodInName = from === to ? from : `${from}至${to}`;

  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "导出 Excel" }).click()]);
  expect(xlsx.suggestedFilename()).toBe(`暖心统计_华山街道_${periodInName}.xlsx`);
  const xlsxBytes = fs.readFileSync((await xlsx.path())!);
  expect(xlsxBytes.subarray(0, 2).toString("latin1")).toBe("PK"); // a zip, as every .xlsx is

  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "导出 CSV" }).click()]);
  expect(csv.suggestedFilename()).toBe(`暖心统计_华山街道_${periodInName}.csv`);
  const text = fs.readFileSync((await csv.path())!, "utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text).toContain("辽宁省 沈阳市 皇姑区 华山街道");
  expect(text).toContain(`走访次数,${visits},次`);
  expect(text).toContain(`走访户数,${await figure(page, "households")},户`);

  // A quick range choice narrows the period and stays on the township.
  await page.getByRole("link", { name: "本月", exact: true }).click();
  await expect(page.getByTestId("dashboard-region")).toHaveText("华山街道");
  await expect(page.getByLabel("开始月份")).toHaveValue(to);
  await expect(page.getByLabel("结束月份")).toHaveValue(to);
  expect(await figure(page, "visits")).toBeLessThanOrEqual(visits);
});

test("a township caseworker sees their township, its ancestors unlinked, and nothing outside it", async ({ page }) => {
  await login(page, "caseworker");
  await page.goto("/dashboard");
  await expect(page.getByTestId("dashboard-region")).toHaveText("建设街道");
  await expect(page.getByTestId("breadcrumb")).toHaveText("辽宁省›盘锦市›双台子区›建设街道");
  await expect(page.getByTestId("breadcrumb").getByRole("link")).toHaveCount(0);
  await page.goto("/dashboard?region=2111");
  await expect(page.getByText("未找到该记录，或不在您的管辖范围内。")).toBeVisible();
  const response = await page.request.get("/dashboard/export?region=2111&format=csv");
  expect(response.status()).toBe(404);
});

test("the dashboard fits a phone: no sideways page scroll, wide tables scroll in their box @phone", async ({ page }) => {
  await login(page, "province");
  await page.goto("/dashboard?region=211102");
  await expect(page.getByTestId("dashboard-region")).toHaveText("双台子区");
  await expect(page.getByTestId("trend-visits")).toBeVisible();
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
  }));
  expect(widths.page).toBeLessThanOrEqual(widths.viewport);
  // The subregions table is wider than the phone, and scrolls inside its own box.
  const box = page.getByTestId("children-table").locator("..");
  const scroll = await box.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(scroll.scroll).toBeGreaterThan(scroll.client);
  // Each chart is drawn within the screen.
  for (const id of ["trend-visits", "trend-problems", "ranking-svg"]) {
    const b = (await page.getByTestId(id).boundingBox())!;
    expect(b.x).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width).toBeLessThanOrEqual(widths.viewport);
  }
});
