// The daily clean-up the cron trigger runs: events that outlived their documented retention leave D1.
// (Idempotency keys live in Durable Objects, which forget expired ones by alarm.)
import { events_retention_days } from "../config/limits";
import { database } from "../db/client";
import { forgetEventsBefore } from "../db/queries/events";
import { log } from "../http/log";

const day_ms = 24 * 60 * 60 * 1000;

export async function cleanUp(env: Env, nowMs: number): Promise<{ eventsDeleted: number }> {
  const db = database(env);
  const eventsDeleted = await forgetEventsBefore(db, new Date(nowMs - events_retention_days * day_ms).toISOString());
  log("info", { msg: "clean-up", eventsDeleted });
  return { eventsDeleted };
}
