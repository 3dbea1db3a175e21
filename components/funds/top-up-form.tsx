"use client";
/**
 * 拨入资金: amount and note, posted to the top-up action. After a refused submit the fields come
 * back as typed (React resets uncontrolled inputs after an action); after a success they clear
 * and the page shows the new balance.
 */
import { useActionState } from "react";
import type { ActionState } from "@/lib/action";
import { t } from "@/lib/i18n";
import { Field, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

export function TopUpForm({ fundId, action }: { fundId: number; action: Action }) {
  const [state, formAction] = useActionState(action, null);
  const failed = state && !state.ok ? state : null;
  const errors = failed?.fieldErrors ?? {};
  const typed = (name: string) => (typeof failed?.values?.[name] === "string" ? (failed.values[name] as string) : "");
  return (
    <form action={formAction} className="space-y-3" noValidate data-testid="top-up-form">
      <FormMessage state={state} />
      <input type="hidden" name="fundId" value={fundId} />
      <div key={JSON.stringify(failed?.values ?? null)} className="space-y-3">
        <Field name="amount" label={t.funds.topUpAmount} errors={errors.amount} required>
          {(a) => <input {...a} className="input tabular-nums" inputMode="decimal" autoComplete="off" placeholder="0.00" defaultValue={typed("amount")} />}
        </Field>
        <Field name="note" label={t.funds.topUpNote} errors={errors.note} hint={t.funds.topUpNoteHint} required>
          {(a) => <input {...a} className="input" maxLength={500} defaultValue={typed("note")} />}
        </Field>
      </div>
      <SubmitButton label={t.funds.topUpSubmit} pendingLabel={t.funds.topUpPending} />
    </form>
  );
}
