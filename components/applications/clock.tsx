import { format, formatDate, t } from "@/lib/i18n";
import { dateFromIso } from "@/lib/dates";
import type { Clock } from "@/lib/applications/queries";
import { Tag } from "@/components/ui/badges";

const TONE = { ok: "green", warning: "amber", overdue: "red" } as const;

/**
 * "已用 12 / 30 个工作日 · 时限至 …" with a colour for how close the limit is; once decided,
 * "已办结 · 用时 12 个工作日" — a finished case has no limit left to watch.
 */
export function ClockBadge({ clock, decided = false }: { clock: Clock; decided?: boolean }) {
  if (decided) {
    return (
      <span className="inline-flex flex-wrap items-center gap-1 text-xs text-stone-600" data-testid="clock">
        <Tag tone={clock.status === "overdue" ? "red" : "green"}>{t.applications.clockDone}</Tag>
        {format(t.applications.clockDoneUsed, { used: clock.used, limit: clock.limit })}
      </span>
    );
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-1 text-xs text-stone-600" data-testid="clock">
      <Tag tone={TONE[clock.status]}>{t.applications.clockStatus[clock.status]}</Tag>
      {format(t.applications.clockUsed, { used: clock.used, limit: clock.limit })} ·{" "}
      {format(t.applications.clockDue, { date: formatDate(dateFromIso(clock.dueOn)) })}
    </span>
  );
}
