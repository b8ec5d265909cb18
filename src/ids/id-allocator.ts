import { DurableObject } from "cloudflare:workers";

export class IdAllocator extends DurableObject<Env> {}
