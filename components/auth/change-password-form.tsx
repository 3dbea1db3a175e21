"use client";
/**
 * 修改密码: current password, the new one twice. The policy's messages come back per field; the
 * fields are not refilled after a refusal (passwords never travel back to the browser).
 */
import { useActionState } from "react";
import type { ActionState } from "@/lib/action";
import { t } from "@/lib/i18n";
import { Field, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;
const a = t.account;

export function ChangePasswordForm({ action, username }: { action: Action; username: string }) {
  const [state, formAction] = useActionState(action, null);
  const errors = (state && !state.ok && state.fieldErrors) || {};
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      {/* Lets a password manager file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <Field name="currentPassword" label={a.currentPassword} errors={errors.currentPassword} required>
        {(f) => <input {...f} type="password" className="input" autoComplete="current-password" />}
      </Field>
      <Field name="newPassword" label={a.newPassword} errors={errors.newPassword} required>
        {(f) => <input {...f} type="password" className="input" autoComplete="new-password" />}
      </Field>
      <Field name="confirmPassword" label={a.confirmPassword} errors={errors.confirmPassword} required>
        {(f) => <input {...f} type="password" className="input" autoComplete="new-password" />}
      </Field>
      <SubmitButton label={a.changeSubmit} pendingLabel={a.changePending} className="btn-primary w-full" />
    </form>
  );
}
