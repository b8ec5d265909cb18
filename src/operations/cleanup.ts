// The daily clean-up the cron trigger runs: what has outlived its documented retention leaves D1.
import { events_retention_days, idempotency_retention_ms } from "../config/limits";
import { database } from "../db/client";
import { forgetEventsBefore } from "../db/queries/events";
import { forgetExpiredKeys } from "../db/queries/idempotency-records";
import { log } from "../http/log";

const day_ms = 24 * 60 * 60 * 1000;

export async function cleanUp(env: Env, nowMs: number): Promise<{ eventsDeleted: number }> {
  const db = database(env);
  const eventsDeleted = await forgetEventsBefore(db, new Date(nowMs - events_retention_days * day_ms).toISOString());
  await forgetExpiredKeys(db, nowMs - idempotency_retention_ms);
  log("info", { msg: "clean-up", eventsDeleted });
  return { eventsDeleted };
}
