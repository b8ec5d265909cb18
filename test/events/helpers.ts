// Reading the events feed in tests, with every body checked against the vendor's Event schema.
import { env, SELF } from "cloudflare:test";
import { expect } from "vitest";
import { accountObject } from "../../src/account/stub";
import { referenceObject } from "../../src/reference/stub";
import { BASE } from "../support/fixtures";
import { assertVendor } from "../support/sophic-schema";
import type { SophicClient } from "../support/sophic";

export type EventBody = { id: string; name: string; resource: { id: string; resource_type: string }; data: Record<string, unknown>; created_at: string };

export async function readEvents(client: SophicClient, query = ""): Promise<EventBody[]> {
  const response = await SELF.fetch(`${BASE}/events${query}`, { headers: client.headers });
  expect(response.status).toBe(200);
  const body = await response.json<EventBody[]>();
  assertVendor("Event", body, { list: true });
  return body;
}

/** Pages through the whole feed `limit` events at a time. */
export async function readAllEvents(client: SophicClient, limit: number, extra = ""): Promise<EventBody[]> {
  const all: EventBody[] = [];
  for (let page = 0; page < 1_000; page += 1) {
    const after = all.at(-1)?.id ?? "0";
    const batch = await readEvents(client, `?after=${after}&limit=${limit}${extra}`);
    if (batch.length === 0) return all;
    all.push(...batch);
  }
  throw new Error("the feed did not end within 1,000 pages");
}

/** Drains the outboxes that carry the partner's events into D1. */
export async function projectAll(accountIds: readonly (string | number)[], references: readonly { partnerId: string; reference: string }[] = []): Promise<void> {
  for (const accountId of accountIds) await accountObject(env, Number(accountId)).projectNow();
  for (const { partnerId, reference } of references) await referenceObject(env, partnerId, reference).projectNow();
}
