/**
 * A state-changing request from a page of this site: its Origin (which a browser always sends on
 * a POST) names the host the request was sent to — directly, or through the proxy in front of us
 * (`X-Forwarded-Host`). A request without one is refused: only a non-browser client omits it.
 * Used by every route handler that takes a form or JSON with the session cookie (the server
 * actions have Next's own check).
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const hosts = [request.headers.get("x-forwarded-host"), request.headers.get("host"), new URL(request.url).host].filter(Boolean);
  return hosts.includes(originHost);
}
