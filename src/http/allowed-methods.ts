// Which methods a path takes, so that a known path asked with another method answers 405 with `Allow`
// rather than the 404 of a path that does not exist.
import { TrieRouter } from "hono/router/trie-router";

type Route = { method: string; path: string };

/** Middleware is mounted for every method (`ALL`); it is not a method any path takes. */
const middleware_method = "ALL";

/**
 * The methods each path takes, found with Hono's own router over the app's routes, so a path matches here
 * exactly when it would match there (parameters, trailing slashes, wildcards alike). HEAD is added wherever
 * GET is, as Hono answers HEAD on every GET route.
 */
export function allowedMethodsOf(routes: readonly Route[]): (path: string) => string[] {
  const router = new TrieRouter<string>();
  for (const route of routes) {
    if (route.method !== middleware_method) router.add(middleware_method, route.path, route.method);
  }
  return (path) => {
    const methods = new Set(router.match(middleware_method, path)[0].map(([method]) => method));
    if (methods.has("GET")) methods.add("HEAD");
    return [...methods].sort();
  };
}
