// Checks a partner's API key and secret against D1; both dialects authenticate partners through here.
import { short_text_chars_max } from "../config/limits";
import { database } from "../db/client";
import { findPartnerByApiKey, type PartnerRow } from "../db/queries/partners";
import type { CallerPartner } from "../env";
import { constantTimeEqual, sha256Hex } from "./hash";

/** Compared against when the key is unknown, so an unknown key costs the same work as a wrong secret. */
const absent_secret_hash = "0".repeat(64);

/**
 * Partners and their secret hashes never change once created, so each isolate keeps the ones it has
 * read for a minute instead of reading D1 on every request. Unknown keys are not cached: a partner
 * created a moment ago is found at once. Bounded, oldest entries evicted first.
 */
const partner_cache_ms = 60_000;
const partner_cache_entries_max = 1_000;
const knownPartners = new Map<string, { partner: PartnerRow; readAtMs: number }>();

async function partnerOf(env: Env, apiKey: string): Promise<PartnerRow | undefined> {
  const cached = knownPartners.get(apiKey);
  if (cached !== undefined && Date.now() - cached.readAtMs < partner_cache_ms) return cached.partner;
  const partner = await findPartnerByApiKey(database(env), apiKey);
  knownPartners.delete(apiKey);
  if (partner !== undefined) {
    if (knownPartners.size >= partner_cache_entries_max) knownPartners.delete(knownPartners.keys().next().value ?? "");
    knownPartners.set(apiKey, { partner, readAtMs: Date.now() });
  }
  return partner;
}

/** The partner whose key and secret these are, or null; which of the two was wrong is never told. */
export async function authenticatePartner(
  env: Env,
  apiKey: string | undefined,
  apiSecret: string | undefined,
): Promise<CallerPartner | null> {
  if (apiKey === undefined || apiSecret === undefined) return null;
  if (apiKey.length === 0 || apiKey.length > short_text_chars_max || apiSecret.length > short_text_chars_max) return null;
  const partner = await partnerOf(env, apiKey);
  const secretMatches = await constantTimeEqual(await sha256Hex(apiSecret), partner?.apiSecretHash ?? absent_secret_hash);
  if (partner === undefined || !secretMatches) return null;
  return { id: partner.id, name: partner.name };
}
