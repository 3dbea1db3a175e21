/** Small labels of the standards page: a standard's status on today's date, a demonstration figure. */
import { format, t } from "@/lib/i18n";
import type { StandardRow, StandardStatus } from "@/lib/standards/queries";
import { Tag } from "@/components/ui/badges";

const STATUS_TONE = { UPCOMING: "sky", IN_FORCE: "green", ENDED: "stone" } as const;

export function StandardStatusTag({ status }: { status: StandardStatus }) {
  return <Tag tone={STATUS_TONE[status]}>{t.standards.statusTags[status]}</Tag>;
}

export function DemoTag() {
  return <Tag tone="amber">{t.standards.demoTag}</Tag>;
}

/**
 * A standard's period as people read it: "2021-01-01 至 2021-06-30" (the last day in force, the
 * data keeps the exclusive end) or "2021-07-01 起" while open-ended.
 */
export function periodText(row: Pick<StandardRow, "effectiveFrom" | "lastDay">): string {
  const s = t.standards;
  return row.lastDay ? format(s.period, { from: row.effectiveFrom, to: row.lastDay }) : format(s.since, { from: row.effectiveFrom });
}
