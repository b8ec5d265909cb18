// Child process: runs the bench bundle in workerd through the Miniflare API and stays up until its parent
// closes stdin or sends SIGTERM. Prints one JSON line with the URLs once ready. Run by runners.mjs only.
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { dirname } from "node:path";
import { bundleModules } from "./build.mjs";

const options = JSON.parse(process.argv[2]);
const { config, benchMain, secrets, statePath, inspectorPort } = options;

// The config keys this runner knows how to give workerd. A binding kind added to wrangler.toml that is not
// here stops the benchmark with a message, rather than running a Worker with a binding missing.
const mapped_keys = new Set([
  "name", "main", "compatibility_date", "compatibility_flags", "observability", "d1_databases", "durable_objects",
  "migrations", "triggers", "rules", "ratelimits", "vars", "workers_dev", "preview_urls", "placement", "limits",
]);
const unmapped = Object.keys(config).filter((key) => config[key] !== undefined && !mapped_keys.has(key));
if (unmapped.length > 0) {
  process.stderr.write(`[serve] wrangler.toml has ${unmapped.join(", ")}, which bench/lib/serve.mjs does not give workerd yet; add it there\n`);
  process.exit(1);
}

const sqliteClasses = new Set(config.migrations.flatMap((migration) => migration.new_sqlite_classes ?? []));
const durableObjects = Object.fromEntries(
  config.durable_objects.bindings.map((binding) => [binding.name, { className: binding.class_name, useSQLite: sqliteClasses.has(binding.class_name) }]),
);
const d1Databases = Object.fromEntries(config.d1_databases.map((database) => [database.binding, database.database_id]));

const logCounts = { info: 0, warn: 0, error: 0, other: 0 };
/** Warnings and errors are passed on (a few), info lines only counted: the request log is one line per request. */
const passed_on_max = 10;
let passedOn = 0;

// The documented (v4-shaped) options; Miniflare 5 converts them and leaves the dev registry off.
const mf = new Miniflare(convertV4MiniflareOptions({
  host: "127.0.0.1",
  port: 0,
  inspectorPort,
  resourcePersistencePath: statePath,
  handleStructuredLogs: (log) => {
    const level = log.level in logCounts ? log.level : "other";
    logCounts[level] += 1;
    // The drain measurement makes D1 refuse on purpose; its retries' warnings are expected, not news.
    const expected = /bench: projection held|NOSENTRY/.test(String(log.message));
    if ((level === "warn" || level === "error") && !expected && passedOn < passed_on_max) {
      passedOn += 1;
      process.stderr.write(`[workerd ${level}] ${String(log.message).slice(0, 400)}\n`);
    }
  },
  workers: [
    {
      name: config.name,
      compatibilityDate: config.compatibility_date,
      compatibilityFlags: config.compatibility_flags ?? [],
      modules: bundleModules(benchMain, config.rules),
      modulesRoot: dirname(benchMain),
      // A socket straight into this Worker, without the entry worker Miniflare puts in front of user Workers.
      unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
      bindings: { ...(config.vars ?? {}), ...secrets },
      d1Databases,
      durableObjects,
      ratelimits: Object.fromEntries((config.ratelimits ?? []).map((limiter) => [limiter.name, { namespace_id: String(limiter.namespace_id), simple: limiter.simple }])),
    },
  ],
}));

let disposing = false;
async function shutdown(code) {
  if (disposing) return;
  disposing = true;
  process.stderr.write(`[serve] log lines: ${JSON.stringify(logCounts)}\n`);
  try {
    await mf.dispose();
  } finally {
    process.exit(code);
  }
}
process.on("SIGTERM", () => void shutdown(0));
process.on("SIGINT", () => void shutdown(0));
process.stdin.on("end", () => void shutdown(0));
process.stdin.resume();

try {
  const url = await mf.ready;
  const directUrl = await mf.unsafeGetDirectURL(config.name);
  const inspectorUrl = inspectorPort === undefined ? null : String(await mf.getInspectorURL());
  process.stdout.write(`${JSON.stringify({ ready: true, url: String(url), directUrl: String(directUrl), inspectorUrl })}\n`);
} catch (error) {
  process.stderr.write(`[serve] failed to start: ${error?.stack ?? error}\n`);
  await shutdown(1);
}
