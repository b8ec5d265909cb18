// Ids for this account's commits, taken synchronously from blocks reserved ahead of time.
import { id_block_refill_below, id_block_size } from "../ids/limits";
import type { IdBlock } from "../ids/id-allocator";
import { invariant } from "../ledger/journal";

type BlockRow = { first: number; last: number; next: number };

export class IdPool {
  private refilling: Promise<void> | null = null;

  constructor(
    private readonly sql: SqlStorage,
    private readonly reserveBlock: (count: number) => Promise<IdBlock>,
  ) {}

  available(): number {
    const row = this.sql.exec<{ left: number | null }>("SELECT SUM(last - next + 1) AS left FROM id_blocks").one();
    return row.left ?? 0;
  }

  /**
   * Waits until at least `count` ids are on hand. Callers take them in the same synchronous turn
   * as this promise resolves, so no other request can spend them in between.
   */
  async ensure(count: number): Promise<void> {
    while (this.available() < count) await this.refill();
    if (this.available() < id_block_refill_below) void this.refill().catch(() => undefined);
  }

  /** Takes the next id; only inside a transaction, after `ensure`. */
  take(): number {
    const block = this.sql.exec<BlockRow>("SELECT first, last, next FROM id_blocks WHERE next <= last ORDER BY first LIMIT 1").toArray()[0];
    invariant(block !== undefined, "an id was taken without ensuring the pool first");
    if (block.next === block.last) this.sql.exec("DELETE FROM id_blocks WHERE first = ?", block.first);
    else this.sql.exec("UPDATE id_blocks SET next = next + 1 WHERE first = ?", block.first);
    return block.next;
  }

  private refill(): Promise<void> {
    // One reservation at a time: concurrent requests share it instead of each taking a block.
    this.refilling ??= this.reserveBlock(id_block_size)
      .then((block) => {
        this.sql.exec("INSERT INTO id_blocks (first, last, next) VALUES (?, ?, ?)", block.first, block.last, block.first);
      })
      .finally(() => {
        this.refilling = null;
      });
    return this.refilling;
  }
}
