/**
 * A request id for every request (issue 12): proxy.ts puts one on the request (where pages,
 * actions and route handlers read it) and on the response (where the user's browser, a proxy in
 * front or an operator's curl sees it). An id that came with the request — from a load balancer
 * that already logs one — is kept when it looks like an id; anything else is replaced, so a
 * client cannot write arbitrary text into our logs. Pure: the proxy and the server share it.
 */
export const REQUEST_ID_HEADER = "x-request-id";

/** Letters, digits and `._:-`, 8 to 128 of them: UUIDs, ULIDs, hex trace ids, `req-…`. */
const SANE = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;

export function saneRequestId(incoming: string | null | undefined): string | null {
  return incoming && SANE.test(incoming) ? incoming : null;
}

/** The incoming id when sane, a fresh UUID otherwise. */
export function requestIdFor(incoming: string | null | undefined): string {
  return saneRequestId(incoming) ?? crypto.randomUUID();
}
