// `npm run bench [-- --quick]`: builds the production and bench bundles, runs the bench bundle in workerd
// through the Miniflare API, drives every scenario over loopback with autocannon at 1, 8 and 32 connections,
// measures the D1 projection and workerd's memory, and writes bench/results/latest.json and the docs.
// Traffic goes to 127.0.0.1 only; every loop is bounded; the runner's process group is killed on any exit.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "./lib/args.mjs";
import { benchSecrets, buildBundles } from "./lib/build.mjs";
import { compareRunners } from "./lib/compare.mjs";
import { measureDrain } from "./lib/drain.mjs";
import { call } from "./lib/http.mjs";
import { runLoad } from "./lib/load.mjs";
import { packageVersion } from "./lib/paths.mjs";
import { startMemorySampler } from "./lib/proc.mjs";
import { LagProbe, waitForHistory } from "./lib/projection.mjs";
import { profileWorkerd } from "./lib/profile.mjs";
import { migrate } from "./lib/provision.mjs";
import { assembleResults, readPrevious, writeResults } from "./lib/report.mjs";
import { startMiniflare } from "./lib/runners.mjs";
import { measureStorage } from "./lib/storage.mjs";
import { scenarios, spread_accounts } from "./lib/scenarios.mjs";

const options = parseArgs(process.argv.slice(2));
const log = (line) => console.log(line);
// Build output and the runner's state (Durable Object and D1 SQLite files) live in a temporary directory, on
// tmpfs where there is one: workerd runs every isolate on one thread, and a shared disk's slow fsync there
// stalls every request at once. The floors write to the same place, so the ratios compare like with like.
const scratchRoot = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
const workDir = mkdtempSync(join(scratchRoot, "deposit-ledger-bench-"));
const startedAt = performance.now();
const elapsed = () => `${((performance.now() - startedAt) / 1000).toFixed(0)}s`;
/** Seconds left of the run's budget; optional phases that would not fit are skipped and reported. */
const budgetLeftS = () => options.budgetS - (performance.now() - startedAt) / 1000;
const skipped = [];
function fits(what, needS) {
  if (budgetLeftS() >= needS) return true;
  skipped.push(what);
  log(`  skipped ${what}: ${budgetLeftS().toFixed(0)} s of the ${options.budgetS} s budget left, ${needS} s needed`);
  return false;
}

// Whatever happens, the temporary build and state go, and runners.mjs kills every runner's process group.
process.on("exit", () => rmSync(workDir, { recursive: true, force: true }));
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    console.error(`bench: ${signal}, stopping`);
    process.exit(130);
  });
}
const hardLimit = setTimeout(() => {
  console.error(`bench: the hard limit of ${options.hardLimitS} s was reached, stopping`);
  process.exit(2);
}, options.hardLimitS * 1000);
hardLimit.unref();

function selectedScenarios() {
  if (options.scenarioNames === null) return scenarios;
  const wanted = new Set(options.scenarioNames);
  for (const name of wanted) if (!scenarios.some((scenario) => scenario.name === name)) throw new Error(`unknown scenario ${name}`);
  // A scenario is always measured with its floor (and /health, the floor of the floors).
  for (const scenario of scenarios) if (wanted.has(scenario.name)) wanted.add(scenario.floor);
  wanted.add("health");
  return scenarios.filter((scenario) => wanted.has(scenario.name));
}

/** Counts the answers that created history (2xx) and hands each to the lag probe, if any. */
function historyHooks(counter, probe) {
  return {
    onResponse(status, body, context, headers) {
      if (status < 300) counter.ok += 1;
      probe?.onResponse(status, body, context, headers);
    },
  };
}

