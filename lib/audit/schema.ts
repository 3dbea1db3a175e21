/** Filters of the audit-log page (URL search params). Bad values fall back to "no filter". */
import { z, recordId } from "@/lib/validation";
import { isRealDate } from "@/lib/dates";

const date = z.string().refine(isRealDate).optional().catch(undefined);

export const auditSearchSchema = z.object({
  userId: recordId.optional().catch(undefined),
  /** A username typed where the region has too many users for a list (lib/audit/queries.ts). */
  username: z.string().trim().regex(/^[0-9A-Za-z_.-]{1,50}$/).optional().catch(undefined),
  entity: z.string().trim().regex(/^[a-z_]{1,40}$/).optional().catch(undefined),
  entityId: z.string().trim().regex(/^[0-9A-Za-z_-]{1,40}$/).optional().catch(undefined),
  from: date,
  to: date,
  page: z.coerce.number().int().min(1).max(100000).catch(1),
});
export type AuditSearch = z.output<typeof auditSearchSchema>;
