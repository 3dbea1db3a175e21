"use server";
/**
 * Server actions of the work calendar: thin, through the one wrapper (lib/action.ts). Both answer
 * with a redirect to the year of the changed day, whose page says what changed — an added day
 * may lie in another year than the one on screen.
 */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/action";
import { addCalendarDaySchema, removeCalendarDaySchema } from "./schema";
import { addCalendarDay, removeCalendarDay } from "./commands";

const PAGE = "/admin/calendar";

export const addCalendarDayAction = defineAction(
  { permission: "manage:calendar", schema: addCalendarDaySchema },
  async (input, actor) => {
    const added = await addCalendarDay(actor, input);
    revalidatePath(PAGE);
    redirect(`${PAGE}?year=${added.day.slice(0, 4)}&added=${added.day}`);
  },
);

export const removeCalendarDayAction = defineAction(
  { permission: "manage:calendar", schema: removeCalendarDaySchema },
  async (input, actor) => {
    const removed = await removeCalendarDay(actor, input);
    revalidatePath(PAGE);
    redirect(`${PAGE}?year=${removed.day.slice(0, 4)}&removed=${removed.day}`);
  },
);
