// Turns measurements into bench/results/latest.json (the issue's shape, plus extra fields), the tables in
// docs/benchmarks.md (between generated markers) and docs/benchmarks.svg.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join, relative } from "node:path";
import { docsDir, projectRoot, resultsDir } from "./paths.mjs";
import { scenarios } from "./scenarios.mjs";
import { resultsChart } from "./svg.mjs";

const round = (value, digits = 1) => (value === null || value === undefined || !Number.isFinite(value) ? null : Number(value.toFixed(digits)));
const ratio = (value, floor) => (floor > 0 ? round(value / floor, 3) : null);
const series_points_max = 120;

export const runnerName = "miniflare-direct";
const runnerWhy =
  "The Miniflare API runs the bench bundle in workerd with nothing in front of it: requests go to the Worker's own workerd socket (unsafeDirectSockets), " +
  "skipping wrangler dev's proxy worker and Miniflare's entry worker. See runner_comparison for the numbers.";

export function readPrevious(mode = null) {
  const path = join(resultsDir, mode === null ? "latest.json" : `${mode}.json`);
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : null;
}

function downsample(samples) {
  if (samples.length === 0) return [];
  const step = Math.max(1, Math.ceil(samples.length / series_points_max));
  const first = samples[0].atMs;
  return samples
    .filter((_, index) => index % step === 0 || index === samples.length - 1)
    .map((sample) => ({ t_s: round((sample.atMs - first) / 1000, 1), rss_mb: round(sample.rssKb / 1024, 1), anon_mb: round(sample.anonKb / 1024, 1) }));
}

function scenarioRow(run, runs) {
  const definition = scenarios.find((scenario) => scenario.name === run.name);
  const at = (name) => runs.find((candidate) => candidate.name === name && candidate.connections === run.connections);
  const floor = at(definition.floor);
  const health = at("health");
  return {
    name: run.name,
    connections: run.connections,
    requests_per_s: round(run.requests_per_s),
    p50_ms: run.p50_ms,
    p99_ms: run.p99_ms,
    errors: run.errors,
    floor_requests_per_s: round(floor?.requests_per_s),
    ratio_to_floor: ratio(run.requests_per_s, floor?.requests_per_s),
    floor: definition.floor,
    floor_p99_ms: floor?.p99_ms ?? null,
    p99_ratio_to_floor: floor?.p99_ms > 0 ? round(run.p99_ms / floor.p99_ms, 2) : null,
    health_requests_per_s: round(health?.requests_per_s),
    ratio_to_health: ratio(run.requests_per_s, health?.requests_per_s),
    ...(run.operations_per_s === undefined ? {} : { operations_per_s: round(run.operations_per_s), requests_per_operation: definition.requestsPerOperation }),
    requests: run.requests,
    errors_detail: run.errors_detail,
    status_codes: run.status_codes,
    workerd_cpu_ms_per_request: round(run.workerd_cpu_ms_per_request, 3),
    workerd_cpu_cores: round(run.workerd_cpu_cores, 2),
    load_generator_cpu_cores: round(run.load_generator_cpu_cores, 2),
    machine_busy_cores: round(run.machine_busy_cores, 2),
    lag_p50_ms: round(run.lag?.lag_p50_ms),
    lag_p99_ms: round(run.lag?.lag_p99_ms),
    lag_samples: run.lag?.samples ?? null,
    history_caught_up_ms: round(run.history_caught_up_ms),
  };
}

/** The deposit scenarios the issue's targets speak of, and the load they are judged at. */
const deposit_scenarios = ["qash-deposit-hot", "qash-deposit-spread", "sophic-advanced-deposit-hot", "sophic-funding"];
const judged_connections = 32;
const memory_growth_pct_max = 5;

