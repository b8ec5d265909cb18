// Where a Qash deposit spends its time. Two measurements, both in workerd:
//  - a ladder of bench-only and public entry points that add one stage at a time (wall time per request at
//    1 connection, throughput at 32), and
//  - V8 CPU profiles of the Worker's isolate and of the local D1's isolate, taken over the inspector protocol
//    while qash-deposit-hot runs, attributed to source files through the bundle's source map.
import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { connect } from "./cdp.mjs";
import { runLoad } from "./load.mjs";
import { projectRoot } from "./paths.mjs";
import { migrate, qashTenant } from "./provision.mjs";
import { startMiniflare } from "./runners.mjs";
import { scenarios } from "./scenarios.mjs";

const ladder_duration_s = 5;
const profile_duration_s = 8;
const sampling_interval_us = 200;
const json = { "Content-Type": "application/json" };

/**
 * Which part of the code a source file belongs to; `file` is relative to the project root. drizzle-orm's own
 * source maps name its files `src/...`, which the bundle's map turns into `node_modules/src/...`.
 */
function categoryOf(file) {
  if (/^node_modules\/hono\/dist\/(cjs\/)?utils\/(jwt|encode)/.test(file)) return "JWT verify (hono/jwt)";
  if (file.startsWith("node_modules/hono/")) return "hono (router, context, middleware)";
  if (/^node_modules\/(@hono\/zod-openapi|@hono\/zod-validator|zod|@asteasolutions)\//.test(file)) return "zod-openapi + zod (validation)";
  if (/^node_modules\/(drizzle-orm|src)\//.test(file)) return "drizzle-orm + D1 client calls";
  if (file === "src/http/log.ts") return "request and drain log lines (src/http/log.ts)";
  if (file === "src/http/rate-limit.ts") return "partner rate limiter (src/http/rate-limit.ts)";
  if (/^src\/(auth|qash\/middleware|sophic\/middleware)\//.test(file)) return "auth: SHA-256, secret compare, guards (src/auth)";
  if (/^src\/(durable\/(outbox|projector)|db\/projection)/.test(file)) return "outbox drain (src/durable/outbox, src/db/projection)";
  if (/^src\/(account|durable|ledger|ids|reference)\//.test(file)) return "ledger command in the object (src/account, src/durable, src/ledger)";
  if (file.startsWith("src/events/")) return "events feed (src/events)";
  if (file.startsWith("src/db/")) return "D1 queries (src/db)";
  if (file.startsWith("src/")) return "routes, http, errors (other src/)";
  if (file.startsWith("bench/")) return "bench entry (bench/worker)";
  if (file.startsWith("node_modules/")) return `other library (${file.split("/")[1]})`;
  return "other bundled code";
}

/**
 * Self time per category and per source file. A native frame (no script: crypto.subtle.digest,
 * SqlStorage.exec, JSON.parse...) is charged to its nearest bundled caller, so natives land where they are
 * called from. Sample deltas are wall time while the isolate was on the CPU stack, so on a contended machine
 * read the shares, and take absolute CPU from /proc (the ladder).
 */
function attribute(profile, sourceMap, mainUrlPart, mapDir) {
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const own = new Map();
  for (const node of profile.nodes) {
    const frame = node.callFrame;
    let place = null;
    if (["(idle)", "(program)", "(garbage collector)"].includes(frame.functionName)) place = { category: frame.functionName, file: frame.functionName };
    else if (sourceMap && frame.url.includes(mainUrlPart) && frame.lineNumber >= 0) {
      const source = sourceMap.findEntry(frame.lineNumber, frame.columnNumber)?.originalSource;
      const file = source === undefined ? "(unmapped)" : relative(projectRoot, resolve(mapDir, source));
      place = { category: categoryOf(file), file };
    } else if (!sourceMap && frame.url) place = { category: frame.url.split("/").at(-1), file: frame.url.split("/").at(-1) };
    own.set(node.id, place);
  }
  const resolved = new Map();
  const placeOf = (id) => {
    if (resolved.has(id)) return resolved.get(id);
    let current = id;
    let place = null;
    while (current !== undefined && place === null) {
      place = own.get(current);
      current = parent.get(current);
    }
    const result = place ?? { category: "(runtime, no JS caller)", file: "(runtime, no JS caller)" };
    resolved.set(id, result);
    return result;
  };
  // The nearest caller in the project's own code (src/ or bench/), so library and native time is charged to
  // the line of ours that asked for it: "drizzle" becomes "the outbox drain" or "partner auth".
  const callerOf = new Map();
  const ourCaller = (id) => {
    if (callerOf.has(id)) return callerOf.get(id);
    let current = id;
    let caller = null;
    while (current !== undefined && caller === null) {
      const file = own.get(current)?.file;
      if (file !== undefined && /^(src|bench)\//.test(file)) caller = file;
      current = parent.get(current);
    }
    const result = caller ?? own.get(id)?.file ?? "(runtime, no JS caller)";
    callerOf.set(id, result);
    return result;
  };
  const categories = new Map();
  const files = new Map();
  const callers = new Map();
  for (let index = 0; index < profile.samples.length; index += 1) {
    const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000;
    const place = placeOf(profile.samples[index]);
    categories.set(place.category, (categories.get(place.category) ?? 0) + ms);
    files.set(place.file, (files.get(place.file) ?? 0) + ms);
    const caller = ourCaller(profile.samples[index]);
    callers.set(caller, (callers.get(caller) ?? 0) + ms);
  }
  return { categories, files, callers };
}

const files_listed_max = 20;

function summarize({ categories, files, callers }, requests) {
  const busy = [...categories].filter(([name]) => name !== "(idle)").reduce((sum, [, ms]) => sum + ms, 0);
  const wall = [...categories].reduce((sum, [, ms]) => sum + ms, 0);
  const rows = (map, limit) =>
    [...map]
      .filter(([name]) => name !== "(idle)")
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, ms]) => ({ name, share: Number((ms / busy).toFixed(3)), sampled_ms_per_request: Number((ms / requests).toFixed(3)) }));
  return {
    profiled_ms: Number(wall.toFixed(0)),
    busy_share: Number((busy / wall).toFixed(3)),
    categories: rows(categories, Infinity),
    files: rows(files, files_listed_max),
    ...(callers === undefined ? {} : { our_callers: rows(callers, files_listed_max) }),
  };
}

async function profiled(inspectorUrl, targets, run) {
  const clients = await Promise.all(targets.map((target) => connect(new URL(target, inspectorUrl).href)));
  try {
    for (const client of clients) {
      await client.send("Profiler.enable");
      await client.send("Profiler.setSamplingInterval", { interval: sampling_interval_us });
      await client.send("Profiler.start");
    }
    const result = await run();
    const profiles = [];
    for (const client of clients) profiles.push((await client.send("Profiler.stop")).profile);
    return { result, profiles };
  } finally {
    for (const client of clients) client.close();
  }
}

/** The ladder: each rung adds a stage of the Qash deposit on top of the one before. */
function ladder(hot, tenant) {
  const account = tenant.accounts[0];
  let key = 0;
  const deposit = (withKey) => [
    {
      method: "POST",
      path: "/api/v1/user/deposit",
      setupRequest(request) {
        key += 1;
        request.headers = { ...json, ...account.session.headers, ...(withKey ? { "Idempotency-Key": `profile-${Date.now()}-${key}` } : {}) };
        request.body = JSON.stringify({ toAccountId: account.accountId, amount: 100, currency: "MXN", provider: "irisbank", description: "Top-up via IrisBank" });
        return request;
      },
    },
  ];
  return [
    { name: "health", what: "GET /health: the app's router and middleware, no I/O", requests: [{ method: "GET", path: "/health" }] },
    { name: "rate-limit", what: "bench: one call of the partner rate limiter binding from a plain handler", requests: [{ method: "GET", path: "/__bench/stage/rate-limit" }] },
    { name: "d1-read", what: "bench: one D1 SELECT by primary key from a plain handler", requests: [{ method: "GET", path: "/__bench/stage/d1-read" }] },
    { name: "qash-auth", what: "bench: the guard of the Qash user routes alone (partner key and secret, the rate limiter, the user's JWT, the user read from D1)", requests: [{ method: "GET", path: "/__bench/stage/qash-auth", headers: account.session.headers }] },
    { name: "qash-deposit-auth", what: "bench: the deposit's guard alone (the same, but the user's status is left to the account object: no D1 read)", requests: [{ method: "GET", path: "/__bench/stage/qash-deposit-auth", headers: account.session.headers }] },
    { name: "floor-do-hot", what: "bench: one Durable Object RPC that writes one SQLite row", requests: [{ method: "POST", path: "/__bench/floor-do/hot", headers: json, body: '{"amount":100}' }] },
    {
      name: "credit-direct",
      what: "bench: AccountObject.credit on the hot account, no HTTP auth or validation (commit, outbox, drain to D1)",
      requests: [
        {
          method: "POST",
          path: "/__bench/credit-direct",
          headers: json,
          body: JSON.stringify({ accountId: account.accountId, partnerId: tenant.partner.id, userId: account.session.userId, currency: "MXN", amount: 100 }),
        },
      ],
    },
    { name: "qash-deposit-hot-no-key", what: "POST /api/v1/user/deposit without Idempotency-Key", requests: deposit(false) },
    { name: hot.name, what: "POST /api/v1/user/deposit with a fresh Idempotency-Key (the scenario)", requests: deposit(true) },
  ];
}

export async function profileWorkerd({ build, secrets, workDir, log }) {
  log("  profile: ladder of stages, then CPU profiles of the Worker's and D1's isolates");
  const runner = await startMiniflare({ build, secrets, statePath: join(workDir, "state-profile"), inspectorPort: 0 });
  try {
    const base = runner.url;
    await migrate(base);
    const hot = scenarios.find((scenario) => scenario.name === "qash-deposit-hot");
    const tenant = await qashTenant(base, secrets.ADMIN_TOKEN, "profile", { userCount: 1, accountsPerUser: 1 });
    const rungs = [];
    for (const rung of ladder(hot, tenant)) {
      await runLoad({ base, requests: rung.requests, connections: 8, durationS: 1, pgid: runner.pgid });
      const serial = await runLoad({ base, requests: rung.requests, connections: 1, durationS: ladder_duration_s, pgid: runner.pgid });
      const loaded = await runLoad({ base, requests: rung.requests, connections: 32, durationS: ladder_duration_s, pgid: runner.pgid });
      rungs.push({
        name: rung.name,
        what: rung.what,
        serial_ms_per_request: Number((1000 / serial.requests_per_s).toFixed(2)),
        serial_cpu_ms_per_request: Number(serial.workerd_cpu_ms_per_request?.toFixed(3)),
        requests_per_s_32: Number(loaded.requests_per_s.toFixed(1)),
        p99_ms_32: loaded.p99_ms,
        cpu_ms_per_request_32: Number(loaded.workerd_cpu_ms_per_request?.toFixed(3)),
        workerd_cpu_cores_32: Number(loaded.workerd_cpu_cores.toFixed(2)),
        errors: serial.errors + loaded.errors,
      });
      log(`    ${rung.name.padEnd(24)} 1 conn: ${(1000 / serial.requests_per_s).toFixed(2)} ms/req   32 conns: ${loaded.requests_per_s.toFixed(0)} req/s, ${loaded.workerd_cpu_ms_per_request?.toFixed(2)} CPU ms/req, ${loaded.workerd_cpu_cores.toFixed(2)} cores`);
    }

    const sourceMap = new SourceMap(JSON.parse(readFileSync(`${build.benchMain}.map`, "utf8")));
    const mainUrlPart = build.benchMain.split("/").at(-1);
    const profiles = {};
    for (const rung of ladder(hot, tenant).filter((candidate) => [hot.name, "credit-direct", "floor-do-hot"].includes(candidate.name))) {
      const targets = [`/core:user:${build.config.name}`, "/d1:db"];
      const { result, profiles: [worker, d1] } = await profiled(runner.inspectorUrl, targets, () =>
        runLoad({ base, requests: rung.requests, connections: 32, durationS: profile_duration_s, pgid: runner.pgid }),
      );
      profiles[rung.name] = {
        connections: 32,
        requests: result.requests,
        requests_per_s: Number(result.requests_per_s.toFixed(1)),
        workerd_process_cpu_ms_per_request: Number(result.workerd_cpu_ms_per_request?.toFixed(3)),
        worker_isolate: summarize(attribute(worker, sourceMap, mainUrlPart, dirname(build.benchMain)), result.requests),
        d1_isolate: summarize(attribute(d1, null, "", ""), result.requests),
      };
      const top = profiles[rung.name].worker_isolate.categories.slice(0, 6).map((category) => `${category.name} ${(category.share * 100).toFixed(0)}%`);
      log(`    CPU profile ${rung.name}: ${result.requests_per_s.toFixed(0)} req/s, process ${profiles[rung.name].workerd_process_cpu_ms_per_request} CPU ms/req; worker isolate: ${top.join("; ")}`);
    }
    return { measured_at: new Date().toISOString(), sampling_interval_us, ladder: rungs, cpu_profiles: profiles };
  } finally {
    await runner.stop();
  }
}
