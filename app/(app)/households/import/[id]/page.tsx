import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { load, routeId } from "@/lib/page";
import { format, formatDateTime, t } from "@/lib/i18n";
import { getImportJob } from "@/lib/import/queries";
import { isTemplateLayout, proposeMapping, type Mapping } from "@/lib/import/columns";
import { rememberedMapping } from "@/lib/import/commands";
import { cancelImportAction, startImportAction, startValidationAction } from "@/lib/import/actions";
import { MappingForm } from "@/components/import/mapping-form";
import { ConfirmButton, ProgressBar } from "@/components/import/job-controls";

export const generateMetadata = () => ({ title: t.imports.title });

const m = t.imports;

export default async function ImportJobPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const id = routeId((await params).id);
  const job = await load(getImportJob(actor, id));
  const running = job.status === "VALIDATING" || job.status === "IMPORTING";
  const mapping: Mapping = job.mapping ?? proposeMapping(job.headers, await rememberedMapping(actor));
  const cancellable = job.status !== "DONE" && job.status !== "CANCELLED" && job.status !== "FAILED";

  return (
    <div className="space-y-4">
      <Link href="/households/import" className="inline-block min-h-11 py-2 text-sm text-sky-800 underline">{m.back}</Link>
      <h1 className="break-all text-xl font-bold">{job.fileName}</h1>
      <p className="text-sm text-stone-600" data-testid="import-status">
        {m.status[job.status]} · {formatDateTime(job.createdAt)} · sha256 <span className="break-all font-mono text-xs">{job.checksum}</span>
      </p>

      {job.status === "UPLOADED" ? (
        <section className="card space-y-3 p-4">
          <h2 className="font-semibold">{m.mappingTitle}</h2>
          {!isTemplateLayout(job.headers, mapping) ? <p className="text-sm text-stone-600">{m.mappingHint}</p> : null}
          <MappingForm action={startValidationAction} jobId={job.id} headers={job.headers} mapping={mapping} />
        </section>
      ) : null}

      {running ? (
        <section className="card space-y-3 p-4">
          <h2 className="font-semibold">{job.status === "VALIDATING" ? m.validating : m.status.IMPORTING}</h2>
          <ProgressBar done={job.processedRows} total={job.totalRows} running />
        </section>
      ) : null}

      {job.status === "VALIDATED" ? (
        <section className="card space-y-3 p-4">
          <p className="font-semibold" data-testid="validation-summary">{format(m.summaryValidated, { good: job.goodRows, bad: job.badRows })}</p>
          {job.goodRows > 0 ? (
            <ConfirmButton
              action={startImportAction} jobId={job.id} label={format(m.importGood, { good: job.goodRows })} pendingLabel={t.common.saving}
              question={format(m.importConfirm, { good: job.goodRows, bad: job.badRows })} className="btn-primary min-h-11"
            />
          ) : <p className="text-sm">{m.nothingToImport}</p>}
        </section>
      ) : null}

      {job.status === "DONE" ? (
        <section className="card space-y-3 p-4" data-testid="import-summary">
          <h2 className="font-semibold">{m.done}</h2>
          <ProgressBar done={job.processedRows} total={job.totalRows} running={false} />
          <p>{format(m.summaryDone, { created: job.created, updated: job.updated, unchanged: job.unchanged, skipped: job.skipped })}</p>
          <Link href="/households/import" className="btn-secondary min-h-11">{m.again}</Link>
        </section>
      ) : null}
      {job.status === "CANCELLED" ? (
        <p className="card p-4" data-testid="import-summary">
          {m.cancelled} {format(m.summaryDone, { created: job.created, updated: job.updated, unchanged: job.unchanged, skipped: job.skipped })}
        </p>
      ) : null}
      {job.status === "FAILED" ? <p className="card p-4 text-red-700">{format(m.failed, { reason: job.failure ?? t.common.unexpected })}</p> : null}

      {job.problemCount > 0 && job.status !== "UPLOADED" ? (
        <section className="card space-y-3 p-4">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 className="font-semibold">{m.problemsTitle}</h2>
            <a href={`/households/import/${job.id}/report`} className="btn-secondary min-h-11" download data-testid="download-report">{m.downloadReport}</a>
          </div>
          {job.problemCount > job.problems.length ? <p className="text-sm text-stone-600">{format(m.problemsMore, { shown: job.problems.length, total: job.problemCount })}</p> : null}
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="problems">
              <thead><tr><th className="py-1 pr-2">{m.row}</th><th className="py-1 pr-2">{m.column}</th><th className="py-1">{m.message}</th></tr></thead>
              <tbody>
                {job.problems.map((p, i) => (
                  <tr key={i} className="border-t border-stone-200 align-top">
                    <td className="py-1 pr-2 tabular-nums">{p.row}</td>
                    <td className="py-1 pr-2">{p.column}</td>
                    <td className="py-1 break-words">{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {cancellable ? (
        <ConfirmButton action={cancelImportAction} jobId={job.id} label={m.cancel} pendingLabel={t.common.saving} question={m.cancelConfirm} className="btn-secondary min-h-11" />
      ) : null}
    </div>
  );
}
