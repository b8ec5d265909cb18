// The floor of a durable write: one RPC into a Durable Object that inserts one SQLite row and answers.
import { DurableObject } from "cloudflare:workers";

export class BenchFloorObject extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY AUTOINCREMENT, amount_minor INTEGER NOT NULL, created_at_ms INTEGER NOT NULL)");
  }

  write(amountMinor: number): { id: number } {
    const row = this.ctx.storage.sql
      .exec<{ id: number }>("INSERT INTO rows (amount_minor, created_at_ms) VALUES (?, ?) RETURNING id", amountMinor, Date.now())
      .one();
    return { id: row.id };
  }
}
