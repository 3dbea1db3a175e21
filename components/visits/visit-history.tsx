/** A household's visits, newest first; each opens to show its questionnaire answers. */
import { format, formatDate, t } from "@/lib/i18n";
import type { Question } from "@/lib/visits/questionnaire";
import { Tag } from "@/components/ui/badges";

type VisitRow = {
  id: number;
  visitedOn: Date;
  visitors: string;
  peopleMet: string;
  findings: string | null;
  answers: unknown;
  questionnaireVersion: number;
  questions: Question[];
  recordedBy: { name: string };
  leftAreaFrom?: string | null;
  flagReviewedAt?: Date | null;
  problems: { id: number; category: keyof typeof t.enums.problemCategory; description: string }[];
};

function answerLabel(q: Question, value: unknown) {
  if (value === undefined || value === null || value === "") return "—";
  if (q.kind === "choice") return q.options.find((o) => o.value === value)?.label ?? String(value);
  return String(value);
}

export function VisitHistory({ visits }: { visits: VisitRow[] }) {
  if (visits.length === 0) return <p className="card p-4 text-sm text-stone-600">{t.household.noVisits}</p>;
  return (
    <ul className="space-y-2" data-testid="visit-history">
      {visits.map((v) => {
        const answers = (v.answers ?? {}) as Record<string, unknown>;
        return (
          <li key={v.id} id={`visit-${v.id}`} className="card scroll-mt-4">
            <details>
              <summary className="flex cursor-pointer list-none flex-col gap-1 px-4 py-3 sm:flex-row sm:items-center sm:gap-3">
                <span className="font-medium">{formatDate(v.visitedOn)}</span>
                <span className="flex-1 text-sm text-stone-600">
                  {v.visitors} · {v.findings ?? ""}
                </span>
                <span className="flex flex-wrap gap-1">
                  {v.leftAreaFrom ? (
                    <Tag tone={v.flagReviewedAt ? "stone" : "red"}>{v.flagReviewedAt ? t.visit.leftAreaReviewedTag : t.visit.leftAreaTag}</Tag>
                  ) : null}
                  {v.problems.length ? (
                    v.problems.map((p) => <Tag key={p.id} tone="amber">{t.enums.problemCategory[p.category]}</Tag>)
                  ) : (
                    <Tag tone="green">{t.visit.noProblems}</Tag>
                  )}
                </span>
              </summary>
              <div className="border-t border-stone-100 px-4 py-3 text-sm">
                <p className="text-stone-600">
                  {t.visit.peopleMet}：{v.peopleMet} · {format(t.visit.recordedBy, { name: v.recordedBy.name })}
                </p>
                {/* The wording of the version this visit answered, not today's (decision 029). */}
                <p className="mt-2 text-xs text-stone-500" data-testid="visit-questionnaire-version">{format(t.visit.questionnaire, { version: v.questionnaireVersion })}</p>
                <dl className="mt-1 grid gap-x-4 gap-y-1 sm:grid-cols-2">
                  {v.questions.map((q) => (
                    <div key={q.key} className="flex gap-2">
                      <dt className="text-stone-500">{q.label}：</dt>
                      <dd>{answerLabel(q, answers[q.key])}</dd>
                    </div>
                  ))}
                </dl>
                {v.problems.length ? (
                  <ul className="mt-2 list-disc pl-5">
                    {v.problems.map((p) => <li key={p.id}>{p.description}</li>)}
                  </ul>
                ) : null}
              </div>
            </details>
          </li>
        );
      })}
    </ul>
  );
}
