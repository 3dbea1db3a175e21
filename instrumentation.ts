/**
 * Next calls register() once when a server starts. Here: refuse to serve in production mode while
 * an account still has its seeded password (lib/users/seeded.ts; issue 11, Build 5).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
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
