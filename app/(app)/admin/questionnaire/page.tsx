import { forbidden } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { load } from "@/lib/page";
import { questionnaireEditor } from "@/lib/questionnaires/queries";
import type { Question } from "@/lib/visits/questionnaire";
import { format, formatDate, formatDateTime, t } from "@/lib/i18n";
import { Tag } from "@/components/ui/badges";
import { Flash } from "@/components/ui/flash";
import {
  MoveRetireButtons, NewQuestionForm, PublishDiscardForms, QuestionForm, StartDraftForm,
} from "@/components/questionnaires/editor-forms";

const q = t.questionnaire;
export const generateMetadata = () => ({ title: q.title });

function kindLabel(question: Question) {
  if (question.kind === "text") return q.kinds.text;
  const values = question.options.map((o) => o.value).join(",");
  return values === "yes,no" ? q.kinds.yesno : q.kinds.choice;
}

function QuestionSummary({ question, n }: { question: Question; n: number }) {
  return (
    <span className="flex min-w-0 flex-1 flex-wrap items-center gap-2">
      <span className="font-medium break-words">{n}. {question.label}</span>
      <Tag>{kindLabel(question)}</Tag>
      <Tag tone={question.required ? "amber" : "stone"}>{question.required ? q.required : q.optional}</Tag>
      {question.kind === "choice" ? (
        <span className="w-full text-xs break-words text-stone-500">{question.options.map((o) => o.label).join(" / ")}</span>
      ) : null}
    </span>
  );
}

function doneMessage(done: string | undefined, version: string | undefined): string | null {
  if (done === "started") return q.draftStarted;
  if (done === "discarded") return q.discarded;
  if (done === "published" && version && /^\d{1,6}$/.test(version)) return format(q.published, { version });
  return null;
}

export default async function QuestionnaireAdminPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  if (!can(actor, "manage:questionnaire")) forbidden();
  const { done, version } = await searchParams;
  const { current, versions, draft } = await load(questionnaireEditor(actor));
  const nextVersion = (current?.version ?? 0) + 1;
  return (
    <div className="space-y-5">
      <Flash message={doneMessage(done, version)} />
      <div>
        <h1 className="text-xl font-bold">{q.title}</h1>
        <p className="mt-1 text-sm text-stone-600">{q.subtitle}</p>
        {current ? (
          <p className="mt-2 text-sm font-medium" data-testid="current-version">
            {format(q.currentVersion, { version: current.version, date: formatDate(current.publishedAt) })}
          </p>
        ) : null}
      </div>

      <section className="space-y-3" data-testid="draft">
        {draft ? (
          <>
            <h2 className="text-lg font-semibold">{format(q.draftTitle, { version: draft.baseVersion })}</h2>
            <p className="text-xs text-stone-500">{format(q.draftUpdated, { name: draft.updatedBy, date: formatDateTime(draft.updatedAt) })}</p>
            {draft.stale ? (
              <p role="alert" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-800">
                {format(q.draftStale, { base: draft.baseVersion, current: current?.version ?? "" })}
              </p>
            ) : null}
            <ol className="space-y-2" data-testid="draft-questions">
              {draft.questions.map((question, i) => (
                <li key={question.key} className="card" data-testid="draft-question">
                  <details>
                    <summary className="flex min-h-11 cursor-pointer list-none items-center gap-2 px-4 py-3">
                      <QuestionSummary question={question} n={i + 1} />
                    </summary>
                    <div className="space-y-3 border-t border-stone-100 p-4">
                      <QuestionForm question={question} revision={draft.revision} />
                      <MoveRetireButtons question={question} revision={draft.revision} first={i === 0} last={i === draft.questions.length - 1} />
                    </div>
                  </details>
                </li>
              ))}
            </ol>
            <details className="card">
              <summary className="flex min-h-11 cursor-pointer items-center px-4 py-3 font-medium">{q.addQuestion}</summary>
              <div className="border-t border-stone-100 p-4"><NewQuestionForm revision={draft.revision} /></div>
            </details>
            <PublishDiscardForms revision={draft.revision} nextVersion={nextVersion} stale={draft.stale} />
          </>
        ) : (
          <div className="card space-y-3 p-4">
            <p className="text-sm text-stone-600">{q.noDraft}</p>
            <StartDraftForm />
          </div>
        )}
      </section>

      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{q.history}</h2>
        <ul className="space-y-2" data-testid="versions">
          {versions.map((v) => (
            <li key={v.version} className="card">
              <details>
                <summary className="flex min-h-11 cursor-pointer list-none flex-wrap items-center gap-2 px-4 py-3">
                  <span className="font-medium">{format(q.versionTag, { version: v.version })}</span>
                  <span className="text-sm text-stone-600">{formatDate(v.publishedAt)}</span>
                  <Tag>{format(q.questionCount, { count: v.questions.length })}</Tag>
                </summary>
                <ol className="space-y-1 border-t border-stone-100 px-4 py-3 text-sm">
                  {v.questions.map((question, i) => (
                    <li key={question.key} className="flex"><QuestionSummary question={question} n={i + 1} /></li>
                  ))}
                </ol>
              </details>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
