/**
 * The client's address, for per-address throttles and limits. Behind a reverse proxy (the
 * intended deployment: the app listens on 127.0.0.1) the proxy appends the peer it saw to
 * `X-Forwarded-For`, so the last entry is the one no client can choose. Next itself fills the
 * header with the socket's address only when it is absent; served directly to the internet, a
 * client could name any address there — the per-account limits do not depend on it (decision 013).
 */
type HeaderSource = Headers | Record<string, string | string[] | undefined>;

export function clientAddress(headers: HeaderSource | undefined | null): string | null {
  if (!headers) return null;
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw.join(",") : raw;
  const last = value?.split(",").map((s) => s.trim()).filter(Boolean).pop();
  if (!last) return (headers instanceof Headers ? headers.get("x-real-ip") : (headers["x-real-ip"] as string | undefined)) ?? null;
  // An address, not arbitrary text: bounded and without characters that have no place in one.
  return /^[0-9A-Fa-f.:]{2,45}$/.test(last) ? last.replace(/^::ffff:/, "") : null;
}
