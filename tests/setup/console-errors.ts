/** Fails a test that logged an unexpected `console.error` (see tests/support/console.ts). */
import { afterEach, beforeEach, vi } from "vitest";
import { recordConsoleError, takeUnexpectedConsoleErrors } from "../support/console";

const original = console.error.bind(console);

beforeEach(() => {
  takeUnexpectedConsoleErrors(); // nothing carries over from hooks of an earlier test
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    recordConsoleError(args);
    original(...args);
  });
});

afterEach(() => {
  vi.mocked(console.error).mockRestore?.();
  const unexpected = takeUnexpectedConsoleErrors();
  if (unexpected.length > 0) {
    throw new Error(
      `console.error was called ${unexpected.length} time(s) during this test:\n${unexpected.map((e) => `  ${e.split("\n")[0]}`).join("\n")}\n` +
        "If the test expects it, call allowConsoleError(/pattern/) from tests/support/console.ts.",
    );
  }
});
