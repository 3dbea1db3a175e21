/**
 * What a caseworker's phone keeps for a day in the villages (issue 13, decision 021): this
 * month's roster of their own area and, for each household on it, the summary the visit needs —
 * head, members' names and flags, address, last visit, open problems — plus the active
 * questionnaire. Read through the same scoped queries and the same masking as the pages, so the
 * phone holds nothing the caseworker could not open online. Served by
 * `GET /api/sync/v1/snapshot`; the phone stores it in IndexedDB and clears it on sign-out.
 */
import "server-only";
import { db } from "@/lib/db/client";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/write";
import { personalDataView, SENSITIVE_FLAGS } from "@/lib/households/privacy";
import { memberFlags, type FlagKey } from "@/lib/households/flags";
import { ageOn, isoFromDate, todayInChina } from "@/lib/dates";
import { activeQuestionnaire, monthlyRoster, type RosterStatus } from "./queries";
import type { Question } from "./questionnaire";

/** Most households a phone takes: a township's roster is far smaller; beyond this it says so. */
export const SNAPSHOT_MAX_HOUSEHOLDS = 3000;
/** Version of the snapshot's shape: a phone holding another version fetches it again. */
export const SNAPSHOT_VERSION = 1;

export type SnapshotMember = { name: string; relation: string; male: boolean; age: number; flags: { key: FlagKey; grade?: number }[]; sensitiveFlags: number };
export type SnapshotProblem = { id: number; category: string; urgency: string; status: string; description: string; foundOn: string };
export type SnapshotHousehold = {
  id: number;
  headName: string;
  category: string;
  address: string;
  villageName: string;
  regionCode: string;
  status: RosterStatus;
  lastVisitedOn: string | null;
  masked: boolean;
  members: SnapshotMember[];
  openProblems: SnapshotProblem[];
};
export type Snapshot = {
  version: number;
  user: { id: number; name: string; regionCode: string };
  generatedAt: string;
  today: string;
  month: string;
  counts: { overdue: number; due: number; visited: number };
  total: number;
  truncated: boolean;
  questionnaire: { version: number; title: string; questions: Question[] };
  households: SnapshotHousehold[];
};

export async function offlineSnapshot(actor: Actor, today: string = todayInChina()): Promise<Snapshot> {
  requirePermission(actor, "log:visit");
  requirePermission(actor, "read:roster");
  const roster = await monthlyRoster(actor, { filter: "all", page: 1 }, today, SNAPSHOT_MAX_HOUSEHOLDS);
  const ids = roster.rows.map((r) => r.id);
  const [members, problems, questionnaire, view] = await Promise.all([
    db.member.findMany({
      where: { householdId: { in: ids } },
      orderBy: [{ householdId: "asc" }, { relation: "asc" }, { birthDate: "asc" }],
      select: {
        householdId: true, name: true, relation: true, male: true, birthDate: true,
        majorIllness: true, disabilityGrade: true, postCompulsoryStudent: true, unsupportedChild: true,
      },
    }),
    db.problem.findMany({
      where: { householdId: { in: ids }, status: { not: "RESOLVED" } },
      orderBy: { id: "desc" },
      select: { id: true, householdId: true, category: true, urgency: true, status: true, description: true, foundOn: true },
    }),
    activeQuestionnaire(),
    personalDataView(actor),
  ]);
  const byHousehold = <R extends { householdId: number }>(rows: R[]) => {
    const map = new Map<number, R[]>();
    for (const r of rows) (map.get(r.householdId) ?? map.set(r.householdId, []).get(r.householdId)!).push(r);
    return map;
  };
  const membersOf = byHousehold(members);
  const problemsOf = byHousehold(problems);

  const households: SnapshotHousehold[] = roster.rows.map((row) => {
    const masked = view.masks(row);
    const shown = view.household({ ...row, members: membersOf.get(row.id) ?? [] });
    return {
      id: row.id,
      headName: shown.headName,
      category: row.category,
      address: shown.address,
      villageName: row.villageName,
      regionCode: row.regionCode,
      status: row.status,
      lastVisitedOn: row.lastVisitedOn ? isoFromDate(row.lastVisitedOn) : null,
      masked,
      members: shown.members.map((m) => {
        const flags = memberFlags(m, today);
        // Masked (outside the caseworker's township): how many sensitive flags, not which (as on the page).
        const sensitive = flags.filter((f) => (SENSITIVE_FLAGS as readonly string[]).includes(f.key));
        return {
          name: m.name,
          relation: m.relation,
          male: m.male,
          age: ageOn(isoFromDate(m.birthDate), today),
          flags: masked ? flags.filter((f) => !sensitive.includes(f)) : flags,
          sensitiveFlags: masked ? sensitive.length : 0,
        };
      }),
      openProblems: (problemsOf.get(row.id) ?? []).map((p) => ({
        id: p.id,
        category: p.category,
        urgency: p.urgency,
        status: p.status,
        description: masked ? "" : p.description,
        foundOn: isoFromDate(p.foundOn),
      })),
    };
  });

  // A township's families copied to a phone is worth a line in the audit log (who, when, how many).
  await db.$transaction((tx) =>
    writeAudit(tx, actor, {
      action: "offline.snapshot",
      entity: "region",
      entityId: null,
      regionCode: actor.regionCode,
      after: { households: households.length, truncated: roster.total > households.length },
    }),
  );

  return {
    version: SNAPSHOT_VERSION,
    user: { id: actor.id, name: actor.name, regionCode: actor.regionCode },
    generatedAt: new Date().toISOString(),
    today,
    month: roster.month,
    counts: roster.counts,
    total: roster.total,
    truncated: roster.total > households.length,
    questionnaire,
    households,
  };
}
