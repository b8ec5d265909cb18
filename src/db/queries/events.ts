// The partners' change feed in D1, read in feed order.
import { and, asc, eq, gt, gte, lt, lte, max, type SQL } from "drizzle-orm";
import { runQuery, type Database } from "../client";
import { events } from "../schema";

export type EventRecord = typeof events.$inferSelect;

export type FeedQuery = {
  partnerId: string;
  afterSeq: number;
  limit: number;
  name?: string;
  resourceId?: string;
  created: { gt?: string; gte?: string; lt?: string; lte?: string };
};

function whereOf(query: FeedQuery): SQL | undefined {
  return and(
    eq(events.partnerId, query.partnerId),
    gt(events.seq, query.afterSeq),
    query.name === undefined ? undefined : eq(events.name, query.name),
    query.resourceId === undefined ? undefined : eq(events.resourceId, query.resourceId),
    query.created.gt === undefined ? undefined : gt(events.createdAt, query.created.gt),
    query.created.gte === undefined ? undefined : gte(events.createdAt, query.created.gte),
    query.created.lt === undefined ? undefined : lt(events.createdAt, query.created.lt),
    query.created.lte === undefined ? undefined : lte(events.createdAt, query.created.lte),
  );
}

export async function readFeed(db: Database, query: FeedQuery): Promise<EventRecord[]> {
  return runQuery(() => db.select().from(events).where(whereOf(query)).orderBy(asc(events.seq)).limit(query.limit));
}

export async function findEvent(db: Database, partnerId: string, seq: number): Promise<EventRecord | undefined> {
  const rows = await runQuery(() => db.select().from(events).where(and(eq(events.partnerId, partnerId), eq(events.seq, seq))).limit(1));
  return rows[0];
}

/** Deletes events created before the cutoff; answers how many went. */
export async function forgetEventsBefore(db: Database, cutoff: string): Promise<number> {
  const deleted = await runQuery(() => db.delete(events).where(lt(events.createdAt, cutoff)).returning({ seq: events.seq }));
  return deleted.length;
}

/** The partner's newest feed position, 0 before its first event. */
export async function newestFeedSeq(db: Database, partnerId: string): Promise<number> {
  const rows = await runQuery(() => db.select({ seq: max(events.seq) }).from(events).where(eq(events.partnerId, partnerId)));
  return rows[0]?.seq ?? 0;
}
