"use client";
/**
 * The offline app's views (components/field/field-app.tsx): the roster, a household's summary,
 * the visit form (the online form's fields, kept in the outbox instead of sent) and the outbox.
 */
import { useMemo, useState } from "react";
import type { SnapshotHousehold } from "@/lib/visits/offline";
import { enqueue, outboxItem, settle, type OutboxItem, type SnapshotMeta } from "@/lib/field/store";
import { formDataToObject } from "@/lib/form-data";
import { checkVisit } from "@/lib/field/check";
import { todayInChina } from "@/lib/dates";
import { format, formatDate, formatDateTime, t } from "@/lib/i18n";
import type { AssistanceCategory } from "@/lib/generated/prisma/enums";
import { CategoryBadge, Tag } from "@/components/ui/badges";
import { VisitFields } from "@/components/visits/visit-form";

/** A view change without the server: history.pushState (components/field/field-app.tsx). */
export type Navigate = (href: string) => void;

export function Notice({ children }: { children: React.ReactNode }) {
  return <div className="card p-5 text-center text-stone-700">{children}</div>;
}

function Go({ href, navigate, className, children, testId }: { href: string; navigate: Navigate; className?: string; children: React.ReactNode; testId?: string }) {
  return (
    <a href={href} className={className} data-testid={testId} onClick={(e) => { e.preventDefault(); navigate(href); }}>
      {children}
    </a>
  );
}

const STATUS_ORDER = { overdue: 0, due: 1, visited: 2 } as const;
/** Rows shown at once: a township's whole roster would be slow to draw on a cheap phone. */
const ROSTER_STEP = 50;
const STATUS_TONE = { overdue: "red", due: "amber", visited: "green" } as const;

export function FieldRoster({ meta, households, queued, navigate }: { meta: SnapshotMeta; households: SnapshotHousehold[]; queued: Set<number>; navigate: Navigate }) {
  const [q, setQ] = useState("");
  const [shown, setShown] = useState(ROSTER_STEP);
  const rows = useMemo(() => {
    const needle = q.trim();
    return households
      .filter((h) => !needle || h.headName.includes(needle) || h.address.includes(needle) || h.members.some((m) => m.name.includes(needle)))
      .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || (a.lastVisitedOn ?? "").localeCompare(b.lastVisitedOn ?? "") || a.id - b.id);
  }, [households, q]);
  const label = { overdue: t.roster.overdue, due: t.roster.due, visited: t.roster.visited };
  return (
    <section className="space-y-3">
      <div>
        <h1 className="text-lg font-bold">{format(t.field.rosterTitle, { month: meta.month })}</h1>
        <p className="text-sm text-stone-600">
          {format(t.field.rosterSummary, { total: meta.total, visited: meta.counts.visited, overdue: meta.counts.overdue })}
        </p>
        {meta.truncated ? <p className="mt-1 text-sm text-amber-800">{format(t.field.truncated, { count: households.length })}</p> : null}
      </div>
      <input type="search" className="input" placeholder={t.field.search} aria-label={t.field.search} value={q} onChange={(e) => { setQ(e.target.value); setShown(ROSTER_STEP); }} maxLength={50} />
      {rows.length === 0 ? (
        <Notice>{t.field.noMatch}</Notice>
      ) : (
        <ul className="card divide-y divide-stone-100" data-testid="field-roster">
          {rows.slice(0, shown).map((h) => (
            <li key={h.id} data-testid="field-roster-row" data-status={h.status}>
              <Go href={`/field?h=${h.id}`} navigate={navigate} className="flex flex-col gap-1 px-4 py-3 hover:bg-stone-50">
                <span className="flex flex-wrap items-center gap-2">
                  <span className="font-medium" data-testid="head-name">{h.headName}</span>
                  <CategoryBadge category={h.category as AssistanceCategory} />
                  <Tag tone={STATUS_TONE[h.status]}>{label[h.status]}</Tag>
                  {queued.has(h.id) ? <Tag tone="sky">{t.field.queuedHere}</Tag> : null}
                </span>
                <span className="text-sm text-stone-600">{h.villageName}{h.address ? ` · ${h.address}` : ""}</span>
                <span className="text-xs text-stone-500">
                  {h.lastVisitedOn ? format(t.field.lastVisit, { date: h.lastVisitedOn }) : t.field.neverVisited}
                </span>
              </Go>
            </li>
          ))}
        </ul>
      )}
      {rows.length > shown ? (
        <button type="button" className="btn-secondary w-full" onClick={() => setShown(shown + ROSTER_STEP)}>
          {format(t.field.showMore, { count: Math.min(ROSTER_STEP, rows.length - shown), shown, total: rows.length })}
        </button>
      ) : null}
    </section>
  );
}

