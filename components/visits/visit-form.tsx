"use client";
/**
 * The home-visit form, built for a phone: big radio choices for the questionnaire, problems
 * added one by one. The idempotency key comes from the page and survives a refused submit, so a
 * retry after a dropped connection cannot store the visit twice.
 */
import { useActionState, useMemo, useState } from "react";
import { formDataToObject } from "@/lib/form-data";
import { checkVisit } from "@/lib/field/check";
import { enqueue } from "@/lib/field/store";
import Link from "next/link";
import type { ActionState } from "@/lib/action";
import type { FormValues } from "@/lib/form-data";
import type { Question } from "@/lib/visits/questionnaire";
import { PROBLEM_CATEGORIES, URGENCIES } from "@/lib/visits/schema";
import { format, t } from "@/lib/i18n";
import { Field, FieldError, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;
type Values = Record<string, unknown>;

export function VisitForm(props: {
  action: Action;
  householdId: number;
  idempotencyKey: string;
  today: string;
  defaultVisitors: string;
  questionnaire: { version: number; questions: Question[] };
  cancelHref: string;
  /** Who is signed in, and the family: what the phone's outbox needs when the network is gone. */
  userId: number;
  householdName: string;
}) {
  // The connection gone when the caseworker submits (no network, or the request failed on the
  // way): the visit is kept on the phone under the same idempotency key and sent by the offline
  // app when the network returns (lib/field/sync.ts) — never lost with the page.
  async function keepOnPhone(form: FormData): Promise<ActionState> {
    const raw = formDataToObject(form);
    const checked = checkVisit(raw, props.questionnaire.questions);
    if ("errors" in checked) return { ok: false, message: t.common.invalidInput, fieldErrors: checked.errors, values: raw };
    await enqueue({
      key: checked.payload.idempotencyKey, userId: props.userId, householdId: props.householdId, householdName: props.householdName,
      payload: checked.payload, createdAt: Date.now(), state: "pending", attempts: 0, nextAttemptAt: 0,
    });
    return { ok: true, message: t.field.keptOnPhone };
  }
  const [state, formAction] = useActionState(async (prev: ActionState, form: FormData): Promise<ActionState> => {
    if (!navigator.onLine) return keepOnPhone(form);
    try {
      return await props.action(prev, form);
    } catch (error) {
      // fetch's network failure; anything else (a redirect, a server error) is not ours to catch.
      if (error instanceof TypeError) return keepOnPhone(form);
      throw error;
    }
  }, null);
  const values: Values = useMemo(
    () => (state && !state.ok && state.values ? (state.values as FormValues) : { visitedOn: props.today, visitors: props.defaultVisitors }),
    [state, props.today, props.defaultVisitors],
  );
  const errors = (state && !state.ok && state.fieldErrors) || {};
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <FormMessage state={state} />
      {state?.ok ? (
        <p className="text-sm"><a href="/field?outbox=1" className="font-semibold text-brand-700 underline" data-testid="open-field">{t.field.openOutbox}</a></p>
      ) : null}
      <input type="hidden" name="householdId" value={props.householdId} />
      <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
      <input type="hidden" name="questionnaireVersion" value={props.questionnaire.version} />
      <VisitFields key={JSON.stringify(values)} values={values} errors={errors} questions={props.questionnaire.questions} today={props.today} version={props.questionnaire.version} />
      <div className="sticky bottom-0 -mx-3 flex gap-3 border-t border-stone-200 bg-stone-50/95 px-3 py-3 sm:static sm:mx-0 sm:border-0 sm:bg-transparent sm:px-0">
        <SubmitButton label={t.visit.submit} pendingLabel={t.visit.submitting} className="btn-primary flex-1 sm:flex-none" />
        <Link href={props.cancelHref} className="btn-secondary">{t.common.cancel}</Link>
      </div>
    </form>
  );
}

let seq = 0;
const str = (v: unknown) => (typeof v === "string" ? v : "");

