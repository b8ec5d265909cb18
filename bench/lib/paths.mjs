// Where things are: the project root, the wrangler entry (run with this Node, v22), the results.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const benchRoot = join(projectRoot, "bench");
export const resultsDir = join(benchRoot, "results");
export const docsDir = join(projectRoot, "docs");

const require = createRequire(join(projectRoot, "package.json"));

/** wrangler's own JS entry, so it runs under process.execPath rather than whatever `node` is on PATH. */
export function wranglerEntry() {
  const manifestPath = require.resolve("wrangler/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  return join(dirname(manifestPath), manifest.bin.wrangler);
}

export function packageVersion(name) {
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")).version;
}

/** Environment for every wrangler and workerd child: no telemetry, no fetch of a sample `cf` object. */
export const quietEnv = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", CI: "true", NO_COLOR: "1" };