/** Each target of the issue (item 3), with what this run measured and whether it was met; null when not measured. */
function targetsOf(scenarioRows, projection, soak) {
  const at = (name, connections = judged_connections) => scenarioRows.find((row) => row.name === name && row.connections === connections);
  const targets = [];
  const add = (target, measured, met) => targets.push({ target, measured, met: measured === null || measured === undefined ? null : met });
  for (const name of deposit_scenarios) {
    const row = at(name);
    if (!row) continue;
    add(`${name}: req/s at ${judged_connections} connections ≥ 0.8 × its floor (${row.floor})`, row.ratio_to_floor, row.ratio_to_floor >= 0.8);
    add(`${name}: p99 at ${judged_connections} connections ≤ 2 × its floor's`, row.p99_ratio_to_floor, row.p99_ratio_to_floor <= 2);
  }
  const peers = [
    ["naive-peer-hot", "the bare naive peer (no framework, no auth)"],
    ["naive-peer-app-hot", "the like-for-like naive peer (the same front, naive storage)"],
  ];
  for (const [peer, what] of peers) {
    for (const connections of [1, 8, 32]) {
      const hot = at("qash-deposit-hot", connections);
      const naive = at(peer, connections);
      if (hot && naive) add(`qash-deposit-hot ahead of ${what} at ${connections} connection${connections === 1 ? "" : "s"} (req/s ratio)`, round(hot.requests_per_s / naive.requests_per_s, 2), hot.requests_per_s > naive.requests_per_s);
    }
  }
  const errors = scenarioRows.reduce((sum, row) => sum + row.errors, 0);
  add("zero errors in every scenario", errors, errors === 0);
  add("projection lag p99 < 1 s at 80% of peak load (ms)", projection.lag_p99_ms, projection.lag_p99_ms < 1000);
  add("D1 projection ≥ 5,000 entries/s per database", projection.entries_per_s, projection.entries_per_s >= 5000);
  add(
    `memory flat over the soak (anonymous memory's growth after its first ${soak?.settle_s ?? 60} s, %; flat is under ${memory_growth_pct_max}%)`,
    soak ? round(soak.growth_pct, 1) : null,
    soak ? soak.growth_pct < memory_growth_pct_max : false,
  );
  return targets;
}

export function assembleResults({ options, measured, comparison, build, versions, durationS }) {
  const drains = measured.drains.map((drain) => ({
    ...drain,
    records_per_s: round(drain.records_per_s),
    release_ms: round(drain.release_ms),
    caught_up_after_release_ms: round(drain.caught_up_after_release_ms),
  }));
  // The headline is the drain of many accounts at once: the database's rate when several objects write to it.
  const widest = [...drains].sort((a, b) => b.accounts - a.accounts)[0];
  const scenarioRows = measured.runs.map((run) => scenarioRow(run, measured.runs));
  const projection = {
      lag_p50_ms: round(measured.lag?.lag_p50_ms),
      lag_p99_ms: round(measured.lag?.lag_p99_ms),
      entries_per_s: round(widest?.records_per_s),
      entries_unit:
        "outbox records projected into the one D1 database per second, one record per Qash deposit (its transaction row, two journal entries and its event), " +
        `measured by draining a held backlog of ${widest?.records ?? "?"} deposits from ${widest?.accounts ?? "?"} accounts at once`,
      lag_condition: measured.lag,
      drains,
  };
  return {
    runner: runnerName,
    scenarios: scenarioRows,
    projection,
    targets: targetsOf(scenarioRows, projection, measured.soak),
    memory: {
      peak_rss_mb: round(measured.memory.peakRssMb),
      peak_hwm_mb: round(measured.memory.peakHwmMb),
      peak_anon_mb: round(measured.memory.peakAnonMb),
      peak_shmem_mb: round(measured.memory.peakShmemMb),
      what:
        "sums over the runner's workerd processes, from /proc/<pid>/status every 250 ms: VmRSS (peak_rss_mb), VmHWM, RssAnon (heap and stacks) " +
        "and RssShmem (SQLite's mapped files on tmpfs, which count in VmRSS but are not the process's heap)",
      series: downsample(measured.memory.samples),
      soak: measured.soak,
    },
    naive_peers: measured.naive,
    storage: measured.storage,
    skipped: measured.skipped,
    mode: options.mode,
    generated_at: new Date().toISOString(),
    duration_s: round(durationS),
    settings: { duration_s: options.durationS, warmup_s: options.warmupS, connections: options.connections, drain_records: options.drainRecords },
    machine: { cpus: availableParallelism(), load_average_at_end: loadavg().map((value) => round(value, 2)) },
    versions,
    runner_details: { why: runnerWhy },
    runner_comparison: comparison,
    setup: measured.setup.map((entry) => ({ scenario: entry.scenario, ms: round(entry.ms) })),
    bundles: { production_bytes: build.productionBundleBytes, bench_bytes: build.benchBundleBytes },
  };
}

const cell = (value, digits = 0) => (value === null || value === undefined ? "–" : typeof value === "number" ? value.toFixed(digits) : String(value));

