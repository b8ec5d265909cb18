// Builds the two bundles with `wrangler deploy --dry-run`: the production Worker from wrangler.toml, and the
// bench Worker from a config derived from wrangler.toml plus bench/wrangler.bench.toml.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { experimental_readRawConfig } from "wrangler";
import { benchRoot, projectRoot, quietEnv, wranglerEntry } from "./paths.mjs";

/** wrangler's default module rules, after the config's own (https://developers.cloudflare.com/workers/wrangler/bundling/). */
const default_rules = [
  { type: "Text", globs: ["**/*.txt", "**/*.html", "**/*.sql"] },
  { type: "Data", globs: ["**/*.bin"] },
  { type: "CompiledWasm", globs: ["**/*.wasm", "**/*.wasm?module"] },
];
const build_timeout_ms = 120_000;

function readRaw(path) {
  return experimental_readRawConfig({ config: path }).rawConfig;
}

/** The production config with the bench's additions: same bindings, migrations and rules, another entry. */
export function benchConfig() {
  const production = readRaw(join(projectRoot, "wrangler.toml"));
  const additions = readRaw(join(benchRoot, "wrangler.bench.toml"));
  return {
    ...production,
    name: additions.name,
    main: join(benchRoot, additions.main),
    d1_databases: (production.d1_databases ?? []).map((database) => ({
      ...database,
      migrations_dir: join(projectRoot, database.migrations_dir ?? "migrations"),
    })),
    durable_objects: { bindings: [...(production.durable_objects?.bindings ?? []), ...(additions.durable_objects?.bindings ?? [])] },
    migrations: [...(production.migrations ?? []), ...(additions.migrations ?? [])],
    ratelimits: replaceByName(production.ratelimits, additions.ratelimits),
    // Crons never fire in a benchmark; leaving them out keeps the runner from scheduling anything.
    triggers: undefined,
  };
}

/** The production entries, each replaced by the bench's entry of the same name; the bench's new ones appended. */
function replaceByName(production = [], additions = []) {
  const names = new Set(additions.map((entry) => entry.name));
  return [...production.filter((entry) => !names.has(entry.name)), ...additions];
}

function runWrangler(args) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [wranglerEntry(), ...args], { cwd: projectRoot, env: quietEnv, encoding: "utf8", timeout: build_timeout_ms });
  if (result.status !== 0) throw new Error(`wrangler ${args.join(" ")} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  return Date.now() - started;
}

function bundleBytes(dir) {
  return readdirSync(dir)
    .filter((name) => !name.endsWith(".map") && name !== "README.md")
    .reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

/** Builds both bundles into `workDir` and checks the production one carries no bench entry point. */
export function buildBundles(workDir) {
  const config = benchConfig();
  const configPath = join(workDir, "wrangler.bench.json");
  mkdirSync(workDir, { recursive: true });
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const productionDir = join(workDir, "production");
  const benchDir = join(workDir, "bench");
  const productionBuildMs = runWrangler(["deploy", "--dry-run", "--outdir", productionDir, "--config", join(projectRoot, "wrangler.toml")]);
  const benchBuildMs = runWrangler(["deploy", "--dry-run", "--outdir", benchDir, "--config", configPath]);
  const productionMain = join(productionDir, "index.js");
  if (readFileSync(productionMain, "utf8").includes("/__bench/")) throw new Error("the production bundle contains a /__bench/ route");
  return {
    config,
    configPath,
    productionDir,
    benchDir,
    benchMain: join(benchDir, basename(config.main).replace(/\.ts$/, ".js")),
    productionBundleBytes: bundleBytes(productionDir),
    benchBundleBytes: bundleBytes(benchDir),
    productionBuildMs,
    benchBuildMs,
  };
}

function globToRegExp(glob) {
  let source = "";
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob[index];
    if (char === "*" && glob[index + 1] === "*") {
      source += ".*";
      index += 1;
      if (glob[index + 1] === "/") index += 1;
    } else if (char === "*") source += "[^/]*";
    else source += char.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/** The module type wrangler gave an extra module: rules match the import's path, which the bundle keeps after a hash. */
function moduleType(fileName, rules) {
  const original = fileName.replace(/^[0-9a-f]{40}-/, "");
  for (const rule of rules) {
    for (const glob of rule.globs) {
      const tail = glob.split("/").at(-1);
      if (globToRegExp(glob).test(original) || globToRegExp(`**/${tail}`).test(original)) return rule.type;
    }
  }
  return "ESModule";
}

/** Miniflare's module list for a wrangler bundle: the entry, then every relative import it names. */
export function bundleModules(mainPath, rules) {
  const dir = join(mainPath, "..");
  const source = readFileSync(mainPath, "utf8");
  const imported = new Set([...source.matchAll(/from\s*"\.\/([^"]+)"/g)].map((match) => match[1]));
  const allRules = [...(rules ?? []), ...default_rules];
  return [
    { type: "ESModule", path: mainPath },
    ...[...imported].map((name) => ({ type: moduleType(name, allRules), path: join(dir, name) })),
  ];
}

/** .dev.vars.example's one name that is no secret: the bench runs as a deployment does, without it. */
const local_development_variable = "LOCAL_DEVELOPMENT";

/**
 * Random values for every secret .dev.vars.example names, so no developer secret is ever used (and the
 * Worker, which refuses the example secrets outside local development, serves).
 */
export function benchSecrets() {
  const example = readFileSync(join(projectRoot, ".dev.vars.example"), "utf8");
  const secrets = {};
  for (const line of example.split("\n")) {
    const match = /^([A-Z][A-Z0-9_]*)=/.exec(line.trim());
    if (match && match[1] !== local_development_variable) secrets[match[1]] = `bench-${randomBytes(24).toString("hex")}`;
  }
  return secrets;
}