export function FieldHousehold({ household, online, queued, navigate }: { household: SnapshotHousehold | null; online: boolean; queued: OutboxItem[]; navigate: Navigate }) {
  if (!household) {
    return (
      <>
        <Go href="/field" navigate={navigate} className="btn-link text-sm">{t.field.backToRoster}</Go>
        <Notice>{t.field.notOnPhone}</Notice>
      </>
    );
  }
  return (
    <div className="space-y-4">
      <Go href="/field" navigate={navigate} className="btn-link text-sm">{t.field.backToRoster}</Go>
      {household.masked ? <p className="rounded-md bg-stone-100 px-3 py-2 text-sm text-stone-700">{t.field.maskedNotice}</p> : null}
      <section className="card space-y-3 p-4">
        <h1 className="flex flex-wrap items-center gap-2 text-xl font-bold">
          {household.headName} <CategoryBadge category={household.category as AssistanceCategory} />
        </h1>
        <p className="text-sm text-stone-600">{household.villageName}{household.address ? ` · ${household.address}` : ""}</p>
        <p className="text-sm text-stone-600">
          {household.lastVisitedOn ? format(t.field.lastVisit, { date: household.lastVisitedOn }) : t.field.neverVisited}
          {queued.length ? ` · ${t.field.queuedHere}` : ""}
        </p>
        <Go href={`/field?h=${household.id}&visit=new`} navigate={navigate} className="btn-primary w-full sm:w-auto">{t.field.logVisit}</Go>
        <p className="text-xs text-stone-500">
          {t.field.registerOnlineOnly}
          {online ? <> <a className="underline" href={`/households/${household.id}/edit`}>{t.field.editOnline}</a></> : null}
        </p>
      </section>

      <section>
        <h2 className="mb-2 text-lg font-semibold">{format(t.field.members, { count: household.members.length })}</h2>
        <ul className="card divide-y divide-stone-100">
          {household.members.map((m, i) => (
            <li key={i} className="px-4 py-3" data-testid="field-member">
              <span className="font-medium">{m.name}</span>
              <span className="ml-2 text-xs text-stone-500">
                {t.enums.relation[m.relation as keyof typeof t.enums.relation]} · {m.male ? t.member.male : t.member.female} · {format(t.member.ageYears, { age: m.age })}
              </span>
              <span className="mt-1 flex flex-wrap gap-1">
                {m.flags.map((f) => (
                  <Tag key={f.key} tone={f.key === "majorIllness" || f.key === "severeDisability" ? "red" : "amber"}>{format(t.flags[f.key], { grade: f.grade ?? "" })}</Tag>
                ))}
                {m.sensitiveFlags > 0 ? <Tag tone="stone">{format(t.household.sensitiveFlags, { count: m.sensitiveFlags })}</Tag> : null}
              </span>
            </li>
          ))}
        </ul>
      </section>

      <section>
        <h2 className="mb-2 text-lg font-semibold">{t.field.openProblems}</h2>
        {household.openProblems.length === 0 ? (
          <p className="card p-4 text-sm text-stone-600">{t.field.noOpenProblems}</p>
        ) : (
          <ul className="card divide-y divide-stone-100" data-testid="field-problems">
            {household.openProblems.map((p) => (
              <li key={p.id} className="flex flex-col gap-1 px-4 py-3">
                <span className="flex gap-1">
                  <Tag tone={p.urgency === "HIGH" ? "red" : p.urgency === "MEDIUM" ? "amber" : "stone"}>{t.enums.urgency[p.urgency as keyof typeof t.enums.urgency]}</Tag>
                  <Tag>{t.enums.problemCategory[p.category as keyof typeof t.enums.problemCategory]}</Tag>
                </span>
                <span className="text-sm">{p.description || t.household.hiddenText}</span>
                <span className="text-xs text-stone-500">{p.foundOn} · {t.enums.problemStatus[p.status as keyof typeof t.enums.problemStatus]}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

type Values = Record<string, unknown>;

export function FieldVisit(props: {
  meta: SnapshotMeta;
  households: SnapshotHousehold[];
  household?: SnapshotHousehold | null;
  editKey?: string;
  navigate: Navigate;
  onSaved: (message: string, householdId: number) => void;
}) {
  const { meta, navigate } = props;
  const [editing, setEditing] = useState<OutboxItem | null | undefined>(props.editKey ? undefined : null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [values, setValues] = useState<Values | null>(null);
  const [key] = useState(() => crypto.randomUUID());
  const [saving, setSaving] = useState(false);

  if (props.editKey && editing === undefined) {
    void outboxItem(props.editKey).then((item) => {
      setEditing(item && item.userId === meta.user.id ? item : null);
      if (item) {
        setValues(item.payload as unknown as Values);
        setErrors(item.fieldErrors ?? {});
      }
    });
    return <p className="p-6 text-center text-stone-600">{t.field.opening}</p>;
  }
  const householdId = editing ? editing.householdId : props.household?.id;
  const household = props.households.find((h) => h.id === householdId) ?? null;
  const headName = household?.headName ?? editing?.householdName ?? "";
  if (!householdId || (!household && !editing)) return <Notice>{t.field.notOnPhone}</Notice>;

  const shown: Values = values ?? { visitedOn: todayInChina(), visitors: meta.user.name };
  const today = todayInChina();

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const raw = formDataToObject(new FormData(e.currentTarget)) as Values;
    const result = checkVisit(raw, meta.questionnaire.questions);
    if ("errors" in result) {
      setValues(raw);
      setErrors(result.errors);
      window.scrollTo(0, 0);
      return;
    }
    setSaving(true);
    if (editing) {
      await settle([], [{ ...editing, payload: result.payload, state: "pending", attempts: 0, nextAttemptAt: 0, message: undefined, fieldErrors: undefined }]);
      props.onSaved(t.field.resubmitted, editing.householdId);
    } else {
      await enqueue({
        key: result.payload.idempotencyKey,
        userId: meta.user.id,
        householdId: householdId!,
        householdName: headName,
        payload: result.payload,
        createdAt: Date.now(),
        state: "pending",
        attempts: 0,
        nextAttemptAt: 0,
      });
      props.onSaved(navigator.onLine ? t.field.savedAndSyncing : t.field.savedOffline, householdId!);
    }
  }

  const hasErrors = Object.keys(errors).length > 0;
  return (
    <div className="space-y-4">
      <Go href={`/field?h=${householdId}`} navigate={navigate} className="btn-link text-sm">{t.field.backToHousehold}</Go>
      <div>
        <h1 className="text-xl font-bold">{t.field.visitTitle}</h1>
        <p className="text-sm text-stone-600">{format(t.field.visitFor, { name: headName, address: household?.address ?? "" })}</p>
      </div>
      {hasErrors ? (
        <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="form-message">
          {editing?.message ?? t.field.fixErrors}
        </div>
      ) : editing?.message ? (
        <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="form-message">{editing.message}</div>
      ) : null}
      <form onSubmit={(e) => void onSubmit(e)} className="space-y-5" noValidate>
        <input type="hidden" name="householdId" value={householdId} />
        <input type="hidden" name="idempotencyKey" value={editing?.key ?? key} />
        <input type="hidden" name="questionnaireVersion" value={meta.questionnaire.version} />
        <VisitFields key={JSON.stringify([values, errors])} values={shown} errors={errors} questions={meta.questionnaire.questions} today={today} version={meta.questionnaire.version} />
        <div className="sticky bottom-0 -mx-3 flex gap-3 border-t border-stone-200 bg-stone-50/95 px-3 py-3 sm:static sm:mx-0 sm:border-0 sm:bg-transparent sm:px-0">
          <button type="submit" className="btn-primary flex-1 sm:flex-none" disabled={saving}>{t.field.saveVisit}</button>
          <Go href={`/field?h=${householdId}`} navigate={navigate} className="btn-secondary">{t.common.cancel}</Go>
        </div>
      </form>
    </div>
  );
}

export function FieldOutbox({ items, navigate }: { items: OutboxItem[]; navigate: Navigate }) {
  async function discard(item: OutboxItem) {
    if (!window.confirm(t.field.discardConfirm)) return;
    await settle([item.key], []);
  }
  return (
    <section className="space-y-3">
      <Go href="/field" navigate={navigate} className="btn-link text-sm">{t.field.backToRoster}</Go>
      <h1 className="text-lg font-bold">{t.field.outboxTitle}</h1>
      {items.length === 0 ? (
        <Notice>{t.field.outboxEmpty}</Notice>
      ) : (
        <ul className="card divide-y divide-stone-100" data-testid="outbox">
          {items.map((item) => (
            <li key={item.key} className="space-y-1 px-4 py-3" data-testid="outbox-item" data-state={item.state}>
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{item.householdName}</span>
                <Tag tone={item.state === "refused" ? "red" : "amber"}>{item.state === "refused" ? t.field.itemRefused : t.field.itemPending}</Tag>
              </div>
              <p className="text-xs text-stone-500">
                {formatDate(new Date(`${item.payload.visitedOn}T00:00:00+08:00`))} · {format(t.field.itemLogged, { time: formatDateTime(new Date(item.createdAt)) })}
                {item.attempts ? ` · ${format(t.field.itemAttempts, { count: item.attempts })}` : ""}
              </p>
              {item.message ? <p className="text-sm text-red-700">{item.message}</p> : null}
              {item.state === "refused" ? (
                <div className="flex flex-wrap gap-3 pt-1">
                  <Go href={`/field?edit=${encodeURIComponent(item.key)}`} navigate={navigate} className="btn-primary">{t.field.correct}</Go>
                  <button type="button" className="btn-link text-sm text-red-700" onClick={() => void discard(item)}>{t.field.discard}</button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
