/**
 * The funds' ledgers: the 14 city social-assistance funds (市级社会救助基金) and every township's
 * temporary-aid reserve (乡镇临时救助备用金). Owns every change to a fund's balance.
 *
 * - A balance never goes below zero, also when two caseworkers pay from one fund at the same
 *   moment: the debit is one conditional statement, `UPDATE … WHERE balance >= amount`, which
 *   PostgreSQL re-checks on the locked row after a concurrent payment commits (a read-then-write
 *   would let both pass). The table's CHECK (balance >= 0) backs it.
 * - The ledger is append-only: a correction is a reversing entry (冲正), never an edit, and an
 *   entry is reversed at most once (unique `reverses_entry_id`).
 * - Money is `numeric(14,2)` yuan, carried as canonical strings / Prisma Decimals; SQL does the
 *   arithmetic.
 *
 * `fundFor`, `payFromFund` and `emergencyCapFor` run inside the caller's transaction (the aid
 * commands, which check their own permission — e.g. grant:aid — before paying);
 * `topUpFund` and `reverseFundEntry` are commands with their own transaction and permission.
 */
import "server-only";
import { db, type Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { FundEntryKind } from "@/lib/generated/prisma/enums";
import { requirePermission } from "@/lib/auth/guard";
import { inScope } from "@/lib/auth/scope";
import type { Actor } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/write";
import { ConflictError, DomainError, NotFoundError } from "@/lib/errors";
import { dateFromIso } from "@/lib/dates";
import { format, t } from "@/lib/i18n";
import { formatAmount } from "./money";
import { amountSchema, FUND_CODE_LENGTH, noteSchema, type FundKindName, type ReverseInput, type TopUpInput } from "./schema";

const f = t.funds;

type FundRef = { id: number; kind: FundKindName; regionCode: string; name: string };
const fundRefSelect = { id: true, kind: true, regionCode: true, name: true } as const;

/** Amounts reach the primitives from other commands too: the same rule as the forms, as a DomainError. */
function parseAmount(amount: string): string {
  const parsed = amountSchema.safeParse(amount);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? f.amountInvalid;
    throw new DomainError(message, { amount: [message] });
  }
  return parsed.data;
}

function parseNote(note: string, field: string): string {
  const parsed = noteSchema.safeParse(note);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? t.common.invalidInput;
    throw new DomainError(message, { [field]: [message] });
  }
  return parsed.data;
}

/** The fund that pays for a region: its city's fund, or its township's reserve. */
export async function fundFor(tx: Tx, kind: FundKindName, regionCode: string): Promise<FundRef> {
  const code = regionCode.slice(0, FUND_CODE_LENGTH[kind]);
  const fund = code.length === FUND_CODE_LENGTH[kind]
    ? await tx.fund.findUnique({ where: { kind_regionCode: { kind, regionCode: code } }, select: fundRefSelect })
    : null;
  if (!fund) {
    const region = await tx.region.findUnique({ where: { code }, select: { fullName: true } });
    throw new DomainError(format(f.fundMissing, { region: region?.fullName ?? code, kind: f.kinds[kind] }));
  }
  return fund;
}

/** The fund's balance changed by `delta` (SQL arithmetic), only if the result stays ≥ 0; null otherwise. */
async function moveBalance(tx: Tx, fundId: number, delta: { debit: string } | { credit: string }): Promise<string | null> {
  const rows =
    "debit" in delta
      ? await tx.$queryRaw<{ balance: string }[]>`
          UPDATE fund SET balance = balance - ${delta.debit}::numeric
          WHERE id = ${fundId} AND balance >= ${delta.debit}::numeric
          RETURNING balance::text AS balance`
      : await tx.$queryRaw<{ balance: string }[]>`
          UPDATE fund SET balance = balance + ${delta.credit}::numeric
          WHERE id = ${fundId}
          RETURNING balance::text AS balance`;
  return rows[0]?.balance ?? null;
}

async function currentBalance(tx: Tx, fundId: number): Promise<Prisma.Decimal> {
  const fund = await tx.fund.findUniqueOrThrow({ where: { id: fundId }, select: { balance: true } });
  return fund.balance;
}

