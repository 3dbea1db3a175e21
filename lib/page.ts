/**
 * Pages call queries directly; a query's NotFoundError / ForbiddenError becomes Next's 404 / 403
 * page here, so a record of another region looks exactly like one that does not exist.
 */
import "server-only";
import { forbidden, notFound } from "next/navigation";
import { ForbiddenError, NotFoundError } from "@/lib/errors";

export async function load<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    if (error instanceof ForbiddenError) forbidden();
    throw error;
  }
}

/** A positive integer route id, or 404. */
export function routeId(raw: string): number {
  const id = Number(raw);
  if (!/^\d{1,9}$/.test(raw) || !Number.isSafeInteger(id) || id <= 0) notFound();
  return id;
}
