// `npm run dev`: local secrets, local D1 migrated, then `wrangler dev` with every extra argument passed through.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { constants } from "node:os";
import { dirname, join } from "node:path";
import { ensureDevVars, projectRoot } from "./ensure-dev-vars.mjs";

// Run wrangler's own JS entry with this Node (the npm `node` package, v22), not whatever `node` is on PATH:
// the machine's Node may be older than wrangler accepts.
const require = createRequire(join(projectRoot, "package.json"));
let wranglerManifestPath;
try {
  wranglerManifestPath = require.resolve("wrangler/package.json");
} catch {
  console.error("wrangler is not installed here: run `npm install` (or `npm ci`) first.");
  process.exit(1);
}
const wranglerManifest = JSON.parse(readFileSync(wranglerManifestPath, "utf8"));
const wranglerEntry = join(dirname(wranglerManifestPath), wranglerManifest.bin.wrangler);

const passThroughArgs = process.argv.slice(2);

// Flags that change which config, environment or local state `wrangler dev` uses must reach the
// migrations too, or they would migrate a database the dev server never reads.
const stateFlags = new Set(["--config", "-c", "--env", "-e", "--persist-to"]);
function stateSelectingArgs(args) {
  const selected = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (stateFlags.has(arg) && index + 1 < args.length) selected.push(arg, args[++index]);
    else if (stateFlags.has(arg.split("=")[0])) selected.push(arg);
  }
  return selected;
}

let child;
let receivedSignal;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    receivedSignal = signal;
    child?.kill(signal);
  });
}

function runWrangler(args, { stdin = "inherit", env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    child = spawn(process.execPath, [wranglerEntry, ...args], { cwd: projectRoot, env, stdio: [stdin, "inherit", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      child = undefined;
      resolve(code ?? 128 + (constants.signals[signal] ?? 0));
    });
  });
}

ensureDevVars();

// CI=true and no stdin: wrangler takes its non-interactive default ("yes") instead of prompting.
const migrateExitCode = await runWrangler(["d1", "migrations", "apply", "DB", "--local", ...stateSelectingArgs(passThroughArgs)], {
  stdin: "ignore",
  env: { ...process.env, CI: "true" },
});
if (migrateExitCode !== 0 || receivedSignal) {
  if (migrateExitCode !== 0) console.error(`Local D1 migrations failed (exit ${migrateExitCode}); not starting wrangler dev.`);
  process.exit(migrateExitCode || 128 + constants.signals[receivedSignal]);
}

process.exitCode = await runWrangler(["dev", ...passThroughArgs]);
