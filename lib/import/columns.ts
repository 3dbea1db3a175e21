/**
 * The import's columns: one row per family member, the household's own columns repeated on each
 * of its rows (the head's row is the one read), households told apart by the head's ID number.
 * Cells are translated here from what people type in a register (低保, 户主, 是) into the values
 * the household form submits, so that the form's own schema (lib/households/schema.ts) judges
 * them with its own rules and messages. Pure: shared by the template, the mapping page and the job.
 */
import { t } from "@/lib/i18n";
// A register file's values are Chinese whatever the reader's language: read them by the Chinese labels.
import { zhCN } from "@/lib/i18n/zh-CN";
import { CATEGORIES, LABOUR_CAPACITIES, RELATIONS } from "@/lib/households/schema";

export const FIELDS = [
  "headIdNumber", "regionCode", "address", "phone", "category",
  "name", "idNumber", "relation",
  "majorIllness", "disabilityGrade", "postCompulsoryStudent", "unsupportedChild", "labourCapacity", "note",
] as const;
export type Field = (typeof FIELDS)[number];

/** Fields every file must have a column for (the rest may be missing: blank, no, not assessed). */
export const REQUIRED_FIELDS: readonly Field[] = ["headIdNumber", "regionCode", "address", "category", "name", "idNumber", "relation"];

/** The header each field has in the template. */
export const headerOf = (f: Field): string => t.imports.columns[f];

/** Other headers seen in registers for the same thing, recognised without asking. */
const ALIASES: Partial<Record<Field, string[]>> = {
  headIdNumber: ["户主身份证", "户主公民身份号码", "户主身份证号码"],
  regionCode: ["村社区代码", "行政区划代码", "村（居）代码", "区划代码"],
  address: ["住址", "家庭地址", "居住地址"],
  phone: ["电话", "联系方式", "手机号"],
  category: ["类别", "保障类别", "救助类型"],
  name: ["姓名", "成员名称"],
  idNumber: ["身份证号", "身份证号码", "公民身份号码"],
  relation: ["关系", "与户主关系（户主/配偶/子女等）"],
  disabilityGrade: ["残疾级别"],
  labourCapacity: ["劳动能力鉴定"],
};

/** A header as compared: no spaces, full-width brackets as half-width. */
const normal = (h: string) => h.replace(/\s+/g, "").replace(/（/g, "(").replace(/）/g, ")");

/** Which file header each field reads. null: not in the file. */
export type Mapping = Record<Field, string | null>;

/**
 * The mapping proposed for a file's headers: the user's remembered choice where that header is in
 * the file, else the template's header, else a known alias; nothing otherwise.
 */
export function proposeMapping(headers: string[], remembered: Partial<Mapping> | null): Mapping {
  const byNormal = new Map(headers.map((h) => [normal(h), h]));
  const out = {} as Mapping;
  for (const f of FIELDS) {
    const mine = remembered?.[f];
    const candidates = [mine, headerOf(f), ...(ALIASES[f] ?? [])].filter((x): x is string => !!x);
    out[f] = candidates.map((c) => byNormal.get(normal(c))).find((x) => x !== undefined) ?? null;
  }
  return out;
}

/** Whether the file's headers are the template's own (then no mapping step is shown). */
export function isTemplateLayout(headers: string[], mapping: Mapping): boolean {
  return FIELDS.every((f) => mapping[f] === null ? !REQUIRED_FIELDS.includes(f) : normal(mapping[f]!) === normal(headerOf(f))) &&
    headers.length > 0;
}

/** Problems with a mapping: a required field without a column, one column for two fields. */
export function mappingProblems(mapping: Mapping, headers: string[]): Partial<Record<Field, string>> {
  const problems: Partial<Record<Field, string>> = {};
  const used = new Map<string, Field>();
  for (const f of FIELDS) {
    const h = mapping[f];
    if (h === null || h === undefined) {
      if (REQUIRED_FIELDS.includes(f)) problems[f] = t.imports.mappingMissing;
      continue;
    }
    if (!headers.includes(h)) problems[f] = t.imports.mappingMissing;
    else if (used.has(h)) problems[f] = t.imports.mappingTwice;
    else used.set(h, f);
  }
  return problems;
}

/** Column index (0-based) of each mapped field in a row. */
export function columnIndexes(mapping: Mapping, headers: string[]): Partial<Record<Field, number>> {
  const out: Partial<Record<Field, number>> = {};
  for (const f of FIELDS) {
    const h = mapping[f];
    if (h === null) continue;
    const i = headers.indexOf(h);
    if (i >= 0) out[f] = i;
  }
  return out;
}

// ── Cell values, as a register writes them ──

const lookup = <T extends string>(values: readonly T[], labels: Record<T, string>, extra: Record<string, T> = {}) => {
  const map = new Map<string, T>();
  for (const v of values) {
    map.set(v, v);
    map.set(normal(labels[v]), v);
  }
  for (const [k, v] of Object.entries(extra)) map.set(normal(k), v);
  return (cell: string): T | "" | null => (cell === "" ? "" : map.get(normal(cell)) ?? map.get(cell.toUpperCase()) ?? null);
};

export const parseCategory = lookup(CATEGORIES, zhCN.enums.category, { 刚性支出: "RIGID_EXPENSE", 低边: "DIBAO_EDGE", 无: "NONE" });
export const parseRelation = lookup(RELATIONS, zhCN.enums.relation, { 本人: "HEAD", 妻: "SPOUSE", 夫: "SPOUSE", 子: "CHILD", 女: "CHILD", 儿子: "CHILD", 女儿: "CHILD", 父亲: "PARENT", 母亲: "PARENT" });
export const parseLabour = lookup(LABOUR_CAPACITIES, zhCN.enums.labourCapacity, { 未评估: "NOT_ASSESSED", 完全: "FULL", 部分: "PARTIAL", 无: "NONE", 丧失: "NONE" });

const YES = new Set(["是", "有", "Y", "YES", "1", "TRUE", "√"]);
const NO = new Set(["", "否", "无", "N", "NO", "0", "FALSE"]);
/** 是/否 → the checkbox value the form sends ("on" / absent); null when it is neither. */
export function parseYesNo(cell: string): "on" | undefined | null {
  const c = cell.trim().toUpperCase();
  if (YES.has(c)) return "on";
  if (NO.has(c)) return undefined;
  return null;
}

/** 残疾等级: "2", "二级", "2级" → "2"; blank stays blank (no certificate). */
export function parseGrade(cell: string): string {
  const c = cell.trim().replace(/级$/, "");
  const chinese: Record<string, string> = { 一: "1", 二: "2", 三: "3", 四: "4", 无: "" };
  return chinese[c] ?? c;
}
