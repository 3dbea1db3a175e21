import { execSync } from "node:child_process";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);

/** Debian's Chromium (docs/stack.md: no browser downloads here). */
function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execSync("command -v chromium || command -v chromium-browser", { shell: "/bin/sh" }).toString().trim();
  } catch {
    throw new Error("Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)");
  }
}

const launchOptions = {
  executablePath: chromiumPath(),
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
  ],
};

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  // Generous for a 2-core machine that may be busy with other work (a date run beside a build
  // failed on 10 s waits for a server action); a test still fails on a wrong outcome, only later.
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], launchOptions }, grepInvert: /@phone/ },
    { name: "phone", use: { ...devices["Pixel 7"], launchOptions }, grep: /@phone/ },
  ],
  webServer: {
    command: "npx tsx lib/cli/e2e-server.ts",
    url: `http://localhost:${port}/login`,
    timeout: 180_000,
    reuseExistingServer: false,
    // SIGTERM, not the default SIGKILL: the server script stops its PostgreSQL on the way out.
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    stdout: "pipe",
    stderr: "pipe",
  },
});