export function resultsTable(results) {
  const lines = [
    `${results.mode === "full" ? "Full" : "Quick"} run of ${results.generated_at.slice(0, 16).replace("T", " ")} UTC, runner \`${results.runner}\`, ${results.settings.duration_s} s per run, ${results.machine.cpus} CPUs (load average at the end ${results.machine.load_average_at_end.join(", ")}).`,
    "",
    "| Scenario | Conns | req/s | p50 ms | p99 ms | Errors | Floor | Floor req/s | × floor | p99 × floor | × /health | CPU ms/req | Lag p50/p99 ms |",
    "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const row of results.scenarios) {
    const lag = row.lag_p99_ms === null ? "–" : `${cell(row.lag_p50_ms)} / ${cell(row.lag_p99_ms)}`;
    lines.push(
      `| ${row.name} | ${row.connections} | ${cell(row.requests_per_s)} | ${cell(row.p50_ms)} | ${cell(row.p99_ms)} | ${row.errors} | ${row.floor} | ${cell(row.floor_requests_per_s)} | ${cell(row.ratio_to_floor, 2)} | ${cell(row.p99_ratio_to_floor, 1)} | ${cell(row.ratio_to_health, 3)} | ${cell(row.workerd_cpu_ms_per_request, 2)} | ${lag} |`,
    );
  }
  const projection = results.projection;
  const condition = projection.lag_condition;
  lines.push("");
  if (condition) {
    lines.push(
      `Projection lag at 80% of qash-deposit-hot's peak (${cell(condition.offered_requests_per_s)} req/s offered, ${cell(condition.served_requests_per_s)} served, 32 connections, ${condition.samples} samples): p50 ${cell(projection.lag_p50_ms)} ms, p99 ${cell(projection.lag_p99_ms)} ms.`,
    );
  }
  for (const drain of projection.drains) {
    lines.push(
      `Drain of a held backlog: ${drain.records} deposits in ${drain.accounts} account${drain.accounts === 1 ? "" : "s"} reached D1 in ${cell(drain.release_ms)} ms, **${cell(drain.records_per_s)} records/s** into one D1 database.`,
    );
  }
  for (const naive of results.naive_peers ?? []) {
    lines.push(`${naive.scenario}: ${naive.deposits} deposits answered 200 into one account; its balance shows ${naive.balance / 100}: **${naive.lostUpdates} lost updates**.`);
  }
  const storage = results.storage;
  if (storage?.d1) {
    lines.push(
      `Storage: D1 history ${storage.d1.history_bytes_per_transaction} bytes per transaction (tables and indexes, ${storage.d1.transactions} transactions); the hot account's object ${storage.hot_account_object?.bytes_per_transaction ?? "–"} bytes per transaction (${storage.hot_account_object?.bytes_per_transaction_without_idempotency_records ?? "–"} without its 48-hour idempotency records).`,
    );
  }
  const soak = results.memory.soak;
  if (soak?.growth_pct !== undefined) {
    lines.push(
      `Soak: ${soak.scenario} at ${soak.connections} connections for ${soak.duration_s} s (${cell(soak.requests_per_s)} req/s, ${soak.errors} errors); after its first ${soak.settle_s} s, anonymous memory went from ${cell(soak.anon_from_mb)} to ${cell(soak.anon_to_mb)} MB (${cell(soak.growth_pct, 1)}%, trend ${cell(soak.slope_mb_per_min, 1)} MB/min).`,
    );
  }
  const memory = results.memory;
  lines.push(`Peak workerd RSS: ${cell(memory.peak_rss_mb)} MB (VmHWM ${cell(memory.peak_hwm_mb)} MB), of which anonymous memory peaked at ${cell(memory.peak_anon_mb)} MB and SQLite's mapped tmpfs files at ${cell(memory.peak_shmem_mb)} MB.`);
  if (results.targets?.length > 0) {
    lines.push("", "Targets of the issue (item 3), as this run measured them:", "", "| Target | Measured | Met |", "| --- | ---: | :---: |");
    for (const target of results.targets) lines.push(`| ${target.target} | ${cell(target.measured, Number.isInteger(target.measured) ? 0 : 2)} | ${target.met === null ? "not measured" : target.met ? "yes" : "**no**"} |`);
  }
  return lines.join("\n");
}

export function runnersTable(comparison) {
  if (!comparison) return "No runner comparison recorded yet: run `npm run bench -- --compare-runners`.";
  const lines = [
    `Measured ${comparison.measured_at.slice(0, 16).replace("T", " ")} UTC, ${comparison.duration_s} s per run after a 1 s warm-up, same bench build.`,
    "",
    "| Runner | Scenario | Conns | req/s | p50 ms | p99 ms | CPU ms/req |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const row of comparison.rows) {
    lines.push(`| ${row.runner} | ${row.scenario} | ${row.connections} | ${cell(row.requests_per_s)} | ${cell(row.p50_ms)} | ${cell(row.p99_ms)} | ${cell(row.workerd_cpu_ms_per_request, 2)} |`);
  }
  lines.push("");
  for (const startup of comparison.startup) {
    lines.push(`- ${startup.runner}: ready in ${cell(startup.start_ms)} ms, workerd RSS ${cell(startup.idle_rss_mb)} MB idle, ${cell(startup.peak_rss_mb)} MB peak.`);
  }
  return lines.join("\n");
}

