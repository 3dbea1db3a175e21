/** Small labels of the funds pages: the kind of fund, the kind of ledger entry. */
import { t } from "@/lib/i18n";
import type { FundEntryKind, FundKind } from "@/lib/generated/prisma/enums";
import { Tag } from "@/components/ui/badges";

export function FundKindTag({ kind }: { kind: FundKind }) {
  return <Tag tone={kind === "CITY_FUND" ? "sky" : "amber"}>{t.funds.kinds[kind]}</Tag>;
}

const ENTRY_TONE = { TOP_UP: "green", PAYMENT: "red", REVERSAL: "stone" } as const;

export function EntryKindTag({ kind }: { kind: FundEntryKind }) {
  return <Tag tone={ENTRY_TONE[kind]}>{t.funds.entryKinds[kind]}</Tag>;
}
