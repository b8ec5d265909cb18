// The ledger-wide id sequence. Account objects reserve ids from it in blocks, so a deposit takes its id
// from its own object's block at commit time and this object is touched once per block, not per deposit.
import { DurableObject } from "cloudflare:workers";
import { id_block_size_max, id_first } from "./limits";

export type IdBlock = { first: number; last: number };

export class IdAllocator extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS sequence (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), next_id INTEGER NOT NULL)");
  }

  /** Reserves `count` consecutive ids that no other caller will ever receive. */
  reserve(count: number): IdBlock {
    if (!Number.isSafeInteger(count) || count < 1 || count > id_block_size_max) {
      throw new RangeError(`id block size ${count} is outside 1..${id_block_size_max}`);
    }
    return this.ctx.storage.transactionSync(() => {
      const row = this.ctx.storage.sql.exec<{ next_id: number }>("SELECT next_id FROM sequence").toArray()[0];
      const first = row?.next_id ?? id_first;
      const last = first + count - 1;
      if (!Number.isSafeInteger(last)) throw new RangeError("the ledger's id space is exhausted");
      this.ctx.storage.sql.exec("INSERT INTO sequence (singleton, next_id) VALUES (1, ?) ON CONFLICT (singleton) DO UPDATE SET next_id = excluded.next_id", last + 1);
      return { first, last };
    });
  }
}

/** The one allocator of the ledger. */
export function idAllocator(env: Env): DurableObjectStub<IdAllocator> {
  return env.ID_ALLOCATOR.get(env.ID_ALLOCATOR.idFromName("ledger"));
}
