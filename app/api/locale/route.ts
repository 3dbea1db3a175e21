/**
 * The language switch (decision 030): a plain form POST from the login page or /account. Sets the
 * browser's locale cookie and, for a signed-in user, their stored language (audited); then sends
 * the browser back to the page it came from — a full page load, so every part of it (the server
 * render, the client components, `<html lang>`) is in the new language at once.
 */
import { NextResponse, type NextRequest } from "next/server";
import { getActor } from "@/lib/auth/session";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { setLocaleCookie } from "@/lib/i18n/server";
import { chooseLocaleSchema, setUserLocale } from "@/lib/users/locale";
import { formDataToObject } from "@/lib/form-data";
import { isSameOrigin } from "@/lib/security/origin";

export async function POST(request: NextRequest) {
  if (!isSameOrigin(request)) return new NextResponse(null, { status: 403 });
  let raw: unknown;
  try {
    raw = formDataToObject(await request.formData());
  } catch {
    return new NextResponse(null, { status: 400 });
  }
  const parsed = chooseLocaleSchema.safeParse(raw);
  if (!parsed.success) return new NextResponse(null, { status: 400 });
  const { locale, next } = parsed.data;
  await setLocaleCookie(locale);
  const actor = await getActor();
  if (actor) await setUserLocale(actor, locale);
  const target = safeCallbackUrl(next, "http://nuanxin.invalid");
  // 303: the browser follows with a GET of the page.
  return new NextResponse(null, { status: 303, headers: { Location: target } });
}
