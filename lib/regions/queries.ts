/** Region names and paths (the tree is public reference data: no scoping needed to name a code). */
import "server-only";
import { cache } from "react";
import { db } from "@/lib/db/client";

export const regionName = cache(async (code: string): Promise<string> => {
  const region = await db.region.findUnique({ where: { code }, select: { fullName: true } });
  return region?.fullName ?? code;
});
