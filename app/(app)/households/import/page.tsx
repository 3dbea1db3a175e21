import Link from "next/link";
import { forbidden } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { format, formatDateTime, t } from "@/lib/i18n";
import { listImportJobs } from "@/lib/import/queries";
import { MAX_UPLOAD_MB } from "@/lib/import/commands";

export const generateMetadata = () => ({ title: t.imports.title });

const errors = (): Record<string, string> => ({
  wrongType: t.imports.wrongType,
  tooLarge: format(t.imports.tooLarge, { mb: MAX_UPLOAD_MB }),
  empty: t.imports.empty,
  unreadable: t.imports.unreadable,
  noFile: t.imports.noFile,
});

export default async function ImportPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  if (!can(actor, "import:households")) forbidden();
  const { error } = await searchParams;
  const message = error ? errors()[error] : undefined;
  const jobs = await listImportJobs(actor);
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">{t.imports.title}</h1>
      <p className="text-sm text-stone-600">{t.imports.subtitle}</p>

      <section className="card space-y-3 p-4">
        <a href="/households/import/template" className="btn-secondary min-h-11" download data-testid="download-template">{t.imports.template}</a>
        <p className="text-sm text-stone-600">{t.imports.templateHint}</p>
      </section>

      <form className="card space-y-3 p-4" method="post" action="/households/import/upload" encType="multipart/form-data">
        {message ? <p className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-700" role="status" data-testid="upload-error">{message}</p> : null}
        <label htmlFor="file" className="block text-sm font-medium">{t.imports.file}</label>
        <input id="file" name="file" type="file" accept=".xlsx,.csv" className="input min-h-11 w-full" required />
        <button type="submit" className="btn-primary min-h-11">{t.imports.upload}</button>
      </form>

      <section className="card p-4">
        <h2 className="mb-2 font-semibold">{t.imports.jobs}</h2>
        {jobs.length === 0 ? <p className="text-sm text-stone-600">{t.imports.noJobs}</p> : (
          <ul className="divide-y divide-stone-200">
            {jobs.map((j) => (
              <li key={j.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <Link href={`/households/import/${j.id}`} className="min-h-11 break-all py-2 font-medium text-sky-800 underline">{j.fileName}</Link>
                <span className="text-sm text-stone-600">{t.imports.status[j.status]} · {formatDateTime(j.createdAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
