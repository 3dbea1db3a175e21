"use client";
/**
 * 拨入资金: amount and note, posted to the top-up action. After a refused submit the fields come
 * back as typed (React resets uncontrolled inputs after an action); after a success they clear
 * and the page shows the new balance. The form's idempotency key comes from the page and survives
 * a refused submit, so a retry of the same top-up books once; a booked top-up answers with the
 * key for the next one.
 */
import { useActionState } from "react";
import type { ActionState } from "@/lib/action";
import { t } from "@/lib/i18n";
import { Field, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

type Booked = { nextKey: string };
type Action = (state: ActionState<Booked>, form: FormData) => Promise<ActionState<Booked>>;

export function TopUpForm({ fundId, action, idempotencyKey }: { fundId: number; action: Action; idempotencyKey: string }) {
  const [state, formAction] = useActionState(action, null);
  const key = (state?.ok ? state.data?.nextKey : undefined) ?? idempotencyKey;
  const failed = state && !state.ok ? state : null;
  const errors = failed?.fieldErrors ?? {};
  const typed = (name: string) => (typeof failed?.values?.[name] === "string" ? (failed.values[name] as string) : "");
  return (
    <form action={formAction} className="space-y-3" noValidate data-testid="top-up-form">
      <FormMessage state={state} />
      <input type="hidden" name="fundId" value={fundId} />
      <input type="hidden" name="idempotencyKey" value={key} />
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