export function profileTables(profile) {
  if (!profile) return "No profile recorded yet: run `npm run bench -- --profile`.";
  const lines = [
    `Measured ${profile.measured_at.slice(0, 16).replace("T", " ")} UTC. CPU ms/req is workerd's CPU time from /proc divided by requests (every isolate: the Worker, its objects, the local D1 and rate limiter all run on workerd's one thread).`,
    "",
    "| Stage | What it adds | ms/req at 1 conn | CPU ms/req at 1 conn | req/s at 32 | p99 ms at 32 | CPU ms/req at 32 | workerd cores at 32 |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const rung of profile.ladder) {
    lines.push(`| ${rung.name} | ${rung.what} | ${cell(rung.serial_ms_per_request, 2)} | ${cell(rung.serial_cpu_ms_per_request, 2)} | ${cell(rung.requests_per_s_32)} | ${cell(rung.p99_ms_32)} | ${cell(rung.cpu_ms_per_request_32, 2)} | ${cell(rung.workerd_cpu_cores_32, 2)} |`);
  }
  for (const [name, run] of Object.entries(profile.cpu_profiles)) {
    lines.push("", `**CPU profile of ${name}** at ${run.connections} connections (${cell(run.requests_per_s)} req/s, ${cell(run.workerd_process_cpu_ms_per_request, 2)} workerd CPU ms/req). Shares of the Worker isolate's busy samples:`, "");
    lines.push("| Part of the code (natives charged to their caller) | share | | Nearest caller in our code | share |", "| --- | ---: | --- | --- | ---: |");
    const left = run.worker_isolate.categories.slice(0, 12);
    const right = (run.worker_isolate.our_callers ?? []).slice(0, 12);
    for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
      const a = left[index];
      const b = right[index];
      lines.push(`| ${a ? a.name : ""} | ${a ? `${(a.share * 100).toFixed(1)}%` : ""} | | ${b ? `\`${b.name}\`` : ""} | ${b ? `${(b.share * 100).toFixed(1)}%` : ""} |`);
    }
    const d1 = run.d1_isolate;
    if (d1?.profiled_ms > 0) lines.push("", `The local D1's isolate was busy ${(d1.busy_share * 100).toFixed(0)}% of the same ${(d1.profiled_ms / 1000).toFixed(1)} s (the Worker isolate ${(run.worker_isolate.busy_share * 100).toFixed(0)}%).`);
  }
  return lines.join("\n");
}

function replaceSection(text, name, body) {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return text;
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}

/** Writes latest.json and <mode>.json; regenerates the docs' tables and chart unless told not to. */
export function writeResults(results, { docs, profile }) {
  mkdirSync(resultsDir, { recursive: true });
  const written = [];
  const write = (path, text) => {
    writeFileSync(path, text);
    written.push(relative(projectRoot, path));
  };
  write(join(resultsDir, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  write(join(resultsDir, `${results.mode}.json`), `${JSON.stringify(results, null, 2)}\n`);
  if (profile) write(join(resultsDir, "profile.json"), `${JSON.stringify(profile, null, 2)}\n`);
  if (!docs) return written;
  const docPath = join(docsDir, "benchmarks.md");
  if (existsSync(docPath)) {
    const full = readPrevious("full");
    const quick = readPrevious("quick");
    let text = readFileSync(docPath, "utf8");
    text = replaceSection(text, "full", full ? resultsTable(full) : "No full run recorded yet: run `npm run bench`.");
    text = replaceSection(text, "quick", quick ? resultsTable(quick) : "No quick run recorded yet: run `npm run bench -- --quick`.");
    text = replaceSection(text, "runners", runnersTable(results.runner_comparison));
    const recordedProfile = profile ?? (existsSync(join(resultsDir, "profile.json")) ? JSON.parse(readFileSync(join(resultsDir, "profile.json"), "utf8")) : null);
    text = replaceSection(text, "profile", profileTables(recordedProfile));
    write(docPath, text);
  }
  // The chart shows the latest full run once there is one, as the docs' first table does.
  write(join(docsDir, "benchmarks.svg"), resultsChart(readPrevious("full") ?? results));
  return written;
}
