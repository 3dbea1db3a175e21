/**
 * The household's case file (档案时间线): one list, newest first, each entry a link to its record;
 * chips filter by kind, "show earlier" pages down. The same list, without chips and links,
 * is the printed file (app/print/households/[id]/timeline).
 */
import Link from "next/link";
import { format, formatDate, t } from "@/lib/i18n";
import { dateFromIso } from "@/lib/dates";
import { Tag } from "@/components/ui/badges";
import { ClockBadge } from "@/components/applications/clock";
import type { Timeline, TimelineEntry } from "@/lib/households/timeline";
import { TIMELINE_KINDS, type TimelineKind } from "@/lib/households/timeline-schema";

const m = t.timeline;
const e = m.events;

type Tone = "stone" | "red" | "amber" | "green" | "sky";
const KIND_TONE: Record<TimelineKind, Tone> = {
  visit: "sky", problem: "amber", support: "green", aid: "red", application: "sky", register: "stone", policy: "green", alert: "amber",
};

const day = (iso: string) => formatDate(dateFromIso(iso.slice(0, 10)));
const money = (amount: string) => Number(amount).toFixed(2);

/** An entry as a headline and its details, in the user's language. */
function describe(x: TimelineEntry): { title: string; details: (string | null)[] } {
  switch (x.event) {
    case "registered":
      return { title: x.category ? format(e.registeredCategory, { category: t.enums.category[x.category] }) : e.registered, details: [] };
    case "categoryChanged":
      return {
        title: format(e.categoryChanged, { from: x.from ? t.enums.category[x.from] : "—", to: x.to ? t.enums.category[x.to] : "—" }),
        details: [x.applicationId ? format(e.viaApplication, { id: x.applicationId }) : x.alertId ? e.viaAlert : null, x.reason],
      };
    case "visit":
      return { title: e.visit, details: [format(e.visitors, { names: x.visitors }), x.findings, x.leftArea ? e.leftArea : null] };
    case "problemFound":
      return {
        title: `${e.problemFound} · ${t.enums.problemCategory[x.category]}`,
        details: [x.description ?? m.hidden, `${t.enums.urgency[x.urgency]} · ${t.enums.problemSource[x.source]}`],
      };
    case "problemResolved":
      return {
        title: format(e.problemResolved, { tier: t.problems.tiers[x.tier] }),
        details: [
          t.enums.problemCategory[x.category],
          x.department ? format(e.department, { name: x.department }) : null,
          x.amount ? format(e.amount, { amount: money(x.amount) }) : null,
          x.resolution,
        ],
      };
    case "transferSent":
      return { title: format(e.transferSent, { department: x.department }), details: [format(e.dueOn, { date: day(x.dueOn) }), x.request] };
    case "transferAnswered":
      return { title: format(e.transferAnswered, { department: x.department, status: t.transfers.status[x.status] }), details: [x.answer] };
    case "supportAction":
      return {
        title: x.action ? t.problems.supportKinds[x.action] : e.supportAction,
        details: [x.member ? format(e.member, { name: x.member }) : null, x.labourCapacity ? t.enums.labourCapacity[x.labourCapacity] : null, x.detail],
      };
    case "aidProposed":
      return { title: e.aidProposed, details: [format(e.amount, { amount: money(x.amount) }), t.aid.statuses[x.status], x.reason] };
    case "aidRejected":
      return { title: e.aidRejected, details: [format(e.amount, { amount: money(x.amount) }), x.note] };
    case "aidPaid":
      return {
        title: format(e.aidPaid, { amount: money(x.amount) }),
        details: [x.advance ? e.advance : null, format(e.fund, { fund: x.fund }), x.reversed ? e.reversed : null],
      };
    case "aidReversed":
      return { title: format(e.aidReversed, { amount: money(x.amount) }), details: [format(e.fund, { fund: x.fund }), x.reason] };
    case "offer":
      return {
        title: format(x.resource ? e.offerResource : e.offerPolicy, { title: x.title }),
        details: [t.policies.takenUpOptions[x.takenUp === null ? "PENDING" : x.takenUp ? "YES" : "NO"], x.note],
      };
    case "applicationAccepted":
      return { title: format(e.applicationAccepted, { type: t.applications.types[x.type] }), details: [format(e.stage, { stage: t.applications.stages[x.stage] })] };
    case "economicCheck":
      return {
        title: format(e.economicCheck, { result: x.eligible ? t.applications.eligible : t.applications.notEligible }),
        details: [format(e.incomePerHead, { amount: money(x.incomePerHead) }), x.standardAmount ? format(e.standard, { amount: money(x.standardAmount) }) : null],
      };
    case "proposal":
      return {
        title: format(e.proposal, { proposal: x.proposal ? t.applications.proposal[x.proposal] : "—" }),
        details: [x.amount ? format(e.proposedAmount, { amount: money(x.amount) }) : null, x.reason],
      };
    case "publicity":
      return {
        title: format(e.publicity, { from: day(x.startsOn), to: day(x.endsOn) }),
        details: [t.applications.levels[x.level as 1 | 2] ?? null, t.applications.publicityOutcome[x.outcome]],
      };
    case "objection":
      return { title: e.objection, details: [x.raisedBy ? format(e.raisedBy, { name: x.raisedBy }) : null, x.content] };
    case "decision":
      return {
        title: x.stage === "APPROVED" ? t.applications.stages.APPROVED : e.refused,
        details: [
          x.stage === "APPROVED" && x.amount ? format(e.approvedDetail, { amount: money(x.amount), month: x.startMonth ? x.startMonth.slice(0, 7) : "" }) : null,
          x.workingDays !== null ? format(e.workingDays, { days: x.workingDays }) : null,
          x.byTownship ? e.byTownship : null,
          x.reason,
        ],
      };
    case "alertRaised":
      return { title: format(e.alertRaised, { kind: t.monitoring.kinds[x.alertKind] }), details: [x.open ? e.alertOpen : null] };
    case "alertClosed":
      return {
        title: format(e.alertClosed, { outcome: x.outcome ? t.monitoring.outcomes[x.outcome] : "—" }),
        details: [t.monitoring.kinds[x.alertKind], x.applicationId ? format(t.monitoring.linkedApplication, { id: x.applicationId }) : null, x.reason],
      };
  }
}