const entrySnapshot = (e: {
  id: number; fundId: number; kind: FundEntryKind; amount: Prisma.Decimal; balanceAfter: Prisma.Decimal;
  problemId: number | null; householdId: number | null; aidCaseId: number | null; reversesEntryId: number | null; note: string;
}) => ({
  id: e.id, fundId: e.fundId, kind: e.kind, amount: e.amount.toFixed(2), balanceAfter: e.balanceAfter.toFixed(2),
  problemId: e.problemId, householdId: e.householdId, aidCaseId: e.aidCaseId, reversesEntryId: e.reversesEntryId, note: e.note,
});

export type PaymentInput = {
  fundId: number;
  /** Yuan, e.g. "123.45": > 0, at most two decimals. */
  amount: string;
  problemId: number;
  householdId: number;
  aidCaseId?: number | null;
  note: string;
};

/**
 * Pay from a fund inside the caller's transaction. Every payment names its problem and
 * household (in the actor's region, and in the area the fund pays for). Refused — nothing
 * written, the caller's transaction rolled back by the throw — when the balance does not cover
 * it, whoever else is paying at the same moment.
 */
export async function payFromFund(tx: Tx, actor: Actor, input: PaymentInput) {
  const amount = parseAmount(input.amount);
  const note = parseNote(input.note, "note");
  const fund = await tx.fund.findUnique({ where: { id: input.fundId }, select: fundRefSelect });
  if (!fund) throw new NotFoundError(t.common.notFound);
  const problem = await tx.problem.findFirst({
    where: { id: input.problemId, householdId: input.householdId, ...inScope(actor) },
    select: { regionCode: true },
  });
  if (!problem) throw new NotFoundError(t.common.notFound);
  if (!problem.regionCode.startsWith(fund.regionCode)) {
    throw new DomainError(format(f.problemNotCovered, { fund: fund.name }));
  }

  const balanceAfter = await moveBalance(tx, fund.id, { debit: amount });
  if (balanceAfter === null) {
    throw new DomainError(
      format(f.insufficient, { fund: fund.name, balance: formatAmount(await currentBalance(tx, fund.id)), amount: formatAmount(amount) }),
    );
  }
  const entry = await tx.fundEntry.create({
    data: {
      fundId: fund.id,
      kind: "PAYMENT",
      amount: new Prisma.Decimal(amount).negated(),
      balanceAfter: new Prisma.Decimal(balanceAfter),
      problemId: input.problemId,
      householdId: input.householdId,
      aidCaseId: input.aidCaseId ?? null,
      note,
      createdById: actor.id,
    },
  });
  await writeAudit(tx, actor, {
    action: "fund.pay",
    entity: "fund_entry",
    entityId: entry.id,
    regionCode: fund.regionCode,
    after: { ...entrySnapshot(entry), fund: fund.name, problemRegionCode: problem.regionCode },
  });
  return entry;
}

/** A fund inside the actor's region (the funds they keep), or NotFoundError. */
async function fundInScope(tx: Tx, actor: Actor, fundId: number): Promise<FundRef> {
  const fund = await tx.fund.findFirst({ where: { id: fundId, ...inScope(actor) }, select: fundRefSelect });
  if (!fund) throw new NotFoundError(t.common.notFound);
  return fund;
}

/** A top-up already booked under this form key, if any (only within the actor's region). */
async function topUpByKey(actor: Actor, key: string) {
  const entry = await db.fundEntry.findUnique({ where: { idempotencyKey: key }, include: { fund: { select: { regionCode: true } } } });
  if (!entry) return null;
  // A key is not a way to read someone else's ledger.
  if (entry.kind !== "TOP_UP" || !entry.fund.regionCode.startsWith(actor.regionCode)) throw new NotFoundError(t.common.notFound);
  const { fund: _fund, ...rest } = entry;
  return rest;
}

/**
 * 拨入: money into a fund the actor keeps. Idempotent by the form's key (like a home visit): the
 * same form posted twice — a double click, a retry on a bad connection — books once and answers
 * with the entry already booked.
 */
