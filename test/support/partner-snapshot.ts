// Everything of one partner a refused request could have touched, as one comparable string: each account
// object's exact balances, journal check and deposits, and the partner's row counts in every D1 table.
import { env } from "cloudflare:test";
import { accountObject } from "../../src/account/stub";
import { keyObjectsOf } from "../../src/keys/stub";
import { drainOutboxes, type PartnerWorld } from "./partner-world";

/** Tables keyed by the partner, counted per partner; `partners` itself is counted whole (admin may add rows). */
const partner_tables = ["users", "accounts", "transactions", "journal_entries", "deposits", "inbound_payments", "events", "refresh_tokens"] as const;

async function count(sql: string, ...values: string[]): Promise<number> {
  const row = await env.DB.prepare(sql).bind(...values).first<{ n: number }>();
  return row?.n ?? 0;
}

async function rowCounts(partnerId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of partner_tables) counts[table] = await count(`SELECT COUNT(*) AS n FROM ${table} WHERE partner_id = ?`, partnerId);
  counts.partners = await count("SELECT COUNT(*) AS n FROM partners");
  return counts;
}

/** Idempotency keys bound for the partner and for its Qash user, in every object that may hold them. */
async function boundKeys(world: PartnerWorld): Promise<Record<string, number>> {
  const scopes = [`partner:${world.partner.id}`, `user:${world.partner.id}:${world.qash.userId}`];
  const counts: Record<string, number> = {};
  for (const scope of scopes) {
    const perShard = await Promise.all(keyObjectsOf(env, world.partner.id).map((keys) => keys.keysOf(scope)));
    counts[scope] = perShard.reduce((sum, n) => sum + n, 0);
  }
  return counts;
}

async function accountState(accountId: number, partnerId: string) {
  const stub = accountObject(env, accountId);
  return {
    view: await stub.view({ partnerId }),
    journal: await stub.checkJournal(),
    deposits: await stub.listDeposits({ partnerId }, { limit: 100, startingAfter: null, status: null }),
  };
}

/** Drains the outboxes first, so what D1 holds is all that happened. */
export async function partnerSnapshot(world: PartnerWorld): Promise<string> {
  await drainOutboxes(world);
  const partnerId = world.partner.id;
  return JSON.stringify({
    qash: await accountState(world.qashAccountId, partnerId),
    sophic: await accountState(Number(world.sophicAccountId), partnerId),
    rows: await rowCounts(partnerId),
    keys: await boundKeys(world),
  });
}
