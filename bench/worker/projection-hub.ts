// The production ProjectionHub with two bench-only methods, used to measure how fast a backlog drains into D1:
// hold points the hub's history at a D1 that refuses everything (the fault-injection hook the class offers),
// so the objects' commits pile up in the hub exactly as in a D1 outage; release points it back and drains.
import { ProjectionHub as LedgerProjectionHub } from "../../src/projection/projection-hub";

const refusingDatabase = new Proxy({} as D1Database, {
  get() {
    throw new Error("bench: projection held");
  },
});

export type ReleaseOutcome = { projected: number; backlog: number; failed: boolean; drainMs: number };

export class ProjectionHub extends LedgerProjectionHub {
  benchHoldProjection(): void {
    this.history = refusingDatabase;
  }

  async benchReleaseProjection(): Promise<ReleaseOutcome> {
    this.history = this.env.DB;
    // Date.now() advances across I/O in workerd, so this spans the D1 batches of the drain.
    const started = Date.now();
    const outcome = await this.projectNow();
    return { ...outcome, drainMs: Date.now() - started };
  }
}
