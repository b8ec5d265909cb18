// The benchmark's Worker: the production Worker unchanged, plus `/__bench/*` entry points that only this
// bundle has (the floor, the naive peer, probes of D1). Built by bench/lib/build.mjs with a config derived
// from wrangler.toml plus bench/wrangler.bench.toml; the production bundle never contains this file.
import production from "../src/index";
import { benchFetch, isBenchPath } from "./worker/routes";
import type { BenchEnv } from "./worker/env";

// Every Durable Object class of the production Worker, under the names wrangler.toml binds.
export * from "../src/index";
// ProjectionHub again, as a subclass that adds two bench-only methods (hold and release the projection).
// A local export wins over the star export above, so the PROJECTION_HUB binding gets this one.
export { ProjectionHub } from "./worker/projection-hub";
export { BenchFloorObject } from "./worker/floor-object";

const handlers: ExportedHandler<BenchEnv> = {
  fetch(request, env, ctx) {
    if (isBenchPath(request.url)) return benchFetch(request, env);
    return production.fetch(request, env, ctx);
  },
};
if (production.scheduled !== undefined) handlers.scheduled = production.scheduled.bind(production);

export default handlers;
