/**
 * Issue 16: an admin downloads the import template, fills it with a register of which 3 rows are
 * wrong, uploads it, reads the dry run's problems and downloads them as an error report, imports
 * the rest and watches the progress bar finish.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomInt } from "node:crypto";
import ExcelJS from "exceljs";
import { expect, test } from "@playwright/test";
import { checkCharacter } from "../../lib/households/id-number";
import { login, uniqueName } from "./helpers";

const idNumber = (birth: string) => {
  const first17 = `211102${birth}${String(randomInt(1000)).padStart(3, "0")}`;
  return first17 + checkCharacter(first17);
};

test("an admin imports a register: template, 3 bad rows explained, error report, progress to the end", async ({ page }) => {
  await login(page, "admin");
  await page.goto("/households/import");
  await expect(page.getByRole("heading", { name: "批量导入家庭档案" })).toBeVisible();

  const templateDownload = page.waitForEvent("download");
  await page.getByTestId("download-template").click();
  const template = await templateDownload;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nx-import-"));
  const templatePath = path.join(dir, "template.xlsx");
  await template.saveAs(templatePath);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(templatePath);
  const sheet = wb.worksheets[0];
  const header = (sheet.getRow(1).values as string[]).slice(1);
  expect(header).toContain("户主身份证号");
  const example = (sheet.getRow(2).values as string[]).slice(1);
  const village = example[header.indexOf("村（社区）代码")];

  // The register: the example rows out, two good families (5 rows) and three bad rows in.
  const register = new ExcelJS.Workbook();
  const out = register.addWorksheet("家庭成员");
  out.addRow(header);
  const heads = [uniqueName("导"), uniqueName("导")];
  const row = (r: Record<string, string>) => out.addRow(header.map((h) => r[h] ?? ""));
  for (const head of heads) {
    const headId = idNumber(`19${50 + randomInt(40)}0${1 + randomInt(9)}1${randomInt(10)}`);
    const base = { 户主身份证号: headId, "村（社区）代码": village, 家庭住址: `${head}家 1 号`, 救助类别: "低保" };
    row({ ...base, 成员姓名: head, 成员身份证号: headId, 与户主关系: "户主" });
    row({ ...base, 成员姓名: `${head}妻`, 成员身份证号: idNumber("19700303"), 与户主关系: "配偶", 重大疾病: "是" });
    if (head === heads[0]) row({ ...base, 成员姓名: `${head}子`, 成员身份证号: idNumber("20100404"), 与户主关系: "子女" });
  }
  const bad = (patch: Record<string, string>) => {
    const id = idNumber("19660606");
    row({ 户主身份证号: id, "村（社区）代码": village, 家庭住址: "问题户 1 号", 救助类别: "低保", 成员姓名: uniqueName("错"), 成员身份证号: id, 与户主关系: "户主", ...patch });
  };
  const wrong = idNumber("19660707");
  bad({ 户主身份证号: wrong.slice(0, 17) + (wrong[17] === "1" ? "2" : "1"), 成员身份证号: wrong.slice(0, 17) + (wrong[17] === "1" ? "2" : "1") });
  bad({ 救助类别: "五保户" });
  bad({ "村（社区）代码": "211102999999" });
  const filePath = path.join(dir, "台账.xlsx");
  await register.xlsx.writeFile(filePath);

  await page.getByLabel("选择文件").setInputFiles(filePath);
  await page.getByRole("button", { name: "上传并继续" }).click();
  await page.waitForURL(/\/households\/import\/\d+$/);
  await page.getByRole("button", { name: "开始校验" }).click();

  await expect(page.getByTestId("validation-summary")).toHaveText("校验完成：5 行无误，3 行有问题。", { timeout: 60_000 });
  const problems = page.getByTestId("problems");
  await expect(problems).toContainText("身份证号校验位不正确");
  await expect(problems).toContainText("救助类别应为");
  await expect(problems).toContainText("村（社区）代码不存在");

  const reportDownload = page.waitForEvent("download");
  await page.getByTestId("download-report").click();
  const report = await reportDownload;
  const reportPath = path.join(dir, "report.xlsx");
  await report.saveAs(reportPath);
  const reportBook = new ExcelJS.Workbook();
  await reportBook.xlsx.readFile(reportPath);
  const lines = reportBook.worksheets[0];
  expect((lines.getRow(1).values as string[]).slice(1)).toEqual(["行号", "列", "问题"]);
  expect(lines.rowCount).toBe(4);
  expect((lines.getRow(2).values as unknown[])[1]).toBe(7);

  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "导入 5 行无误的数据" }).click();
  await expect(page.getByTestId("import-summary")).toContainText("新建 2 户，更新 0 户，0 户无变化，3 户因问题未导入。", { timeout: 60_000 });
  await expect(page.getByTestId("import-progress")).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByTestId("import-progress-text")).toContainText("已处理 8 / 8 行");
});
