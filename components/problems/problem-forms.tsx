"use client";
/** The forms of a problem's page: record one, resolve it at once (tier 1), a supporting action. */
import { useState } from "react";
import { t } from "@/lib/i18n";
import { recordProblemAction, resolveImmediatelyAction, addSupportActionAction } from "@/lib/problems/actions";
import { RECORDED_SOURCES, SUPPORT_KINDS } from "@/lib/problems/schema";
import { PROBLEM_CATEGORIES, URGENCIES } from "@/lib/visits/schema";
import { ActionForm } from "@/components/ui/action-form";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

export function RecordProblemForm({ householdId, today }: { householdId: number; today: string }) {
  return (
    <ActionForm action={recordProblemAction}>
      {({ errors, value }) => (
        <>
          <input type="hidden" name="householdId" value={householdId} />
          <div className="grid gap-4 sm:grid-cols-2">
            <Field name="source" label={t.problems.source} errors={errors.source} required>
              {(a) => (
                <select {...a} className="input" defaultValue={value("source", "HOUSEHOLD")}>
                  {RECORDED_SOURCES.map((s) => <option key={s} value={s}>{t.enums.problemSource[s]}</option>)}
                </select>
              )}
            </Field>
            <Field name="reporter" label={t.problems.reporter} errors={errors.reporter} hint={t.problems.reporterHint}>
              {(a) => <input {...a} className="input" defaultValue={value("reporter")} />}
            </Field>
            <Field name="category" label={t.visit.problemCategory} errors={errors.category} required>
              {(a) => (
                <select {...a} className="input" defaultValue={value("category")}>
                  <option value="">{t.common.choose}</option>
                  {PROBLEM_CATEGORIES.map((c) => <option key={c} value={c}>{t.enums.problemCategory[c]}</option>)}
                </select>
              )}
            </Field>
            <Field name="urgency" label={t.visit.urgency} errors={errors.urgency}>
              {(a) => (
                <select {...a} className="input" defaultValue={value("urgency", "MEDIUM")}>
                  {URGENCIES.map((u) => <option key={u} value={u}>{t.enums.urgency[u]}</option>)}
                </select>
              )}
            </Field>
            <Field name="foundOn" label={t.problems.foundOnLabel} errors={errors.foundOn} required>
              {(a) => <input {...a} type="date" max={today} className="input" defaultValue={value("foundOn", today)} />}
            </Field>
            <Field name="description" label={t.visit.problemDescription} errors={errors.description} required className="sm:col-span-2">
              {(a) => <textarea {...a} className="input min-h-24" defaultValue={value("description")} />}
            </Field>
          </div>
          <SubmitButton label={t.problems.record} pendingLabel={t.common.saving} />
        </>
      )}
    </ActionForm>
  );
}

export function ResolveImmediatelyForm({ problemId, version }: { problemId: number; version: number }) {
  return (
    <ActionForm action={resolveImmediatelyAction}>
      {({ errors, value }) => (
        <>
          <input type="hidden" name="problemId" value={problemId} />
          <input type="hidden" name="version" value={version} />
          <Field name="resolution" label={t.problems.resolutionLabel} errors={errors.resolution} required>
            {(a) => <textarea {...a} className="input min-h-24" defaultValue={value("resolution")} />}
          </Field>
          <SubmitButton label={t.problems.resolveImmediately} pendingLabel={t.common.saving} />
        </>
      )}
    </ActionForm>
  );
}

type MemberOption = { id: number; name: string };

export function SupportActionForm({ problemId, members }: { problemId: number; members: MemberOption[] }) {
  const [kind, setKind] = useState<string>("LABOUR_ASSESSMENT_REQUESTED");
  return (
    <ActionForm action={addSupportActionAction}>
      {({ errors, value }) => (
        <>
          <input type="hidden" name="problemId" value={problemId} />
          <div className="grid gap-4 sm:grid-cols-2">
            <Field name="kind" label={t.problems.supportKind} errors={errors.kind} required>
              {(a) => (
                <select {...a} className="input" defaultValue={value("kind", kind)} onChange={(e) => setKind(e.target.value)}>
                  {SUPPORT_KINDS.map((k) => <option key={k} value={k}>{t.problems.supportKinds[k]}</option>)}
                </select>
              )}
            </Field>
            <Field name="memberId" label={t.problems.supportMember} errors={errors.memberId}>
              {(a) => (
                <select {...a} className="input" defaultValue={value("memberId")}>
                  <option value="">{t.common.choose}</option>
                  {members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
                </select>
              )}
            </Field>
            {kind === "LABOUR_ASSESSMENT_RECORDED" ? (
              <Field name="labourCapacity" label={t.problems.supportResult} errors={errors.labourCapacity} required>
                {(a) => (
                  <select {...a} className="input" defaultValue={value("labourCapacity")}>
                    <option value="">{t.common.choose}</option>
                    {(["FULL", "PARTIAL", "NONE"] as const).map((c) => <option key={c} value={c}>{t.enums.labourCapacity[c]}</option>)}
                  </select>
                )}
              </Field>
            ) : null}
            <Field name="detail" label={t.problems.supportDetail} errors={errors.detail} required className="sm:col-span-2">
              {(a) => <textarea {...a} className="input min-h-20" defaultValue={value("detail")} />}
            </Field>
          </div>
          <SubmitButton label={t.problems.addSupport} pendingLabel={t.common.saving} />
        </>
      )}
    </ActionForm>
  );
}
