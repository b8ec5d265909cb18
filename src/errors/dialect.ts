// Each API dialect renders errors in its own vendor's envelope; the admin surface uses Sophic's.
export type Dialect = "qash" | "sophic";

/** The dialect a path belongs to, for errors raised before any route claimed the request. */
export function dialectOfPath(path: string): Dialect {
  return path === "/api/v1" || path.startsWith("/api/v1/") ? "qash" : "sophic";
}
