// The Worker's entry: the Hono app, and the Durable Object classes the runtime instantiates.
import { app } from "./app";

export { AccountObject } from "./account/account-object";
export { IdAllocator } from "./ids/id-allocator";
export { ReferenceObject } from "./reference/reference-object";

export default app;
