// Checks a partner's API key and secret against D1; both dialects authenticate partners through here.
import { short_text_chars_max } from "../config/limits";
import { database } from "../db/client";
import { findPartnerByApiKey } from "../db/queries/partners";
import type { CallerPartner } from "../env";
import { constantTimeEqual, sha256Hex } from "./hash";

/** Compared against when the key is unknown, so an unknown key costs the same work as a wrong secret. */
const absent_secret_hash = "0".repeat(64);

/** The partner whose key and secret these are, or null; which of the two was wrong is never told. */
export async function authenticatePartner(
  env: Env,
  apiKey: string | undefined,
  apiSecret: string | undefined,
): Promise<CallerPartner | null> {
  if (apiKey === undefined || apiSecret === undefined) return null;
  if (apiKey.length === 0 || apiKey.length > short_text_chars_max || apiSecret.length > short_text_chars_max) return null;
  const partner = await findPartnerByApiKey(database(env), apiKey);
  const secretMatches = await constantTimeEqual(await sha256Hex(apiSecret), partner?.apiSecretHash ?? absent_secret_hash);
  if (partner === undefined || !secretMatches) return null;
  return { id: partner.id, name: partner.name };
}
