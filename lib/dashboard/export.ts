/**
 * The dashboard as tables: one section per block of the page (totals, subregions, trend,
 * transfers, funds, applications), so the CSV and the XLSX export carry what the screen shows.
 * Also the figures the page derives (coverage, average working days), so screen and file agree.
 * Pure: no database, no server-only import; the route handler writes the bytes.
 */
import type { SheetData } from "write-excel-file/node";
import { format, t } from "@/lib/i18n";
import type { ApplicationStageName, ApplicationTypeName, Dashboard, Figures, TierName } from "./types";

const m = t.dashboard;

export const TIERS: TierName[] = ["IMMEDIATE", "TRANSFER", "TEMP_AID"];
export const APPLICATION_TYPES: ApplicationTypeName[] = ["DIBAO", "TEKUN", "DIBAO_EDGE"];
export const APPLICATION_STAGES: ApplicationStageName[] = ["ACCEPTED", "PROPOSED", "IN_PUBLICITY", "APPROVED", "REFUSED"];

/** Roster households visited this month over those on the roster; null when none are registered. */
export function coverageRatio(f: Pick<Figures, "rosterVisited" | "rosterRegistered">): number | null {
  return f.rosterRegistered > 0 ? f.rosterVisited / f.rosterRegistered : null;
}

/** Mean working days from acceptance to decision over the range's decisions; null with none. */
export function averageDecisionDays(f: Pick<Figures, "decisionWorkingDays" | "approved" | "refused">): number | null {
  const decided = f.approved + f.refused;
  return decided > 0 ? f.decisionWorkingDays / decided : null;
}

/** Applications accepted in the range that are now at each stage, per type (0 where none). */
export function applicationMatrix(d: Pick<Dashboard, "applicationsByStage">): Record<ApplicationTypeName, Record<ApplicationStageName, number>> {
  const out = Object.fromEntries(
    APPLICATION_TYPES.map((type) => [type, Object.fromEntries(APPLICATION_STAGES.map((s) => [s, 0]))]),
  ) as Record<ApplicationTypeName, Record<ApplicationStageName, number>>;
  for (const r of d.applicationsByStage) out[r.type][r.stage] += r.count;
  return out;
}

/** Sum of decimal yuan strings, exact to the fen (no float drift across many rows). */
export function sumAmounts(amounts: string[]): string {
  let fen = BigInt(0);
  for (const a of amounts) fen += toFen(a);
  const sign = fen < BigInt(0) ? "-" : "";
  const abs = fen < BigInt(0) ? -fen : fen;
  const yuan = abs / BigInt(100);
  const rest = abs % BigInt(100);
  return `${sign}${yuan}.${rest.toString().padStart(2, "0")}`;
}

function toFen(amount: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!match) throw new Error(`Not an amount: ${amount}`);
  const fen = BigInt(match[2]) * BigInt(100) + BigInt((match[3] ?? "0").padEnd(2, "0"));
  return match[1] ? -fen : fen;
}

/** "2026-01 至 2026-11", or the one month. */
export function periodLabel(range: Dashboard["range"]): string {
  return range.from === range.to ? range.from : format(m.periodValue, range);
}

// ---------------------------------------------------------------------------------------------
// Sections

/** A cell: text, a count, a yuan amount (decimal string), a ratio (0–1), or a decimal; null is empty. */
export type Cell =
  | string
  | number
  | { amount: string }
  | { percent: number | null }
  | { decimal: number | null }
  | null;

export type SectionKey = keyof typeof m.sections;
export type Section = { key: SectionKey; title: string; header: string[]; rows: Cell[][] };

const percent = (v: number | null): Cell => ({ percent: v });
const decimal = (v: number | null): Cell => ({ decimal: v });
const amount = (v: string): Cell => ({ amount: v });

const CHILD_HEADER = () => ([
  t.dashboard.region, m.staffActive, m.householdsVisited, m.visits, m.questionnaires,
  m.rosterRegistered, m.rosterVisited, m.coverageShort, m.problemsFound,
  ...TIERS.map((tier) => m.tiers[tier]), m.resolvedTotal, m.transfersSent, m.transfersOverdue,
  `${m.aidAmount}（${m.units.yuan}）`, m.aidPayments, m.applications, m.approved, m.refused,
  m.averageDaysShort, m.publicityRunning,
]);

function figureRow(name: string, f: Figures): Cell[] {
  return [
    name, f.staffActive, f.householdsVisited, f.visits, f.questionnaires,
    f.rosterRegistered, f.rosterVisited, percent(coverageRatio(f)), f.problemsFound,
    ...TIERS.map((tier) => f.resolved[tier]), f.resolvedTotal, f.transfersSent, f.transfersOverdue,
    amount(f.aidAmount), f.aidPayments, f.applications, f.approved, f.refused,
    decimal(averageDecisionDays(f)), f.publicityRunning,
  ];
}