async function measureScenario(base, pgid, scenario, state, counter) {
  const runs = [];
  const hooks = () => (scenario.history ? historyHooks(counter) : {});
  // The spread scenarios first touch every account or object once: the benchmark measures warm objects.
  if (scenario.name.endsWith("-spread")) {
    await runLoad({ base, requests: scenario.requests(state, hooks()), connections: 32, amount: spread_accounts, durationS: 120, pgid });
  }
  await runLoad({ base, requests: scenario.requests(state, hooks()), connections: 8, durationS: options.warmupS, pgid });
  for (const connections of options.connections) {
    const probe = scenario.lag ? new LagProbe(base, scenario.lag.table, scenario.lag.idOf, 5) : null;
    probe?.start();
    const requests = scenario.requests(state, scenario.history ? historyHooks(counter, probe) : {});
    const run = await runLoad({ base, requests, connections, durationS: options.durationS, pgid });
    const loadEnded = performance.now();
    const [lag, caughtUp] = await Promise.all([
      probe?.finish(options.waitS * 1000) ?? null,
      scenario.history
        ? waitForHistory(base, scenario.history.table, state.partnerId, counter.ok, options.waitS * 1000).then((ms) => (ms === null ? null : performance.now() - loadEnded))
        : null,
    ]);
    const record = { name: scenario.name, ...run, lag, history_caught_up_ms: caughtUp };
    if (scenario.requestsPerOperation) record.operations_per_s = run.requests_per_s / scenario.requestsPerOperation;
    runs.push(record);
    const lagText = lag?.lag_p99_ms == null ? "" : `  lag p50/p99 ${lag.lag_p50_ms.toFixed(0)}/${lag.lag_p99_ms.toFixed(0)} ms`;
    log(
      `  ${scenario.name.padEnd(28)} c=${String(connections).padStart(2)}  ${run.requests_per_s.toFixed(0).padStart(6)} req/s  p50 ${String(run.p50_ms).padStart(4)} ms  p99 ${String(run.p99_ms).padStart(4)} ms  errors ${run.errors}  cpu ${run.workerd_cpu_ms_per_request?.toFixed(2)} ms/req${lagText}`,
    );
  }
  return runs;
}

/** Projection lag while qash-deposit-hot runs at 80% of its measured peak (the issue's target condition). */
async function lagAtPartialLoad(base, pgid, scenario, state, counter, peak) {
  const offered = Math.max(1, Math.round(peak * 0.8));
  const probe = new LagProbe(base, scenario.lag.table, scenario.lag.idOf, 2);
  probe.start();
  const run = await runLoad({ base, requests: scenario.requests(state, historyHooks(counter, probe)), connections: 32, durationS: options.lagRunS, overallRate: offered, pgid });
  const lag = await probe.finish(options.waitS * 1000);
  log(`  lag at 80% of peak (${offered} req/s offered, ${run.requests_per_s.toFixed(0)} served): p50 ${lag.lag_p50_ms?.toFixed(0)} ms  p99 ${lag.lag_p99_ms?.toFixed(0)} ms  (${lag.samples} samples)`);
  return { scenario: scenario.name, connections: 32, offered_requests_per_s: offered, served_requests_per_s: run.requests_per_s, errors: run.errors, ...lag };
}

async function soak(base, pgid, scenario, state, counter, memory) {
  log(`  soak: ${scenario.name} at 32 connections for ${options.soakS} s`);
  const from = memory.current();
  const run = await runLoad({ base, requests: scenario.requests(state, historyHooks(counter)), connections: 32, durationS: options.soakS, pgid });
  const to = memory.current();
  const growth = memoryGrowth(memory.samples().filter((sample) => sample.atMs >= from.atMs && sample.atMs <= to.atMs));
  log(`    memory after the first ${soak_settle_s} s: ${growth.anon_from_mb.toFixed(0)} -> ${growth.anon_to_mb.toFixed(0)} MB anonymous (${growth.growth_pct.toFixed(1)}%, ${growth.slope_mb_per_min.toFixed(1)} MB/min)`);
  return {
    ...growth,
    scenario: scenario.name,
    connections: 32,
    duration_s: options.soakS,
    requests_per_s: run.requests_per_s,
    errors: run.errors,
    rss_start_mb: from.rssKb / 1024,
    rss_end_mb: to.rssKb / 1024,
    anon_start_mb: from.anonKb / 1024,
    anon_end_mb: to.anonKb / 1024,
    series_from_s: (from.atMs - memory.startedAtMs) / 1000,
  };
}

