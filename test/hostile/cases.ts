// The hostile corpus: every request in it must be refused with a 4xx in its surface's error dialect,
// leave the Worker healthy, and change nothing. The cases live beside this file, one module per surface.
import { qashCases } from "./qash-cases";
import type { HostileCase } from "./requests";
import { sophicCases } from "./sophic-cases";
import { surfaceCases } from "./surface-cases";

export type { HostileCase } from "./requests";

export const hostileCases: HostileCase[] = [...qashCases, ...sophicCases, ...surfaceCases];