export function VisitFields({ values, errors, questions, today, version }: { values: Values; errors: Record<string, string[]>; questions: Question[]; today: string; version: number }) {
  const answers = (values.answers ?? {}) as Record<string, string>;
  const initialProblems = Array.isArray(values.problems) ? (values.problems as Record<string, string>[]) : [];
  const [problems, setProblems] = useState(() => initialProblems.map((p) => ({ key: ++seq, values: p })));
  const e = (k: string) => errors[k];
  return (
    <>
      <section className="card grid gap-4 p-4 sm:grid-cols-3">
        <Field name="visitedOn" label={t.visit.visitedOn} errors={e("visitedOn")} required>
          {(a) => <input {...a} type="date" max={today} className="input" defaultValue={str(values.visitedOn)} />}
        </Field>
        <Field name="visitors" label={t.visit.visitors} errors={e("visitors")} required hint={t.visit.visitorsHint}>
          {(a) => <input {...a} className="input" defaultValue={str(values.visitors)} />}
        </Field>
        <Field name="peopleMet" label={t.visit.peopleMet} errors={e("peopleMet")} required>
          {(a) => <input {...a} className="input" defaultValue={str(values.peopleMet)} />}
        </Field>
      </section>

      <section className="card space-y-4 p-4">
        <h2 className="font-semibold">{format(t.visit.questionnaire, { version })}</h2>
        {questions.map((q) => {
          const name = `answers.${q.key}`;
          const id = `f-answers-${q.key}`;
          return q.kind === "choice" ? (
            <fieldset key={q.key} aria-describedby={`${id}-error`}>
              <legend className="mb-2 text-sm font-medium text-stone-700">
                {q.label}{q.required ? <span className="ml-0.5 text-red-600">*</span> : null}
              </legend>
              <div className="grid grid-cols-2 gap-2 sm:flex sm:flex-wrap">
                {q.options.map((o) => (
                  <label key={o.value} className="flex min-h-11 cursor-pointer items-center gap-2 rounded-md border border-stone-300 bg-white px-3 py-2 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
                    <input type="radio" name={name} value={o.value} defaultChecked={answers[q.key] === o.value} className="accent-brand-600" />
                    {o.label}
                  </label>
                ))}
              </div>
              <FieldError id={`${id}-error`} errors={e(name)} />
            </fieldset>
          ) : (
            <Field key={q.key} name={name} label={q.label} errors={e(name)} required={q.required}>
              {(a) => <textarea {...a} className="input min-h-20" maxLength={q.maxLength} defaultValue={answers[q.key] ?? ""} />}
            </Field>
          );
        })}
      </section>

      <section className="card p-4">
        <Field name="findings" label={t.visit.findings} errors={e("findings")}>
          {(a) => <textarea {...a} className="input min-h-24" defaultValue={str(values.findings)} />}
        </Field>
      </section>

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">{t.visit.problems}</h2>
        {problems.map((p, i) => (
          <fieldset key={p.key} className="card grid gap-3 p-4 sm:grid-cols-[12rem_1fr_8rem]" data-testid="problem-row">
            <legend className="sr-only">{format(t.visit.problemN, { n: i + 1 })}</legend>
            <Field name={`problems.${i}.category`} label={t.visit.problemCategory} errors={e(`problems.${i}.category`)} required>
              {(a) => (
                <select {...a} className="input" defaultValue={p.values.category ?? ""}>
                  <option value="">{t.common.choose}</option>
                  {PROBLEM_CATEGORIES.map((c) => <option key={c} value={c}>{t.enums.problemCategory[c]}</option>)}
                </select>
              )}
            </Field>
            <Field name={`problems.${i}.description`} label={t.visit.problemDescription} errors={e(`problems.${i}.description`)} required>
              {(a) => <textarea {...a} className="input min-h-11" defaultValue={p.values.description ?? ""} />}
            </Field>
            <div>
              <Field name={`problems.${i}.urgency`} label={t.visit.urgency} errors={e(`problems.${i}.urgency`)}>
                {(a) => (
                  <select {...a} className="input" defaultValue={p.values.urgency ?? "MEDIUM"}>
                    {URGENCIES.map((u) => <option key={u} value={u}>{t.enums.urgency[u]}</option>)}
                  </select>
                )}
              </Field>
              <button type="button" className="btn-link tap-target mt-2 text-sm" onClick={() => setProblems(problems.filter((x) => x.key !== p.key))}>
                {t.visit.removeProblem}
              </button>
            </div>
          </fieldset>
        ))}
        <button type="button" className="btn-secondary" onClick={() => setProblems([...problems, { key: ++seq, values: {} }])}>
          + {t.visit.addProblem}
        </button>
      </section>
    </>
  );
}
