/**
 * Leads (线索): families not yet in the register, reported by a community grid worker or the
 * hotline. They wait on the worklist until a caseworker visits: registering the family (the new
 * household form, prefilled) converts the lead in the same transaction; otherwise it is closed
 * with a reason.
 */
import "server-only";
import { db, type Tx } from "@/lib/db/client";
import { inScope, isInScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/write";
import { maskPerson, outsideOwnTownship } from "@/lib/households/privacy";
import { ConflictError, DomainError, NotFoundError } from "@/lib/errors";
import { t, msg } from "@/lib/i18n";
import { z, recordId, choice, optionalText, requiredText } from "@/lib/validation";

export const leadSchema = z.object({
  regionCode: z.string().regex(/^\d{12}$/, msg(() => t.validation.regionOutOfScope)),
  source: choice(["GRID", "HOTLINE"] as const),
  reporter: optionalText(100),
  familyName: requiredText(50),
  address: requiredText(200),
  phone: optionalText(30),
  situation: requiredText(1000),
});
export const closeLeadSchema = z.object({
  leadId: recordId,
  version: recordId,
  reason: requiredText(500),
});

export async function recordLead(actor: Actor, input: z.output<typeof leadSchema>) {
  requirePermission(actor, "screen:household");
  return db.$transaction(async (tx) => {
    const village = await tx.region.findFirst({ where: { code: input.regionCode, level: 5 }, select: { code: true } });
    if (!village || !isInScope(actor, village.code)) throw new DomainError(t.common.invalidInput, { regionCode: [t.validation.regionOutOfScope] });
    const lead = await tx.lead.create({ data: { ...input, createdById: actor.id } });
    await writeAudit(tx, actor, { action: "lead.record", entity: "lead", entityId: lead.id, regionCode: lead.regionCode, after: lead });
    return lead;
  });
}

export async function closeLead(actor: Actor, input: z.output<typeof closeLeadSchema>) {
  requirePermission(actor, "screen:household");
  return db.$transaction(async (tx) => {
    const lead = await tx.lead.findFirst({ where: { id: input.leadId, ...inScope(actor) } });
    if (!lead) throw new NotFoundError(t.common.notFound);
    const updated = await tx.lead.updateMany({
      where: { id: lead.id, version: input.version, status: "OPEN" },
      data: { status: "CLOSED", closeReason: input.reason, version: { increment: 1 } },
    });
    if (updated.count === 0) throw new ConflictError(t.discovery.leadNotOpen);
    await writeAudit(tx, actor, { action: "lead.close", entity: "lead", entityId: lead.id, regionCode: lead.regionCode, after: { reason: input.reason } });
  });
}

/** Called by createHousehold inside its transaction: the lead becomes the new household. */
export async function convertLead(tx: Tx, actor: Actor, leadId: number, householdId: number) {
  const lead = await tx.lead.findFirst({ where: { id: leadId, ...inScope(actor) } });
  if (!lead) throw new NotFoundError(t.common.notFound);
  const updated = await tx.lead.updateMany({
    where: { id: lead.id, status: "OPEN" },
    data: { status: "CONVERTED", householdId, version: { increment: 1 } },
  });
  if (updated.count === 0) throw new ConflictError(t.discovery.leadNotOpen);
  await writeAudit(tx, actor, { action: "lead.convert", entity: "lead", entityId: lead.id, regionCode: lead.regionCode, after: { householdId } });
}

export async function openLeads(actor: Actor, village?: string) {
  requirePermission(actor, "read:worklist");
  const rows = await db.lead.findMany({
    // The scope and the filter are combined, never merged: a spread filter's regionCode replaced
    // the scope's, so any village of the province could be listed (issue 11, finding 11).
    where: { AND: [inScope(actor), { status: "OPEN" as const }, village ? { regionCode: village } : {}] },
    orderBy: { id: "asc" },
    take: 100,
  });
  const regions = await db.region.findMany({ where: { code: { in: [...new Set(rows.map((r) => r.regionCode))] } }, select: { code: true, name: true } });
  const name = new Map(regions.map((r) => [r.code, r.name]));
  // A lead names a family not yet registered: outside the actor's township, masked like one
  // (privacy.ts); there is no household to reveal yet, so the caseworker of the township converts it.
  return rows.map((r) => ({ ...(outsideOwnTownship(actor, r.regionCode) ? { ...maskPerson(r), situation: "" } : r), villageName: name.get(r.regionCode) ?? r.regionCode }));
}

/** For prefilling the new-household form from a lead. */
export async function leadForForm(actor: Actor, leadId: number) {
  return db.lead.findFirst({ where: { id: leadId, ...inScope(actor), status: "OPEN" } });
}
