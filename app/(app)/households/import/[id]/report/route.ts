/** GET /households/import/:id/report — the dry run's problems as an .xlsx (row, column, message). */
import { requireActor } from "@/lib/auth/session";
import { withScope } from "@/lib/db/scope";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { importProblems } from "@/lib/import/queries";
import { errorReportWorkbook, XLSX_TYPE } from "@/lib/import/workbooks";
import { contentDisposition } from "@/lib/dashboard/export";

export const dynamic = "force-dynamic";

const plain = (status: number, message: string) => new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const { id: raw } = await params;
  const id = Number(raw);
  if (!/^\d{1,9}$/.test(raw)) return plain(404, "not found");
  try {
    const { fileName, problems } = await withScope(actor.regionCode, () => importProblems(actor, id));
    const body = await errorReportWorkbook(fileName, problems);
    const base = fileName.replace(/\.(xlsx|csv)$/i, "");
    return new Response(new Uint8Array(body), {
      headers: { "Content-Type": XLSX_TYPE, "Content-Disposition": contentDisposition({ name: `${base}-错误报告.xlsx`, ascii: `import-${id}-errors.xlsx` }), "Cache-Control": "private, no-store" },
    });
  } catch (error) {
    if (error instanceof NotFoundError) return plain(404, error.message);
    if (error instanceof ForbiddenError) return plain(403, error.message);
    throw error;
  }
}
