/**
 * Temporary aid already paid for a household, as an application sees it (decision 026): what
 * the application page lists, and the rule that one emergency is met by one advance —
 * 小金额先行救助 bridges the family's emergency until the regular procedure decides, so a second
 * advance for the same emergency is a double payment.
 *
 * The rule: an application's advance is already paid when the household received emergency-type
 * (急难型) temporary aid, not reversed, that is linked to this application or was paid on or after
 * the 30th day before the application was accepted — an emergency found on one monthly visit
 * (每月入户一次, DOMAIN.md) and the application it leads to belong to the same episode. Spending-
 * type aid (支出型: a hospital bill, school fees) meets another need and does not count, though it
 * is listed.
 */
import "server-only";
import type { Tx } from "@/lib/db/client";
import { db } from "@/lib/db/client";
import type { AidKind, FundKind, ProblemCategory } from "@/lib/generated/prisma/enums";
import { DomainError } from "@/lib/errors";
import { addDays, isoFromDate } from "@/lib/dates";
import { format, formatDate, t } from "@/lib/i18n";

/** How far before an application's acceptance an advance still belongs to its emergency. */
export const ADVANCE_EPISODE_DAYS = 30;

export type PaidAid = {
  aidCaseId: number;
  problemId: number;
  problemCategory: ProblemCategory;
  kind: AidKind;
  /** Yuan, as paid ("800.00"). */
  amount: string;
  paidAt: Date;
  fundKind: FundKind;
  /** Paid at once with paperwork to follow (先行救助), rather than after a case conference. */
  advance: boolean;
  applicationId: number | null;
  reversed: boolean;
};

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The first moment of the episode: midnight (China time) of the 30th day before acceptance. */
export function episodeStart(acceptedOn: Date): Date {
  return new Date(new Date(`${addDays(isoFromDate(acceptedOn), -ADVANCE_EPISODE_DAYS)}T00:00:00Z`).getTime() - CHINA_OFFSET_MS);
}

/**
 * The household's temporary aid paid in the application's episode or linked to it, newest first.
 * Read through the household's problems (every payment names its problem), within `prefix`.
 */
export async function paidAidFor(
  client: Pick<Tx, "$queryRaw">,
  application: { id: number; householdId: number; acceptedOn: Date },
  prefix: string,
): Promise<PaidAid[]> {
  return client.$queryRaw<PaidAid[]>`
    SELECT ac.id AS "aidCaseId", ac.problem_id AS "problemId", p.category::text AS "problemCategory", ac.kind::text AS kind,
      (-pay.amount)::text AS amount, pay.created_at AS "paidAt", f.kind::text AS "fundKind",
      ac.paperwork_due_on IS NOT NULL AS advance, ac.application_id AS "applicationId",
      EXISTS (SELECT 1 FROM fund_entry r WHERE r.reverses_entry_id = pay.id) AS reversed
    FROM problem p
    JOIN aid_case ac ON ac.problem_id = p.id AND ac.status = 'PAID'
    JOIN fund_entry pay ON pay.problem_id = p.id AND pay.aid_case_id = ac.id AND pay.kind = 'PAYMENT'
    JOIN fund f ON f.id = pay.fund_id
    WHERE p.household_id = ${application.householdId} AND starts_with(p.region_code, ${prefix})
      AND (ac.application_id = ${application.id} OR pay.created_at >= ${episodeStart(application.acceptedOn)})
    ORDER BY pay.created_at DESC, pay.id DESC
    LIMIT 50`;
}

/** The payment that already meets this application's emergency, if any (the rule above). */
export function coveringAdvance(paid: PaidAid[]): PaidAid | null {
  return paid.find((a) => a.kind === "EMERGENCY" && !a.reversed) ?? null;
}

/**
 * The advance that already meets the emergency of one of the household's open applications
 * (accepted, proposed or in publicity), if any: what a 先行救助 from a problem's page must not pay
 * again (issue 15; decision 029). With no open application a problem is its own need.
 */
export async function coveringAdvanceForHousehold(tx: Tx, householdId: number, prefix: string): Promise<PaidAid | null> {
  const open = await tx.application.findMany({
    where: { householdId, regionCode: { startsWith: prefix }, stage: { in: ["ACCEPTED", "PROPOSED", "IN_PUBLICITY"] } },
    select: { id: true, householdId: true, acceptedOn: true },
  });
  for (const application of open) {
    const covering = coveringAdvance(await paidAidFor(tx, application, prefix));
    if (covering) return covering;
  }
  return null;
}

/** A second advance for an emergency already met. */
export class AdvanceAlreadyPaidError extends DomainError {
  constructor(readonly paid: PaidAid) {
    super(format(t.advances.alreadyPaid, { date: formatDate(paid.paidAt), amount: Number(paid.amount).toFixed(2), id: paid.aidCaseId }));
    this.name = "AdvanceAlreadyPaidError";
  }
}

/** For the page: what was paid, and whether it already meets the emergency. */
export async function advanceStatusOf(application: { id: number; householdId: number; acceptedOn: Date }, prefix: string) {
  const paid = await paidAidFor(db, application, prefix);
  return { paid, covering: coveringAdvance(paid), episodeDays: ADVANCE_EPISODE_DAYS };
}
export type AdvanceStatus = Awaited<ReturnType<typeof advanceStatusOf>>;
