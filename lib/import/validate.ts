/**
 * The dry run's rules, also applied again by the import itself batch by batch: a file's rows are
 * grouped into households (consecutive rows with the same head ID number), each household is
 * turned into what the household form would submit and judged by the form's own schema
 * (createHouseholdSchema: GB 11643 check character, real birth date, category, relation, one head,
 * flags, lengths), then against the database: the village must exist inside the importer's
 * region, and no ID number may belong to another household (province-wide, by blind index, as
 * the form's own check does). A household with any problem is left out whole: nothing of a
 * family is half-imported.
 */
import "server-only";
import { db } from "@/lib/db/client";
import { asSystem } from "@/lib/db/scope";
import { idKeys } from "@/lib/env";
import { blindIndexCandidates } from "@/lib/crypto/id-number-cipher";
import { format, t } from "@/lib/i18n";
import { createHouseholdSchema, type CreateHouseholdInput } from "@/lib/households/schema";
import { normaliseIdNumber } from "@/lib/households/id-number";
import { columnIndexes, headerOf, parseCategory, parseGrade, parseLabour, parseRelation, parseYesNo, type Field, type Mapping } from "./columns";
import { readRows, type FileKind, type SheetRow } from "./read";

const p = t.imports.problem;

export type Problem = { row: number; column: string; message: string };
export type RowGroup = { headId: string; rows: SheetRow[] };
/** A household as the file has it: valid (ready to write) or not (with its problems). */
export type CheckedHousehold =
  | { ok: true; headId: string; rows: number[]; input: CreateHouseholdInput; existingId: number | null }
  | { ok: false; headId: string; rows: number[]; problems: Problem[] };

/** Households of a file, in order: consecutive data rows with the same head ID number. */
export async function* householdGroups(kind: FileKind, bytes: Uint8Array, mapping: Mapping): AsyncGenerator<RowGroup> {
  let headers: string[] | null = null;
  let cols: Partial<Record<Field, number>> = {};
  let current: RowGroup | null = null;
  for await (const r of readRows(kind, bytes)) {
    if (!headers) {
      headers = r.cells;
      cols = columnIndexes(mapping, headers);
      continue;
    }
    const headId = normaliseIdNumber(cellOf(r, cols, "headIdNumber"));
    if (current && current.headId === headId && headId !== "") {
      current.rows.push(r);
      continue;
    }
    if (current) yield current;
    current = { headId, rows: [r] };
  }
  if (current) yield current;
}

function cellOf(r: SheetRow, cols: Partial<Record<Field, number>>, f: Field): string {
  const i = cols[f];
  return i === undefined ? "" : (r.cells[i] ?? "");
}

/** What one validation run remembers across batches: rows seen, villages, township names. */
export type CheckContext = {
  regionCode: string;
  mapping: Mapping;
  cols: Partial<Record<Field, number>>;
  villages: Set<string>;
  seenHeads: Set<string>;
  /** Member ID number → the head ID of the household that listed it first. */
  seenMembers: Map<string, string>;
  townships: Map<string, string>;
};

export async function checkContext(regionCode: string, mapping: Mapping, headers: string[]): Promise<CheckContext> {
  const villages = await db.region.findMany({
    where: { level: 5, retiredAt: null, code: { startsWith: regionCode } },
    select: { code: true },
  });
  return {
    regionCode, mapping, cols: columnIndexes(mapping, headers),
    villages: new Set(villages.map((v) => v.code)),
    seenHeads: new Set(), seenMembers: new Map(), townships: new Map(),
  };
}

const memberColumn: Record<string, Field> = {
  name: "name", idNumber: "idNumber", relation: "relation", majorIllness: "majorIllness",
  disabilityGrade: "disabilityGrade", postCompulsoryStudent: "postCompulsoryStudent",
  unsupportedChild: "unsupportedChild", labourCapacity: "labourCapacity",
};

/** Judge one batch of households (the database checks are one query per batch). */
export async function checkHouseholds(ctx: CheckContext, groups: RowGroup[]): Promise<CheckedHousehold[]> {
  const staged = groups.map((g) => stage(ctx, g));
  // Every ID number of the batch, looked up under every index key (a re-keying may be half done).
  const indexOwner = new Map<string, { id: string; group: number }>();
  staged.forEach((s, gi) => {
    for (const id of s.memberIds) {
      if (id.length !== 18) continue;
      for (const b of blindIndexCandidates(idKeys(), id)) indexOwner.set(Buffer.from(b).toString("hex"), { id, group: gi });
    }
  });
  // Across the province, as the system (as the form's duplicate check does): a holder is often
  // outside the importer's region, which row-level security would hide. Only the township and
  // the household id leave this function.
  const found = indexOwner.size === 0 ? [] : await asSystem(() => db.member.findMany({
    where: { idIndex: { in: [...indexOwner.keys()].map((x) => Buffer.from(x, "hex")) } },
    select: { idIndex: true, householdId: true, relation: true, regionCode: true },
  }));
  const holderOf = new Map<string, { householdId: number; relation: string; regionCode: string }>();
  for (const m of found) holderOf.set(indexOwner.get(Buffer.from(m.idIndex).toString("hex"))!.id, m);
  await loadTownships(ctx, found.map((m) => m.regionCode.slice(0, 9)));
  const township = (code: string) => ctx.townships.get(code.slice(0, 9)) ?? t.validation.otherTownship;

  return staged.map((s) => {
    const problems = [...s.problems];
    let existingId: number | null = null;
    if (s.input) {
      const head = holderOf.get(s.headId);
      if (head && head.relation === "HEAD" && head.regionCode.startsWith(ctx.regionCode)) existingId = head.householdId;
      else if (head) problems.push({ row: s.headRow, column: headerOf("headIdNumber"), message: format(p.headIsMember, { township: township(head.regionCode) }) });
      s.input.members.forEach((m, i) => {
        const holder = holderOf.get(m.idNumber ?? "");
        if (!holder || (existingId !== null && holder.householdId === existingId)) return;
        if (m.idNumber === s.headId && head) return; // said above
        problems.push({ row: s.group.rows[i].row, column: headerOf("idNumber"), message: format(p.idInOtherHousehold, { township: township(holder.regionCode) }) });
      });
    }
    const rows = s.group.rows.map((r) => r.row);
    if (problems.length === 0 && s.input) return { ok: true as const, headId: s.headId, rows, input: s.input, existingId };
    // Every row of a refused household says why it was not imported.
    const withOwn = new Set(problems.map((x) => x.row));
    for (const r of rows) if (!withOwn.has(r)) problems.push({ row: r, column: t.imports.fileLevel, message: p.otherRowsOfHousehold });
    problems.sort((a, b) => a.row - b.row);
    return { ok: false as const, headId: s.headId, rows, problems };
  });
}

