"use client";
/**
 * 冲正 one ledger entry: the button opens a reason field; submitting asks for confirmation
 * (the reversing entry cannot be undone), then posts to the action, which answers with a
 * redirect to the refreshed ledger or a message here.
 */
import { useActionState, useState } from "react";
import type { ActionState } from "@/lib/action";
import { format, t } from "@/lib/i18n";
import { FieldError } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

export function ReverseEntry({ entryId, amount, action }: { entryId: number; amount: string; action: Action }) {
  const [open, setOpen] = useState(false);
  const [state, formAction] = useActionState(action, null);
  const failed = state && !state.ok ? state : null;
  const id = `reverse-${entryId}-reason`;

  const toggle = (
    <button
      type="button"
      className="btn-secondary md:min-h-9 md:px-3 md:py-1"
      aria-expanded={open}
      aria-controls={`reverse-${entryId}`}
      onClick={() => setOpen(!open)}
      data-testid="reverse-open"
    >
      {t.funds.reverse}
    </button>
  );
  if (!open) return toggle;
  // On a laptop the form floats under its button, so opening it does not reflow the ledger table.
  return (
    <div className="relative">
      <span className="hidden md:inline-flex">{toggle}</span>
      <form
        id={`reverse-${entryId}`}
        action={formAction}
        className="w-full space-y-2 text-left md:absolute md:right-0 md:top-full md:z-10 md:mt-1 md:w-72 md:rounded-lg md:border md:border-stone-200 md:bg-white md:p-3 md:shadow-lg"
        noValidate
        data-testid="reverse-form"
        onKeyDown={(e) => {
          if (e.key === "Escape") setOpen(false);
        }}
        onSubmit={(e) => {
          if (!window.confirm(format(t.funds.reverseConfirm, { id: entryId, amount }))) e.preventDefault();
        }}
      >
        <input type="hidden" name="entryId" value={entryId} />
        <label htmlFor={id} className="block text-sm font-medium text-stone-700">
          {format(t.funds.reverseTitle, { id: entryId })} · {t.funds.reverseReason}
          <span className="ml-0.5 text-red-600" aria-label={t.common.required}>*</span>
        </label>
        <input
          id={id}
          name="reason"
          className="input"
          maxLength={500}
          autoFocus
          defaultValue={typeof failed?.values?.reason === "string" ? failed.values.reason : ""}
          aria-invalid={failed?.fieldErrors?.reason ? true : undefined}
          aria-describedby={`${id}-error ${id}-hint`}
        />
        <p id={`${id}-hint`} className="text-xs text-stone-500">{t.funds.reverseReasonHint}</p>
        <FieldError id={`${id}-error`} errors={failed?.fieldErrors?.reason} />
        {failed && !failed.fieldErrors?.reason ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="form-message">{failed.message}</p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          <SubmitButton label={t.funds.reverseSubmit} pendingLabel={t.funds.reversePending} className="btn-primary md:min-h-9 md:px-3 md:py-1" />
          <button type="button" className="btn-secondary md:min-h-9 md:px-3 md:py-1" onClick={() => setOpen(false)}>{t.common.cancel}</button>
        </div>
      </form>
    </div>
  );
}
