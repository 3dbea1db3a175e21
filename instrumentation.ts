/**
 * Next calls register() once when a server starts. Here: refuse to serve in production mode
 * without the ID-number keys (docs/decisions/017), or while an account still has its seeded
 * password (lib/users/seeded.ts; issue 11, Build 5). Then start the import worker.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Every request's messages in its own language, route handlers included (decision 030).
  await import("./lib/i18n/server");
  const { env, idKeysProblem } = await import("./lib/env");
  const keysProblem = idKeysProblem();
  if (keysProblem) {
    // Without keys no ID number can be registered, searched or revealed: in production, no start.
    if (env().NODE_ENV === "production") {
      console.error(`[暖心] 拒绝启动 / refusing to start: ${keysProblem}`);
      process.exit(1);
    }
    console.warn(`[暖心] ${keysProblem}`);
  }
  const { seededPasswordRefusal } = await import("./lib/users/seeded");
  let refusal: string | null;
  try {
    refusal = await seededPasswordRefusal();
  } catch (error) {
    // Without its database the app serves nothing anyway; say so and let the requests fail.
    console.error("[暖心] 启动检查失败（无法读取用户表） / startup check failed (cannot read the users table)", error);
    return;
  }
  if (refusal) {
    console.error(`[暖心] ${refusal}`);
    process.exit(1);
  }
  // The household import's background worker (lib/import/queue.ts, decision 027) runs in the
  // server process: `npm start` and the Playwright server both start it with Next.
  if (process.env.NUANXIN_IMPORT_WORKER !== "false") {
    const { startImportWorker } = await import("./lib/import/queue");
    startImportWorker().catch((error: unknown) => console.error("[暖心] 导入任务队列未能启动 / the import worker did not start", error));
  }
}

/** Digests logged lately: Next reports a page's failure once for each of its two renders. */
const recentDigests = new Set<string>();

/**
 * Every error Next catches while serving a request — a page that failed to render, a route
 * handler or an action that threw past its wrapper — as one JSON log line with the request id and
 * the digest the error page shows as its reference number (issue 12; lib/log.ts).
 */
export async function onRequestError(
  error: unknown,
  request: { path: string; method: string; headers: Record<string, string | string[] | undefined> },
  context: { routePath: string; routeType: string },
) {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const digest = error && typeof error === "object" ? (error as { digest?: unknown }).digest : undefined;
  if (typeof digest === "string") {
    if (recentDigests.has(digest)) return;
    recentDigests.add(digest);
    if (recentDigests.size > 200) recentDigests.delete(recentDigests.values().next().value!);
  }
  const [{ log }, { isDatabaseUnavailable }, { REQUEST_ID_HEADER, saneRequestId }] = await Promise.all([
    import("./lib/log"),
    import("./lib/db/errors"),
    import("./lib/request-id"),
  ]);
  const header = request.headers[REQUEST_ID_HEADER];
  const fields = {
    err: error,
    requestId: saneRequestId(Array.isArray(header) ? header[0] : header),
    method: request.method,
    // The path without its query: search terms (names, ID numbers) stay out of the log.
    path: request.path.split("?")[0],
    route: context.routePath,
    routeType: context.routeType,
  };
  if (isDatabaseUnavailable(error)) log.warn(fields, "request failed: database unavailable");
  else log.error(fields, "request failed");
}