async function loadTownships(ctx: CheckContext, codes: string[]) {
  const missing = [...new Set(codes)].filter((c) => !ctx.townships.has(c));
  if (missing.length === 0) return;
  const rows = await db.region.findMany({ where: { code: { in: missing } }, select: { code: true, fullName: true } });
  for (const r of rows) ctx.townships.set(r.code, r.fullName);
}

type Staged = {
  group: RowGroup; headId: string; headRow: number; memberIds: string[];
  problems: Problem[]; input: CreateHouseholdInput | null;
};

/** The checks that need no database beyond the context: cell values, the form's schema, the file itself. */
function stage(ctx: CheckContext, group: RowGroup): Staged {
  const problems: Problem[] = [];
  const cell = (r: SheetRow, f: Field) => cellOf(r, ctx.cols, f);
  const say = (row: number, f: Field | null, message: string) => problems.push({ row, column: f ? headerOf(f) : t.imports.fileLevel, message });
  const headId = group.headId;
  const first = group.rows[0];

  if (headId === "") say(first.row, "headIdNumber", t.validation.required);
  else if (ctx.seenHeads.has(headId)) say(first.row, "headIdNumber", p.notAdjacent);
  if (headId !== "") ctx.seenHeads.add(headId);

  const members = group.rows.map((r) => {
    const relationCell = cell(r, "relation");
    const relation = parseRelation(relationCell);
    if (relation === null) say(r.row, "relation", p.relationUnknown);
    const labour = parseLabour(cell(r, "labourCapacity"));
    if (labour === null) say(r.row, "labourCapacity", p.labourUnknown);
    const yesNo = (f: Field) => {
      const v = parseYesNo(cell(r, f));
      if (v === null) say(r.row, f, p.notYesNo);
      return v ?? undefined;
    };
    return {
      name: cell(r, "name"),
      idNumber: cell(r, "idNumber"),
      relation: relation ?? "",
      majorIllness: yesNo("majorIllness"),
      disabilityGrade: parseGrade(cell(r, "disabilityGrade")),
      postCompulsoryStudent: yesNo("postCompulsoryStudent"),
      unsupportedChild: yesNo("unsupportedChild"),
      labourCapacity: labour || undefined,
    };
  });
  const memberIds = members.map((m) => normaliseIdNumber(m.idNumber));
  // The household's own columns are read from the head's row (the first row without one).
  const headIndex = Math.max(0, memberIds.findIndex((id, i) => id === headId && members[i].relation === "HEAD"));
  const headRow = group.rows[headIndex];
  if (headId !== "" && !memberIds.some((id, i) => id === headId && members[i].relation === "HEAD")) {
    say(first.row, "headIdNumber", memberIds.includes(headId) ? p.headMismatch : p.headMissing);
  }
  const category = parseCategory(cell(headRow, "category"));
  if (category === null) say(headRow.row, "category", p.categoryUnknown);

  memberIds.forEach((id, i) => {
    if (id.length !== 18) return;
    const before = ctx.seenMembers.get(id);
    if (before !== undefined && before !== headId) say(group.rows[i].row, "idNumber", p.idTwiceInFile);
    else ctx.seenMembers.set(id, headId);
  });

  const parsed = createHouseholdSchema.safeParse({
    regionCode: cell(headRow, "regionCode"),
    address: cell(headRow, "address"),
    phone: cell(headRow, "phone"),
    note: cell(headRow, "note"),
    category: category ?? "",
    members,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [top, index, field] = issue.path;
      if (top === "members" && typeof index === "number" && typeof field === "string") {
        // A value translated above already has its own message (an unknown relation, say).
        const f = memberColumn[field];
        if (f && problems.some((x) => x.row === group.rows[index].row && x.column === headerOf(f))) continue;
        say(group.rows[index].row, f ?? null, issue.message);
      } else if (top === "members") {
        say(headRow.row, "relation", issue.message);
      } else if (typeof top === "string" && (top as Field) in t.imports.columns) {
        if (top === "category" && category === null) continue;
        say(headRow.row, top as Field, issue.message);
      } else {
        say(headRow.row, null, issue.message);
      }
    }
  }
  const regionCode = cell(headRow, "regionCode");
  if (/^\d{12}$/.test(regionCode) && !ctx.villages.has(regionCode)) say(headRow.row, "regionCode", p.villageUnknown);

  const input = parsed.success && problems.length === 0 ? parsed.data : null;
  return { group, headId, headRow: headRow.row, memberIds, problems, input };
}
