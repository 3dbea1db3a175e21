/**
 * Writes of the questionnaire editor (issue 15, item 4; decision 029): an administrator starts a
 * draft from the current version, adds, rewords, reorders or retires its questions, and publishes
 * it as a new version — or discards it. A published version is never changed (the database's
 * trigger and grants refuse it); visits keep the version they were answered with.
 *
 * Each edit names the draft revision it was made on and bumps it (two administrators at once:
 * the second is told to reload, nothing is overwritten); publishing takes the next version number
 * and refuses when another version was published after the draft was started. Every write and
 * its audit row share one transaction.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import { db, type Tx } from "@/lib/db/client";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/write";
import { ConflictError, DomainError } from "@/lib/errors";
import { format, t } from "@/lib/i18n";
import type { Question } from "@/lib/visits/questionnaire";
import { MAX_QUESTIONS, type SaveQuestionInput } from "./schema";

const q = t.questionnaire;
const PERMISSION = "manage:questionnaire" as const;

const newId = (prefix: string) => `${prefix}${randomBytes(4).toString("hex")}`;

async function latestVersion(tx: Tx) {
  const latest = await tx.questionnaireTemplate.findFirst({ orderBy: { version: "desc" }, select: { version: true, title: true, questions: true } });
  if (!latest) throw new Error("No questionnaire: run the seed");
  return { ...latest, questions: latest.questions as unknown as Question[] };
}

async function draftOf(tx: Tx) {
  const draft = await tx.questionnaireDraft.findUnique({ where: { id: 1 } });
  if (!draft) throw new DomainError(q.noDraftToEdit);
  return { ...draft, questions: draft.questions as unknown as Question[] };
}

const audit = (tx: Tx, actor: Actor, action: string, entityId: number | null, before: unknown, after: unknown) =>
  writeAudit(tx, actor, { action, entity: "questionnaire", entityId, regionCode: actor.regionCode, before, after });

export async function startDraft(actor: Actor) {
  requirePermission(actor, PERMISSION);
  return db.$transaction(async (tx) => {
    const current = await latestVersion(tx);
    // At most one draft (its primary key is fixed): a second start, or two at once, finds the first.
    const created = await tx.questionnaireDraft.createMany({
      data: { id: 1, baseVersion: current.version, title: current.title, questions: current.questions, revision: 1, updatedById: actor.id },
      skipDuplicates: true,
    });
    if (created.count === 0) throw new DomainError(q.draftExists);
    await audit(tx, actor, "questionnaire.draft_start", current.version, null, { baseVersion: current.version });
    return { baseVersion: current.version };
  });
}

/**
 * One edit of the draft: `change` turns its questions into the new ones, the revision the editor
 * saw must still be the draft's, and the audit row keeps the question before and after.
 */
async function editDraft(
  actor: Actor,
  revision: number,
  action: string,
  change: (questions: Question[]) => { questions: Question[]; before: unknown; after: unknown },
) {
  requirePermission(actor, PERMISSION);
  return db.$transaction(async (tx) => {
    const draft = await draftOf(tx);
    if (draft.revision !== revision) throw new ConflictError(q.staleRevision);
    const { questions, before, after } = change(draft.questions);
    if (questions.length > MAX_QUESTIONS) throw new DomainError(format(q.tooManyQuestions, { max: MAX_QUESTIONS }));
    const { count } = await tx.questionnaireDraft.updateMany({
      where: { id: 1, revision },
      data: { questions, revision: revision + 1, updatedById: actor.id, updatedAt: new Date() },
    });
    if (count === 0) throw new ConflictError(q.staleRevision);
    await audit(tx, actor, action, draft.baseVersion, before, after);
    return { revision: revision + 1 };
  });
}

function buildQuestion(input: SaveQuestionInput, existing: Question | undefined, taken: Set<string>): Question {
  const key = existing?.key ?? (() => { let k = newId("q"); while (taken.has(k)) k = newId("q"); return k; })();
  const kind = existing ? existing.kind : input.kind === "text" ? "text" : "choice";
  if (kind === "text") {
    return { key, label: input.label, kind: "text", maxLength: existing?.kind === "text" ? existing.maxLength : 1000, required: input.required };
  }
  if (!existing && input.kind === "yesno") {
    return { key, label: input.label, kind: "choice", required: input.required, options: [{ value: "yes", label: q.yes }, { value: "no", label: q.no }] };
  }
  // Existing options keep their value (answers stay comparable); a blank label removes one; new
  // rows get a fresh value. A value the question does not have is not trusted: treated as new.
  const known = new Set(existing?.kind === "choice" ? existing.options.map((o) => o.value) : []);
  const used = new Set<string>();
  const options: { value: string; label: string }[] = [];
  for (const row of input.options) {
    if (!row.label) continue;
    let value = row.value && known.has(row.value) && !used.has(row.value) ? row.value : newId("o");
    while (used.has(value) || (value !== row.value && known.has(value))) value = newId("o");
    used.add(value);
    options.push({ value, label: row.label });
  }
  if (options.length < 2) throw new DomainError(t.common.invalidInput, { options: [q.tooFewOptions] });
  return { key, label: input.label, kind: "choice", required: input.required, options };
}

