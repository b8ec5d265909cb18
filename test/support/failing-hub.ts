// Fault injection for the projection: the hub a ledger object drains into writes to a failing D1. Hubs are
// shared by every object of a test file that maps to them, so each test gives them back their D1 after.
import { env, runInDurableObject } from "cloudflare:test";
import type { ProjectionHub } from "../../src/projection/projection-hub";
import { allProjectionHubs, hubIndexOf, projectionHub } from "../../src/projection/stub";
import { FailingD1 } from "./failing-d1";

/** An account's or a reference's stub: both know their own outbox's backlog. */
type LedgerObjectStub = { id: DurableObjectId; projectionBacklog(): Promise<number> };

/** The hub the object behind `stub` drains into. */
export function hubOf(stub: { id: DurableObjectId }): DurableObjectStub<ProjectionHub> {
  return projectionHub(env, hubIndexOf(stub.id));
}

/** Makes the object's hub write to a D1 that fails as `mode` says; answers the double, to heal it later. */
export function failHubOf(stub: { id: DurableObjectId }, mode: FailingD1["mode"] = "down"): Promise<FailingD1> {
  return runInDurableObject(hubOf(stub), (instance: ProjectionHub) => {
    const failing = new FailingD1(env.DB);
    failing.mode = mode;
    instance.history = failing;
    return failing;
  });
}

/** Gives every hub its real D1 back. */
export async function healHubs(): Promise<void> {
  for (const hub of allProjectionHubs(env)) {
    await runInDurableObject(hub, (instance: ProjectionHub) => {
      instance.history = env.DB;
    });
  }
}

/** History not yet in D1: what the object's outbox holds, and what its hub holds (of any object). */
export async function pendingHistory(stub: LedgerObjectStub): Promise<number> {
  return (await stub.projectionBacklog()) + (await hubOf(stub).backlog());
}
