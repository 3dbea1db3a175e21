/**
 * Refusals on the audit trail (issue 11, Build 3): a signed-in user refused for permission or
 * scope, and a read by id that found nothing in the user's region, each leave an audit_log row —
 * probing for other regions' records is what an assessor wants to see. The row names the reason
 * and, for invalid submissions, the field names; never the submitted values (personal data).
 *
 * Anonymous refusals are counted, not logged one by one: one `refusal_tally` row per minute and
 * kind, bumped by an upsert, so a flood of anonymous POSTs grows the table by a row a minute.
 * A user's own typing mistakes (validation failures) are not audited: they are not an attack and
 * would drown the log (docs/decisions/012-input-handling.md).
 *
 * Writing a refusal never fails the request it describes: an error here is logged and swallowed.
 */
import "server-only";
import { log } from "@/lib/log";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { writeAudit } from "./write";

/**
 * `procedure`: a write that would skip the 审核确认 procedure (a category set by hand, issue 15).
 * `duplicate`: a payment refused because the same need was already paid for (decision 026).
 */
export type RefusalReason = "forbidden" | "not_found" | "bad_field_name" | "control_character" | "procedure" | "duplicate";

export async function auditRefusal(
  actor: Pick<Actor, "id" | "regionCode">,
  refusal: { action: string; reason: RefusalReason; entity?: string; entityId?: string | number | null; fields?: string[]; ids?: Record<string, number> },
): Promise<void> {
  try {
    await db.$transaction((tx) =>
      writeAudit(tx, actor, {
        action: refusal.action.slice(0, 60),
        entity: (refusal.entity ?? "action").slice(0, 40),
        entityId: refusal.entityId ?? null,
        regionCode: actor.regionCode,
        after: { reason: refusal.reason, ...(refusal.fields ? { fields: refusal.fields } : {}), ...(refusal.ids ? { ids: refusal.ids } : {}) },
      }),
    );
  } catch (error) {
    log.warn({ err: error }, "audit: could not record a refusal");
  }
}

/** A read by id that found nothing the user may see: audited, then answered "not found". */
export function auditDeniedRead(actor: Pick<Actor, "id" | "regionCode">, entity: string, id: string | number): Promise<void> {
  return auditRefusal(actor, { action: `read.denied`, reason: "not_found", entity, entityId: id });
}

/** One more anonymous refusal of `kind` in the current minute. */
export async function tallyAnonymousRefusal(kind: string, now: Date = new Date()): Promise<void> {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  try {
    await db.$executeRaw`
      INSERT INTO refusal_tally (minute, kind, count) VALUES (${minute}, ${kind.slice(0, 60)}, 1)
      ON CONFLICT (minute, kind) DO UPDATE SET count = refusal_tally.count + 1`;
  } catch (error) {
    log.warn({ err: error }, "audit: could not count an anonymous refusal");
  }
}