/** Every block of the dashboard as a titled table, in the page's order. */
export function dashboardSections(d: Dashboard): Section[] {
  const f = d.totals;
  const u = m.units;
  const totals: Section = {
    key: "totals",
    title: m.sections.totals,
    header: [m.item, m.value, m.unit],
    rows: [
      [m.region, d.breadcrumb.map((r) => r.name).join(" "), ""],
      [m.period, periodLabel(d.range), ""],
      [m.measuredOn, d.today, ""],
      [m.staffActive, f.staffActive, u.people],
      [m.householdsVisited, f.householdsVisited, u.households],
      [m.visits, f.visits, u.times],
      [m.questionnaires, f.questionnaires, u.copies],
      [m.rosterRegistered, f.rosterRegistered, u.households],
      [m.rosterVisited, f.rosterVisited, u.households],
      [m.coverage, percent(coverageRatio(f)), ""],
      [m.problemsFound, f.problemsFound, u.items],
      ...TIERS.map((tier): Cell[] => [`${m.resolved}：${m.tiers[tier]}`, f.resolved[tier], u.items]),
      [m.resolvedTotal, f.resolvedTotal, u.items],
      [m.transfersSent, f.transfersSent, u.cases],
      [m.transfersOverdue, f.transfersOverdue, u.cases],
      [m.aidAmount, amount(f.aidAmount), u.yuan],
      [m.aidPayments, f.aidPayments, u.payments],
      [m.applications, f.applications, u.cases],
      [m.approved, f.approved, u.cases],
      [m.refused, f.refused, u.cases],
      [m.averageDays, decimal(averageDecisionDays(f)), u.workingDays],
      [m.publicityRunning, f.publicityRunning, u.cases],
    ],
  };

  const children: Section = {
    key: "children",
    title: m.sections.children,
    header: CHILD_HEADER(),
    rows: d.children.length === 0 ? [] : [...d.children.map((c) => figureRow(c.region.name, c)), figureRow(m.total, f)],
  };

  const trend: Section = {
    key: "trend",
    title: m.sections.trend,
    header: [m.month, m.visits, m.householdsVisited, m.questionnaires, m.problemsFound, m.resolvedTotal, `${m.aidAmount}（${u.yuan}）`],
    rows: d.trend.map((p) => [p.month, p.visits, p.householdsVisited, p.questionnaires, p.problemsFound, p.resolvedTotal, amount(p.aidAmount)]),
  };

  const sum = (pick: (r: Dashboard["transfers"][number]) => number) => d.transfers.reduce((s, r) => s + pick(r), 0);
  const transfers: Section = {
    key: "transfers",
    title: m.sections.transfers,
    header: [m.department, m.sent, m.transferResolved, m.returned, m.open, m.overdue],
    rows: d.transfers.length === 0 ? [] : [
      ...d.transfers.map((r): Cell[] => [r.departmentName, r.sent, r.resolved, r.returned, r.open, r.overdue]),
      [m.total, sum((r) => r.sent), sum((r) => r.resolved), sum((r) => r.returned), sum((r) => r.open), sum((r) => r.overdue)],
    ],
  };

  const funds: Section = {
    key: "funds",
    title: m.sections.funds,
    header: [m.fund, m.aidPayments, m.amount],
    rows: d.aidByFund.length === 0 ? [] : [
      ...d.aidByFund.map((r): Cell[] => [t.funds.kinds[r.kind], r.payments, amount(r.amount)]),
      [m.total, d.aidByFund.reduce((s, r) => s + r.payments, 0), amount(sumAmounts(d.aidByFund.map((r) => r.amount)))],
    ],
  };

  const matrix = applicationMatrix(d);
  const stageTotal = (s: ApplicationStageName) => APPLICATION_TYPES.reduce((n, type) => n + matrix[type][s], 0);
  const typeTotal = (type: ApplicationTypeName) => APPLICATION_STAGES.reduce((n, s) => n + matrix[type][s], 0);
  const applications: Section = {
    key: "applications",
    title: m.sections.applications,
    header: [m.type, ...APPLICATION_STAGES.map((s) => t.applications.stages[s]), m.total],
    rows: [
      ...APPLICATION_TYPES.map((type): Cell[] => [t.applications.types[type], ...APPLICATION_STAGES.map((s) => matrix[type][s]), typeTotal(type)]),
      [m.total, ...APPLICATION_STAGES.map(stageTotal), APPLICATION_TYPES.reduce((n, type) => n + typeTotal(type), 0)],
    ],
  };

  return [totals, children, trend, transfers, funds, applications];
}

