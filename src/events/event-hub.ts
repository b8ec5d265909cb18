// One partner's long-poll rendezvous. Pollers wait here instead of each querying D1 in a loop; while anyone
// waits, the hub alone reads the partner's newest feed position from D1 a few times a second and wakes the
// waiters it passed. Writers never call it: a commit costs no message to the hub, however many accounts write.
// It stores nothing: a woken or timed-out poller reads the feed from D1 itself.
import { DurableObject } from "cloudflare:workers";
import { events_watch_ms } from "../config/limits";
import { database } from "../db/client";
import { newestFeedSeq } from "../db/queries/events";
import { log } from "../http/log";

type Waiter = { afterSeq: number; wake: () => void };

export class EventHub extends DurableObject<Env> {
  /** The newest feed position this hub has read; 0 after an eviction. */
  private newestSeq = 0;
  private readonly waiters = new Set<Waiter>();
  private watching = false;

  /**
   * Resolves when the partner's feed passes `afterSeq`, or after `timeoutMs`, whichever is first, with the
   * newest position known: a poller whose filter the new event did not match waits past it next time.
   */
  async waitFor(partnerId: string, afterSeq: number, timeoutMs: number): Promise<{ newestSeq: number }> {
    if (this.newestSeq > afterSeq) return { newestSeq: this.newestSeq };
    const waited = new Promise<{ newestSeq: number }>((resolve) => {
      const waiter: Waiter = {
        afterSeq,
        wake: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve({ newestSeq: this.newestSeq });
        },
      };
      const timer = setTimeout(waiter.wake, timeoutMs);
      this.waiters.add(waiter);
    });
    if (!this.watching) void this.watch(partnerId);
    return waited;
  }

  /** Reads the feed's newest position while anyone waits, and wakes everyone it passed. */
  private async watch(partnerId: string): Promise<void> {
    this.watching = true;
    try {
      while (this.waiters.size > 0) {
        try {
          this.newestSeq = Math.max(this.newestSeq, await newestFeedSeq(database(this.env), partnerId));
        } catch {
          // runQuery logged it; the waiters time out and read the feed themselves meanwhile.
        }
        for (const waiter of [...this.waiters]) if (this.newestSeq > waiter.afterSeq) waiter.wake();
        if (this.waiters.size > 0) await new Promise((resolve) => setTimeout(resolve, events_watch_ms));
      }
    } catch (error) {
      log("error", { msg: "event hub watch crashed", cause: error instanceof Error ? error.message : String(error) });
    } finally {
      this.watching = false;
    }
  }
}

export function eventHub(env: Env, partnerId: string): DurableObjectStub<EventHub> {
  return env.EVENT_HUB.get(env.EVENT_HUB.idFromName(`events:${partnerId}`));
}
