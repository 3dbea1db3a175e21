/**
 * GET /api/sync/v1/snapshot — what a caseworker's phone keeps for offline visits (lib/visits/offline.ts).
 */
import { syncSnapshot } from "@/lib/visits/sync";

export const dynamic = "force-dynamic";

export const GET = (request: Request) => syncSnapshot(request);
