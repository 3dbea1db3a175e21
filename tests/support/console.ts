/**
 * Any `console.error` during a Vitest test fails that test (tests/setup/console-errors.ts), as
 * epic-stack does: an error the code logs is an error the test did not see. A test that provokes
 * one on purpose says which, by a pattern matched against the logged text.
 */
import { format } from "node:util";

const allowed: RegExp[] = [];
const seen: string[] = [];

/** This test expects `console.error` output matching `pattern` (and it is still printed). */
export function allowConsoleError(pattern: RegExp) {
  allowed.push(pattern);
}

export function recordConsoleError(args: unknown[]) {
  seen.push(format(...args));
}

/** The unexpected errors of the test that just ended; resets for the next test. */
export function takeUnexpectedConsoleErrors(): string[] {
  const unexpected = seen.filter((text) => !allowed.some((p) => p.test(text)));
  seen.length = 0;
  allowed.length = 0;
  return unexpected;
}
