/**
 * The workbooks the import hands out: the template (its columns and one example row, ID numbers
 * as text so Excel does not turn them into 2.11102E+17) and the error report (row, column,
 * message, one problem a line). exceljs; the report is small (at most MAX_STORED_PROBLEMS lines).
 */
import ExcelJS from "exceljs";
import { t } from "@/lib/i18n";
import { checkCharacter } from "@/lib/households/id-number";
import { FIELDS, headerOf, REQUIRED_FIELDS } from "./columns";
import type { Problem } from "./validate";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const XLSX_TYPE = XLSX;

const idOf = (first17: string) => first17 + checkCharacter(first17);

/** The template, its example row in the given village (the importer's first one). */
export async function templateWorkbook(villageCode: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(t.imports.audit.templateSheet);
  ws.columns = FIELDS.map((f) => ({ header: headerOf(f), key: f, width: Math.max(12, headerOf(f).length * 2 + 4), style: { numFmt: "@" } }));
  const county = villageCode.slice(0, 6);
  const head = idOf(`${county}19700506051`);
  const e = t.imports.exampleRow;
  const base = { headIdNumber: head, regionCode: villageCode, address: e.address, phone: e.phone, category: t.enums.category.DIBAO };
  ws.addRow({ ...base, name: "张示例", idNumber: head, relation: t.enums.relation.HEAD, majorIllness: t.common.no, disabilityGrade: "", postCompulsoryStudent: t.common.no, unsupportedChild: t.common.no, labourCapacity: t.enums.labourCapacity.PARTIAL, note: e.note });
  ws.addRow({ ...base, name: "李示例", idNumber: idOf(`${county}19720815062`), relation: t.enums.relation.SPOUSE, majorIllness: t.common.yes, disabilityGrade: "2", postCompulsoryStudent: t.common.no, unsupportedChild: t.common.no, labourCapacity: t.enums.labourCapacity.NONE, note: "" });
  const header = ws.getRow(1);
  header.font = { bold: true };
  FIELDS.forEach((f, i) => {
    if (REQUIRED_FIELDS.includes(f)) header.getCell(i + 1).fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFDE68A" } };
  });
  ws.views = [{ state: "frozen", ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The dry run's problems as a workbook. */
export async function errorReportWorkbook(fileName: string, problems: Problem[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(t.imports.audit.reportSheet);
  ws.columns = [
    { header: t.imports.row, key: "row", width: 8 },
    { header: t.imports.column, key: "column", width: 20 },
    { header: t.imports.message, key: "message", width: 60 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const p of problems) ws.addRow(p);
  ws.views = [{ state: "frozen", ySplit: 1 }];
  wb.title = fileName;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
