/**
 * GET /api/ready — readiness: 200 when the database can be reached and has every migration this
 * build expects, 503 otherwise (lib/health/readiness.ts). No session needed; the answer names
 * no host, user or error text. Not-ready answers are logged (lib/log.ts), with the request id.
 */
import { readiness } from "@/lib/health/readiness";
import { log } from "@/lib/log";
import { REQUEST_ID_HEADER, saneRequestId } from "@/lib/request-id";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const result = await readiness();
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (!result.ready) {
    headers["Retry-After"] = "10";
    log.warn({ requestId: saneRequestId(request.headers.get(REQUEST_ID_HEADER)), ...result }, "not ready");
  }
  return Response.json({ status: result.ready ? "ready" : "unavailable", ...result }, { status: result.ready ? 200 : 503, headers });
}
