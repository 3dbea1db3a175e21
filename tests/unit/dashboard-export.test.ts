/**
 * The dashboard export's tables (pure): the sections a county's dashboard becomes, the CSV text
 * Excel opens (BOM, quoting, blank line between sections), the workbook's sheet data, and the
 * file name in both spellings of Content-Disposition.
 */
import { describe, expect, it } from "vitest";
import {
  averageDecisionDays, contentDisposition, coverageRatio, dashboardSections, exportFileName, sumAmounts, toCsv, toSheets,
  type Section,
} from "@/lib/dashboard/export";
import type { Dashboard, Figures } from "@/lib/dashboard/types";

function figures(over: Partial<Figures> = {}): Figures {
  return {
    staffActive: 0, householdsVisited: 0, visits: 0, questionnaires: 0, rosterRegistered: 0, rosterVisited: 0,
    problemsFound: 0, resolved: { IMMEDIATE: 0, TRANSFER: 0, TEMP_AID: 0 }, resolvedTotal: 0,
    transfersSent: 0, transfersOverdue: 0, aidAmount: "0.00", aidPayments: 0,
    applications: 0, approved: 0, refused: 0, decisionWorkingDays: 0, publicityRunning: 0,
    ...over,
  };
}

const jianshe = figures({
  staffActive: 3, householdsVisited: 120, visits: 410, questionnaires: 400, rosterRegistered: 80, rosterVisited: 60,
  problemsFound: 50, resolved: { IMMEDIATE: 30, TRANSFER: 6, TEMP_AID: 9 }, resolvedTotal: 45,
  transfersSent: 7, transfersOverdue: 1, aidAmount: "4500.50", aidPayments: 9,
  applications: 5, approved: 3, refused: 1, decisionWorkingDays: 74, publicityRunning: 1,
});
const hongqi = figures({ staffActive: 2, householdsVisited: 40, visits: 90, questionnaires: 88, rosterRegistered: 0, rosterVisited: 0, aidAmount: "0.00" });

const county: Dashboard = {
  region: { code: "211102", name: "双台子区", level: 3 },
  breadcrumb: [
    { code: "21", name: "辽宁省", level: 1, linkable: false },
    { code: "2111", name: "盘锦市", level: 2, linkable: false },
    { code: "211102", name: "双台子区", level: 3, linkable: true },
  ],
  range: { from: "2026-01", to: "2026-03" },
  today: "2026-03-15",
  totals: figures({
    staffActive: 5, householdsVisited: 160, visits: 500, questionnaires: 488, rosterRegistered: 80, rosterVisited: 60,
    problemsFound: 50, resolved: { IMMEDIATE: 30, TRANSFER: 6, TEMP_AID: 9 }, resolvedTotal: 45,
    transfersSent: 7, transfersOverdue: 1, aidAmount: "4500.50", aidPayments: 9,
    applications: 5, approved: 3, refused: 1, decisionWorkingDays: 74, publicityRunning: 1,
  }),
  children: [
    { region: { code: "211102003", name: "建设街道", level: 4 }, ...jianshe },
    { region: { code: "211102004", name: "红旗街道", level: 4 }, ...hongqi },
  ],
  trend: [
    { month: "2026-01", householdsVisited: 100, visits: 160, questionnaires: 150, problemsFound: 20, resolvedTotal: 15, aidAmount: "1500.00" },
    { month: "2026-02", householdsVisited: 110, visits: 170, questionnaires: 168, problemsFound: 18, resolvedTotal: 14, aidAmount: "0.00" },
    { month: "2026-03", householdsVisited: 120, visits: 170, questionnaires: 170, problemsFound: 12, resolvedTotal: 16, aidAmount: "3000.50" },
  ],
  transfers: [
    { departmentCode: "YIBAO", departmentName: "医疗保障局", sent: 5, resolved: 3, returned: 1, open: 1, overdue: 1 },
    { departmentCode: "JIAOYU", departmentName: "教育局", sent: 2, resolved: 2, returned: 0, open: 0, overdue: 0 },
  ],
  aidByFund: [
    { kind: "CITY_FUND", amount: "3000.50", payments: 2 },
    { kind: "TOWNSHIP_RESERVE", amount: "1500.00", payments: 7 },
  ],
  applicationsByStage: [
    { type: "DIBAO", stage: "ACCEPTED", count: 1 },
    { type: "DIBAO", stage: "APPROVED", count: 2 },
    { type: "TEKUN", stage: "IN_PUBLICITY", count: 1 },
    { type: "DIBAO_EDGE", stage: "REFUSED", count: 1 },
  ],
};

