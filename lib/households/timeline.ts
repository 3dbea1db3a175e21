/**
 * The case file (档案时间线): everything that happened to one household, newest first, read from
 * the records themselves — visits; problems, how each was resolved, their transfers and
 * supporting actions; temporary aid proposed, paid and reversed; applications through their
 * stages; policies and resources offered; register and category changes (the audit log, the
 * only place an edit of the household is kept); monitoring alerts raised and closed.
 *
 * One statement: a UNION ALL of one branch per kind of event, each reading the household's rows
 * through a household (or problem / application) index and cut to the page's size before the
 * merge, so a family with years of monthly visits costs one page, not its whole history. Pages
 * are keyset by (day, event order within a day, record id) — "show earlier" starts below the
 * last entry shown, whatever was added meanwhile (docs/decisions/026).
 *
 * Scope and masking as on the rest of the household page: a household outside the actor's
 * region is "not found" (the refused read audited), every branch narrows by the region again,
 * and where the actor's personal-data view masks the family (privacy.ts) free texts, names and
 * health details are withheld here too.
 */
import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type {
  AidKind, AidStatus, AlertKind, ApplicationStage, ApplicationType, AssistanceCategory, FundKind, LabourCapacity,
  ProblemCategory, ProblemSource, PublicityOutcome, ReassessmentOutcome, ResolutionTier, SupportActionKind, TransferStatus, Urgency,
} from "@/lib/generated/prisma/enums";
import { inScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/guard";
import { can, type Actor, type Permission } from "@/lib/auth/permissions";
import { auditDeniedRead } from "@/lib/audit/refusals";
import { NotFoundError } from "@/lib/errors";
import { t } from "@/lib/i18n";
import { addDays, dateFromIso, isoFromDate, todayInChina } from "@/lib/dates";
import { loadCalendar } from "@/lib/calendar/queries";
import { clockFor, type Clock } from "@/lib/applications/queries";
import { maskName, personalDataView } from "./privacy";
import { encodeCursor, type TimelineCursor, type TimelineKind } from "./timeline-schema";

export const TIMELINE_PAGE_SIZE = 30;
/** The printed file: this many entries at most, newest first (a note says when there are more). */
export const TIMELINE_PRINT_LIMIT = 300;

/** Support actions whose very kind says something about health or a child's situation (privacy.ts SENSITIVE_FLAGS). */
const SENSITIVE_SUPPORT: readonly SupportActionKind[] = ["LABOUR_ASSESSMENT_RECORDED", "UNSUPPORTED_CHILD"];

export type TimelineEvent =
  | { event: "registered"; category: AssistanceCategory | null }
  | { event: "categoryChanged"; from: AssistanceCategory | null; to: AssistanceCategory | null; applicationId: number | null; alertId: number | null; reason: string | null }
  | { event: "visit"; visitId: number; visitors: string; findings: string | null; leftArea: boolean }
  | { event: "problemFound"; problemId: number; category: ProblemCategory; urgency: Urgency; source: ProblemSource; description: string | null }
  | { event: "problemResolved"; problemId: number; category: ProblemCategory; tier: ResolutionTier; department: string | null; amount: string | null; resolution: string | null }
  | { event: "transferSent"; transferId: number; problemId: number; department: string; dueOn: string; request: string | null }
  | { event: "transferAnswered"; transferId: number; problemId: number; department: string; status: TransferStatus; answer: string | null }
  | { event: "supportAction"; problemId: number; action: SupportActionKind | null; member: string | null; labourCapacity: LabourCapacity | null; detail: string | null }
  | { event: "aidProposed"; problemId: number; aidCaseId: number; aidKind: AidKind; amount: string; status: AidStatus; reason: string | null }
  | { event: "aidRejected"; problemId: number; aidCaseId: number; amount: string; note: string | null }
  | { event: "aidPaid"; problemId: number; aidCaseId: number | null; amount: string; fundKind: FundKind; fund: string; advance: boolean; reversed: boolean }
  | { event: "aidReversed"; problemId: number; aidCaseId: number | null; amount: string; fundKind: FundKind; fund: string; reason: string | null }
  | { event: "offer"; title: string; resource: boolean; takenUp: boolean | null; note: string | null }
  | { event: "applicationAccepted"; applicationId: number; type: ApplicationType; stage: ApplicationStage; clock: Clock }
  | { event: "economicCheck"; applicationId: number; eligible: boolean; incomePerHead: string; standardAmount: string | null }
  | { event: "proposal"; applicationId: number; proposal: "GRANT" | "REFUSE" | null; amount: string | null; reason: string | null }
  | { event: "publicity"; applicationId: number; level: number; startsOn: string; endsOn: string; outcome: PublicityOutcome }
  | { event: "objection"; applicationId: number; raisedBy: string | null; content: string | null }
  | { event: "decision"; applicationId: number; stage: "APPROVED" | "REFUSED"; amount: string | null; startMonth: string | null; workingDays: number | null; byTownship: boolean; reason: string | null }
  | { event: "alertRaised"; alertId: number; alertKind: AlertKind; open: boolean }
  | { event: "alertClosed"; alertId: number; alertKind: AlertKind; outcome: ReassessmentOutcome | null; applicationId: number | null; reason: string | null };

export type TimelineEntry = TimelineEvent & {
  /** Unique on the page: the event and its record. */
  key: string;
  kind: TimelineKind;
  day: Date;
  /** The record the entry is about (problem page, application page, the visit on the household page…), or null. */
  href: string | null;
};

export type Timeline = {
  householdId: number;
  masked: boolean;
  kind: TimelineKind | null;
  /** Kinds this actor may read (the filter chips). */
  kinds: TimelineKind[];
  entries: TimelineEntry[];
  /** `?before=` for the page after this one, or null at the start of the file. */
  earlier: string | null;
};

/** Which permission each kind of entry needs, beyond reading the household itself. */
const KIND_PERMISSION: Record<TimelineKind, Permission> = {
  visit: "read:household",
  register: "read:household",
  problem: "read:problem",
  support: "read:problem",
  aid: "read:problem",
  application: "read:application",
  policy: "read:policy",
  alert: "read:alert",
};

type Branch = { kind: TimelineKind; sql: (p: BranchParams) => Prisma.Sql };
type BranchParams = { hid: number; prefix: string; limit: number; before: (day: Prisma.Sql, seq: number, ref: Prisma.Sql) => Prisma.Sql };

/** The China-time day of a timestamp (the province has one time zone, lib/dates.ts). */
const chinaDay = (ts: Prisma.Sql) => Prisma.sql`((${ts}) AT TIME ZONE 'Asia/Shanghai')::date`;
const raw = Prisma.raw;

/**
 * One branch per event. `seq` orders the events of one day as they happen in a case (a visit
 * finds a problem, which is transferred, then resolved…); the newest-first file shows the day's
 * later steps above its earlier ones. Each branch is its own sorted, limited sub-select.
 */
const BRANCHES: Branch[] = [
  {
    kind: "register",
    sql: ({ hid, prefix, limit, before }) => {
      const day = chinaDay(raw("a.at"));
      return Prisma.sql`(SELECT 1 AS seq, ${day} AS day, a.id::bigint AS ref,
          jsonb_build_object('e', 'registered', 'category', a.after->>'category') AS data
        FROM audit_log a
        WHERE a.entity = 'household' AND a.entity_id = ${String(hid)} AND a.action = 'household.create'
          AND starts_with(a.region_code, ${prefix}) ${before(day, 1, raw("a.id"))}
        ORDER BY 2 DESC, a.id DESC LIMIT ${limit})`;
    },
  },
  {
    kind: "visit",
    sql: ({ hid, prefix, limit, before }) => Prisma.sql`(SELECT 2 AS seq, v.visited_on AS day, v.id::bigint AS ref,
        jsonb_build_object('e', 'visit', 'visitors', v.visitors, 'findings', v.findings, 'leftArea', v.left_area_from IS NOT NULL) AS data
      FROM visit v
      WHERE v.household_id = ${hid} AND starts_with(v.region_code, ${prefix}) ${before(raw("v.visited_on"), 2, raw("v.id"))}
      ORDER BY v.visited_on DESC, v.id DESC LIMIT ${limit})`,
  },
  {
    kind: "problem",
    sql: ({ hid, prefix, limit, before }) => Prisma.sql`(SELECT 3 AS seq, p.found_on AS day, p.id::bigint AS ref,
        jsonb_build_object('e', 'problemFound', 'category', p.category, 'urgency', p.urgency, 'source', p.source, 'description', p.description) AS data
      FROM problem p
      WHERE p.household_id = ${hid} AND starts_with(p.region_code, ${prefix}) ${before(raw("p.found_on"), 3, raw("p.id"))}
      ORDER BY p.found_on DESC, p.id DESC LIMIT ${limit})`,
  },
  {
    kind: "support",
    sql: ({ hid, prefix, limit, before }) => {
      const day = chinaDay(raw("s.created_at"));
      return Prisma.sql`(SELECT 4 AS seq, ${day} AS day, s.id::bigint AS ref,
          jsonb_build_object('e', 'supportAction', 'problemId', s.problem_id, 'action', s.kind, 'member', m.name,
            'labourCapacity', s.labour_capacity, 'detail', s.detail) AS data
        FROM problem p JOIN support_action s ON s.problem_id = p.id
        LEFT JOIN member m ON m.id = s.member_id
        WHERE p.household_id = ${hid} AND starts_with(p.region_code, ${prefix}) AND starts_with(s.region_code, ${prefix}) ${before(day, 4, raw("s.id"))}
        ORDER BY 2 DESC, s.id DESC LIMIT ${limit})`;
    },
  },
  {
    kind: "problem",
    sql: ({ hid, prefix, limit, before }) => {
      const day = chinaDay(raw("tr.created_at"));
      return Prisma.sql`(SELECT 5 AS seq, ${day} AS day, tr.id::bigint AS ref,
          jsonb_build_object('e', 'transferSent', 'problemId', tr.problem_id, 'department', d.name, 'dueOn', tr.due_on, 'request', tr.request) AS data
        FROM problem p JOIN transfer tr ON tr.problem_id = p.id JOIN department d ON d.code = tr.department_code
        WHERE p.household_id = ${hid} AND starts_with(p.region_code, ${prefix}) AND starts_with(tr.region_code, ${prefix}) ${before(day, 5, raw("tr.id"))}
        ORDER BY 2 DESC, tr.id DESC LIMIT ${limit})`;
    },
  },
  {
    kind: "problem",
    sql: ({ hid, prefix, limit, before }) => {
      const day = chinaDay(raw("tr.answered_at"));
      return Prisma.sql`(SELECT 6 AS seq, ${day} AS day, tr.id::bigint AS ref,
          jsonb_build_object('e', 'transferAnswered', 'problemId', tr.problem_id, 'department', d.name, 'status', tr.status, 'answer', tr.answer) AS data
        FROM problem p JOIN transfer tr ON tr.problem_id = p.id JOIN department d ON d.code = tr.department_code
        WHERE p.household_id = ${hid} AND starts_with(p.region_code, ${prefix}) AND starts_with(tr.region_code, ${prefix})
          AND tr.answered_at IS NOT NULL ${before(day, 6, raw("tr.id"))}
        ORDER BY 2 DESC, tr.id DESC LIMIT ${limit})`;
    },
  },
  {
    kind: "aid",
    // The case-conference road (一事一议): what was proposed; its payment follows as its own entry.
    sql: ({ hid, prefix, limit, before }) => {
      const day = chinaDay(raw("ac.created_at"));
      return Prisma.sql`(SELECT 7 AS seq, ${day} AS day, ac.id::bigint AS ref,
          jsonb_build_object('e', 'aidProposed', 'problemId', ac.problem_id, 'aidKind', ac.kind, 'amount', ac.amount::text, 'status', ac.status, 'reason', ac.reason) AS data
        FROM problem p JOIN aid_case ac ON ac.problem_id = p.id
        WHERE p.household_id = ${hid} AND starts_with(p.region_code, ${prefix}) AND starts_with(ac.region_code, ${prefix})
          AND ac.conference_on IS NOT NULL ${before(day, 7, raw("ac.id"))}
        ORDER BY 2 DESC, ac.id DESC LIMIT ${limit})`;
    },
  },
  {
    kind: "aid",
    sql: ({ hid, prefix, limit, before }) => {
      const day = chinaDay(raw("ac.signed_off_at"));
      return Prisma.sql`(SELECT 8 AS seq, ${day} AS day, ac.id::bigint AS ref,
          jsonb_build_object('e', 'aidRejected', 'problemId', ac.problem_id, 'amount', ac.amount::text, 'note', ac.sign_off_note) AS data
        FROM problem p JOIN aid_case ac ON ac.problem_id = p.id
        WHERE p.household_id = ${hid} AND starts_with(p.region_code, ${prefix}) AND starts_with(ac.region_code, ${prefix})
          AND ac.status = 'REJECTED' AND ac.signed_off_at IS NOT NULL ${before(day, 8, raw("ac.id"))}
        ORDER BY 2 DESC, ac.id DESC LIMIT ${limit})`;
    },
  },
  {
    kind: "aid",
    // Money out of a fund for this family: the ledger, reached through the family's problems
    // (every payment names its problem; fund_entry is indexed by problem, not by household).
    sql: ({ hid, prefix, limit, before }) => {
      const day = chinaDay(raw("fe.created_at"));
      return Prisma.sql`(SELECT 9 AS seq, ${day} AS day, fe.id::bigint AS ref,
          jsonb_build_object('e', 'aidPaid', 'problemId', fe.problem_id, 'aidCaseId', fe.aid_case_id, 'amount', (-fe.amount)::text,
            'fundKind', f.kind, 'fund', f.name, 'advance', COALESCE(ac.paperwork_due_on IS NOT NULL, false),
            'reversed', EXISTS (SELECT 1 FROM fund_entry r WHERE r.reverses_entry_id = fe.id)) AS data
        FROM problem p JOIN fund_entry fe ON fe.problem_id = p.id JOIN fund f ON f.id = fe.fund_id
        LEFT JOIN aid_case ac ON ac.id = fe.aid_case_id
        WHERE p.household_id = ${hid} AND starts_with(p.region_code, ${prefix}) AND fe.kind = 'PAYMENT' ${before(day, 9, raw("fe.id"))}
        ORDER BY 2 DESC, fe.id DESC LIMIT ${limit})`;
    },
  },
  {
    kind: "aid",
    sql: ({ hid, prefix, limit, before }) => {
      const day = chinaDay(raw("fe.created_at"));
      return Prisma.sql`(SELECT 10 AS seq, ${day} AS day, fe.id::bigint AS ref,
          jsonb_build_object('e', 'aidReversed', 'problemId', fe.problem_id, 'aidCaseId', fe.aid_case_id, 'amount', fe.amount::text,
            'fundKind', f.kind, 'fund', f.name, 'reason', fe.note) AS data
        FROM problem p JOIN fund_entry fe ON fe.problem_id = p.id JOIN fund f ON f.id = fe.fund_id
        WHERE p.household_id = ${hid} AND starts_with(p.region_code, ${prefix}) AND fe.kind = 'REVERSAL' ${before(day, 10, raw("fe.id"))}
        ORDER BY 2 DESC, fe.id DESC LIMIT ${limit})`;
    },
  },
  {
    kind: "problem",
    sql: ({ hid, prefix, limit, before }) => Prisma.sql`(SELECT 11 AS seq, p.resolved_on AS day, p.id::bigint AS ref,
        jsonb_build_object('e', 'problemResolved', 'category', p.category, 'tier', p.tier, 'department', d.name,
          'amount', (SELECT ac.amount::text FROM aid_case ac WHERE ac.problem_id = p.id AND ac.status = 'PAID'), 'resolution', p.resolution) AS data
      FROM problem p LEFT JOIN department d ON d.code = p.resolution_department_code
      WHERE p.household_id = ${hid} AND starts_with(p.region_code, ${prefix}) AND p.resolved_on IS NOT NULL ${before(raw("p.resolved_on"), 11, raw("p.id"))}
      ORDER BY p.resolved_on DESC, p.id DESC LIMIT ${limit})`,
  },
  {
    kind: "policy",
    sql: ({ hid, prefix, limit, before }) => Prisma.sql`(SELECT 12 AS seq, o.offered_on AS day, o.id::bigint AS ref,
        jsonb_build_object('e', 'offer', 'title', COALESCE(pl.title, rs.name, ''), 'resource', o.resource_id IS NOT NULL, 'takenUp', o.taken_up, 'note', o.note) AS data
      FROM offer o LEFT JOIN policy pl ON pl.id = o.policy_id LEFT JOIN resource rs ON rs.id = o.resource_id
      WHERE o.household_id = ${hid} AND starts_with(o.region_code, ${prefix}) ${before(raw("o.offered_on"), 12, raw("o.id"))}
      ORDER BY o.offered_on DESC, o.id DESC LIMIT ${limit})`,
  },
  {
    kind: "application",
    sql: ({ hid, prefix, limit, before }) => Prisma.sql`(SELECT 13 AS seq, a.accepted_on AS day, a.id::bigint AS ref,
        jsonb_build_object('e', 'applicationAccepted', 'type', a.type, 'stage', a.stage, 'acceptedOn', a.accepted_on, 'decidedOn', a.decided_on, 'extended', a.extended) AS data
      FROM application a
      WHERE a.household_id = ${hid} AND starts_with(a.region_code, ${prefix}) ${before(raw("a.accepted_on"), 13, raw("a.id"))}
      ORDER BY a.accepted_on DESC, a.id DESC LIMIT ${limit})`,
  },
  {
    kind: "application",
    sql: ({ hid, prefix, limit, before }) => Prisma.sql`(SELECT 14 AS seq, ec.checked_on AS day, ec.id::bigint AS ref,
        jsonb_build_object('e', 'economicCheck', 'applicationId', a.id, 'eligible', ec.eligible, 'incomePerHead', ec.income_per_head::text, 'standardAmount', ec.standard_amount::text) AS data
      FROM application a JOIN economic_check ec ON ec.application_id = a.id
      WHERE a.household_id = ${hid} AND starts_with(a.region_code, ${prefix}) ${before(raw("ec.checked_on"), 14, raw("ec.id"))}
      ORDER BY ec.checked_on DESC, ec.id DESC LIMIT ${limit})`,
  },
  {
    kind: "application",
    // A proposal is overwritten by the next one after an objection; each one is in the audit log.
    sql: ({ hid, prefix, limit, before }) => {
      const day = chinaDay(raw("al.at"));
      return Prisma.sql`(SELECT 15 AS seq, ${day} AS day, al.id::bigint AS ref,
          jsonb_build_object('e', 'proposal', 'applicationId', a.id, 'proposal', al.after->>'proposal', 'amount', al.after->>'amount', 'reason', al.after->>'reason') AS data
        FROM application a JOIN audit_log al ON al.entity = 'application' AND al.entity_id = a.id::text
        WHERE a.household_id = ${hid} AND starts_with(a.region_code, ${prefix}) AND starts_with(al.region_code, ${prefix})
          AND al.action = 'application.propose' ${before(day, 15, raw("al.id"))}
        ORDER BY 2 DESC, al.id DESC LIMIT ${limit})`;
    },
  },
  {
    kind: "application",
    sql: ({ hid, prefix, limit, before }) => Prisma.sql`(SELECT 16 AS seq, pu.starts_on AS day, pu.id::bigint AS ref,
        jsonb_build_object('e', 'publicity', 'applicationId', a.id, 'level', pu.level, 'startsOn', pu.starts_on, 'endsOn', pu.ends_on, 'outcome', pu.outcome) AS data
      FROM application a JOIN publicity pu ON pu.application_id = a.id
      WHERE a.household_id = ${hid} AND starts_with(a.region_code, ${prefix}) ${before(raw("pu.starts_on"), 16, raw("pu.id"))}
      ORDER BY pu.starts_on DESC, pu.id DESC LIMIT ${limit})`,
  },
  {
    kind: "application",
    sql: ({ hid, prefix, limit, before }) => Prisma.sql`(SELECT 17 AS seq, ob.received_on AS day, ob.id::bigint AS ref,
        jsonb_build_object('e', 'objection', 'applicationId', a.id, 'raisedBy', ob.raised_by, 'content', ob.content) AS data
      FROM application a JOIN publicity pu ON pu.application_id = a.id JOIN objection ob ON ob.publicity_id = pu.id
      WHERE a.household_id = ${hid} AND starts_with(a.region_code, ${prefix}) ${before(raw("ob.received_on"), 17, raw("ob.id"))}
      ORDER BY ob.received_on DESC, ob.id DESC LIMIT ${limit})`,
  },
  {
    kind: "application",
    sql: ({ hid, prefix, limit, before }) => Prisma.sql`(SELECT 18 AS seq, a.decided_on AS day, a.id::bigint AS ref,
        jsonb_build_object('e', 'decision', 'applicationId', a.id, 'stage', a.stage, 'amount', a.decided_amount::text, 'startMonth', a.start_month,
          'workingDays', a.decision_working_days, 'byTownship', a.confirmed_by_township, 'reason', a.decision_reason) AS data
      FROM application a
      WHERE a.household_id = ${hid} AND starts_with(a.region_code, ${prefix}) AND a.decided_on IS NOT NULL
        AND a.stage IN ('APPROVED', 'REFUSED') ${before(raw("a.decided_on"), 18, raw("a.id"))}
      ORDER BY a.decided_on DESC, a.id DESC LIMIT ${limit})`,
  },
  {
    kind: "register",
    // Every path that changes the category leaves a household audit row with the category before
    // and after (the edit form, an approved application, a re-assessment): the register's history.
    sql: ({ hid, prefix, limit, before }) => {
      const day = chinaDay(raw("a.at"));
      return Prisma.sql`(SELECT 20 AS seq, ${day} AS day, a.id::bigint AS ref,
          jsonb_build_object('e', 'categoryChanged', 'from', a.before->>'category', 'to', a.after->>'category',
            'applicationId', a.after->>'applicationId', 'alertId', a.after->>'alertId', 'reason', a.after->>'reason') AS data
        FROM audit_log a
        WHERE a.entity = 'household' AND a.entity_id = ${String(hid)} AND a.action <> 'household.create'
          AND a.before ? 'category' AND a.after ? 'category' AND (a.before->>'category') IS DISTINCT FROM (a.after->>'category')
          AND starts_with(a.region_code, ${prefix}) ${before(day, 20, raw("a.id"))}
        ORDER BY 2 DESC, a.id DESC LIMIT ${limit})`;
    },
  },
  {
    kind: "alert",
    sql: ({ hid, prefix, limit, before }) => Prisma.sql`(SELECT 21 AS seq, m.raised_on AS day, m.id::bigint AS ref,
        jsonb_build_object('e', 'alertRaised', 'alertKind', m.kind, 'open', m.closed_on IS NULL) AS data
      FROM monitoring_alert m
      WHERE m.household_id = ${hid} AND starts_with(m.region_code, ${prefix}) ${before(raw("m.raised_on"), 21, raw("m.id"))}
      ORDER BY m.raised_on DESC, m.id DESC LIMIT ${limit})`,
  },
  {
    kind: "alert",
    sql: ({ hid, prefix, limit, before }) => Prisma.sql`(SELECT 22 AS seq, m.closed_on AS day, m.id::bigint AS ref,
        jsonb_build_object('e', 'alertClosed', 'alertKind', m.kind, 'outcome', m.outcome, 'applicationId', m.application_id, 'reason', m.outcome_reason) AS data
      FROM monitoring_alert m
      WHERE m.household_id = ${hid} AND starts_with(m.region_code, ${prefix}) AND m.closed_on IS NOT NULL ${before(raw("m.closed_on"), 22, raw("m.id"))}
      ORDER BY m.closed_on DESC, m.id DESC LIMIT ${limit})`,
  },
];

type Row = { seq: number; day: Date; ref: bigint; data: Record<string, unknown> };

/**
 * The statement behind a page: the branches of the given kinds, each cut to `limit` rows below
 * the cursor, merged and cut again. Exported for the test that checks every branch reads by an
 * index; null when no kind is asked for.
 */
export function timelineStatement(householdId: number, prefix: string, kinds: readonly TimelineKind[], limit: number, cursor?: TimelineCursor): Prisma.Sql | null {
  const branches = BRANCHES.filter((b) => kinds.includes(b.kind));
  if (branches.length === 0) return null;
  const params: BranchParams = {
    hid: householdId,
    prefix,
    limit,
    before: (day, seq, ref) =>
      cursor ? Prisma.sql`AND (${day}, ${seq}::int, ${ref}::bigint) < (${cursor.day}::date, ${cursor.seq}::int, ${cursor.ref}::bigint)` : Prisma.empty,
  };
  return Prisma.sql`SELECT seq, day, ref, data FROM (${Prisma.join(branches.map((b) => b.sql(params)), " UNION ALL ")}) AS e
    ORDER BY day DESC, seq DESC, ref DESC LIMIT ${limit}`;
}

/**
 * One page of a household's case file, newest first: `kind` narrows it to one kind of entry,
 * `before` starts it below an entry of an earlier page. `limit` is the page's size.
 */
export async function householdTimeline(
  actor: Actor,
  householdId: number,
  opts: { kind?: TimelineKind; before?: TimelineCursor; limit?: number } = {},
  today: string = todayInChina(),
): Promise<Timeline> {
  requirePermission(actor, "read:household");
  const household = await db.household.findFirst({ where: { id: householdId, ...inScope(actor) }, select: { id: true, regionCode: true } });
  if (!household) {
    await auditDeniedRead(actor, "household", householdId);
    throw new NotFoundError(t.common.notFound);
  }
  const view = await personalDataView(actor);
  const masked = view.masks(household);
  const kinds = (Object.keys(KIND_PERMISSION) as TimelineKind[]).filter((k) => can(actor, KIND_PERMISSION[k]));
  const kind = opts.kind && kinds.includes(opts.kind) ? opts.kind : null;
  const limit = Math.max(1, Math.min(opts.limit ?? TIMELINE_PAGE_SIZE, TIMELINE_PRINT_LIMIT));
  const statement = timelineStatement(household.id, actor.regionCode, kind ? [kind] : kinds, limit + 1, opts.before);
  // One more than the page: whether there is an earlier page.
  const rows = statement ? await db.$queryRaw<Row[]>(statement) : [];
  const page = rows.slice(0, limit);
  const last = page.at(-1);

  const calendar = await applicationCalendar(page, today);
  return {
    householdId: household.id,
    masked,
    kind,
    kinds,
    entries: page.map((r) => toEntry(r, { householdId: household.id, masked, calendar, today })),
    earlier: rows.length > limit && last ? encodeCursor({ day: isoFromDate(last.day), seq: last.seq, ref: Number(last.ref) }) : null,
  };
}

/** The working-day calendar the page's application clocks need (one load for all of them). */
async function applicationCalendar(rows: Row[], today: string) {
  const accepted = rows.filter((r) => r.data.e === "applicationAccepted").map((r) => String(r.data.acceptedOn));
  if (accepted.length === 0) return new Map() as Awaited<ReturnType<typeof loadCalendar>>;
  const from = accepted.reduce((a, b) => (a < b ? a : b));
  return loadCalendar(from, addDays(today > from ? today : from, 120));
}

type Ctx = { householdId: number; masked: boolean; calendar: Awaited<ReturnType<typeof loadCalendar>>; today: string };

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const num = (v: unknown): number | null => (v === null || v === undefined || v === "" ? null : Number(v));
const bool = (v: unknown): boolean | null => (typeof v === "boolean" ? v : null);

function toEntry(r: Row, ctx: Ctx): TimelineEntry {
  const d = r.data;
  const id = Number(r.ref);
  // Free text of the case (what the family said, what staff wrote about them): withheld when masked.
  const text = (v: unknown) => (ctx.masked ? null : str(v));
  const base = { day: r.day, key: `${d.e as string}:${id}` };
  const problem = (pid: unknown) => `/problems/${Number(pid)}`;
  const application = (aid: unknown) => `/applications/${Number(aid)}`;
  switch (d.e) {
    case "registered":
      return { ...base, kind: "register", href: null, event: "registered", category: str(d.category) as AssistanceCategory | null };
    case "categoryChanged": {
      const applicationId = num(d.applicationId);
      const alertId = num(d.alertId);
      return {
        ...base, kind: "register", event: "categoryChanged",
        href: applicationId ? application(applicationId) : alertId ? "/alerts?tab=closed" : `/households/${ctx.householdId}`,
        from: str(d.from) as AssistanceCategory | null, to: str(d.to) as AssistanceCategory | null, applicationId, alertId, reason: text(d.reason),
      };
    }
    case "visit":
      return {
        ...base, kind: "visit", href: `/households/${ctx.householdId}#visit-${id}`, event: "visit", visitId: id,
        visitors: String(d.visitors ?? ""), findings: text(d.findings), leftArea: d.leftArea === true,
      };
    case "problemFound":
      return {
        ...base, kind: "problem", href: problem(id), event: "problemFound", problemId: id, category: d.category as ProblemCategory,
        urgency: d.urgency as Urgency, source: d.source as ProblemSource, description: text(d.description),
      };
    case "problemResolved":
      return {
        ...base, kind: "problem", href: problem(id), event: "problemResolved", problemId: id, category: d.category as ProblemCategory,
        tier: d.tier as ResolutionTier, department: str(d.department), amount: str(d.amount), resolution: text(d.resolution),
      };
    case "transferSent":
      return {
        ...base, kind: "problem", href: `/transfers/${id}`, event: "transferSent", transferId: id, problemId: Number(d.problemId),
        department: String(d.department ?? ""), dueOn: String(d.dueOn ?? ""), request: text(d.request),
      };
    case "transferAnswered":
      return {
        ...base, kind: "problem", href: `/transfers/${id}`, event: "transferAnswered", transferId: id, problemId: Number(d.problemId),
        department: String(d.department ?? ""), status: d.status as TransferStatus, answer: text(d.answer),
      };
    case "supportAction": {
      const action = d.action as SupportActionKind;
      // Masked, a sensitive kind (a child without carers, an assessment's result) is shown only as "a supporting action".
      const hideKind = ctx.masked && SENSITIVE_SUPPORT.includes(action);
      const member = str(d.member);
      return {
        ...base, kind: "support", href: problem(d.problemId), event: "supportAction", problemId: Number(d.problemId),
        action: hideKind ? null : action, member: member && ctx.masked ? maskName(member) : member,
        labourCapacity: ctx.masked ? null : (str(d.labourCapacity) as LabourCapacity | null), detail: text(d.detail),
      };
    }
    case "aidProposed":
      return {
        ...base, kind: "aid", href: problem(d.problemId), event: "aidProposed", problemId: Number(d.problemId), aidCaseId: id,
        aidKind: d.aidKind as AidKind, amount: String(d.amount), status: d.status as AidStatus, reason: text(d.reason),
      };
    case "aidRejected":
      return {
        ...base, kind: "aid", href: problem(d.problemId), event: "aidRejected", problemId: Number(d.problemId), aidCaseId: id,
        amount: String(d.amount), note: text(d.note),
      };
    case "aidPaid":
      return {
        ...base, kind: "aid", href: problem(d.problemId), event: "aidPaid", problemId: Number(d.problemId), aidCaseId: num(d.aidCaseId),
        amount: String(d.amount), fundKind: d.fundKind as FundKind, fund: String(d.fund ?? ""), advance: d.advance === true, reversed: d.reversed === true,
      };
    case "aidReversed":
      return {
        ...base, kind: "aid", href: problem(d.problemId), event: "aidReversed", problemId: Number(d.problemId), aidCaseId: num(d.aidCaseId),
        amount: String(d.amount), fundKind: d.fundKind as FundKind, fund: String(d.fund ?? ""), reason: text(d.reason),
      };
    case "offer":
      return {
        ...base, kind: "policy", href: `/households/${ctx.householdId}#matches-title`, event: "offer",
        title: String(d.title ?? ""), resource: d.resource === true, takenUp: bool(d.takenUp), note: text(d.note),
      };
    case "applicationAccepted": {
      const clock = clockFor(
        { acceptedOn: dateFromIso(String(d.acceptedOn)), decidedOn: str(d.decidedOn) ? dateFromIso(String(d.decidedOn)) : null, extended: d.extended === true },
        ctx.calendar, ctx.today,
      );
      return {
        ...base, kind: "application", href: application(id), event: "applicationAccepted", applicationId: id,
        type: d.type as ApplicationType, stage: d.stage as ApplicationStage, clock,
      };
    }
    case "economicCheck":
      return {
        ...base, kind: "application", href: application(d.applicationId), event: "economicCheck", applicationId: Number(d.applicationId),
        eligible: d.eligible === true, incomePerHead: String(d.incomePerHead), standardAmount: str(d.standardAmount),
      };
    case "proposal":
      return {
        ...base, kind: "application", href: application(d.applicationId), event: "proposal", applicationId: Number(d.applicationId),
        proposal: (str(d.proposal) as "GRANT" | "REFUSE" | null), amount: str(d.amount), reason: text(d.reason),
      };
    case "publicity":
      return {
        ...base, kind: "application", href: application(d.applicationId), event: "publicity", applicationId: Number(d.applicationId),
        level: Number(d.level), startsOn: String(d.startsOn), endsOn: String(d.endsOn), outcome: d.outcome as PublicityOutcome,
      };
    case "objection":
      return {
        ...base, kind: "application", href: application(d.applicationId), event: "objection", applicationId: Number(d.applicationId),
        raisedBy: text(d.raisedBy), content: text(d.content),
      };
    case "decision":
      return {
        ...base, kind: "application", href: application(d.applicationId), event: "decision", applicationId: Number(d.applicationId),
        stage: d.stage as "APPROVED" | "REFUSED", amount: str(d.amount), startMonth: str(d.startMonth),
        workingDays: num(d.workingDays), byTownship: d.byTownship === true, reason: text(d.reason),
      };
    case "alertRaised":
      return {
        ...base, kind: "alert", href: `/alerts?tab=${d.open ? "open" : "closed"}&kind=${String(d.alertKind)}`, event: "alertRaised",
        alertId: id, alertKind: d.alertKind as AlertKind, open: d.open === true,
      };
    case "alertClosed":
      return {
        ...base, kind: "alert", href: `/alerts?tab=closed&kind=${String(d.alertKind)}`, event: "alertClosed", alertId: id,
        alertKind: d.alertKind as AlertKind, outcome: str(d.outcome) as ReassessmentOutcome | null, applicationId: num(d.applicationId), reason: text(d.reason),
      };
    default:
      throw new Error(`timeline: unknown event ${String(d.e)}`);
  }
}
