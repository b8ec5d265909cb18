// The two bearer tokens this Worker issues, both HS256 JWTs under TOKEN_SIGNING_KEY. Each kind carries
// its own audience, so a Qash user token is never accepted as a Sophic client token, nor the reverse.
import { sign, verify } from "hono/jwt";
import type { JWTPayload } from "hono/utils/jwt/types";
import { qash_access_token_seconds, sophic_access_token_seconds } from "../config/limits";
import { IsolateCache } from "./isolate-cache";

/** The only algorithm issued or accepted; naming it on verify is what shuts out `alg: none` and key confusion. */
const token_algorithm = "HS256";
const qash_user_audience = "qash-user";
const sophic_client_audience = "sophic-client";

/** A shorter HMAC key is a configuration mistake, refused rather than signed with. */
export const signing_key_chars_min = 32;
/** Longest token worth verifying; ours are a few hundred characters. */
const token_chars_max = 4096;

export type UserTokenClaims = { userId: string; partnerId: string };
export type ClientTokenClaims = { partnerId: string; partnerName: string; scope: string };

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/**
 * Tokens this isolate has verified, kept until they expire: a token's signature is checked once per isolate
 * rather than on every request. An entry answers only for the key and audience it was verified with.
 */
const verified_tokens_max = 4_096;
const verifiedTokens = new IsolateCache<{ signingKey: string; audience: string; payload: JWTPayload }>(verified_tokens_max);

function usableKey(signingKey: string): string {
  if (signingKey.length < signing_key_chars_min) {
    throw new Error(`TOKEN_SIGNING_KEY must be at least ${signing_key_chars_min} characters`);
  }
  return signingKey;
}

export function signUserToken(signingKey: string, claims: UserTokenClaims): Promise<string> {
  const issuedAt = nowSeconds();
  const payload: JWTPayload = {
    sub: claims.userId,
    pid: claims.partnerId,
    aud: qash_user_audience,
    iat: issuedAt,
    exp: issuedAt + qash_access_token_seconds,
    jti: crypto.randomUUID(),
  };
  return sign(payload, usableKey(signingKey), token_algorithm);
}

export function signClientToken(signingKey: string, claims: ClientTokenClaims): Promise<string> {
  const issuedAt = nowSeconds();
  const payload: JWTPayload = {
    sub: claims.partnerId,
    name: claims.partnerName,
    aud: sophic_client_audience,
    scope: claims.scope,
    iat: issuedAt,
    exp: issuedAt + sophic_access_token_seconds,
  };
  return sign(payload, usableKey(signingKey), token_algorithm);
}

/**
 * The payload of a token that is well formed, HS256, signed with our key, meant for `audience`,
 * and carries a future `exp`; null for anything else. The reason is not returned: callers answer
 * every failure alike, and hono's error messages quote the token, so none of them may escape.
 */
async function verifiedPayload(signingKey: string, token: string, audience: string): Promise<JWTPayload | null> {
  const key = usableKey(signingKey);
  if (token.length === 0 || token.length > token_chars_max) return null;
  const known = verifiedTokens.get(token, Date.now());
  if (known !== undefined && known.signingKey === key && known.audience === audience) return known.payload;
  try {
    const payload = await verify(token, key, { alg: token_algorithm, aud: audience });
    // hono checks `exp` only when present; a token without one would never expire.
    if (typeof payload.exp !== "number" || typeof payload.iat !== "number") return null;
    // hono calls a token expired once `exp <= now` in whole seconds; the entry lapses at that same instant.
    verifiedTokens.set(token, { signingKey: key, audience, payload }, payload.exp * 1000);
    return payload;
  } catch {
    return null;
  }
}

const nonEmptyString = (value: unknown): value is string => typeof value === "string" && value.length > 0;

export async function verifyUserToken(signingKey: string, token: string): Promise<UserTokenClaims | null> {
  const payload = await verifiedPayload(signingKey, token, qash_user_audience);
  if (payload === null || !nonEmptyString(payload.sub) || !nonEmptyString(payload.pid)) return null;
  return { userId: payload.sub, partnerId: payload.pid };
}

export async function verifyClientToken(signingKey: string, token: string): Promise<ClientTokenClaims | null> {
  const payload = await verifiedPayload(signingKey, token, sophic_client_audience);
  if (payload === null || !nonEmptyString(payload.sub) || !nonEmptyString(payload.name) || typeof payload.scope !== "string") {
    return null;
  }
  return { partnerId: payload.sub, partnerName: payload.name, scope: payload.scope };
}
