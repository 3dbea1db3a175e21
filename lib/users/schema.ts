/**
 * Input of the account forms: changing one's password, and an administrator's actions on an
 * account (unlock, deactivate, reactivate) and the users list's search. Pure. The policy itself
 * (length, classes, username, common passwords) is checked by the command, which knows the user.
 */
import { recordId, z } from "@/lib/validation";
import { format, t, msg } from "@/lib/i18n";
import { PASSWORD_MAX } from "./password-policy";

const a = t.account;
const v = t.validation;

const password = z.string({ error: () => v.required }).min(1, msg(() => v.required)).max(PASSWORD_MAX, msg(() => format(a.policyTooLong, { max: PASSWORD_MAX })));

export const changePasswordSchema = z.object({
  currentPassword: password,
  newPassword: password,
  confirmPassword: password,
});
export type ChangePasswordFormInput = z.output<typeof changePasswordSchema>;

// Digits only, as every record id (lib/validation.ts recordId): "1e3" or "0x10" is not an id.
const userId = recordId;

export const unlockUserSchema = z.object({ id: userId });
export const setUserActiveSchema = z.object({ id: userId, active: z.enum(["true", "false"], { error: () => v.invalidChoice }).transform((s) => s === "true") });

export const userSearchSchema = z.object({
  q: z.string().trim().max(50).optional().catch(undefined),
  locked: z.enum(["1"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type UserSearch = z.output<typeof userSearchSchema>;
