"use client";
/**
 * The department's answer (答复): resolved or returned, with the text of the answer. Large radio
 * choices for a phone. The version read with the page goes along: if someone answered meanwhile,
 * the server refuses and says so instead of overwriting.
 */
import { useActionState } from "react";
import type { ActionState } from "@/lib/action";
import type { FormValues } from "@/lib/form-data";
import { t } from "@/lib/i18n";
import { answerTransferAction } from "@/lib/transfers/actions";
import { TRANSFER_OUTCOMES } from "@/lib/transfers/schema";
import { Field, FieldError, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

export function AnswerForm({ transferId, version, onBehalf }: { transferId: number; version: number; onBehalf: boolean }) {
  const [state, formAction] = useActionState<ActionState, FormData>(answerTransferAction, null);
  const values: FormValues = (state && !state.ok && state.values) || {};
  const errors = (state && !state.ok && state.fieldErrors) || {};
  return (
    <form action={formAction} className="space-y-4" noValidate data-testid="answer-form">
      <FormMessage state={state} />
      {onBehalf ? <p className="text-sm text-stone-600">{t.transfers.answerOnBehalf}</p> : null}
      <input type="hidden" name="transferId" value={transferId} />
      <input type="hidden" name="version" value={version} />
      <div key={JSON.stringify(values)} className="space-y-4">
        <fieldset aria-describedby="f-outcome-error">
          <legend className="mb-2 text-sm font-medium text-stone-700">
            {t.transfers.outcomeLabel}
            <span className="ml-0.5 text-red-600" aria-label={t.common.required}>*</span>
          </legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {TRANSFER_OUTCOMES.map((o) => (
              <label
                key={o}
                className="flex min-h-11 cursor-pointer items-start gap-2 rounded-md border border-stone-300 bg-white px-3 py-2.5 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50"
              >
                <input type="radio" name="outcome" value={o} defaultChecked={str(values.outcome) === o} className="mt-0.5 accent-brand-600" />
                <span>
                  <span className="block font-medium">{t.transfers.outcome[o]}</span>
                  <span className="block text-xs text-stone-600">{t.transfers.outcomeHints[o]}</span>
                </span>
              </label>
            ))}
          </div>
          <FieldError id="f-outcome-error" errors={errors.outcome} />
        </fieldset>
        <Field name="answer" label={t.transfers.answer} errors={errors.answer} required hint={t.transfers.answerHint}>
          {(a) => <textarea {...a} className="input min-h-28" maxLength={2000} defaultValue={str(values.answer) ?? ""} />}
        </Field>
      </div>
      <SubmitButton label={t.transfers.submitAnswer} pendingLabel={t.transfers.submittingAnswer} className="btn-primary w-full sm:w-auto" />
    </form>
  );
}
