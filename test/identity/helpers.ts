// Request helpers and hand-made tokens for the identity tests: forgeries are built here, never in the Worker.
import { env, SELF } from "cloudflare:test";
import { sign } from "hono/jwt";
import type { JWTPayload } from "hono/utils/jwt/types";
import { BASE, partnerHeaders, type TestPartner } from "../support/fixtures";

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export function qashFetch(path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<Response> {
  return SELF.fetch(`${BASE}/api/v1${path}`, {
    method: init.method ?? "GET",
    headers: init.headers ?? {},
    ...(init.body === undefined ? {} : { body: typeof init.body === "string" ? init.body : JSON.stringify(init.body) }),
  });
}

export async function patchStatus(partner: TestPartner, userId: string, status: string): Promise<Response> {
  return qashFetch(`/partner/users/${userId}`, { method: "PATCH", headers: partnerHeaders(partner), body: { status } });
}

export async function issueQashToken(partner: TestPartner, userId: string): Promise<Response> {
  return qashFetch("/partner/auth/token", { method: "POST", headers: partnerHeaders(partner), body: { userId } });
}

function base64UrlJson(value: unknown): string {
  return btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** An unsigned token claiming `alg: none`, the classic downgrade. */
export function unsignedToken(payload: JWTPayload): string {
  return `${base64UrlJson({ alg: "none", typ: "JWT" })}.${base64UrlJson(payload)}.`;
}

/** A token signed like the Worker's own, with any key and algorithm the test picks. */
export function signedToken(payload: JWTPayload, key: string = env.TOKEN_SIGNING_KEY, alg: "HS256" | "HS384" | "HS512" = "HS256"): Promise<string> {
  return sign(payload, key, alg);
}

export function decodeSegment(token: string, index: 0 | 1): Record<string, unknown> {
  const segment = token.split(".")[index] ?? "";
  const base64 = segment.replace(/-/g, "+").replace(/_/g, "/");
  return JSON.parse(atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4))) as Record<string, unknown>;
}

export const wrong_signing_key = "not-the-worker-signing-key-0123456789abcdef";

/** The hex SHA-256 of a string, as the Worker stores secrets. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}
