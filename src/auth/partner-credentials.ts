// Checks a partner's API key and secret against D1; both dialects authenticate partners through here.
import { short_text_chars_max } from "../config/limits";
import { database } from "../db/client";
import { findPartnerByApiKey, type PartnerRow } from "../db/queries/partners";
import type { CallerPartner } from "../env";
import { equalDigests, hexToBytes, sha256 } from "./hash";
import { IsolateCache } from "./isolate-cache";

/** Compared against when the key is unknown, so an unknown key costs the same work as a wrong secret. */
const absent_secret_digest = new Uint8Array(32);

type KnownPartner = { partner: PartnerRow; secretDigest: Uint8Array };

/**
 * Partners and their secret hashes never change once created, so each isolate keeps the ones it has
 * read for a minute instead of reading D1 on every request. Unknown keys are not cached: a partner
 * created a moment ago is found at once. Bounded, oldest entries evicted first.
 */
const partner_cache_ms = 60_000;
const partner_cache_entries_max = 1_000;
const knownPartners = new IsolateCache<KnownPartner>(partner_cache_entries_max);

async function partnerOf(env: Env, apiKey: string): Promise<KnownPartner | undefined> {
  const cached = knownPartners.get(apiKey, Date.now());
  if (cached !== undefined) return cached;
  const partner = await findPartnerByApiKey(database(env), apiKey);
  if (partner === undefined) return undefined;
  // A stored hash that is not a SHA-256 in hex matches no secret.
  const known = { partner, secretDigest: hexToBytes(partner.apiSecretHash) ?? absent_secret_digest };
  knownPartners.set(apiKey, known, Date.now() + partner_cache_ms);
  return known;
}

/** The partner whose key and secret these are, or null; which of the two was wrong is never told. */
export async function authenticatePartner(
  env: Env,
  apiKey: string | undefined,
  apiSecret: string | undefined,
): Promise<CallerPartner | null> {
  if (apiKey === undefined || apiSecret === undefined) return null;
  if (apiKey.length === 0 || apiKey.length > short_text_chars_max || apiSecret.length > short_text_chars_max) return null;
  const known = await partnerOf(env, apiKey);
  // One digest of the secret, compared in constant time with the stored one (the digest fixes the length).
  const secretMatches = equalDigests(await sha256(apiSecret), known?.secretDigest ?? absent_secret_digest);
  if (known === undefined || !secretMatches) return null;
  return { id: known.partner.id, name: known.partner.name };
}