function EntryBody({ entry }: { entry: TimelineEntry }) {
  const { title, details } = describe(entry);
  const shown = details.filter((d): d is string => !!d);
  return (
    <>
      <span className="flex flex-wrap items-center gap-2">
        <time className="text-sm font-medium tabular-nums">{formatDate(entry.day)}</time>
        <Tag tone={KIND_TONE[entry.kind]}>{m.kinds[entry.kind]}</Tag>
        <span className="font-medium">{title}</span>
      </span>
      {shown.length ? <span className="block break-words text-sm text-stone-600">{shown.join(" · ")}</span> : null}
      {entry.event === "applicationAccepted" ? <span className="block"><ClockBadge clock={entry.clock} /></span> : null}
    </>
  );
}

export function CaseTimelineEntries({ timeline, links = true }: { timeline: Timeline; links?: boolean }) {
  if (timeline.entries.length === 0) return <p className="p-4 text-sm text-stone-600">{timeline.kind ? m.emptyKind : m.empty}</p>;
  return (
    <ol className="divide-y divide-stone-100" data-testid="timeline">
      {timeline.entries.map((entry) => (
        <li key={entry.key} data-testid="timeline-entry" data-kind={entry.kind} data-event={entry.event} className="break-inside-avoid">
          {links && entry.href ? (
            <Link href={entry.href} className="block min-h-11 space-y-1 px-4 py-3 hover:bg-stone-50">
              <EntryBody entry={entry} />
            </Link>
          ) : (
            <div className="space-y-1 px-4 py-3"><EntryBody entry={entry} /></div>
          )}
        </li>
      ))}
    </ol>
  );
}

/** The section on the household page. `path` is the page's own path (chips and paging link to it). */
export function CaseTimeline({ timeline, path, paged }: { timeline: Timeline; path: string; paged: boolean }) {
  const href = (params: { kind?: string | null; before?: string | null }) => {
    const qs = new URLSearchParams();
    if (params.kind) qs.set("kind", params.kind);
    if (params.before) qs.set("before", params.before);
    const query = qs.toString();
    return `${path}${query ? `?${query}` : ""}#case-file`;
  };
  const chips: { key: string; label: string; kind: TimelineKind | null }[] = [
    { key: "all", label: m.all, kind: null },
    ...TIMELINE_KINDS.filter((k) => timeline.kinds.includes(k)).map((k) => ({ key: k, label: m.kinds[k], kind: k })),
  ];
  const printHref = `/print/households/${timeline.householdId}/timeline${timeline.kind ? `?kind=${timeline.kind}` : ""}`;
  return (
    <section id="case-file" aria-labelledby="case-file-title" className="scroll-mt-4 space-y-2" data-testid="case-file">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="case-file-title" className="text-lg font-semibold">{m.title}</h2>
        <Link href={printHref} target="_blank" className="btn-secondary">{m.print}</Link>
      </div>
      <p className="text-xs text-stone-500">{m.subtitle}</p>
      <nav aria-label={m.filter} className="flex flex-wrap gap-2" data-testid="timeline-kinds">
        {chips.map((c) => {
          const current = (timeline.kind ?? null) === c.kind;
          return (
            <Link
              key={c.key}
              href={href({ kind: c.kind })}
              aria-current={current ? "page" : undefined}
              className={`inline-flex min-h-11 items-center rounded-full border px-4 text-sm ${current ? "border-brand-600 bg-brand-600 text-white" : "border-stone-300 bg-white"}`}
            >
              {c.label}
            </Link>
          );
        })}
      </nav>
      {timeline.masked ? <p className="text-xs text-stone-500">{m.maskedNote}</p> : null}
      <div className="card">
        <CaseTimelineEntries timeline={timeline} />
      </div>
      <div className="flex flex-wrap gap-2">
        {timeline.earlier ? <Link href={href({ kind: timeline.kind, before: timeline.earlier })} className="btn-secondary">{m.earlier}</Link> : null}
        {paged ? <Link href={href({ kind: timeline.kind })} className="btn-secondary">{m.backToLatest}</Link> : null}
      </div>
    </section>
  );
}