/** Add a question at the end of the draft (no key) or reword one (its key). */
export function saveDraftQuestion(actor: Actor, input: SaveQuestionInput) {
  return editDraft(actor, input.revision, input.key ? "questionnaire.question_edit" : "questionnaire.question_add", (questions) => {
    const index = input.key ? questions.findIndex((x) => x.key === input.key) : -1;
    if (input.key && index < 0) throw new DomainError(q.questionNotFound);
    const before = index >= 0 ? questions[index] : null;
    const after = buildQuestion(input, before ?? undefined, new Set(questions.map((x) => x.key)));
    const next = [...questions];
    if (index >= 0) next[index] = after;
    else next.push(after);
    return { questions: next, before, after };
  });
}

export function moveDraftQuestion(actor: Actor, input: { revision: number; key: string; direction: "up" | "down" }) {
  return editDraft(actor, input.revision, "questionnaire.question_move", (questions) => {
    const index = questions.findIndex((x) => x.key === input.key);
    if (index < 0) throw new DomainError(q.questionNotFound);
    const target = input.direction === "up" ? index - 1 : index + 1;
    if (target < 0 || target >= questions.length) throw new DomainError(q.cannotMove);
    const next = [...questions];
    [next[index], next[target]] = [next[target], next[index]];
    return { questions: next, before: { key: input.key, position: index + 1 }, after: { key: input.key, position: target + 1 } };
  });
}

/** Retire a question: it is not in the new version; visits that answered it keep their answers. */
export function retireDraftQuestion(actor: Actor, input: { revision: number; key: string }) {
  return editDraft(actor, input.revision, "questionnaire.question_retire", (questions) => {
    const index = questions.findIndex((x) => x.key === input.key);
    if (index < 0) throw new DomainError(q.questionNotFound);
    if (questions.length === 1) throw new DomainError(q.emptyDraft);
    return { questions: questions.filter((x) => x.key !== input.key), before: questions[index], after: null };
  });
}

/** The draft becomes the next version, the one the visit form and the field app use from now on. */
export async function publishDraft(actor: Actor, input: { revision: number }) {
  requirePermission(actor, PERMISSION);
  return db.$transaction(async (tx) => {
    const draft = await draftOf(tx);
    if (draft.revision !== input.revision) throw new ConflictError(q.staleRevision);
    const current = await latestVersion(tx);
    if (current.version !== draft.baseVersion) throw new ConflictError(q.basePublished);
    if (JSON.stringify(current.questions) === JSON.stringify(draft.questions) && current.title === draft.title) throw new DomainError(q.unchanged);
    if (draft.questions.length === 0) throw new DomainError(q.emptyDraft);
    const version = current.version + 1;
    // The version is the primary key: two publishes at once cannot both take it.
    await tx.questionnaireTemplate.create({
      data: { version, title: draft.title, questions: draft.questions, active: true, publishedById: actor.id },
    });
    const { count } = await tx.questionnaireDraft.deleteMany({ where: { id: 1, revision: input.revision } });
    if (count === 0) throw new ConflictError(q.staleRevision);
    const keys = (qs: Question[]) => new Set(qs.map((x) => x.key));
    const was = keys(current.questions);
    const now = keys(draft.questions);
    await audit(tx, actor, "questionnaire.publish", version, { version: current.version }, {
      version,
      added: draft.questions.filter((x) => !was.has(x.key)).map((x) => x.key),
      retired: current.questions.filter((x) => !now.has(x.key)).map((x) => x.key),
      questions: draft.questions,
    });
    return { version };
  });
}

export async function discardDraft(actor: Actor, input: { revision: number }) {
  requirePermission(actor, PERMISSION);
  return db.$transaction(async (tx) => {
    const draft = await draftOf(tx);
    const { count } = await tx.questionnaireDraft.deleteMany({ where: { id: 1, revision: input.revision } });
    if (count === 0) throw new ConflictError(q.staleRevision);
    await audit(tx, actor, "questionnaire.draft_discard", draft.baseVersion, { questions: draft.questions }, null);
  });
}
