"use client";
/**
 * The two decisions on a suspected duplicate pair. "Not a duplicate" needs the checked facts
 * (≥ 5 characters). A merge is irreversible, so it takes two steps: choose the survivor, then a
 * confirmation panel that says which household's records move where, with a box to tick — a
 * box the server requires too (mergeSchema), so no page can skip the step.
 */
import { useState } from "react";
import { format, t } from "@/lib/i18n";
import { markNotDuplicateAction, mergeHouseholdsAction } from "@/lib/duplicates/actions";
import { ActionForm, type FormBag } from "@/components/ui/action-form";
import { Field, FieldError } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

const d = t.duplicates;

export function NotDuplicateForm({ pairId, version }: { pairId: number; version: number }) {
  return (
    <ActionForm action={markNotDuplicateAction}>
      {({ errors, value }) => (
        <>
          <input type="hidden" name="pairId" value={pairId} />
          <input type="hidden" name="version" value={version} />
          <Field name="reason" label={d.notDuplicateReason} errors={errors.reason} hint={d.notDuplicateReasonHint} required>
            {(a) => <textarea {...a} className="input min-h-24" defaultValue={value("reason")} maxLength={500} />}
          </Field>
          <SubmitButton label={d.notDuplicateSubmit} pendingLabel={t.common.saving} className="btn-secondary" />
        </>
      )}
    </ActionForm>
  );
}

type Side = { id: number; name: string; village: string; version: number };

export function MergeForm(props: { pairId: number; version: number; a: Side; b: Side }) {
  return (
    <ActionForm action={mergeHouseholdsAction}>
      {(bag) => <MergeFields {...props} bag={bag} />}
    </ActionForm>
  );
}

/** Re-mounted after a refused submit (ActionForm), starting again from what was submitted. */
function MergeFields({ pairId, version, a, b, bag: { errors, value } }: { pairId: number; version: number; a: Side; b: Side; bag: FormBag }) {
  const submitted = Number(value("survivorId"));
  const [survivor, setSurvivor] = useState<number | null>(submitted === a.id || submitted === b.id ? submitted : null);
  const [confirming, setConfirming] = useState(survivor !== null && !!errors.confirmed);
  const to = survivor === a.id ? a : survivor === b.id ? b : null;
  const from = to === null ? null : to.id === a.id ? b : a;
  return (
    <>
      <input type="hidden" name="pairId" value={pairId} />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="versionA" value={a.version} />
      <input type="hidden" name="versionB" value={b.version} />
      <fieldset aria-describedby="survivorId-error">
        <legend className="mb-1 text-sm font-medium text-stone-700">{d.survivor}</legend>
        {[a, b].map((s) => (
          <label key={s.id} className="flex min-h-11 items-center gap-2 text-sm">
            <input
              type="radio" name="survivorId" value={s.id} className="size-5 shrink-0 accent-brand-600"
              checked={survivor === s.id} onChange={() => { setSurvivor(s.id); setConfirming(false); }}
            />
            {format(d.survivorOption, { name: s.name, village: s.village })}
          </label>
        ))}
        <FieldError id="survivorId-error" errors={errors.survivorId} />
      </fieldset>
      <Field name="reason" label={d.mergeReason} errors={errors.reason}>
        {(p) => <textarea {...p} className="input min-h-16" defaultValue={value("reason")} maxLength={500} />}
      </Field>
      {!confirming || !to || !from ? (
        <button type="button" className="btn-primary" disabled={survivor === null} onClick={() => setConfirming(true)}>
          {d.mergeNext}
        </button>
      ) : (
        <div className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3" role="group" aria-labelledby="merge-confirm-title">
          <p id="merge-confirm-title" className="font-semibold text-amber-900">{d.mergeConfirmTitle}</p>
          <p className="text-sm text-amber-900">{format(d.mergeConfirmText, { from: from.name, to: to.name })}</p>
          <div>
            <label className="flex min-h-11 items-center gap-2 text-sm">
              <input type="checkbox" name="confirmed" className="size-5 shrink-0 accent-brand-600" aria-describedby="confirmed-error" />
              {d.mergeConfirm}
            </label>
            <FieldError id="confirmed-error" errors={errors.confirmed} />
          </div>
          <div className="flex flex-wrap gap-2">
            <SubmitButton label={d.mergeSubmit} pendingLabel={t.common.saving} />
            <button type="button" className="btn-secondary" onClick={() => setConfirming(false)}>{d.mergeBack}</button>
          </div>
        </div>
      )}
    </>
  );
}
