import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE } from "../support/fixtures";
import { fetchDocument, operationFor, operationsOf, undocumentedProblems, type OpenApiDocument } from "../support/openapi";
import { partnerSnapshot } from "../support/partner-snapshot";
import { createPartnerWorld, type PartnerWorld } from "../support/partner-world";
import { expectErrorDialect } from "../support/error-dialects";
import { hostileCases } from "./cases";

/** The routes anyone may call and that read no input: nothing hostile can be sent to them. */
const public_paths = ["/health", "/openapi.json", "/docs"];

describe("the hostile corpus", () => {
  let world: PartnerWorld;
  /** The partner's state before the first case; every case must leave it exactly so. */
  let baseline: string;
  let document: OpenApiDocument;

  beforeAll(async () => {
    world = await createPartnerWorld();
    baseline = await partnerSnapshot(world);
    document = await fetchDocument();
  }, 60_000);

  it("holds at least 100 requests and reaches every operation of the OpenAPI document", async () => {
    expect(hostileCases.length).toBeGreaterThanOrEqual(100);
    expect(new Set(hostileCases.map((hostile) => hostile.name)).size).toBe(hostileCases.length);
    const reached = new Set(
      hostileCases.map((hostile) => {
        const request = hostile.request(world);
        const found = operationFor(document, request.method, new URL(request.url).pathname);
        return found === undefined ? "" : `${request.method.toLowerCase()} ${found.path}`;
      }),
    );
    const missed = operationsOf(document)
      .filter(({ path }) => !public_paths.includes(path))
      .map(({ method, path }) => `${method} ${path}`)
      .filter((operation) => !reached.has(operation));
    expect(missed).toEqual([]);
  });

  it.each(hostileCases)("$name -> $status", async (hostile) => {
    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).join();
    const request = hostile.request(world);
    const response = await SELF.fetch(request);
    const text = await response.text();
    expect(response.status, text).toBe(hostile.status);
    expectErrorDialect(hostile.dialect, response, text);
    // An operation's refusal is one it declares, with a code its examples show; a wrong method (405, declared
    // per path by Allow) and a path the Worker does not serve are not any operation's.
    if (response.status !== 405 && operationFor(document, request.method, new URL(request.url).pathname) !== undefined) {
      expect(await undocumentedProblems(document, request.method, request.url, new Response(text, response))).toEqual([]);
    }

    expect((await SELF.fetch(`${BASE}/health`)).status).toBe(200);
    // The Worker runs in this isolate: a polluted Object.prototype would show here.
    expect(Object.getOwnPropertyNames(Object.prototype).join()).toBe(prototypeBefore);
    const after = await partnerSnapshot(world);
    const expected = baseline;
    // A case that changed something fails alone; the next one is judged against the state it found.
    baseline = after;
    expect(after).toBe(expected);
  });
});