/** The soak's first seconds open every spread account's object: memory rises then, and is judged after. */
const soak_settle_s = 60;
/** Each end of the judged window is the mean of this many seconds of samples, so one GC does not decide. */
const soak_edge_s = 20;

/** How the workerd processes' anonymous memory moved once the soak had settled: start and end levels, and the trend. */
function memoryGrowth(samples) {
  const first = samples[0]?.atMs ?? 0;
  const settled = samples.filter((sample) => sample.atMs - first >= soak_settle_s * 1000);
  const mean = (list) => list.reduce((sum, sample) => sum + sample.anonKb / 1024, 0) / Math.max(1, list.length);
  const start = settled[0]?.atMs ?? first;
  const end = settled.at(-1)?.atMs ?? first;
  const from = mean(settled.filter((sample) => sample.atMs - start < soak_edge_s * 1000));
  const to = mean(settled.filter((sample) => end - sample.atMs < soak_edge_s * 1000));
  // Least-squares slope over the settled window, in MB per minute.
  const xs = settled.map((sample) => (sample.atMs - start) / 60_000);
  const ys = settled.map((sample) => sample.anonKb / 1024);
  const xMean = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const yMean = ys.reduce((a, b) => a + b, 0) / Math.max(1, ys.length);
  const covariance = xs.reduce((sum, x, index) => sum + (x - xMean) * ((ys[index] ?? 0) - yMean), 0);
  const variance = xs.reduce((sum, x) => sum + (x - xMean) ** 2, 0);
  return {
    settle_s: soak_settle_s,
    judged_s: (end - start) / 1000,
    anon_from_mb: from,
    anon_to_mb: to,
    growth_pct: from > 0 ? ((to - from) / from) * 100 : 0,
    slope_mb_per_min: variance > 0 ? covariance / variance : 0,
  };
}

