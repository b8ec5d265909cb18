// Where the ledger objects' history meets D1. Each object drains its outbox into one hub, which keeps the
// records durably in an outbox of its own and writes them to D1 in batches that gather many objects'
// commits: with deposits spread over many accounts, each of which commits rarely, D1 takes one call per
// batch of accounts instead of one per deposit. D1's writes are idempotent (inserts do nothing on conflict,
// deposit upserts never go back a version), so a batch the hub or an object sends twice changes nothing.
import { DurableObject } from "cloudflare:workers";
import { project, type ProjectionRecord } from "../db/projection";
import { hub_batch_interval_ms } from "../durable/limits";
import { Outbox, type DrainOutcome } from "../durable/outbox";
import { Projector } from "../durable/projector";
import { migrateHubStorage } from "./storage-schema";

export class ProjectionHub extends DurableObject<Env> {
  /** Where history is projected. Fault-injection tests put a failing double here. */
  history: D1Database;
  private readonly projector: Projector;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrateHubStorage(ctx.storage);
    this.history = env.DB;
    const toD1 = (records: string[]) => project(this.history, records.map((record) => JSON.parse(record) as ProjectionRecord));
    this.projector = new Projector(ctx.storage, new Outbox(ctx.storage.sql, toD1, hub_batch_interval_ms));
  }

  /** Takes an object's records, in its commit order; they are the hub's to deliver once this returns. */
  accept(records: string[]): void {
    const nowMs = Date.now();
    this.ctx.storage.transactionSync(() => {
      for (const record of records) this.projector.outbox.enqueueText(record, nowMs);
    });
    this.projector.afterCommit();
  }

  /** Records taken but not yet confirmed by D1. */
  backlog(): number {
    return this.projector.outbox.backlog();
  }

  /** Writes everything held to D1 now (tests, operators, and objects asked to project now). */
  async projectNow(): Promise<DrainOutcome> {
    return this.projector.projectNow();
  }

  /** The fallback and retry path of the drain into D1. */
  override async alarm(): Promise<void> {
    this.projector.alarmFired();
    await this.projector.onAlarm();
  }
}
