/**
 * The phone's outbox bookkeeping (lib/field/sync.ts): what one batch's answers do to the queue,
 * and the backoff between attempts. The browser test (tests/e2e/offline.spec.ts) drives the whole.
 */
import { describe, expect, it } from "vitest";
import { backoffMs, planAnswers } from "@/lib/field/sync";
import type { OutboxItem } from "@/lib/field/store";

const item = (key: string, attempts = 0): OutboxItem => ({
  key, userId: 7, householdId: 1, householdName: "王某", createdAt: 1, state: "pending", attempts, nextAttemptAt: 0,
  payload: { householdId: 1, idempotencyKey: key, questionnaireVersion: 1, visitedOn: "2026-12-01", visitors: "王芳", peopleMet: "户主", answers: {}, problems: [] },
});

describe("outbox answers", () => {
  it("acknowledges stored and already-stored items, keeps refused ones with their messages, waits on retry and on no answer", () => {
    const batch = [item("a"), item("b"), item("c"), item("d", 2), item("e")];
    const plan = planAnswers(batch, [
      { key: "a", status: "stored", visitId: 1, problemIds: [], leftArea: false },
      { key: "b", status: "duplicate", visitId: 2, problemIds: [], leftArea: true },
      { key: "c", status: "refused", message: "请检查填写的内容", fieldErrors: { visitedOn: ["日期不能晚于今天"] } },
      { key: "d", status: "retry", message: "暂时无法保存" },
      // "e" has no answer at all (a truncated response): it waits, it is not dropped.
    ], 1_000_000, () => 0.5);
    expect(plan.acknowledged).toEqual(["a", "b"]);
    expect(plan).toMatchObject({ sent: 2, refused: 1, waiting: 2, leftArea: 1 });
    const byKey = new Map(plan.updated.map((u) => [u.key, u]));
    expect(byKey.get("c")).toMatchObject({ state: "refused", message: "请检查填写的内容", fieldErrors: { visitedOn: ["日期不能晚于今天"] } });
    expect(byKey.get("d")).toMatchObject({ state: "pending", attempts: 3, nextAttemptAt: 1_000_000 + 20_000, message: "暂时无法保存" });
    expect(byKey.get("e")).toMatchObject({ state: "pending", attempts: 1, nextAttemptAt: 1_000_000 + 5_000 });
  });

  it("backs off 5 s, 10 s, 20 s … up to 5 minutes, with jitter of at most a fifth", () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, () => 0.5))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(backoffMs(30, () => 0.5)).toBe(300_000);
    expect(backoffMs(1, () => 0)).toBe(4_000);
    expect(backoffMs(1, () => 0.999999)).toBeLessThanOrEqual(6_000);
  });
});
