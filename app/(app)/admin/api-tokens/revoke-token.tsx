"use client";
/**
 * 吊销 one token: asks for confirmation first (the calling system loses access at once and it
 * cannot be undone), then posts to the action, which redirects to the refreshed list or answers
 * with a message here (e.g. another admin revoked it first).
 */
import { useActionState } from "react";
import { useFormStatus } from "react-dom";
import type { ActionState } from "@/lib/action";
import { format, t } from "@/lib/i18n";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

/** The button names its token for a screen reader: a list of "吊销" buttons says nothing otherwise. */
function RevokeButton({ label }: { label: string }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      className="inline-flex min-h-11 items-center rounded-md border border-red-200 px-3 text-sm text-red-700 hover:bg-red-50 focus-visible:bg-red-50 disabled:opacity-60 md:min-h-9"
      disabled={pending}
      aria-disabled={pending}
      aria-label={label}
      data-testid="revoke-token"
    >
      {pending ? t.api.revokePending : t.api.revoke}
    </button>
  );
}

export function RevokeToken({ id, name, prefix, action }: { id: number; name: string; prefix: string; action: Action }) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form
      action={formAction}
      className="flex flex-col items-end gap-1"
      onSubmit={(e) => {
        if (!window.confirm(format(t.api.revokeConfirm, { name, prefix }))) e.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={id} />
      <RevokeButton label={format(t.api.revokeLabel, { name })} />
      {state && !state.ok ? (
        <p role="alert" className="max-w-56 text-right text-xs text-red-700" data-testid="form-message">{state.message}</p>
      ) : null}
    </form>
  );
}
