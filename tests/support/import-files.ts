/** Register files for the import tests and the benchmark: rows in the template's columns. */
import { FIELDS, headerOf, type Field } from "@/lib/import/columns";

export type ImportRow = Partial<Record<Field, string>>;

const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A CSV in the template's columns (or the given headers), CRLF line ends as Excel writes them. */
export function csvText(rows: ImportRow[], headers: string[] = FIELDS.map(headerOf)): string {
  const lines = [headers.map(quote).join(",")];
  for (const r of rows) lines.push(FIELDS.map((f) => quote(r[f] ?? "")).join(","));
  return lines.join("\r\n") + "\r\n";
}

/** One household's rows: the head first, then the others, sharing the household's columns. */
export function householdRows(
  household: { headIdNumber: string; regionCode: string; address?: string; category?: string; phone?: string },
  members: { name: string; idNumber: string; relation: string; extra?: ImportRow }[],
): ImportRow[] {
  return members.map((m) => ({
    headIdNumber: household.headIdNumber, regionCode: household.regionCode, address: household.address ?? "测试导入地址 1 号",
    phone: household.phone ?? "", category: household.category ?? "低保",
    name: m.name, idNumber: m.idNumber, relation: m.relation, ...m.extra,
  }));
}
