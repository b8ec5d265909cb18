// The Worker's entry: the Hono app, the daily clean-up, and the Durable Object classes the runtime instantiates.
import { app } from "./app";
import { cleanUp } from "./operations/cleanup";

export { AccountObject } from "./account/account-object";
export { IdAllocator } from "./ids/id-allocator";
export { ReferenceObject } from "./reference/reference-object";
export { EventHub } from "./events/event-hub";
export { ProjectionHub } from "./projection/projection-hub";
export { IdempotencyKeyObject } from "./keys/key-object";

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(cleanUp(env, controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;
