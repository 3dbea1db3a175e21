/**
 * Issue 11, finding 1, against the running server: an anonymous POST of a prototype-polluting
 * field to a real server action must not break the process. Before the fix it answered "没有权限"
 * and afterwards every signed-in user's action failed and /login answered 500.
 *
 * The action id and the body's shape come from a real submit of the top-up form (the
 * `Next-Action` header and React's multipart reply); the attack replays that body without a
 * cookie, with the polluting fields added.
 */
import { expect, test } from "@playwright/test";
import { login } from "./helpers";

test("a prototype-polluting anonymous POST leaves the server working for everyone", async ({ page, baseURL }) => {
  await login(page, "admin");
  await page.goto("/funds");
  await page.locator('a[href^="/funds/"]').first().click();
  const form = page.getByTestId("top-up-form");
  await expect(form).toBeVisible();

  // A refused top-up (the amount "1,2,3"): writes nothing, and shows us the action's request.
  const submit = async () => {
    await form.getByLabel("拨入金额（元）").fill("1,2,3");
    await form.getByLabel("拨款说明").fill("安全测试");
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]),
      form.getByRole("button", { name: "确认拨入" }).click(),
    ]);
    await expect(form.getByText("金额只能填写数字和一个小数点", { exact: false })).toBeVisible();
    return request;
  };
  const captured = await submit();

  // The same body, parsed, with the polluting names added under React's field prefix.
  const headers = captured.headers();
  const body = await new Response(new Uint8Array(captured.postDataBuffer() ?? Buffer.alloc(0)), { headers: { "content-type": headers["content-type"] } }).formData();
  const prefix = [...body.keys()].find((k) => k.endsWith("amount"))?.replace(/amount$/, "") ?? "";
  const attack = new FormData();
  for (const [k, v] of body.entries()) attack.append(k, v);
  for (const name of ["__proto__.address", "__proto__.toString", "a.__proto__.toString", "constructor.prototype.polluted"]) {
    attack.append(`${prefix}${name}`, "polluted");
    attack.append(name, "polluted");
  }
  for (let i = 0; i < 3; i++) {
    const response = await fetch(captured.url(), {
      method: "POST",
      body: attack,
      headers: { "next-action": headers["next-action"], accept: "text/x-component", ...(headers["next-router-state-tree"] ? { "next-router-state-tree": headers["next-router-state-tree"] } : {}) },
    });
    expect(response.status).toBeLessThan(500);
  }

  // The signed-in user's action still answers as before (not "没有权限"), and /login still serves.
  await submit();
  await expect(page.getByText("您没有执行此操作的权限")).toHaveCount(0);
  const loginPage = await fetch(`${baseURL}/login`);
  expect(loginPage.status).toBe(200);
  // A fresh anonymous visitor can still sign in.
  await page.context().clearCookies();
  await login(page, "caseworker");
});
