// Ids for this object's commits, taken synchronously from blocks reserved ahead of time. The blocks live in
// storage; a copy in memory saves reading them on every take. The copy may run ahead of storage (a take in a
// transaction that rolled back skips its id), never behind it, so no id is ever handed out twice.
import { id_block_refill_below, id_block_size } from "../ids/limits";
import type { IdBlock } from "../ids/id-allocator";
import { invariant } from "../ledger/journal";

type BlockRow = { first: number; last: number; next: number };

export class IdPool {
  private refilling: Promise<void> | null = null;
  /** The blocks with ids left, oldest first; read from storage on first use. */
  private blocks: BlockRow[] | null = null;

  constructor(
    private readonly sql: SqlStorage,
    private readonly reserveBlock: (count: number) => Promise<IdBlock>,
  ) {}

  private loaded(): BlockRow[] {
    this.blocks ??= this.sql.exec<BlockRow>("SELECT first, last, next FROM id_blocks WHERE next <= last ORDER BY first").toArray();
    return this.blocks;
  }

  available(): number {
    return this.loaded().reduce((left, block) => left + (block.last - block.next + 1), 0);
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
    const blocks = this.loaded();
    const block = blocks[0];
    invariant(block !== undefined, "an id was taken without ensuring the pool first");
    const id = block.next;
    if (id === block.last) {
      this.sql.exec("DELETE FROM id_blocks WHERE first = ?", block.first);
      blocks.shift();
    } else {
      this.sql.exec("UPDATE id_blocks SET next = ? WHERE first = ?", id + 1, block.first);
      block.next = id + 1;
    }
    return id;
  }

  private refill(): Promise<void> {
    // One reservation at a time: concurrent requests share it instead of each taking a block.
    this.refilling ??= this.reserveBlock(id_block_size)
      .then((block) => {
        this.sql.exec("INSERT INTO id_blocks (first, last, next) VALUES (?, ?, ?)", block.first, block.last, block.first);
        const blocks = this.loaded();
        if (!blocks.some((held) => held.first === block.first)) blocks.push({ first: block.first, last: block.last, next: block.first });
        blocks.sort((left, right) => left.first - right.first);
      })
      .finally(() => {
        this.refilling = null;
      });
    return this.refilling;
  }
}