export async function topUpFund(actor: Actor, input: TopUpInput) {
  requirePermission(actor, "manage:fund");
  const amount = parseAmount(input.amount);
  const note = parseNote(input.note, "note");
  const key = input.idempotencyKey ?? null;
  if (key) {
    const replay = await topUpByKey(actor, key);
    if (replay) return replay;
  }
  try {
    return await db.$transaction(async (tx) => {
      const fund = await fundInScope(tx, actor, input.fundId);
      const balanceAfter = await moveBalance(tx, fund.id, { credit: amount });
      if (balanceAfter === null) throw new NotFoundError(t.common.notFound);
      const entry = await tx.fundEntry.create({
        data: {
          fundId: fund.id,
          kind: "TOP_UP",
          amount: new Prisma.Decimal(amount),
          balanceAfter: new Prisma.Decimal(balanceAfter),
          note,
          createdById: actor.id,
          idempotencyKey: key,
        },
      });
      await writeAudit(tx, actor, {
        action: "fund.top_up",
        entity: "fund_entry",
        entityId: entry.id,
        regionCode: fund.regionCode,
        after: { ...entrySnapshot(entry), fund: fund.name },
      });
      return entry;
    });
  } catch (error) {
    // Two posts of one form raced: the loser answers with the winner's entry.
    if (key && isUniqueViolation(error)) {
      const winner = await topUpByKey(actor, key);
      if (winner) return winner;
    }
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * 冲正: a reversing entry for a payment (the money goes back into the fund and out of the
 * payment figures of the original's township and month) or a top-up (taken back out, refused if
 * the fund no longer holds it). The original stays as it was; each entry is reversed at most once.
 */
export async function reverseFundEntry(actor: Actor, input: ReverseInput) {
  requirePermission(actor, "manage:fund");
  const reason = parseNote(input.reason, "reason");
  try {
    return await db.$transaction(async (tx) => {
      // One query at a time: a transaction is one connection (Prisma would run includes in parallel on it).
      const original = await tx.fundEntry.findFirst({ where: { id: input.entryId, fund: inScope(actor) } });
      if (!original) throw new NotFoundError(t.common.notFound);
      if (original.kind === "REVERSAL") throw new DomainError(f.reversalNotReversible);
      const reversed = await tx.fundEntry.findUnique({ where: { reversesEntryId: original.id }, select: { id: true } });
      if (reversed) throw new ConflictError(f.alreadyReversed);
      const fund = await tx.fund.findUniqueOrThrow({ where: { id: original.fundId }, select: fundRefSelect });

      const magnitude = original.amount.abs().toFixed(2);
      const balanceAfter =
        original.kind === "PAYMENT"
          ? await moveBalance(tx, fund.id, { credit: magnitude })
          : await moveBalance(tx, fund.id, { debit: magnitude });
      if (balanceAfter === null) {
        throw new DomainError(
          format(f.reversalWouldGoNegative, {
            fund: fund.name,
            balance: formatAmount(await currentBalance(tx, fund.id)),
            amount: formatAmount(magnitude),
          }),
        );
      }
      const entry = await tx.fundEntry.create({
        data: {
          fundId: fund.id,
          kind: "REVERSAL",
          amount: original.amount.negated(),
          balanceAfter: new Prisma.Decimal(balanceAfter),
          problemId: original.problemId,
          householdId: original.householdId,
          aidCaseId: original.aidCaseId,
          reversesEntryId: original.id,
          note: reason,
          createdById: actor.id,
        },
      });
      await writeAudit(tx, actor, {
        action: "fund.reverse",
        entity: "fund_entry",
        entityId: entry.id,
        regionCode: fund.regionCode,
        before: entrySnapshot(original),
        after: { ...entrySnapshot(entry), fund: fund.name },
      });
      return entry;
    });
  } catch (error) {
    // Two people reversing the same entry at once: the unique index lets one through.
    if (isUniqueViolation(error)) throw new ConflictError(f.alreadyReversed);
    throw error;
  }
}

/**
 * The small-amount cap for emergency aid paid at once (小金额先行救助) in force on a day for a
 * village: the county's rule if it has one in force, else the city's; null when neither has.
 * Caps are data with effective dates (aid_cap), not constants.
 */
export async function emergencyCapFor(tx: Pick<Tx, "aidCap">, regionCode: string, onIso: string): Promise<Prisma.Decimal | null> {
  const county = regionCode.slice(0, 6);
  const city = regionCode.slice(0, 4);
  const caps = await tx.aidCap.findMany({
    where: { regionCode: { in: [county, city] }, effectiveFrom: { lte: dateFromIso(onIso) } },
    orderBy: { effectiveFrom: "desc" },
    select: { regionCode: true, emergencyCap: true },
  });
  const rule = caps.find((c) => c.regionCode === county) ?? caps.find((c) => c.regionCode === city);
  return rule?.emergencyCap ?? null;
}
