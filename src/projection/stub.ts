// How a ledger object reaches its projection hub: always the same one, chosen by the object's own id.
import { projection_hubs } from "../durable/limits";
import type { ProjectionHub } from "./projection-hub";

/** The hub of the object whose id (hex) this is: the id's first 32 bits, modulo the number of hubs. */
export function hubIndexOf(objectId: DurableObjectId): number {
  return Number.parseInt(objectId.toString().slice(0, 8), 16) % projection_hubs;
}

export function projectionHub(env: Env, index: number): DurableObjectStub<ProjectionHub> {
  return env.PROJECTION_HUB.get(env.PROJECTION_HUB.idFromName(`projection-hub:${index}`));
}

/** Every hub, for the audit and for tests that wait for all history to reach D1. */
export function allProjectionHubs(env: Env): DurableObjectStub<ProjectionHub>[] {
  return Array.from({ length: projection_hubs }, (_, index) => projectionHub(env, index));
}