const section = (sections: Section[], key: Section["key"]) => {
  const s = sections.find((x) => x.key === key);
  if (!s) throw new Error(`no section ${key}`);
  return s;
};
/** The row whose first cell is `label`. */
const row = (s: Section, label: string) => s.rows.find((r) => r[0] === label);

describe("derived figures", () => {
  it("coverage and average working days, with nothing to divide by giving no value", () => {
    expect(coverageRatio(jianshe)).toBe(0.75);
    expect(coverageRatio(hongqi)).toBeNull();
    expect(averageDecisionDays(jianshe)).toBe(18.5);
    expect(averageDecisionDays(hongqi)).toBeNull();
  });

  it("sums yuan amounts exactly, negative reversals included", () => {
    expect(sumAmounts(["0.10", "0.20"])).toBe("0.30");
    expect(sumAmounts(["3000.50", "1500"])).toBe("4500.50");
    expect(sumAmounts(["100.00", "-150.25"])).toBe("-50.25");
    expect(sumAmounts([])).toBe("0.00");
  });
});

describe("dashboardSections", () => {
  const sections = dashboardSections(county);

  it("has one section per block of the page, in its order", () => {
    expect(sections.map((s) => s.title)).toEqual(["总体情况", "下级地区", "月度走势", "转交部门办理情况", "临时救助资金支付", "救助申请"]);
  });

  it("totals: where, when, and each figure with its unit", () => {
    const totals = section(sections, "totals");
    expect(totals.header).toEqual(["项目", "数值", "单位"]);
    expect(row(totals, "地区")).toEqual(["地区", "辽宁省 盘锦市 双台子区", ""]);
    expect(row(totals, "统计期间")).toEqual(["统计期间", "2026-01 至 2026-03", ""]);
    expect(row(totals, "当前数据截至")?.[1]).toBe("2026-03-15");
    expect(row(totals, "走访户数")).toEqual(["走访户数", 160, "户"]);
    expect(row(totals, "走访次数")).toEqual(["走访次数", 500, "次"]);
    expect(row(totals, "本月花名册覆盖率")?.[1]).toEqual({ percent: 0.75 });
    expect(row(totals, "解决问题：转交部门")).toEqual(["解决问题：转交部门", 6, "个"]);
    expect(row(totals, "临时救助金额")).toEqual(["临时救助金额", { amount: "4500.50" }, "元"]);
    expect(row(totals, "平均办结工作日")).toEqual(["平均办结工作日", { decimal: 18.5 }, "个工作日"]);
  });

  it("subregions: one row each and the region's total, the header naming every column", () => {
    const children = section(sections, "children");
    expect(children.rows.map((r) => r[0])).toEqual(["建设街道", "红旗街道", "合计"]);
    expect(children.header.length).toBe(children.rows[0].length);
    const col = (name: string) => children.header.indexOf(name);
    expect(row(children, "建设街道")?.[col("走访次数")]).toBe(410);
    expect(row(children, "建设街道")?.[col("临时救助")]).toBe(9);
    expect(row(children, "红旗街道")?.[col("本月覆盖率")]).toEqual({ percent: null });
    expect(row(children, "合计")?.[col("走访户数")]).toBe(160);
  });

  it("a township has no subregion section rows", () => {
    const township = dashboardSections({ ...county, children: [] });
    expect(section(township, "children").rows).toEqual([]);
  });

  it("trend, transfers and funds with totals that add up", () => {
    expect(section(sections, "trend").rows[2]).toEqual(["2026-03", 170, 120, 170, 12, 16, { amount: "3000.50" }]);
    expect(row(section(sections, "transfers"), "合计")).toEqual(["合计", 7, 5, 1, 1, 1]);
    expect(section(sections, "funds").rows).toEqual([
      ["市级社会救助基金", 2, { amount: "3000.50" }],
      ["乡镇临时救助备用金", 7, { amount: "1500.00" }],
      ["合计", 9, { amount: "4500.50" }],
    ]);
  });

  it("applications as a type × stage matrix with zeros filled in", () => {
    const apps = section(sections, "applications");
    expect(apps.header).toEqual(["申请类型", "调查核对中", "乡镇已审核", "公示中", "已确认", "不予确认", "合计"]);
    expect(apps.rows).toEqual([
      ["低保", 1, 0, 0, 2, 0, 3],
      ["特困供养", 0, 0, 1, 0, 0, 1],
      ["低保边缘家庭认定", 0, 0, 0, 0, 1, 1],
      ["合计", 1, 0, 1, 2, 1, 5],
    ]);
  });
});

