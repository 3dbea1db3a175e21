import { load, routeId } from "@/lib/page";
import { requireActor } from "@/lib/auth/session";
import { getHousehold } from "@/lib/households/queries";
import { householdTimeline, TIMELINE_PRINT_LIMIT } from "@/lib/households/timeline";
import { timelineSearchSchema } from "@/lib/households/timeline-schema";
import { dateFromIso, todayInChina } from "@/lib/dates";
import { format, formatDate, t } from "@/lib/i18n";
import { PrintButton } from "@/components/ui/print-button";
import { CategoryBadge } from "@/components/ui/badges";
import { CaseTimelineEntries } from "@/components/households/case-timeline";

const m = t.timeline;
export const generateMetadata = () => ({ title: m.printTitle });

/** The case file on A4: the newest entries of one kind or all, masked exactly as on screen. */
export default async function PrintTimelinePage(props: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  const id = routeId((await props.params).id);
  const { kind } = timelineSearchSchema.parse(await props.searchParams);
  const household = await load(getHousehold(actor, id));
  const timeline = await load(householdTimeline(actor, id, { kind, limit: TIMELINE_PRINT_LIMIT }));
  return (
    <article className="space-y-4 text-[14px] leading-6" data-testid="printed-case-file">
      <div className="flex justify-end"><PrintButton /></div>
      <h1 className="text-center text-2xl font-bold">{m.printTitle}</h1>
      <div className="space-y-1">
        <p className="flex flex-wrap items-center gap-2 text-lg font-semibold">{household.headName} <CategoryBadge category={household.category} /></p>
        <p>{household.villageFullName}{household.address ? ` · ${household.address}` : ""}</p>
        <p className="text-sm">
          {format(m.printedOn, { date: formatDate(dateFromIso(todayInChina())) })}
          {timeline.kind ? ` · ${format(m.printKind, { kind: m.kinds[timeline.kind] })}` : ""}
        </p>
        {timeline.masked ? <p className="text-xs">{m.maskedNote}</p> : null}
      </div>
      <div className="border-t border-black">
        <CaseTimelineEntries timeline={timeline} links={false} />
      </div>
      {timeline.earlier ? <p className="text-sm">{format(m.printTruncated, { count: TIMELINE_PRINT_LIMIT })}</p> : null}
    </article>
  );
}
