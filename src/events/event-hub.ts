// One partner's long-poll rendezvous. Pollers wait here instead of querying D1 in a loop; the outbox
// of whichever object projected the partner's new events wakes them. It stores nothing: a woken or
// timed-out poller reads the feed from D1 itself.
import { DurableObject } from "cloudflare:workers";

type Waiter = { afterSeq: number; wake: () => void };

export class EventHub extends DurableObject<Env> {
  /** The newest feed position announced since this object started; 0 after an eviction. */
  private newestSeq = 0;
  private readonly waiters = new Set<Waiter>();

  /**
   * Resolves when an event past `afterSeq` is announced, or after `timeoutMs`, whichever is first, with
   * the newest position known: a poller whose filter the new event did not match waits past it next time.
   */
  async waitFor(afterSeq: number, timeoutMs: number): Promise<{ newestSeq: number }> {
    if (this.newestSeq > afterSeq) return { newestSeq: this.newestSeq };
    return new Promise((resolve) => {
      const waiter: Waiter = {
        afterSeq,
        wake: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve({ newestSeq: this.newestSeq });
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve({ newestSeq: this.newestSeq });
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** The partner's feed reached `seq`: wake everyone waiting for something newer. */
  announce(seq: number): void {
    this.newestSeq = Math.max(this.newestSeq, seq);
    for (const waiter of [...this.waiters]) if (seq > waiter.afterSeq) waiter.wake();
  }
}

export function eventHub(env: Env, partnerId: string): DurableObjectStub<EventHub> {
  return env.EVENT_HUB.get(env.EVENT_HUB.idFromName(`events:${partnerId}`));
}

/** Tells each partner's hub how far its feed got; a lost announcement only delays a poller's next check. */
export function announceFeed(env: Env, advance: ReadonlyMap<string, number>): void {
  for (const [partnerId, seq] of advance) void eventHub(env, partnerId).announce(seq).catch(() => undefined);
}
