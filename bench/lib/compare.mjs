// Which runner: the same bench build under `wrangler dev` (its proxy worker in front) and under the Miniflare
// API (through Miniflare's entry worker, and straight into the Worker's own socket), on the two floors.
import { join } from "node:path";
import { runLoad } from "./load.mjs";
import { migrate } from "./provision.mjs";
import { startMiniflare, startWranglerDev } from "./runners.mjs";
import { startMemorySampler } from "./proc.mjs";

const probes = [
  { name: "health", requests: [{ method: "GET", path: "/health" }] },
  {
    name: "floor-do-hot",
    requests: [{ method: "POST", path: "/__bench/floor-do/hot", headers: { "Content-Type": "application/json" }, body: '{"amount":100}' }],
  },
];
const compare_connections = [8, 32];
const wrangler_dev_port = 8899;

async function measureTargets(runner, targets, durationS, log) {
  const rows = [];
  for (const target of targets) {
    for (const probe of probes) {
      for (const connections of compare_connections) {
        // A second of traffic first, so each target is measured warm.
        await runLoad({ base: target.url, requests: probe.requests, connections, durationS: 1, pgid: runner.pgid });
        const run = await runLoad({ base: target.url, requests: probe.requests, connections, durationS, pgid: runner.pgid });
        log(`    ${target.name.padEnd(17)} ${probe.name.padEnd(13)} c=${String(connections).padStart(2)}  ${run.requests_per_s.toFixed(0).padStart(6)} req/s  p99 ${run.p99_ms} ms`);
        rows.push({ runner: target.name, scenario: probe.name, connections, requests_per_s: run.requests_per_s, p50_ms: run.p50_ms, p99_ms: run.p99_ms, errors: run.errors, workerd_cpu_ms_per_request: run.workerd_cpu_ms_per_request });
      }
    }
  }
  return rows;
}

async function measureRunner(start, targetsOf, durationS, log) {
  const started = performance.now();
  const runner = await start();
  const startMs = performance.now() - started;
  try {
    const memory = startMemorySampler(runner.pgid);
    const idleRssMb = memory.current().rssKb / 1024;
    await migrate(runner.url);
    const rows = await measureTargets(runner, targetsOf(runner), durationS, log);
    const { peakRssMb } = memory.stop();
    return { rows, startup: { runner: runner.name, start_ms: startMs, idle_rss_mb: idleRssMb, peak_rss_mb: peakRssMb } };
  } finally {
    await runner.stop();
  }
}

export async function compareRunners({ build, secrets, workDir, durationS, log }) {
  log("  runner comparison (health and floor-do-hot at 8 and 32 connections)");
  const wrangler = await measureRunner(
    () => startWranglerDev({ build, secrets, statePath: join(workDir, "state-wrangler-dev"), port: wrangler_dev_port }),
    (runner) => [{ name: "wrangler-dev", url: runner.url }],
    durationS,
    log,
  );
  const miniflare = await measureRunner(
    () => startMiniflare({ build, secrets, statePath: join(workDir, "state-miniflare-compare") }),
    (runner) => [
      { name: "miniflare-entry", url: runner.entryUrl },
      { name: "miniflare-direct", url: runner.url },
    ],
    durationS,
    log,
  );
  return { measured_at: new Date().toISOString(), duration_s: durationS, rows: [...wrangler.rows, ...miniflare.rows], startup: [wrangler.startup, miniflare.startup] };
}
