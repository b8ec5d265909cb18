// Starts `npm run dev` on a free loopback port with its own local state, and stops its whole process group.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A port the kernel says is free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// What `npm run dev` needs to build and serve the Worker; node_modules is linked, not copied.
const snapshot_entries = ["src", "migrations", "scripts", "wrangler.toml", "package.json", "tsconfig.json", ".dev.vars", ".dev.vars.example"];

/**
 * A copy of the Worker's sources as they are now. `wrangler dev` rebuilds and restarts the Worker whenever a
 * watched file changes (no flag turns that off), which answers requests in flight with 503; soaking a copy
 * tests the code as it was when the soak started, however the tree is edited meanwhile.
 */
function snapshotOf(projectRoot, into) {
  for (const entry of snapshot_entries) {
    if (existsSync(join(projectRoot, entry))) cpSync(join(projectRoot, entry), join(into, entry), { recursive: true });
  }
  symlinkSync(join(projectRoot, "node_modules"), join(into, "node_modules"), "dir");
  return into;
}

/**
 * Spawns the dev server in its own process group (detached), so that stopping it reaches npm, wrangler and
 * workerd alike. Its D1 and objects live in a fresh directory: the soak neither reads nor disturbs the
 * state of anyone else's `npm run dev` in this tree. With `live`, it serves the tree itself, not a copy.
 */
export async function startDevServer(projectRoot, { live = false } = {}) {
  const port = await freePort();
  const stateDir = mkdtempSync(join(tmpdir(), "deposit-ledger-soak-"));
  const workDir = live ? projectRoot : snapshotOf(projectRoot, join(stateDir, "worker"));
  const logPath = join(stateDir, "dev.log");
  const log = openSync(logPath, "a");
  const devArgs = ["--port", String(port), "--ip", "127.0.0.1", "--persist-to", join(stateDir, "state")];
  // Under `npm run soak`, npm tells us where it lives: run `npm run dev` itself. Otherwise run the same script.
  const command = process.env.npm_execpath ? [process.env.npm_execpath, "run", "dev", "--", ...devArgs] : [join(workDir, "scripts", "dev.mjs"), ...devArgs];
  const child = spawn(process.execPath, command, {
    cwd: workDir,
    detached: true,
    stdio: ["ignore", log, log],
    // No telemetry and no fetch of a sample Request.cf (the soak talks to loopback only); no restart when
    // someone edits wrangler.toml mid-soak.
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_CI_DISABLE_CONFIG_WATCHING: "true" },
  });
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });

  const server = {
    baseUrl: `http://127.0.0.1:${port}`,
    workDir,
    logTail: (lines = 40) => readFileSync(logPath, "utf8").split("\n").slice(-lines).join("\n"),
    get exited() {
      return exited;
    },
    /** SIGTERM to the group, SIGKILL after 10 s; then the state directory goes. Safe to call twice. */
    async stop() {
      if (!exited) {
        signalGroup(child.pid, "SIGTERM");
        const deadline = Date.now() + 10_000;
        while (!exited && Date.now() < deadline) await sleep(100);
        // Also reaches grandchildren that outlived the group leader.
        signalGroup(child.pid, "SIGKILL");
      }
      rmSync(stateDir, { recursive: true, force: true });
    },
    /** The same, synchronously, for the last moment of an exiting process. */
    killNow() {
      signalGroup(child.pid, "SIGKILL");
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
  return server;
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if (error.code !== "ESRCH") throw error;
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls /health until it answers 200; fails early if the server exits. */
export async function waitForHealth(server, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exited) break;
    try {
      const response = await fetch(`${server.baseUrl}/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(500);
  }
  throw new Error(`npm run dev ${server.exited ? "exited" : `did not answer /health within ${timeoutMs / 1000} s`}; its output:\n${server.logTail()}`);
}
