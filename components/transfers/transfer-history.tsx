/** A transfer's history from its audit rows: sent, accepted, answered — who and when. */
import { format, formatDateTime, t } from "@/lib/i18n";

type Event = { id: string; at: Date; action: string; actorName: string | null };
const KNOWN = Object.keys(t.transfers.events);

export function TransferHistory({ events, departmentName }: { events: Event[]; departmentName: string }) {
  const shown = events.filter((e) => KNOWN.includes(e.action));
  if (shown.length === 0) return null;
  return (
    <ol className="card space-y-0 px-4 py-2" data-testid="transfer-history">
      {shown.map((e, i) => (
        <li key={e.id} className="relative flex gap-3 py-2">
          <span className="flex flex-col items-center" aria-hidden>
            <span className="mt-1.5 size-2.5 rounded-full bg-brand-500" />
            {i < shown.length - 1 ? <span className="mt-1 w-px flex-1 bg-stone-200" /> : null}
          </span>
          <span className="flex-1 text-sm">
            <span className="block">
              {format(t.transfers.events[e.action as keyof typeof t.transfers.events], {
                name: e.actorName ?? t.transfers.someone,
                department: departmentName,
              })}
            </span>
            <span className="block text-xs text-stone-500">{formatDateTime(e.at)}</span>
          </span>
        </li>
      ))}
    </ol>
  );
}
