"use client";
/**
 * The questionnaire editor's forms (/admin/questionnaire, decision 029): start a draft, add or
 * reword a question, move or retire one, publish the draft (after a confirmation) or discard it.
 * Every form carries the draft's revision; the server refuses an edit made on an older one.
 */
import { format, t } from "@/lib/i18n";
import type { Question } from "@/lib/visits/questionnaire";
import {
  discardDraftAction, moveQuestionAction, publishDraftAction, retireQuestionAction, saveQuestionAction, startDraftAction,
} from "@/lib/questionnaires/actions";
import { NEW_OPTION_ROWS, QUESTION_KINDS } from "@/lib/questionnaires/schema";
import { ActionForm, type FormBag } from "@/components/ui/action-form";
import { Field, FieldError } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

const q = t.questionnaire;

export function StartDraftForm() {
  return (
    <ActionForm action={startDraftAction} className="space-y-2">
      {() => <SubmitButton label={q.startDraft} pendingLabel={q.startingDraft} />}
    </ActionForm>
  );
}

function OptionRows({ question, bag }: { question?: Question; bag: FormBag }) {
  const existing = question?.kind === "choice" ? question.options : [];
  const rows = [...existing, ...Array.from({ length: NEW_OPTION_ROWS }, () => ({ value: "", label: "" }))];
  return (
    <fieldset className="space-y-2" aria-describedby="options-error">
      <legend className="text-sm font-medium text-stone-700">{q.options}</legend>
      <p className="text-xs text-stone-500">{q.optionHint}</p>
      <div className="grid gap-2 sm:grid-cols-2">
        {rows.map((o, i) => (
          <div key={i}>
            <input type="hidden" name={`options.${i}.value`} value={o.value} />
            <input
              name={`options.${i}.label`}
              aria-label={o.value ? format(q.optionLabel, { n: i + 1 }) : q.newOption}
              placeholder={o.value ? "" : q.newOption}
              className="input"
              defaultValue={bag.value(`options.${i}.label`, o.label)}
            />
          </div>
        ))}
      </div>
      <FieldError id="options-error" errors={bag.errors.options} />
    </fieldset>
  );
}

/** Reword an existing question (its kind stays: a changed kind would be another question). */
export function QuestionForm({ question, revision }: { question: Question; revision: number }) {
  return (
    <ActionForm action={saveQuestionAction} className="space-y-3">
      {(bag) => (
        <>
          <input type="hidden" name="revision" value={revision} />
          <input type="hidden" name="key" value={question.key} />
          <input type="hidden" name="kind" value={question.kind} />
          <Field name="label" label={q.label} errors={bag.errors.label} required>
            {(a) => <input {...a} className="input" defaultValue={bag.value("label", question.label)} />}
          </Field>
          <label className="flex min-h-11 items-center gap-2 text-sm">
            <input type="checkbox" name="required" defaultChecked={question.required} className="size-5 accent-brand-600" /> {q.required}
          </label>
          {question.kind === "choice" ? <OptionRows question={question} bag={bag} /> : null}
          <SubmitButton label={q.save} pendingLabel={q.saving} />
        </>
      )}
    </ActionForm>
  );
}

export function NewQuestionForm({ revision }: { revision: number }) {
  return (
    <ActionForm action={saveQuestionAction} className="space-y-3">
      {(bag) => (
        <>
          <input type="hidden" name="revision" value={revision} />
          <Field name="label" label={q.label} errors={bag.errors.label} required>
            {(a) => <input {...a} className="input" defaultValue={bag.value("label")} />}
          </Field>
          <Field name="kind" label={q.kind} errors={bag.errors.kind} required>
            {(a) => (
              <select {...a} className="input" defaultValue={bag.value("kind", "choice")}>
                {QUESTION_KINDS.map((k) => <option key={k} value={k}>{q.kinds[k]}</option>)}
              </select>
            )}
          </Field>
          <label className="flex min-h-11 items-center gap-2 text-sm">
            <input type="checkbox" name="required" defaultChecked className="size-5 accent-brand-600" /> {q.required}
          </label>
          <OptionRows bag={bag} />
          <SubmitButton label={q.add} pendingLabel={q.adding} />
        </>
      )}
    </ActionForm>
  );
}

export function MoveRetireButtons({ question, revision, first, last }: { question: Question; revision: number; first: boolean; last: boolean }) {
  return (
    <div className="flex flex-wrap gap-2">
      {first ? null : (
        <ActionForm action={moveQuestionAction} className="contents">
          {() => (
            <>
              <input type="hidden" name="revision" value={revision} />
              <input type="hidden" name="key" value={question.key} />
              <input type="hidden" name="direction" value="up" />
              <button type="submit" className="btn-secondary min-h-11">{q.moveUp}</button>
            </>
          )}
        </ActionForm>
      )}
      {last ? null : (
        <ActionForm action={moveQuestionAction} className="contents">
          {() => (
            <>
              <input type="hidden" name="revision" value={revision} />
              <input type="hidden" name="key" value={question.key} />
              <input type="hidden" name="direction" value="down" />
              <button type="submit" className="btn-secondary min-h-11">{q.moveDown}</button>
            </>
          )}
        </ActionForm>
      )}
      <ActionForm action={retireQuestionAction} className="contents">
        {() => (
          <>
            <input type="hidden" name="revision" value={revision} />
            <input type="hidden" name="key" value={question.key} />
            <button
              type="submit"
              className="btn-secondary min-h-11 text-red-700"
              onClick={(e) => { if (!window.confirm(format(q.retireConfirm, { label: question.label }))) e.preventDefault(); }}
            >
              {q.retire}
            </button>
          </>
        )}
      </ActionForm>
    </div>
  );
}

export function PublishDiscardForms({ revision, nextVersion, stale }: { revision: number; nextVersion: number; stale: boolean }) {
  return (
    <div className="flex flex-wrap items-start gap-3">
      {stale ? null : (
        <ActionForm action={publishDraftAction} className="space-y-2">
          {() => (
            <>
              <input type="hidden" name="revision" value={revision} />
              <span onClickCapture={(e) => {
                if ((e.target as HTMLElement).closest("button") && !window.confirm(format(q.publishConfirm, { version: nextVersion }))) { e.preventDefault(); e.stopPropagation(); }
              }}>
                <SubmitButton label={format(q.publish, { version: nextVersion })} pendingLabel={q.publishing} />
              </span>
            </>
          )}
        </ActionForm>
      )}
      <ActionForm action={discardDraftAction} className="space-y-2">
        {() => (
          <>
            <input type="hidden" name="revision" value={revision} />
            <button
              type="submit"
              className="btn-secondary min-h-11"
              onClick={(e) => { if (!window.confirm(q.discardConfirm)) e.preventDefault(); }}
            >
              {q.discard}
            </button>
          </>
        )}
      </ActionForm>
    </div>
  );
}
