"use client";
/**
 * An administrator's buttons on one account: 解锁 after a lockout, 停用 / 启用. Each asks for
 * confirmation first, then posts to its action; a refusal is shown beside the button.
 */
import { useActionState } from "react";
import { useFormStatus } from "react-dom";
import type { ActionState } from "@/lib/action";
import { format, t } from "@/lib/i18n";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;
const a = t.account;

function Submit({ label, text, pendingText, testId, danger }: { label: string; text: string; pendingText: string; testId: string; danger?: boolean }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      className={`inline-flex min-h-11 items-center rounded-md border px-3 text-sm disabled:opacity-60 md:min-h-9 ${danger ? "border-red-200 text-red-700 hover:bg-red-50" : "border-stone-300 text-stone-700 hover:bg-stone-100"}`}
      disabled={pending}
      aria-disabled={pending}
      aria-label={label}
      data-testid={testId}
    >
      {pending ? pendingText : text}
    </button>
  );
}

function Message({ state }: { state: ActionState }) {
  if (!state?.message) return null;
  return (
    <p role={state.ok ? "status" : "alert"} className={`max-w-56 text-right text-xs ${state.ok ? "text-green-700" : "text-red-700"}`} data-testid="form-message">
      {state.message}
    </p>
  );
}

export function UnlockUser({ id, name, username, action }: { id: number; name: string; username: string; action: Action }) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form
      action={formAction}
      className="flex flex-col items-end gap-1"
      onSubmit={(e) => {
        if (!window.confirm(format(a.unlockConfirm, { name, username }))) e.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={id} />
      <Submit label={format(a.unlockLabel, { name })} text={a.unlock} pendingText={a.unlockPending} testId="unlock-user" />
      <Message state={state} />
    </form>
  );
}

export function SetUserActive({ id, name, username, active, action }: { id: number; name: string; username: string; active: boolean; action: Action }) {
  const [state, formAction] = useActionState(action, null);
  // `active` is the account's state now: the button flips it.
  const confirmText = format(active ? a.deactivateConfirm : a.activateConfirm, { name, username });
  return (
    <form
      action={formAction}
      className="flex flex-col items-end gap-1"
      onSubmit={(e) => {
        if (!window.confirm(confirmText)) e.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="active" value={active ? "false" : "true"} />
      <Submit
        label={format(active ? a.deactivateLabel : a.activateLabel, { name })}
        text={active ? a.deactivate : a.activate}
        pendingText={t.common.saving}
        testId={active ? "deactivate-user" : "activate-user"}
        danger={active}
      />
      <Message state={state} />
    </form>
  );
}
