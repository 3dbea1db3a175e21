/**
 * GET /dashboard/export?region=&from=&to=&format=xlsx|csv — the dashboard on screen as a file.
 * Same session, permission and region check as the page (getDashboard with the signed-in user);
 * the tables come from lib/dashboard/export.ts, so the CSV and the workbook say the same thing.
 */
import writeXlsxFile from "write-excel-file/node";
import { z } from "@/lib/validation";
import { requireActor } from "@/lib/auth/session";
import { withScope } from "@/lib/db/scope";
import { DomainError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { t } from "@/lib/i18n";
import { getDashboard } from "@/lib/dashboard/queries";
import { dashboardParamsSchema, rangeFrom } from "@/lib/dashboard/schema";
import { contentDisposition, dashboardSections, exportFileName, toCsv, toSheets } from "@/lib/dashboard/export";

export const dynamic = "force-dynamic";

const formatSchema = z.enum(["xlsx", "csv"], { error: () => t.dashboard.exportFormatInvalid });

const plain = (status: number, message: string) =>
  new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

export async function GET(request: Request) {
  const actor = await requireActor();
  const sp = new URL(request.url).searchParams;
  const params = dashboardParamsSchema.safeParse({
    region: sp.get("region") || undefined,
    from: sp.get("from") || undefined,
    to: sp.get("to") || undefined,
  });
  const fileFormat = formatSchema.safeParse(sp.get("format") ?? "xlsx");
  if (!params.success || !fileFormat.success) {
    const issues = [...(params.error?.issues ?? []), ...(fileFormat.error?.issues ?? [])];
    return plain(400, issues.map((i) => i.message).join("\n"));
  }

  let dashboard;
  try {
    const query = { regionCode: params.data.region ?? actor.regionCode, range: rangeFrom(params.data) };
    dashboard = await withScope(actor.regionCode, () => getDashboard(actor, query));
  } catch (error) {
    if (error instanceof NotFoundError) return plain(404, error.message);
    if (error instanceof ForbiddenError) return plain(403, error.message);
    if (error instanceof DomainError) return plain(400, error.message);
    throw error;
  }

  const sections = dashboardSections(dashboard);
  const ext = fileFormat.data;
  const headers = {
    "Content-Disposition": contentDisposition(exportFileName(dashboard, ext)),
    // Figures of a region are for its staff: no shared cache keeps a copy.
    "Cache-Control": "private, no-store",
  };
  if (ext === "csv") {
    return new Response(toCsv(sections), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
  }
  const buffer = await writeXlsxFile(toSheets(sections)).toBuffer();
  return new Response(new Uint8Array(buffer), {
    headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  });
}
