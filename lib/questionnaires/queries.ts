/**
 * Reads of the questionnaire editor: the published versions (newest first, each with its
 * questions) and the draft being edited, if any. The questionnaire is the province's, not a
 * region's: no region scope applies, the permission does.
 */
import "server-only";
import { db } from "@/lib/db/client";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import type { Question } from "@/lib/visits/questionnaire";

export async function questionnaireEditor(actor: Actor) {
  requirePermission(actor, "manage:questionnaire");
  const [versions, draft] = await Promise.all([
    db.questionnaireTemplate.findMany({
      orderBy: { version: "desc" },
      take: 50,
      select: { version: true, title: true, questions: true, publishedAt: true },
    }),
    db.questionnaireDraft.findUnique({ where: { id: 1 } }),
  ]);
  const editor = draft ? await db.user.findUnique({ where: { id: draft.updatedById }, select: { name: true } }) : null;
  const published = versions.map((v) => ({ ...v, questions: v.questions as unknown as Question[] }));
  return {
    current: published[0] ?? null,
    versions: published,
    draft: draft
      ? {
          baseVersion: draft.baseVersion,
          title: draft.title,
          questions: draft.questions as unknown as Question[],
          revision: draft.revision,
          updatedAt: draft.updatedAt,
          updatedBy: editor?.name ?? "",
          /** Another version was published after this draft was started: it cannot be published. */
          stale: published[0] !== undefined && published[0].version !== draft.baseVersion,
        }
      : null,
  };
}