async function main() {
  log(`bench (${options.mode}): ${options.durationS} s per run, connections ${options.connections.join("/")}, ${availableParallelism()} CPUs`);
  const build = buildBundles(join(workDir, "build"));
  log(`[${elapsed()}] built: production ${(build.productionBundleBytes / 1024).toFixed(0)} KiB, bench ${(build.benchBundleBytes / 1024).toFixed(0)} KiB`);
  const secrets = benchSecrets();
  const comparison = options.compareRunners
    ? await compareRunners({ build, secrets, workDir, durationS: options.compareRunnersS, log })
    : (readPrevious()?.runner_comparison ?? null);

  const selected = selectedScenarios();
  const statePath = join(workDir, "state");
  const runner = await startMiniflare({ build, secrets, statePath });
  const memory = startMemorySampler(runner.pgid);
  const base = runner.url;
  const measured = { runs: [], setup: [], drains: [], lag: null, soak: null, naive: [] };
  try {
    log(`[${elapsed()}] runner: Miniflare API, direct socket ${base}`);
    await migrate(base);
    const states = new Map();
    const counters = new Map();
    for (const scenario of selected) {
      const setupStarted = performance.now();
      states.set(scenario.name, scenario.setup ? await scenario.setup({ base, adminToken: secrets.ADMIN_TOKEN }) : {});
      counters.set(scenario.name, { ok: 0 });
      measured.setup.push({ scenario: scenario.name, ms: performance.now() - setupStarted });
    }
    log(`[${elapsed()}] set up: ${measured.setup.map((entry) => `${entry.scenario} ${(entry.ms / 1000).toFixed(1)}s`).join(", ")}`);

    for (const scenario of selected) {
      const needS = options.connections.length * (options.durationS + 3) + options.warmupS + (scenario.name.endsWith("-spread") ? 20 : 0);
      if (!fits(`scenario ${scenario.name}`, needS)) continue;
      measured.runs.push(...(await measureScenario(base, runner.pgid, scenario, states.get(scenario.name), counters.get(scenario.name))));
    }
    log(`[${elapsed()}] scenarios done`);

    const hot = selected.find((scenario) => scenario.name === "qash-deposit-hot");
    const hotRuns = measured.runs.filter((run) => run.name === hot?.name);
    if (hot && hotRuns.length > 0 && fits("projection lag at 80% of peak", options.lagRunS + 10)) {
      const peak = Math.max(...hotRuns.map((run) => run.requests_per_s));
      measured.lag = await lagAtPartialLoad(base, runner.pgid, hot, states.get(hot.name), counters.get(hot.name), peak);
    }
    for (const accountCount of [8, 1]) {
      if (!fits(`drain of ${accountCount} account(s)`, 25)) continue;
      log(`  drain: ${options.drainRecords} deposits held in ${accountCount} account(s), then released`);
      const drain = await measureDrain({ base, adminToken: secrets.ADMIN_TOKEN, pgid: runner.pgid, accountCount, records: options.drainRecords, waitS: options.waitS, log });
      log(`    drained ${drain.projected} records in ${drain.release_ms.toFixed(0)} ms: ${drain.records_per_s.toFixed(0)} records/s`);
      measured.drains.push(drain);
    }
    for (const naive of selected.filter((scenario) => scenario.naive)) {
      const balance = await call(base, "GET", `/__bench/naive-balance/${naive.naive.accountIdOf(states.get(naive.name))}`);
      const counted = { scenario: naive.name, ...balance, lostUpdates: balance.deposits - balance.balance / naive.naive.amountMinor };
      measured.naive.push(counted);
      log(`  ${naive.name}: ${balance.deposits} deposits answered 200, balance shows ${balance.balance / naive.naive.amountMinor}: ${counted.lostUpdates} lost updates`);
    }
    const spread = selected.find((scenario) => scenario.name === "qash-deposit-spread");
    if (options.soakS > 0 && spread && fits("soak", options.soakS + 5)) measured.soak = await soak(base, runner.pgid, spread, states.get(spread.name), counters.get(spread.name), memory);
  } finally {
    measured.memory = memory.stop();
    await runner.stop();
  }
  measured.storage = measureStorage(statePath, join(workDir, "storage"));
  const d1Bytes = measured.storage.d1?.history_bytes_per_transaction;
  const objectBytes = measured.storage.hot_account_object?.bytes_per_transaction;
  log(`  storage: D1 history ${d1Bytes ?? "?"} bytes per transaction; hot account object ${objectBytes ?? "?"} bytes per transaction`);
  log(`[${elapsed()}] runner stopped; peak workerd RSS ${measured.memory.peakRssMb.toFixed(0)} MB`);

  const profile = options.profile ? await profileWorkerd({ build, secrets, workDir, log }) : null;
  const results = assembleResults({
    options,
    measured: { ...measured, skipped },
    comparison,
    build,
    versions: { node: process.version, wrangler: packageVersion("wrangler"), miniflare: packageVersion("miniflare"), autocannon: packageVersion("autocannon") },
    durationS: (performance.now() - startedAt) / 1000,
  });
  const written = writeResults(results, { docs: options.docs, profile });
  log(`[${elapsed()}] wrote ${written.join(", ")}`);
  log("targets:");
  for (const target of results.targets) log(`  ${target.met === null ? "not measured" : target.met ? "met    " : "NOT MET"}  ${target.target}: ${target.measured ?? "–"}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`bench failed: ${error?.stack ?? error}`);
    process.exit(1);
  },
);
