"use client";
/**
 * 添加日期: a day, its kind and its name. Choosing the date shows its weekday and picks the only
 * kind that can apply to it (a weekday can only be a holiday, a weekend day only a make-up
 * working day); the server checks the same rule. The name field offers the seven festivals, and
 * "…调休上班" for a make-up day.
 */
import { useState } from "react";
import type { ActionState } from "@/lib/action";
import { isRealDate } from "@/lib/dates";
import { t } from "@/lib/i18n";
import { dayOfWeek, isWeekend, type CalendarDayKindName } from "@/lib/calendar/working-days";
import { CALENDAR_DAY_KINDS } from "@/lib/calendar/schema";
import { ActionForm, type FormBag } from "@/components/ui/action-form";
import { Field, FieldError } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;
const c = t.calendar;

function DayFields({ bag }: { bag: FormBag }) {
  const [day, setDay] = useState(bag.value("day"));
  const initialKind = bag.value("kind");
  const [kind, setKind] = useState<CalendarDayKindName | "">(
    (CALENDAR_DAY_KINDS as readonly string[]).includes(initialKind) ? (initialKind as CalendarDayKindName) : "",
  );
  const validDay = isRealDate(day);
  const kindErrors = bag.errors.kind;

  return (
    <>
      <Field name="day" label={c.day} errors={bag.errors.day} required>
        {(a) => (
          <div className="flex items-center gap-3">
            <input
              {...a}
              type="date"
              className="input"
              value={day}
              onChange={(e) => {
                const next = e.target.value;
                setDay(next);
                if (isRealDate(next)) setKind(isWeekend(next) ? "WORKDAY" : "HOLIDAY");
              }}
            />
            <span className="w-10 shrink-0 text-sm text-stone-600" aria-live="polite" data-testid="weekday">
              {validDay ? c.weekdays[dayOfWeek(day)] : ""}
            </span>
          </div>
        )}
      </Field>

      <fieldset aria-describedby="f-kind-error">
        <legend className="mb-1 block text-sm font-medium text-stone-700">
          {c.kind}
          <span className="ml-0.5 text-red-600" aria-label={t.common.required}>*</span>
        </legend>
        <div className="grid grid-cols-2 gap-2">
          {CALENDAR_DAY_KINDS.map((k) => (
            <label
              key={k}
              className="flex min-h-11 cursor-pointer flex-col justify-center rounded-md border border-stone-300 bg-white px-3 py-2 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50"
            >
              <span className="flex items-center gap-2 font-medium">
                <input
                  type="radio"
                  name="kind"
                  value={k}
                  checked={kind === k}
                  onChange={() => setKind(k)}
                  className="accent-brand-600"
                />
                {c.kinds[k]}
              </span>
              <span className="ml-6 text-xs text-stone-500">{c.kindHints[k]}</span>
            </label>
          ))}
        </div>
        <FieldError id="f-kind-error" errors={kindErrors} />
      </fieldset>

      <Field name="name" label={c.name} errors={bag.errors.name} hint={c.nameHint} required>
        {(a) => (
          <>
            <input {...a} className="input" maxLength={50} list="calendar-names" autoComplete="off" defaultValue={bag.value("name")} />
            <datalist id="calendar-names">
              {c.nameSuggestions.map((n) => (
                <option key={n} value={kind === "WORKDAY" ? `${n}${c.workdaySuffix}` : n} />
              ))}
            </datalist>
          </>
        )}
      </Field>
    </>
  );
}

export function AddDayForm({ action }: { action: Action }) {
  return (
    <ActionForm action={action} className="space-y-4">
      {(bag) => (
        <>
          <DayFields bag={bag} />
          <SubmitButton label={c.addSubmit} pendingLabel={c.addPending} className="btn-primary w-full sm:w-auto" />
        </>
      )}
    </ActionForm>
  );
}
