/**
 * Security headers of every response (finding 8; decision 013). Pure, so the policy is read and
 * tested in one place; proxy.ts sets the per-request ones (the CSP with its nonce, HSTS),
 * next.config.ts the fixed ones on every path, static files and errors included.
 *
 * The Content-Security-Policy:
 * - scripts only with this request's nonce ('strict-dynamic' lets those load Next's chunks);
 *   no 'unsafe-inline', no 'unsafe-eval' (development adds 'unsafe-eval': React's dev build needs it);
 * - style elements only from our origin or with the nonce; style *attributes* are allowed
 *   ('unsafe-inline' in style-src-attr only): React renders `style={{ width }}` (the roster's
 *   coverage bar) as an attribute, which a nonce cannot cover, and an attribute cannot run script;
 * - nothing framed, no plugins, no <base>, forms post only here, requests go only here.
 */
export type Policy = { nonce: string; dev: boolean; https: boolean };

export function contentSecurityPolicy({ nonce, dev, https }: Policy): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'self'",
    "manifest-src 'self'",
    // Over plain http (localhost, a LAN demo) upgrading would break every subresource.
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** Two years, subdomains included: only ever sent over HTTPS (a browser ignores it over http anyway). */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/** The same on every response. */
export const STATIC_SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // Older browsers that ignore CSP frame-ancestors.
  { key: "X-Frame-Options", value: "DENY" },
  {
    key: "Permissions-Policy",
    value: [
      "camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()", "serial=()",
      "hid=()", "midi=()", "magnetometer=()", "gyroscope=()", "accelerometer=()", "display-capture=()",
      "screen-wake-lock=()", "xr-spatial-tracking=()", "browsing-topics=()",
    ].join(", "),
  },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
  { key: "X-Permitted-Cross-Domain-Policies", value: "none" },
];

/** 16 random bytes, base64: unguessable, fresh for every request. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
