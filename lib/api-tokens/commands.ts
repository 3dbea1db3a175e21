/**
 * Writes of the data-exchange API's tokens (接口令牌): an administrator issues a token for a
 * region of theirs, with an expiry, and may revoke it. Each write and its audit row share one
 * transaction; the secret itself is never stored nor audited, only its SHA-256 and a short prefix.
 */
import "server-only";
import { db } from "@/lib/db/client";
import { requirePermission } from "@/lib/auth/guard";
import { inScope, isInScope } from "@/lib/auth/scope";
import type { Actor } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/write";
import { DomainError, NotFoundError } from "@/lib/errors";
import { zodFieldErrors } from "@/lib/validation";
import { t } from "@/lib/i18n";
import { displayPrefix, generateSecret, hashSecret } from "./secret";
import { expiryInstant, lastDayOf } from "./status";
import { issueApiTokenSchema, revokeApiTokenSchema, type IssueApiTokenInput, type RevokeApiTokenInput } from "./schema";

const a = t.api;

/**
 * 签发令牌: a token reading `regionCode` and below until the end of `expiresOn` (China time).
 * - The region must exist (province, city, county or township, not retired) and lie inside the
 *   admin's own region: an admin cannot hand out more than they may see.
 * - The expiry lies after today and at most a year ahead (schema.ts, MAX_TOKEN_DAYS).
 * Returns the secret: the only time it exists outside the caller's hands.
 */
export async function issueApiToken(actor: Actor, input: IssueApiTokenInput) {
  requirePermission(actor, "manage:api_token");
  // Callers other than the action (tests, scripts) get the form's rules too.
  const parsed = issueApiTokenSchema.safeParse(input);
  if (!parsed.success) throw new DomainError(t.common.invalidInput, zodFieldErrors(parsed.error));
  const data = parsed.data;

  // Scope first: a region outside the admin's is refused without saying whether it exists.
  if (!isInScope(actor, data.regionCode)) throw new DomainError(a.regionOutOfScope, { regionCode: [a.regionOutOfScope] });

  const secret = generateSecret();
  return db.$transaction(async (tx) => {
    const region = await tx.region.findFirst({
      where: { code: data.regionCode, level: { lte: 4 }, retiredAt: null },
      select: { code: true, fullName: true },
    });
    if (!region) throw new DomainError(a.regionUnknown, { regionCode: [a.regionUnknown] });

    const token = await tx.apiToken.create({
      data: {
        name: data.name,
        regionCode: region.code,
        tokenHash: hashSecret(secret),
        prefix: displayPrefix(secret),
        expiresAt: expiryInstant(data.expiresOn),
        createdById: actor.id,
      },
      select: { id: true, name: true, regionCode: true, prefix: true, expiresAt: true },
    });
    await writeAudit(tx, actor, {
      action: "api_token.issue",
      entity: "api_token",
      entityId: token.id,
      regionCode: token.regionCode,
      after: { name: token.name, regionCode: token.regionCode, prefix: token.prefix, expiresAt: token.expiresAt },
    });
    return {
      id: token.id,
      name: token.name,
      regionCode: token.regionCode,
      regionName: region.fullName,
      prefix: token.prefix,
      expiresOn: lastDayOf(token.expiresAt),
      secret,
    };
  });
}
export type IssuedApiToken = Awaited<ReturnType<typeof issueApiToken>>;

/**
 * 吊销令牌: the token stops working at once (the API checks `revoked_at` on every call). A token
 * of another region is "not found"; one already revoked is refused, also when another admin
 * revoked it a moment earlier (the update is conditional on `revoked_at IS NULL`).
 */
export async function revokeApiToken(actor: Actor, input: RevokeApiTokenInput) {
  requirePermission(actor, "manage:api_token");
  const parsed = revokeApiTokenSchema.safeParse(input);
  if (!parsed.success) throw new NotFoundError(a.tokenNotFound);
  const { id } = parsed.data;

  return db.$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({
      where: { id, ...inScope(actor) },
      select: { id: true, name: true, regionCode: true, prefix: true, expiresAt: true, revokedAt: true },
    });
    if (!token) throw new NotFoundError(a.tokenNotFound);
    const now = new Date();
    const { count } = await tx.apiToken.updateMany({
      where: { id: token.id, revokedAt: null },
      data: { revokedAt: now, revokedById: actor.id },
    });
    if (count === 0) throw new DomainError(a.alreadyRevoked);
    await writeAudit(tx, actor, {
      action: "api_token.revoke",
      entity: "api_token",
      entityId: token.id,
      regionCode: token.regionCode,
      before: { revokedAt: null },
      after: { name: token.name, prefix: token.prefix, revokedAt: now },
    });
    return { id: token.id, name: token.name };
  });
}
