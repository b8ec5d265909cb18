// Starts the bench Worker under a runner, each in its own process group so one signal stops the runner and
// its workerd children, even when the benchmark itself fails. Every child is also killed at process exit.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { benchRoot, projectRoot, quietEnv, wranglerEntry } from "./paths.mjs";
import { workerdProcesses } from "./proc.mjs";

const start_timeout_ms = 90_000;
const stop_grace_ms = 5_000;
const live = new Set();

process.on("exit", () => {
  for (const pgid of live) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
});

function spawnGroup(args, label) {
  const child = spawn(process.execPath, args, { cwd: projectRoot, env: quietEnv, detached: true, stdio: ["pipe", "pipe", "pipe"] });
  live.add(child.pid);
  const stderrTail = [];
  createInterface({ input: child.stderr }).on("line", (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 40) stderrTail.shift();
    if (/error|\[workerd (warn|error)\]/i.test(line)) process.stderr.write(`  [${label}] ${line}\n`);
  });
  const exited = once(child, "exit");
  async function stop() {
    if (!live.has(child.pid)) return;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // Already gone.
    }
    const timer = new Promise((resolve) => setTimeout(resolve, stop_grace_ms).unref());
    await Promise.race([exited, timer]);
    // workerd may outlive its parent's exit by a moment: make sure nothing of the group is left.
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // The whole group is gone.
    }
    live.delete(child.pid);
  }
  return { child, stop, stderrTail, exited };
}

async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The Miniflare API in a child process: workerd with the bench bundle, nothing in front of it. */
export async function startMiniflare({ build, secrets, statePath, inspectorPort }) {
  const options = { config: build.config, benchMain: build.benchMain, secrets, statePath, inspectorPort };
  const group = spawnGroup([join(benchRoot, "lib", "serve.mjs"), JSON.stringify(options)], "miniflare");
  const lines = createInterface({ input: group.child.stdout });
  const ready = new Promise((resolve, reject) => {
    lines.on("line", (line) => {
      if (line.startsWith("{")) resolve(JSON.parse(line));
    });
    group.exited.then(([code]) => reject(new Error(`miniflare runner exited (${code}) before it was ready:\n${group.stderrTail.join("\n")}`)));
  });
  try {
    const info = await withTimeout(ready, start_timeout_ms, "starting Miniflare");
    return { name: "miniflare", pgid: group.child.pid, url: info.directUrl, entryUrl: info.url, inspectorUrl: info.inspectorUrl, stop: group.stop };
  } catch (error) {
    await group.stop();
    throw error;
  }
}

async function waitForHealth(url, deadlineMs) {
  while (Date.now() < deadlineMs) {
    try {
      const response = await fetch(new URL("/health", url), { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not up yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no 200 from ${url}health before the deadline`);
}

/** `wrangler dev` on the bench config: its own bundling, its proxy worker, its inspector, as developers run it. */
export async function startWranglerDev({ build, secrets, statePath, port }) {
  const vars = Object.entries(secrets).flatMap(([key, value]) => ["--var", `${key}:${value}`]);
  const args = [wranglerEntry(), "dev", "--config", build.configPath, "--ip", "127.0.0.1", "--port", String(port), "--persist-to", statePath];
  const group = spawnGroup([...args, "--show-interactive-dev-session=false", "--log-level", "warn", ...vars], "wrangler dev");
  const url = `http://127.0.0.1:${port}/`;
  try {
    await Promise.race([
      waitForHealth(url, Date.now() + start_timeout_ms),
      group.exited.then(([code]) => {
        throw new Error(`wrangler dev exited (${code}):\n${group.stderrTail.join("\n")}`);
      }),
    ]);
    return { name: "wrangler-dev", pgid: group.child.pid, url, entryUrl: url, inspectorUrl: null, stop: group.stop };
  } catch (error) {
    await group.stop();
    throw error;
  }
}

export { workerdProcesses };
