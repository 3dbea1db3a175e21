/**
 * Next calls register() once when a server starts. Here: refuse to serve in production mode
 * without the ID-number keys (docs/decisions/017), or while an account still has its seeded
 * password (lib/users/seeded.ts; issue 11, Build 5).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
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
}
