import { expect, type Page } from "@playwright/test";
import { checkCharacter } from "../../lib/households/id-number";

export const PASSWORD = "demo1234";

export async function login(page: Page, username: string) {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await expect(page.getByTestId("signed-in-user")).toBeVisible();
  await page.waitForLoadState("load");
}

export async function logout(page: Page) {
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** A valid ID number no demo household holds: the seed never uses sequence 000. One per birth date. */
export function freshIdNumber(county: string, birth: string): string {
  const first17 = `${county}${birth.replace(/-/g, "")}000`;
  return first17 + checkCharacter(first17);
}
