/** GET /households/import/template — the import template (.xlsx), its example row in the admin's region. */
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { withScope } from "@/lib/db/scope";
import { t } from "@/lib/i18n";
import { firstVillageOf } from "@/lib/import/queries";
import { templateWorkbook, XLSX_TYPE } from "@/lib/import/workbooks";
import { contentDisposition } from "@/lib/dashboard/export";

export const dynamic = "force-dynamic";

export async function GET() {
  const actor = await requireActor();
  if (!can(actor, "import:households")) return new Response(t.common.forbidden, { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const village = await withScope(actor.regionCode, () => firstVillageOf(actor));
  const body = await templateWorkbook(village);
  return new Response(new Uint8Array(body), {
    headers: { "Content-Type": XLSX_TYPE, "Content-Disposition": contentDisposition({ name: "家庭档案导入模板.xlsx", ascii: "household-import-template.xlsx" }), "Cache-Control": "private, no-store" },
  });
}
