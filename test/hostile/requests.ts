// Builders for the hostile corpus: each makes a named case aimed at one surface, with that surface's own
// credentials and error dialect, and lets a case add, replace, repeat or drop any header.
import { env } from "cloudflare:test";
import { BASE, partnerHeaders } from "../support/fixtures";
import type { ErrorDialect } from "../support/error-dialects";
import type { PartnerWorld } from "../support/partner-world";


export type HostileCase = {
  name: string;
  /** The envelope the error must come in. */
  dialect: ErrorDialect;
  /** The exact 4xx expected: anything else, 2xx and 5xx above all, fails the case. */
  status: number;
  request: (world: PartnerWorld) => Request;
};

type Computed<T> = T | ((world: PartnerWorld) => T);
type Body = string | ReadableStream<Uint8Array> | Record<string, unknown>;

export type Spec = {
  method?: string;
  /** A string is sent as it is; a stream is streamed; anything else is sent as JSON. */
  body?: Computed<Body>;
  /** Replaces a header; null removes it. */
  headers?: Record<string, string | null>;
  /** Appends a header, so a name may be sent twice. */
  append?: Computed<[string, string][]>;
};

const resolve = <T>(value: Computed<T>, world: PartnerWorld): T =>
  typeof value === "function" ? (value as (world: PartnerWorld) => T)(world) : value;

function build(url: string, base: Record<string, string>, spec: Spec, world: PartnerWorld): Request {
  const headers = new Headers(base);
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    if (value === null) headers.delete(name);
    else headers.set(name, value);
  }
  for (const [name, value] of resolve(spec.append ?? [], world)) headers.append(name, value);
  const body = spec.body === undefined ? undefined : resolve(spec.body, world);
  const init: RequestInit = { method: spec.method ?? (body === undefined ? "GET" : "POST"), headers };
  if (body !== undefined) init.body = typeof body === "string" || body instanceof ReadableStream ? body : JSON.stringify(body);
  return new Request(`${BASE}${url}`, init);
}

type Path = Computed<string>;

function caseOf(surface: string, dialect: ErrorDialect, credentials: (world: PartnerWorld) => Record<string, string>) {
  return (name: string, status: number, path: Path, spec: Spec = {}): HostileCase => ({
    name: `${surface} ${name}`,
    dialect,
    status,
    request: (world) => build(resolve(path, world), credentials(world), spec, world),
  });
}

/** A Qash call with partner headers and the user's token. */
export const qashUser = caseOf("Qash", "qash", (world) => world.qash.headers);
/** A Qash call with partner headers only. */
export const qashPartner = caseOf("Qash", "qash", (world) => partnerHeaders(world.partner));
/** A Sophic call with the partner's access token. */
export const sophic = caseOf("Sophic", "sophic", (world) => world.sophic.headers);
/** The operator's surface, with the admin token; its errors are Sophic's. */
export const admin = caseOf("Admin", "sophic", () => ({ Authorization: `Bearer ${env.ADMIN_TOKEN}`, "Content-Type": "application/json" }));
/** Sophic's token endpoint, whose every error is an RFC 6749 body. */
export const oauth = caseOf("OAuth", "oauth", () => ({ "Content-Type": "application/x-www-form-urlencoded" }));

/** JSON text with extra members written as they are: `{ "__proto__": ... }` in a literal would set a prototype instead. */
export function jsonWith(members: Record<string, unknown>, extra: [string, unknown][]): string {
  const all = [...Object.entries(members), ...extra];
  return `{${all.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(",")}}`;
}

/** `depth` arrays nested in one another; unclosed, it is malformed JSON. */
export const nestedArrays = (depth: number, closed = true): string => "[".repeat(depth) + (closed ? "]".repeat(depth) : "");

/** `depth` objects nested under the key "a": valid JSON, absurdly deep. */
export const nestedObjects = (depth: number): string => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);

/** A body streamed without Content-Length, so only counting its bytes can stop it. */
export function streamedBody(bytes: number): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode("x".repeat(4096));
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.length;
    },
  });
}

export const form = (fields: [string, string][]): string => fields.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join("&");
