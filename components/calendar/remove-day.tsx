"use client";
/**
 * 删除 one day of the calendar: asks for confirmation first (the processing clocks of running
 * applications change with the calendar), then posts to the action, which answers with a
 * redirect to the refreshed year or a message here (e.g. another admin removed it first).
 */
import { useActionState } from "react";
import { useFormStatus } from "react-dom";
import type { ActionState } from "@/lib/action";
import { format, t } from "@/lib/i18n";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

/** The button names its day for a screen reader: a list of "删除" buttons says nothing otherwise. */
function RemoveButton({ label }: { label: string }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      className="inline-flex min-h-11 items-center rounded-md px-3 text-sm text-stone-500 hover:bg-red-50 hover:text-red-700 focus-visible:bg-red-50 focus-visible:text-red-700 disabled:opacity-60 md:min-h-9"
      disabled={pending}
      aria-disabled={pending}
      aria-label={label}
      data-testid="remove-day"
    >
      {pending ? t.calendar.removePending : t.calendar.remove}
    </button>
  );
}

export function RemoveDay({ day, dayLabel, name, action }: { day: string; dayLabel: string; name: string; action: Action }) {
  const [state, formAction] = useActionState(action, null);
  const c = t.calendar;
  return (
    <form
      action={formAction}
      className="flex flex-col items-end gap-1"
      onSubmit={(e) => {
        if (!window.confirm(format(c.removeConfirm, { date: dayLabel, name }))) e.preventDefault();
      }}
    >
      <input type="hidden" name="day" value={day} />
      <RemoveButton label={format(c.removeLabel, { date: dayLabel, name })} />
      {state && !state.ok ? (
        <p role="alert" className="max-w-56 text-right text-xs text-red-700" data-testid="form-message">{state.message}</p>
      ) : null}
    </form>
  );
}
