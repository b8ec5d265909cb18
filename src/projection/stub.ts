// How a ledger object reaches its projection hub: always the same one, chosen by the object's own id.
import { outbox_batch_interval_ms, projection_hubs } from "../durable/limits";
import { Outbox } from "../durable/outbox";
import { Projector } from "../durable/projector";
import type { ProjectionHub } from "./projection-hub";

/** The hub of the object whose id (hex) this is: the id's first 32 bits, modulo the number of hubs. */
export function hubIndexOf(objectId: DurableObjectId): number {
  return Number.parseInt(objectId.toString().slice(0, 8), 16) % projection_hubs;
}

export function projectionHub(env: Env, index: number): DurableObjectStub<ProjectionHub> {
  return env.PROJECTION_HUB.get(env.PROJECTION_HUB.idFromName(`projection-hub:${index}`));
}

/**
 * The projector of a ledger object (an account or a reference): its outbox drains into the object's hub, and
 * projecting now drains the hub into D1 as well.
 */
export function projectorIntoHub(ctx: DurableObjectState, env: Env): Projector {
  const hub = projectionHub(env, hubIndexOf(ctx.id));
  return new Projector(ctx.storage, new Outbox(ctx.storage.sql, (records) => hub.accept(records), outbox_batch_interval_ms), hub);
}

/** Every hub, for tests that give each its real D1 back. */
export function allProjectionHubs(env: Env): DurableObjectStub<ProjectionHub>[] {
  return Array.from({ length: projection_hubs }, (_, index) => projectionHub(env, index));
}
