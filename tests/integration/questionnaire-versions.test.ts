/**
 * The questionnaire as versioned data an administrator edits (issue 15, item 4; decision 029):
 * a draft is edited and published as a new version, a published version never changes (the
 * database refuses it), visits keep the version they answered and are shown in its wording, and
 * a phone still holding an older version syncs its visits, checked against that version.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { withScope } from "@/lib/db/scope";
import { todayInChina } from "@/lib/dates";
import { ConflictError, DomainError, ForbiddenError } from "@/lib/errors";
import { logHomeVisit } from "@/lib/visits/commands";
import { activeQuestionnaire, visitHistory } from "@/lib/visits/queries";
import { logVisitSchema } from "@/lib/visits/schema";
import type { Question } from "@/lib/visits/questionnaire";
import { discardDraft, moveDraftQuestion, publishDraft, retireDraftQuestion, saveDraftQuestion, startDraft } from "@/lib/questionnaires/commands";
import { questionnaireEditor } from "@/lib/questionnaires/queries";
import { saveQuestionSchema } from "@/lib/questionnaires/schema";
import { JIANSHE_STREET, makeActor, makeHousehold } from "../support/fixtures";

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/session", () => ({
  getActor: async () => session.actor,
  requireActor: async () => session.actor,
  getSession: async () => (session.actor ? { actor: session.actor } : null),
}));
const { POST } = await import("@/app/api/sync/v1/visits/route");

const V1_ANSWERS = {
  incomeChange: "none", health: "stable", schooling: "na", housing: "safe",
  careNeeds: "none", policyAwareness: "good", livingChange: "none",
};

let admin: Actor;
let caseworker: Actor;

const visitInput = (householdId: number, version: number, answers: Record<string, string>) => logVisitSchema.parse({
  householdId, idempotencyKey: randomUUID(), visitedOn: todayInChina(), visitors: "王芳", peopleMet: "户主",
  questionnaireVersion: version, answers, problems: [],
});

const labelOf = (questions: Question[], key: string) => questions.find((q) => q.key === key)?.label;
const saveQuestion = (raw: Record<string, unknown>) => saveDraftQuestion(admin, saveQuestionSchema.parse(raw));
const revision = async () => (await questionnaireEditor(admin)).draft!.revision;

beforeAll(async () => {
  admin = await makeActor("ADMIN", "2111");
  caseworker = await makeActor("CASEWORKER", JIANSHE_STREET);
});

describe("questionnaire versions", () => {
  it("the seed's current version 2 asks about mood (情绪/心理状态); Ms Sun's 情绪低落 is recorded and shown", async () => {
    const current = await activeQuestionnaire();
    expect(current.version).toBe(2);
    const mood = current.questions.find((q) => q.key === "mood");
    expect(mood).toMatchObject({ label: "情绪/心理状态", kind: "choice" });
    expect(mood?.kind === "choice" && mood.options.map((o) => o.label)).toEqual(["良好", "一般", "情绪低落", "需要心理疏导"]);
    expect(current.questions.some((q) => q.key === "moodNote" && q.kind === "text")).toBe(true);

    const household = await makeHousehold(caseworker);
    await logHomeVisit(caseworker, visitInput(household.id, 2, { ...V1_ANSWERS, mood: "low", moodNote: "突发疾病后不爱与人交流" }));
    const [visit] = await visitHistory(caseworker, household.id);
    expect(visit.questionnaireVersion).toBe(2);
    expect(visit.answers).toMatchObject({ mood: "low", moodNote: "突发疾病后不爱与人交流" });
    const asked = visit.questions.find((q) => q.key === "mood");
    expect(asked?.kind === "choice" && asked.options.find((o) => o.value === "low")?.label).toBe("情绪低落");
  });

  it("an administrator rewords, adds, reorders and retires questions in a draft and publishes version 3, all audited", async () => {
    const audits = await db.auditLog.count({ where: { entity: "questionnaire" } });
    // Before the edit: a visit answered on version 2, to be read back after version 3 exists.
    const household = await makeHousehold(caseworker, { headName: "旧版走访" });
    await logHomeVisit(caseworker, visitInput(household.id, 2, V1_ANSWERS));

    await startDraft(admin);
    await expect(startDraft(admin)).rejects.toBeInstanceOf(DomainError);
    await saveQuestion({
      revision: String(await revision()), key: "housing", kind: "choice", label: "住房安全（含危房改造需求）", required: "on",
      options: [{ value: "safe", label: "安全" }, { value: "risk", label: "存在安全隐患，需危房改造" }, { value: "none", label: "" }, { value: "", label: "租住" }],
    });
    await saveQuestion({ revision: String(await revision()), label: "是否有家庭成员长期在外务工", kind: "yesno", required: "on" });
    const draft = (await questionnaireEditor(admin)).draft!;
    const added = draft.questions.at(-1)!;
    expect(added).toMatchObject({ kind: "choice", options: [{ value: "yes", label: "是" }, { value: "no", label: "否" }] });
    await moveDraftQuestion(admin, { revision: draft.revision, key: added.key, direction: "up" });
    await retireDraftQuestion(admin, { revision: await revision(), key: "policyAwareness" });

    // An edit made on an older revision (a second administrator's stale page) changes nothing.
    await expect(retireDraftQuestion(admin, { revision: draft.revision, key: "health" })).rejects.toBeInstanceOf(ConflictError);
    // Only an administrator edits the questionnaire.
    await expect(startDraft(caseworker)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(publishDraft(caseworker, { revision: await revision() })).rejects.toBeInstanceOf(ForbiddenError);

    const { version } = await publishDraft(admin, { revision: await revision() });
    expect(version).toBe(3);
    const current = await activeQuestionnaire();
    expect(current.version).toBe(3);
    expect(labelOf(current.questions, "housing")).toBe("住房安全（含危房改造需求）");
    const housing = current.questions.find((q) => q.key === "housing");
    // Reworded options keep their value, a blanked one is gone, a new one gets a value of its own.
    expect(housing?.kind === "choice" && housing.options.map((o) => [o.value === "safe" || o.value === "risk" ? o.value : "new", o.label]))
      .toEqual([["safe", "安全"], ["risk", "存在安全隐患，需危房改造"], ["new", "租住"]]);
    expect(current.questions.some((q) => q.key === "policyAwareness")).toBe(false);
    expect(current.questions.at(-2)?.key).toBe(added.key);
    expect((await questionnaireEditor(admin)).draft).toBeNull();

    // Version 2 is as it was; the earlier visit is shown with version 2's wording.
    const v2 = await db.questionnaireTemplate.findUniqueOrThrow({ where: { version: 2 } });
    expect(labelOf(v2.questions as unknown as Question[], "housing")).toBe("住房安全");
    expect(labelOf(v2.questions as unknown as Question[], "policyAwareness")).toBe("对救助政策的了解");
    const [old] = await visitHistory(caseworker, household.id);
    expect(old.questionnaireVersion).toBe(2);
    expect(labelOf(old.questions, "housing")).toBe("住房安全");
    expect(labelOf(old.questions, "policyAwareness")).toBe("对救助政策的了解");

    const rows = await db.auditLog.findMany({ where: { entity: "questionnaire" }, orderBy: { id: "asc" }, select: { action: true, actorId: true } });
    expect(rows.slice(audits).map((r) => r.action)).toEqual([
      "questionnaire.draft_start", "questionnaire.question_edit", "questionnaire.question_add",
      "questionnaire.question_move", "questionnaire.question_retire", "questionnaire.publish",
    ]);
    expect(rows.slice(audits).every((r) => r.actorId === admin.id)).toBe(true);
  });

  it("a published version cannot be changed or removed, by the app or by its owner role", async () => {
    await expect(db.$executeRaw`UPDATE questionnaire_template SET title = 'x' WHERE version = 2`).rejects.toThrow();
    await expect(db.$executeRaw`DELETE FROM questionnaire_template WHERE version = 1`).rejects.toThrow();
    // The trigger holds even where a grant would not (the owner runs migrations and the seed).
    const trigger = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_trigger WHERE tgrelid = 'questionnaire_template'::regclass AND tgname LIKE 'questionnaire_template_%' AND NOT tgisinternal`;
    expect(trigger[0].n).toBe(2);
    expect((await db.questionnaireTemplate.findUniqueOrThrow({ where: { version: 2 } })).title).toBe("走进困难家庭入户调查问卷");
  });

  it("a visit on the new version must answer its new required question; one on an older version is checked against that version", async () => {
    const current = await activeQuestionnaire();
    const added = current.questions.find((q) => q.label === "是否有家庭成员长期在外务工")!;
    const household = await makeHousehold(caseworker);
    const v3Answers = { ...V1_ANSWERS };
    delete (v3Answers as Record<string, string>).policyAwareness;
    const refused = logHomeVisit(caseworker, visitInput(household.id, 3, v3Answers));
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    expect(((await refused.catch((e) => e)) as DomainError).fieldErrors).toEqual({ [`answers.${added.key}`]: ["请填写此项"] });
    await logHomeVisit(caseworker, visitInput(household.id, 3, { ...v3Answers, [added.key]: "yes" }));
    // Version 1 (no such question, policyAwareness still asked) is still a valid version to answer.
    await logHomeVisit(caseworker, visitInput(household.id, 1, V1_ANSWERS));
    const history = await visitHistory(caseworker, household.id);
    expect(history.map((v) => v.questionnaireVersion).sort()).toEqual([1, 3]);
  });

  it("a phone holding version 1 syncs its visit after version 3 is published; a wrong answer for version 1 is refused", async () => {
    session.actor = caseworker;
    const household = await makeHousehold(caseworker, { headName: "离线旧版" });
    const post = (visits: unknown[]) => POST(new Request("http://localhost:3000/api/sync/v1/visits", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:3000", host: "localhost:3000" },
      body: JSON.stringify({ visits }),
    }));
    const base = { householdId: household.id, visitedOn: todayInChina(), visitors: "王芳", peopleMet: "户主", questionnaireVersion: 1, problems: [] };
    const res = await post([
      { ...base, idempotencyKey: randomUUID(), answers: V1_ANSWERS },
      { ...base, idempotencyKey: randomUUID(), answers: { ...V1_ANSWERS, policyAwareness: undefined } },
    ]);
    const { results } = (await res.json()) as { results: { status: string; fieldErrors?: Record<string, string[]> }[] };
    expect(results[0].status).toBe("stored");
    expect(results[1]).toMatchObject({ status: "refused", fieldErrors: { "answers.policyAwareness": ["请填写此项"] } });
    const [visit] = await withScope(caseworker.regionCode, () => visitHistory(caseworker, household.id));
    expect(visit.questionnaireVersion).toBe(1);
    expect(labelOf(visit.questions, "policyAwareness")).toBe("对救助政策的了解");
  });

  it("a draft with no change, or started before another version was published, is not published; discarding is audited", async () => {
    await startDraft(admin);
    await saveQuestion({ revision: String(await revision()), label: "家庭主要困难", kind: "text", required: "" });
    await publishDraft(admin, { revision: await revision() });
    expect((await activeQuestionnaire()).version).toBe(4);
    // A draft with no change is refused rather than published as a copy.
    await startDraft(admin);
    await expect(publishDraft(admin, { revision: await revision() })).rejects.toThrow("草稿与当前版本相同");
    await saveQuestion({ revision: String(await revision()), label: "近期是否遭遇意外事件", kind: "yesno", required: "" });
    // Another version published meanwhile (as a second administrator's publish would store it).
    const v4 = await db.questionnaireTemplate.findUniqueOrThrow({ where: { version: 4 } });
    await db.questionnaireTemplate.create({ data: { version: 5, title: v4.title, questions: v4.questions as object, active: true, publishedById: admin.id } });
    const editor = await questionnaireEditor(admin);
    expect(editor.draft?.stale).toBe(true);
    await expect(publishDraft(admin, { revision: editor.draft!.revision })).rejects.toBeInstanceOf(ConflictError);
    expect((await activeQuestionnaire()).version).toBe(5);
    await discardDraft(admin, { revision: editor.draft!.revision });
    expect((await questionnaireEditor(admin)).draft).toBeNull();
    expect(await db.auditLog.count({ where: { action: "questionnaire.draft_discard", actorId: admin.id } })).toBe(1);
  });
});
