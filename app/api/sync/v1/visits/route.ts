/**
 * POST /api/sync/v1/visits — queued offline visits, one answer per visit (lib/visits/sync.ts).
 */
import { syncVisits } from "@/lib/visits/sync";

export const dynamic = "force-dynamic";

export const POST = (request: Request) => syncVisits(request);
