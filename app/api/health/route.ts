/**
 * GET /api/health — liveness: this process answers. No database, no session, no secrets; a load
 * balancer or supervisor restarts the process only when this stops answering (issue 12).
 * Readiness — can it serve? — is GET /api/ready.
 */
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
