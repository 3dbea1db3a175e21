/**
 * The request id of the request being served, for log lines (set by proxy.ts, lib/request-id.ts).
 * Undefined outside a request (scripts, tests calling code directly).
 */
import "server-only";
import { headers } from "next/headers";
import { REQUEST_ID_HEADER, saneRequestId } from "@/lib/request-id";

export async function currentRequestId(): Promise<string | undefined> {
  try {
    return saneRequestId((await headers()).get(REQUEST_ID_HEADER)) ?? undefined;
  } catch {
    return undefined; // not inside a request
  }
}