describe("toCsv", () => {
  const csv = toCsv(dashboardSections(county));
  const lines = csv.slice(1).split("\r\n");

  it("starts with a UTF-8 BOM and uses CRLF", () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(csv.replace(/\r\n/g, "")).not.toContain("\n");
  });

  it("writes each section as a title row and a header, apart by a blank line", () => {
    expect(lines.slice(0, 3)).toEqual(["总体情况", "项目,数值,单位", "地区,辽宁省 盘锦市 双台子区,"]);
    const at = lines.indexOf("下级地区");
    expect(lines[at - 1]).toBe("");
    expect(lines[at + 1].startsWith("地区,走访人员,走访户数,走访次数,")).toBe(true);
    expect(lines[at + 2]).toBe("建设街道,3,120,410,400,80,60,75.0%,50,30,6,9,45,7,1,4500.50,9,5,3,1,18.5,1");
    expect(lines[at + 3]).toBe("红旗街道,2,40,90,88,0,0,,0,0,0,0,0,0,0,0.00,0,0,0,0,,0");
    expect(lines).toContain("2026-03,170,120,170,12,16,3000.50");
    expect(lines).toContain("医疗保障局,5,3,1,1,1");
    expect(lines.filter((l) => l === "").length).toBe(5 + 1); // five separators and the final newline
  });

  it("quotes what needs quoting and defuses formulas", () => {
    const odd: Dashboard = {
      ...county,
      transfers: [{ departmentCode: "X", departmentName: '=HYPERLINK("x"),1', sent: 1, resolved: 0, returned: 0, open: 1, overdue: 0 }],
    };
    expect(toCsv(dashboardSections(odd))).toContain(`"'=HYPERLINK(""x""),1",1,0,0,1,0`);
  });

  it.each(["\t=1+1", "\r=1+1", "\n=1+1", "＝1+1", "＋1", "－1", "＠SUM(A1)", "+1", "-1", "@x"])("defuses a cell starting %j (issue 11)", (name) => {
    const odd: Dashboard = { ...county, transfers: [{ departmentCode: "X", departmentName: name, sent: 1, resolved: 0, returned: 0, open: 1, overdue: 0 }] };
    const csv = toCsv(dashboardSections(odd));
    const quoted = /[",\r\n]/.test(name) ? `"'${name}"` : `'${name}`;
    expect(csv).toContain(`${quoted},1,0,0,1,0`);
  });
});

describe("toSheets", () => {
  it("one sheet per section, header bold, numbers as numbers with their formats", () => {
    const sheets = toSheets(dashboardSections(county));
    expect(sheets.map((s) => s.sheet)).toEqual(["总体情况", "下级地区", "月度走势", "转交部门办理情况", "临时救助资金支付", "救助申请"]);
    const funds = sheets[4];
    expect(funds.data[0][0]).toMatchObject({ value: "资金", fontWeight: "bold" });
    expect(funds.data[3]).toEqual([
      { value: "合计", type: String, format: "@" },
      { value: 9, type: Number },
      { value: 4500.5, type: Number, format: "#,##0.00" },
    ]);
    const children = sheets[1];
    const coverage = children.data[0].findIndex((c) => typeof c === "object" && c !== null && "value" in c && c.value === "本月覆盖率");
    expect(children.data[1][coverage]).toEqual({ value: 0.75, type: Number, format: "0.0%" });
    expect(children.data[2][coverage]).toBeNull();
  });
});

describe("file name", () => {
  it("names the region and the period, with an ASCII fallback", () => {
    const city = { region: { code: "2111", name: "盘锦市", level: 2 }, range: { from: "2026-01", to: "2026-11" } };
    const file = exportFileName(city, "xlsx");
    expect(file).toEqual({ name: "暖心统计_盘锦市_2026-01至2026-11.xlsx", ascii: "nuanxin-stats_2111_2026-01_2026-11.xlsx" });
    expect(exportFileName({ ...city, range: { from: "2026-11", to: "2026-11" } }, "csv").name).toBe("暖心统计_盘锦市_2026-11.csv");
    const header = contentDisposition(file);
    expect(header).toBe(
      `attachment; filename="nuanxin-stats_2111_2026-01_2026-11.xlsx"; filename*=UTF-8''${encodeURIComponent("暖心统计_盘锦市_2026-01至2026-11.xlsx")}`,
    );
    expect(decodeURIComponent(header.split("UTF-8''")[1])).toBe(file.name);
  });
});
