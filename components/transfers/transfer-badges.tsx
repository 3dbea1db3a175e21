/** A transfer's status, and the red flag of an overdue one. */
import { format, t } from "@/lib/i18n";
import type { TransferStatus } from "@/lib/generated/prisma/enums";
import { Tag } from "@/components/ui/badges";

const TONE = { SENT: "amber", ACCEPTED: "sky", RESOLVED: "green", RETURNED: "stone" } as const;

export function TransferStatusBadge({ status }: { status: TransferStatus }) {
  return <Tag tone={TONE[status]}>{t.transfers.status[status]}</Tag>;
}

export function OverdueTag({ days }: { days: number }) {
  return (
    <span data-testid="overdue" className="inline-block whitespace-nowrap rounded bg-red-600 px-2 py-0.5 text-xs font-medium text-white">
      {days > 0 ? format(t.transfers.overdueDays, { days }) : t.transfers.overdue}
    </span>
  );
}
