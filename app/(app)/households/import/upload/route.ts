/**
 * POST /households/import/upload — the register file, from the import page's plain form
 * (multipart). A route handler rather than a server action: an action's body is capped at 1 MB,
 * a register is up to MAX_UPLOAD_MB. Same-origin only (the session cookie is SameSite=Lax, and
 * the Origin header is checked too). Answers with a redirect: to the job, or back with the
 * Chinese reason it was refused.
 */
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { withScope } from "@/lib/db/scope";
import { auditRefusal } from "@/lib/audit/refusals";
import { DomainError } from "@/lib/errors";
import { t } from "@/lib/i18n";
import { MAX_UPLOAD_MB, uploadImport, uploadRefusalOf } from "@/lib/import/commands";
import { isSameOrigin } from "@/lib/security/origin";

export const dynamic = "force-dynamic";

const back = (request: Request, path: string) => Response.redirect(new URL(path, request.url), 303);

export async function POST(request: Request) {
  const actor = await requireActor();
  if (!can(actor, "import:households")) {
    await auditRefusal(actor, { action: "refused.import:households", reason: "forbidden" });
    return new Response(t.common.forbidden, { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  if (!isSameOrigin(request)) {
    await auditRefusal(actor, { action: "refused.import:households", reason: "forbidden", fields: ["origin"] });
    return new Response(t.common.forbidden, { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const length = Number(request.headers.get("content-length") ?? 0);
  const tooLarge = `/households/import?error=${encodeURIComponent("tooLarge")}`;
  if (length > (MAX_UPLOAD_MB + 1) * 1024 * 1024) return back(request, tooLarge);
  let file: File | null = null;
  try {
    const form = await request.formData();
    const f = form.get("file");
    file = f instanceof File && f.size > 0 ? f : null;
  } catch {
    return back(request, `/households/import?error=unreadable`);
  }
  if (!file) return back(request, `/households/import?error=noFile`);
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const job = await withScope(actor.regionCode, () => uploadImport(actor, { name: file.name, bytes }));
    return back(request, `/households/import/${job.id}`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return back(request, `/households/import?error=${uploadRefusalOf(error) ?? "unreadable"}`);
  }
}
