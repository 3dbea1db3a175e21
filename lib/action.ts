/**
 * The one wrapper every server action goes through: load the session, check the permission,
 * parse the input with the zod schema, run the command, and answer in the shape `useActionState`
 * expects. Field errors carry dotted paths (`members.0.idNumber`); the submitted values come back
 * on failure so the form never makes a user retype (React resets uncontrolled inputs after a
 * submit). Unexpected errors are logged and answered with a generic message: no stack trace leaks.
 */
import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { getActor } from "@/lib/auth/session";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor, Permission } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { t } from "@/lib/i18n";
import { formDataToObject, type FormValues } from "@/lib/form-data";
import { zodFieldErrors } from "@/lib/validation";

export type ActionState<T = unknown> =
  | null
  | { ok: true; message?: string; data?: T }
  | { ok: false; message: string; fieldErrors?: Record<string, string[]>; values?: FormValues };

export function defineAction<S extends z.ZodType, R>(
  config: { permission: Permission; schema: S },
  handler: (input: z.output<S>, actor: Actor) => Promise<{ message?: string; data?: R } | void>,
) {
  return async function action(_prev: ActionState<R>, input: FormData | unknown): Promise<ActionState<R>> {
    const raw = input instanceof FormData ? formDataToObject(input) : input;
    const values = (input instanceof FormData ? raw : undefined) as FormValues | undefined;
    try {
      const actor = await getActor();
      if (!actor) return { ok: false, message: t.common.forbidden, values };
      requirePermission(actor, config.permission);
      const parsed = config.schema.safeParse(raw);
      if (!parsed.success) {
        return { ok: false, message: t.common.invalidInput, fieldErrors: zodFieldErrors(parsed.error), values };
      }
      const result = await handler(parsed.data, actor);
      return { ok: true, message: result?.message, data: result?.data };
    } catch (error) {
      unstable_rethrow(error); // redirect() and notFound() are control flow, not failures
      if (error instanceof DomainError) {
        return { ok: false, message: error.message, fieldErrors: error.fieldErrors, values };
      }
      console.error("[action] unexpected error", error);
      return { ok: false, message: t.common.unexpected, values };
    }
  };
}