// ---------------------------------------------------------------------------------------------
// CSV

/** How a cell reads as text: amounts as given, ratios as percentages with one decimal. */
export function cellText(cell: Cell): string {
  if (cell === null) return "";
  if (typeof cell === "number") return String(cell);
  if (typeof cell === "string") return cell;
  if ("amount" in cell) return cell.amount;
  if ("percent" in cell) return cell.percent === null ? "" : `${(cell.percent * 100).toFixed(1)}%`;
  return cell.decimal === null ? "" : cell.decimal.toFixed(1);
}

export const FORMULA_START = /^[=+\-@\t\r\n＝＋－＠]/;

function csvField(cell: Cell): string {
  let text = cellText(cell);
  // A text cell starting with = + - @ would run as a formula in Excel (CSV injection, OWASP); so
  // would one starting with a tab, CR or LF (Excel skips them) or with the full-width ＝＋－＠
  // that a Chinese keyboard types (Excel and WPS read them as their ASCII twins).
  if (typeof cell === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * RFC 4180 CSV with a UTF-8 byte-order mark (Excel on Windows reads Chinese correctly only with
 * it): each section is a title row, its header and its rows; sections are apart by a blank line.
 */
export function toCsv(sections: Section[]): string {
  const lines: string[] = [];
  sections.forEach((s, i) => {
    if (i > 0) lines.push("");
    lines.push(csvField(s.title));
    lines.push(s.header.map(csvField).join(","));
    for (const row of s.rows) lines.push(row.map(csvField).join(","));
  });
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

// ---------------------------------------------------------------------------------------------
// XLSX (sheet data for write-excel-file: one sheet per section)

function xlsxCell(cell: Cell): SheetData[number][number] {
  if (cell === null) return null;
  if (typeof cell === "number") return { value: cell, type: Number };
  // "@": Excel keeps region codes and month labels as text instead of guessing numbers or dates.
  if (typeof cell === "string") return { value: cell, type: String, format: "@" };
  if ("amount" in cell) return { value: Number(cell.amount), type: Number, format: "#,##0.00" };
  if ("percent" in cell) return cell.percent === null ? null : { value: cell.percent, type: Number, format: "0.0%" };
  return cell.decimal === null ? null : { value: cell.decimal, type: Number, format: "0.0" };
}

/** Excel column width in characters: a Chinese character is two, a digit one; within 8–40. */
function columnWidth(texts: string[]): number {
  const widest = Math.max(0, ...texts.map((text) => [...text].reduce((w, ch) => w + (/[\u2E80-\uFFFF]/.test(ch) ? 2 : 1), 0)));
  return Math.min(40, Math.max(8, widest + 2));
}

export type XlsxSheet = { sheet: string; data: SheetData; columns: { width: number }[]; stickyRowsCount: number };

/** One sheet per section, its header row bold and frozen; an empty section keeps its header. */
export function toSheets(sections: Section[]): XlsxSheet[] {
  return sections.map((s) => ({
    sheet: s.title,
    stickyRowsCount: 1,
    columns: s.header.map((h, i) => ({ width: columnWidth([h, ...s.rows.map((r) => cellText(r[i] ?? null))]) })),
    data: [
      s.header.map((h) => ({ value: h, type: String, fontWeight: "bold" as const, backgroundColor: "#f5f5f4" })),
      ...s.rows.map((row) => row.map(xlsxCell)),
    ],
  }));
}

// ---------------------------------------------------------------------------------------------
// File name

export type ExportFormat = "xlsx" | "csv";

/** `暖心统计_盘锦市_2026-01至2026-11.xlsx`, and an ASCII name for clients without RFC 5987. */
export function exportFileName(d: Pick<Dashboard, "region" | "range">, ext: ExportFormat): { name: string; ascii: string } {
  const { from, to } = d.range;
  const period = from === to ? from : `${from}至${to}`;
  const safe = d.region.name.replace(/[\\/:*?"<>|\s]+/g, "");
  return {
    name: `${m.exportTitle}_${safe}_${period}.${ext}`,
    ascii: `nuanxin-stats_${d.region.code}_${from === to ? from : `${from}_${to}`}.${ext}`,
  };
}

/** `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266 / RFC 5987). */
export function contentDisposition(file: { name: string; ascii: string }): string {
  const encoded = encodeURIComponent(file.name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${file.ascii}"; filename*=UTF-8''${encoded}`;
}
