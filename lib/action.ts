/**
 * The one wrapper every server action goes through: load the session, check the permission,
 * parse the input with the zod schema, run the command, and answer in the shape `useActionState`
 * expects. Field errors carry dotted paths (`members.0.idNumber`); the submitted values come back
 * on failure so the form never makes a user retype (React resets uncontrolled inputs after a
 * submit). Unexpected errors are logged and answered with a generic message: no stack trace leaks.
 *
 * Order matters (issue 11, finding 1): the session is checked before the body is even read, so
 * an anonymous POST never reaches the form parser; then the body is turned into prototype-free
 * objects, refusing prototype keys and control characters outright, before any schema sees it.
 * Refusals of a signed-in user (permission, scope, a forged field name) are audited; anonymous
 * ones are counted per minute (lib/audit/refusals.ts). The command runs in the actor's region
 * (lib/db/scope.ts): row-level security confines every statement it makes to that region.
 *
 * While the database cannot be reached (lib/db/errors.ts) the answer says so — "service briefly
 * unavailable, try again" — with the typed values, distinct from the unexpected-error message:
 * trying again in a minute is the right thing for the user to do, and nothing was saved.
 *
 * Everything runs in the user's language (decision 030): the signed-in user's own (User.locale),
 * else the browser's locale cookie — zod messages, DomainErrors and the wrapper's own answers.
 */
import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { getActor } from "@/lib/auth/session";
import { withScope } from "@/lib/db/scope";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor, Permission } from "@/lib/auth/permissions";
import { auditRefusal, tallyAnonymousRefusal } from "@/lib/audit/refusals";
import { DomainError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { isLocale, t, type Locale } from "@/lib/i18n";
import { requestLocale, withLocale } from "@/lib/i18n/server";
import { log } from "@/lib/log";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { currentRequestId } from "@/lib/request-context";
import { findUnsafeKey, formDataToObject, UnsafeFieldNameError, type FormValues } from "@/lib/form-data";
import { findControlCharacter, zodFieldErrors } from "@/lib/validation";

export type ActionState<T = unknown> =
  | null
  | { ok: true; message?: string; data?: T }
  | { ok: false; message: string; fieldErrors?: Record<string, string[]>; values?: FormValues };

export type ActionConfig<S extends z.ZodType> = { permission: Permission; schema: S };

/** What every action exposes besides being callable: its permission and schema (for the tests). */
export type DefinedAction<S extends z.ZodType, R> = ((prev: ActionState<R>, input: FormData | unknown) => Promise<ActionState<R>>) & {
  readonly config: ActionConfig<S>;
};

/** Record ids named in a submission (`householdId`, `id`…): what an audited scope refusal points at. */
function idsOf(raw: unknown): Record<string, number> | undefined {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return undefined;
  const ids: Record<string, number> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!/^(id|[a-z]+Id)$/.test(key)) continue;
    const n = typeof value === "string" && /^\d{1,10}$/.test(value) ? Number(value) : typeof value === "number" ? value : NaN;
    if (Number.isInteger(n)) ids[key] = n;
  }
  return Object.keys(ids).length ? ids : undefined;
}

/**
 * The submission as the form gets it back when the session could not even be looked up (the
 * database is unreachable): parsed the same prototype-free way, nothing echoed if a field name is
 * unsafe. Nothing of it is used, only shown again to the one who sent it.
 */
function echoedValues(input: FormData | unknown): FormValues | undefined {
  if (!(input instanceof FormData)) return undefined;
  try {
    const raw = formDataToObject(input);
    return findUnsafeKey(raw) === null ? (JSON.parse(JSON.stringify(raw)) as FormValues) : undefined;
  } catch {
    return undefined;
  }
}

export function defineAction<S extends z.ZodType, R>(
  config: ActionConfig<S>,
  handler: (input: z.output<S>, actor: Actor) => Promise<{ message?: string; data?: R } | void>,
): DefinedAction<S, R> {
  const refused = `refused.${config.permission}`.slice(0, 60);
  async function action(prev: ActionState<R>, input: FormData | unknown): Promise<ActionState<R>> {
    let locale: Locale;
    try {
      const actor = await getActor();
      locale = isLocale(actor?.locale) ? actor.locale : await requestLocale();
    } catch {
      locale = await requestLocale(); // the lookup fails again below, and is answered there
    }
    return withLocale(locale, () => run(prev, input));
  }
  async function run(_prev: ActionState<R>, input: FormData | unknown): Promise<ActionState<R>> {
    let actor: Actor | null = null;
    let values: FormValues | undefined;
    let raw: unknown;
    try {
      actor = await getActor();
      if (!actor) {
        await tallyAnonymousRefusal("action.anonymous");
        return { ok: false, message: t.common.forbidden };
      }
      requirePermission(actor, config.permission);

      let unsafe: string | null;
      try {
        raw = input instanceof FormData ? formDataToObject(input) : input;
        unsafe = findUnsafeKey(raw);
      } catch (error) {
        if (!(error instanceof UnsafeFieldNameError)) throw error;
        unsafe = error.fieldName;
      }
      if (unsafe !== null) {
        // Not a typing mistake: no form of ours has such a name. Nothing of the submission is used.
        await auditRefusal(actor, { action: refused, reason: "bad_field_name" });
        return { ok: false, message: t.input.badFieldName };
      }
      // Echoed to the form as plain objects: React cannot send null-prototype objects to the
      // client, and no prototype key survived the check above.
      values = input instanceof FormData ? (JSON.parse(JSON.stringify(raw)) as FormValues) : undefined;

      const control = findControlCharacter(raw);
      if (control !== null) {
        return { ok: false, message: t.common.invalidInput, fieldErrors: { [control]: [t.input.controlCharacters] }, values };
      }
      const parsed = config.schema.safeParse(raw);
      if (!parsed.success) {
        // The user's own typing: answered field by field, not audited (it would drown the log).
        return { ok: false, message: t.common.invalidInput, fieldErrors: zodFieldErrors(parsed.error), values };
      }
      const scopedActor = actor;
      const result = await withScope(actor.regionCode, () => handler(parsed.data, scopedActor));
      return { ok: true, message: result?.message, data: result?.data };
    } catch (error) {
      unstable_rethrow(error); // redirect() and notFound() are control flow, not failures
      if (isDatabaseUnavailable(error)) {
        log.warn({ err: error, requestId: await currentRequestId(), action: config.permission, userId: actor?.id }, "action: database unavailable");
        return { ok: false, message: t.faults.unavailableForm, values: values ?? echoedValues(input) };
      }
      if (error instanceof DomainError) {
        if (actor && error instanceof ForbiddenError) await auditRefusal(actor, { action: refused, reason: "forbidden" });
        if (actor && error instanceof NotFoundError) await auditRefusal(actor, { action: refused, reason: "not_found", ids: idsOf(raw) });
        return { ok: false, message: error.message, fieldErrors: error.fieldErrors, values };
      }
      log.error({ err: error, requestId: await currentRequestId(), action: config.permission, userId: actor?.id }, "action: unexpected error");
      return { ok: false, message: t.common.unexpected, values };
    }
  }
  return Object.assign(action, { config });
}
