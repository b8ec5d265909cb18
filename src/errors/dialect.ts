// Each API dialect renders errors in its own vendor's envelope; the admin surface uses Sophic's, and
// Sophic's token endpoint uses OAuth 2.0's (RFC 6749 §5.2), as its clients' OAuth libraries expect.
export type Dialect = "qash" | "sophic" | "oauth";

/** The one path whose every error, its own or the Worker's (413, 429, 5xx), is an RFC 6749 error body. */
export const oauth_token_path = "/auth/token";

/** The dialect a path belongs to, for errors raised before any route claimed the request. */
export function dialectOfPath(path: string): Dialect {
  if (path === "/api/v1" || path.startsWith("/api/v1/")) return "qash";
  return path === oauth_token_path ? "oauth" : "sophic";
}
