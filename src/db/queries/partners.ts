// Partners (tenants): created by the operator, found by their API key on every Qash request.
import { eq } from "drizzle-orm";
import { runQuery, type Database } from "../client";
import { partners } from "../schema";

export type PartnerRow = typeof partners.$inferSelect;

export async function insertPartner(db: Database, partner: PartnerRow): Promise<void> {
  await runQuery(() => db.insert(partners).values(partner));
}

export async function findPartnerByApiKey(db: Database, apiKey: string): Promise<PartnerRow | undefined> {
  const rows = await runQuery(() => db.select().from(partners).where(eq(partners.apiKey, apiKey)).limit(1));
  return rows[0];
}

