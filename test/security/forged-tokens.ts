// Tokens no caller should get past a guard with, each made for the world's own partner and user, so the
// only thing wrong with it is how it was made. Built with test/identity's helpers.
import { nowSeconds, signedToken, unsignedToken, wrong_signing_key } from "../identity/helpers";
import type { PartnerWorld } from "../support/partner-world";

export type Forgery = { name: string; token: (world: PartnerWorld, stranger: PartnerWorld) => Promise<string> | string };

const qashClaims = (world: PartnerWorld, overrides: Record<string, unknown> = {}) => ({
  sub: world.qash.userId,
  pid: world.partner.id,
  aud: "qash-user",
  iat: nowSeconds(),
  exp: nowSeconds() + 3600,
  jti: crypto.randomUUID(),
  ...overrides,
});

const sophicClaims = (world: PartnerWorld, overrides: Record<string, unknown> = {}) => ({
  sub: world.partner.id,
  name: world.partner.name,
  aud: "sophic-client",
  scope: "",
  iat: nowSeconds(),
  exp: nowSeconds() + 900,
  ...overrides,
});

const bearerOf = (headers: Record<string, string>): string => (headers.Authorization ?? "").replace(/^Bearer /, "");
const expired = { iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 };

/** Forged Qash user tokens; each is presented with the world's genuine partner headers. */
export const qashForgeries: Forgery[] = [
  { name: "alg none", token: (world) => unsignedToken(qashClaims(world)) },
  { name: "signed with another key", token: (world) => signedToken(qashClaims(world), wrong_signing_key) },
  { name: "expired", token: (world) => signedToken(qashClaims(world, expired)) },
  { name: "HS512 under the right key", token: (world) => signedToken(qashClaims(world), undefined, "HS512") },
  { name: "another partner's user token", token: (_world, stranger) => stranger.qash.accessToken },
  { name: "a Sophic access token of the same partner", token: (world) => bearerOf(world.sophic.headers) },
];

/** Forged Sophic client tokens. (Another partner's genuine token is the tenancy matrix's: it answers 404.) */
export const sophicForgeries: Forgery[] = [
  { name: "alg none", token: (world) => unsignedToken(sophicClaims(world)) },
  { name: "signed with another key", token: (world) => signedToken(sophicClaims(world), wrong_signing_key) },
  { name: "expired", token: (world) => signedToken(sophicClaims(world, expired)) },
  { name: "HS512 under the right key", token: (world) => signedToken(sophicClaims(world), undefined, "HS512") },
  { name: "another partner's token with this partner's id pasted in", token: (world, stranger) => repayload(bearerOf(stranger.sophic.headers), sophicClaims(world)) },
  { name: "a Qash user token of the same partner", token: (world) => world.qash.accessToken },
];

/** A genuine token's header and signature around another payload: the signature no longer matches. */
function repayload(token: string, claims: Record<string, unknown>): string {
  const [header, , signature] = token.split(".");
  const payload = unsignedToken(claims).split(".")[1];
  return `${header}.${payload}.${signature}`;
}
