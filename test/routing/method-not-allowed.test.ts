// A known path asked with a method it does not take answers 405 with `Allow`, in the caller's dialect; a path
// that does not exist stays a 404; HEAD keeps answering on every GET route.
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { expectErrorDialect, type ErrorDialect } from "../support/error-dialects";
import { BASE } from "../support/fixtures";
import { fetchDocument, operationsOf, type OpenApiDocument } from "../support/openapi";

/** Methods a client may send that no route of this Worker takes on every path. */
const probe_methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function dialectOf(path: string): ErrorDialect {
  if (path.startsWith("/api/v1/")) return "qash";
  return path === "/auth/token" ? "oauth" : "sophic";
}

/** Stand-ins for path parameters. */
const concretePath = (path: string): string => path.replace(/\{[^}]+\}/g, "1001");

async function expectMethodNotAllowed(method: string, path: string, allowed: string): Promise<Record<string, unknown>> {
  const response = await SELF.fetch(`${BASE}${path}`, { method });
  const text = await response.text();
  expect(response.status, `${method} ${path}: ${text}`).toBe(405);
  expect(response.headers.get("Allow"), `${method} ${path}`).toBe(allowed);
  expectErrorDialect(dialectOf(path), response, text);
  return JSON.parse(text) as Record<string, unknown>;
}

let document: OpenApiDocument;
beforeAll(async () => {
  document = await fetchDocument();
});

describe("a known path with a method it does not take", () => {
  it("answers 405 on every path of the document, with Allow listing exactly the methods the document gives it", async () => {
    const methodsByPath = new Map<string, string[]>();
    for (const { method, path } of operationsOf(document)) methodsByPath.set(path, [...(methodsByPath.get(path) ?? []), method.toUpperCase()]);
    let probed = 0;
    for (const [path, methods] of methodsByPath) {
      const allowed = [...methods, ...(methods.includes("GET") ? ["HEAD"] : [])].sort().join(", ");
      for (const method of probe_methods.filter((candidate) => !methods.includes(candidate))) {
        await expectMethodNotAllowed(method, concretePath(path), allowed);
        probed += 1;
      }
    }
    expect(probed).toBeGreaterThan(100);
  });

  it("says so in Qash's words under /api/v1", async () => {
    const body = await expectMethodNotAllowed("DELETE", "/api/v1/user/deposit", "POST");
    expect(body).toEqual({ success: false, message: "DELETE is not allowed on /api/v1/user/deposit; it takes POST", code: "METHOD_NOT_ALLOWED" });
    expect(await expectMethodNotAllowed("PUT", "/api/v1/partner/users/42", "GET, HEAD, PATCH")).toMatchObject({ code: "METHOD_NOT_ALLOWED" });
  });

  it("says so in Sophic's words at the root and on the operator surface", async () => {
    const body = await expectMethodNotAllowed("GET", "/inbound-payments", "POST");
    expect(body).toEqual({ code: "method_not_allowed", detail: "GET is not allowed on /inbound-payments; it takes POST" });
    expect(await expectMethodNotAllowed("DELETE", "/accounts/1001/deposits/1002", "GET, HEAD")).toMatchObject({ code: "method_not_allowed" });
    expect(await expectMethodNotAllowed("GET", "/admin/partners", "POST")).toMatchObject({ code: "method_not_allowed" });
  });

  it("says so in RFC 6749's words on the token endpoint", async () => {
    const body = await expectMethodNotAllowed("GET", "/auth/token", "POST");
    expect(body).toEqual({ error: "invalid_request", error_description: "GET is not allowed on /auth/token; it takes POST" });
  });

  it("answers HEAD on a path with no GET as 405, with no body", async () => {
    const response = await SELF.fetch(`${BASE}/inbound-payments`, { method: "HEAD" });
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("POST");
    expect(await response.text()).toBe("");
  });

  it("covers the docs page's own files too", async () => {
    const stylesheet = (await (await SELF.fetch(`${BASE}/docs`)).text()).match(/href="(\/docs\/assets\/[^"]+\.css)"/)?.[1];
    if (stylesheet === undefined) throw new Error("the docs page links no stylesheet");
    await expectMethodNotAllowed("POST", stylesheet, "GET, HEAD");
  });
});

describe("what stays as it was", () => {
  it("answers a path that does not exist with a 404 in the dialect of its prefix, whatever the method", async () => {
    for (const [method, path] of [["GET", "/nowhere"], ["DELETE", "/accounts/1001/nowhere"], ["POST", "/accounts/"], ["GET", "/api/v1/nowhere"], ["PUT", "/api/v1/user/deposit/1"]] as const) {
      const response = await SELF.fetch(`${BASE}${path}`, { method });
      const text = await response.text();
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.headers.get("Allow"), `${method} ${path}`).toBeNull();
      expectErrorDialect(dialectOf(path), response, text);
      expect(JSON.parse(text)).toMatchObject({ code: dialectOf(path) === "qash" ? "NOT_FOUND" : "not_found" });
    }
  });

  it("answers HEAD on a GET route as GET, without the body", async () => {
    for (const path of ["/health", "/openapi.json", "/docs"]) {
      const response = await SELF.fetch(`${BASE}${path}`, { method: "HEAD" });
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toBe("");
    }
  });
});
