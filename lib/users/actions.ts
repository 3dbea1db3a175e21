"use server";
/**
 * Server actions of accounts. Changing one's password cannot go through the action wrapper: a
 * user who must change a seeded password has a session but no actor yet (lib/auth/session.ts),
 * and this is the one thing they may do — so it loads the session itself, parses with zod and
 * answers in the wrapper's shape. The administrator's actions go through the wrapper.
 */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction, type ActionState } from "@/lib/action";
import { getSession } from "@/lib/auth/session";
import { DomainError } from "@/lib/errors";
import { format, t } from "@/lib/i18n";
import { zodFieldErrors } from "@/lib/validation";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { log } from "@/lib/log";
import { currentRequestId } from "@/lib/request-context";
import { changePassword, setUserActive, unlockUser } from "./commands";
import { changePasswordSchema, setUserActiveSchema, unlockUserSchema } from "./schema";

const USERS_PAGE = "/admin/users";

export async function changePasswordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  let session: Awaited<ReturnType<typeof getSession>>;
  try {
    session = await getSession();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    log.warn({ err: error, requestId: await currentRequestId(), action: "change_password" }, "action: database unavailable");
    return { ok: false, message: t.faults.unavailableForm };
  }
  if (!session) return { ok: false, message: t.common.forbidden };
  // Passwords are never sent back to the browser, not even after a refusal.
  const parsed = changePasswordSchema.safeParse({
    currentPassword: form.get("currentPassword") ?? undefined,
    newPassword: form.get("newPassword") ?? undefined,
    confirmPassword: form.get("confirmPassword") ?? undefined,
  });
  if (!parsed.success) return { ok: false, message: t.common.invalidInput, fieldErrors: zodFieldErrors(parsed.error) };
  try {
    await changePassword(session.actor.id, parsed.data);
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, message: error.message, fieldErrors: error.fieldErrors };
    const requestId = await currentRequestId();
    if (isDatabaseUnavailable(error)) {
      log.warn({ err: error, requestId, action: "change_password", userId: session.actor.id }, "action: database unavailable");
      return { ok: false, message: t.faults.unavailableForm };
    }
    log.error({ err: error, requestId, action: "change_password", userId: session.actor.id }, "action: change password failed");
    return { ok: false, message: t.common.unexpected };
  }
  // Every session of the user ended with the change, this one too.
  redirect("/login?changed=1");
}

export const unlockUserAction = defineAction({ permission: "manage:user", schema: unlockUserSchema }, async (input, actor) => {
  const user = await unlockUser(actor, input.id);
  revalidatePath(USERS_PAGE);
  return { message: format(t.account.unlocked, { name: user.name }) };
});

export const setUserActiveAction = defineAction({ permission: "manage:user", schema: setUserActiveSchema }, async (input, actor) => {
  const user = await setUserActive(actor, input.id, input.active);
  revalidatePath(USERS_PAGE);
  return { message: format(input.active ? t.account.activated : t.account.deactivated, { name: user.name }) };
});
