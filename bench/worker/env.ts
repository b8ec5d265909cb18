// The bench Worker's bindings: the production ones plus the floor object.
import type { BenchFloorObject } from "./floor-object";

export type BenchEnv = Env & { BENCH_FLOOR: DurableObjectNamespace<BenchFloorObject> };
