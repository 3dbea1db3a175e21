/**
 * Reading an uploaded register: the rows of the first worksheet of an .xlsx (exceljs's streaming
 * reader, so a 100,000-row workbook is never held as a whole object tree), or of a .csv in UTF-8
 * (with or without a byte-order mark) or, failing that, GB18030 — what Excel on a Chinese Windows
 * writes ("CSV (逗号分隔)" is GBK, a subset of GB18030). Every cell comes out as trimmed text.
 */
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";

export type FileKind = "xlsx" | "csv";
export type SheetRow = { row: number; cells: string[] };

/** The kind of file, from its name and its first bytes (an .xlsx is a zip: "PK\3\4"). Null: neither. */
export function fileKind(name: string, bytes: Uint8Array): FileKind | null {
  const lower = name.toLowerCase();
  const zip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (lower.endsWith(".xlsx")) return zip ? "xlsx" : null;
  if (lower.endsWith(".csv")) return zip ? null : "csv";
  return null;
}

/** The text of a CSV file: UTF-8 when it is valid UTF-8 (BOM or not), GB18030 otherwise. */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: "utf-8" | "gb18030" } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hasBom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(hasBom ? buf.subarray(3) : buf);
    return { text, encoding: "utf-8" };
  } catch {
    return { text: iconv.decode(buf, "gb18030"), encoding: "gb18030" };
  }
}

/** RFC 4180 records (quoted fields with commas, quotes and line breaks; CRLF or LF). */
export function* csvRecords(text: string): Generator<string[]> {
  let field = "";
  let record: string[] = [];
  let quoted = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false; i++; continue;
      }
      field += c; i++; continue;
    }
    if (c === '"' && field === "") { quoted = true; i++; continue; }
    if (c === ",") { record.push(field); field = ""; i++; continue; }
    if (c === "\r" || c === "\n") {
      record.push(field); field = "";
      yield record; record = [];
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
      continue;
    }
    field += c; i++;
  }
  if (field !== "" || record.length) { record.push(field); yield record; }
}

/** One cell of exceljs as text: numbers without float noise, dates as YYYY-MM-DD, rich text joined. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v.trim();
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === "boolean") return v ? "是" : "否";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join("").trim();
    if (o.text !== undefined) return cellText(o.text);
    if (o.result !== undefined) return cellText(o.result);
  }
  return String(v).trim();
}

/** The rows of a file in order, blank rows left out; the first one is the header. */
export async function* readRows(kind: FileKind, bytes: Uint8Array): AsyncGenerator<SheetRow> {
  if (kind === "csv") {
    let row = 0;
    for (const cells of csvRecords(decodeCsv(bytes).text)) {
      row++;
      const trimmed = cells.map((c) => c.trim());
      if (trimmed.every((c) => c === "")) continue;
      yield { row, cells: trimmed };
    }
    return;
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), {
    sharedStrings: "cache", hyperlinks: "ignore", styles: "ignore", worksheets: "emit", entries: "ignore",
  });
  for await (const sheet of reader) {
    for await (const r of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = r.values as unknown[];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
      if (cells.every((c) => c === "")) continue;
      yield { row: r.number, cells };
    }
    break; // the first worksheet only
  }
}

/** The header row's cells, or null for a file without one. */
export async function readHeaders(kind: FileKind, bytes: Uint8Array): Promise<string[] | null> {
  for await (const r of readRows(kind, bytes)) return r.cells;
  return null;
}
