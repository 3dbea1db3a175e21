/**
 * Where a user may be sent after signing in (finding 6: `/login?callbackUrl=%2F%5Cevil.example`
 * landed on another site, since browsers read `/\evil` and `/<tab>/evil` as `//evil`). One rule,
 * used by the login page and by next-auth's redirect callback: a path on this site, or "/".
 * - it starts with exactly one "/" (not "//", not a scheme, not a relative path);
 * - it holds no backslash and no control or whitespace-like characters anywhere (raw or once
 *   percent-decoded — the browser may decode again);
 * - resolved against our origin with the URL parser, the origin is still ours.
 * The answer is the normalised path + query + hash, so what the browser follows is what was checked.
 * Pure (no server imports): unit-tested with a list of nasty inputs.
 */
const FALLBACK = "/";
// Controls (C0, DEL, C1), and spaces of any kind: browsers strip or fold several of them.
const FORBIDDEN = /[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff\\]/;

function decodedOnce(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

export function safeCallbackUrl(raw: unknown, origin: string): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2000) return FALLBACK;
  const decoded = decodedOnce(raw);
  if (decoded === null) return FALLBACK;
  for (const candidate of [raw, decoded]) {
    if (FORBIDDEN.test(candidate)) return FALLBACK;
    if (!candidate.startsWith("/") || candidate.startsWith("//")) return FALLBACK;
  }
  let base: URL;
  let target: URL;
  try {
    base = new URL(origin);
    target = new URL(raw, base);
  } catch {
    return FALLBACK;
  }
  if (target.origin !== base.origin) return FALLBACK;
  const path = `${target.pathname}${target.search}${target.hash}`;
  // The normalised path must itself still be a single-slash path (e.g. "/./\/evil" cases).
  return path.startsWith("/") && !path.startsWith("//") ? path : FALLBACK;
}

/** next-auth's redirect callback gets absolute URLs of our own too: keep those, as paths. */
export function safeRedirect(url: string, baseUrl: string): string {
  let candidate = url;
  try {
    const parsed = new URL(url);
    if (parsed.origin !== new URL(baseUrl).origin) return new URL(FALLBACK, baseUrl).toString();
    candidate = `${parsed.pathname}${parsed.search}${parsed.hash}`;
  } catch {
    // Not absolute: a path, checked as such below.
  }
  return new URL(safeCallbackUrl(candidate, baseUrl), baseUrl).toString();
}
