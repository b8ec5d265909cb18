// Starts the real Worker the way the README does (`npm run dev`), on a free port and with its own local
// state, so a browser can drive it; and stops every process it started.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const project_root = fileURLToPath(new URL("../../../", import.meta.url));
const ready_timeout_ms = 90_000;
const stop_timeout_ms = 10_000;

export type DevServer = { baseUrl: string; adminToken: string; stop: () => Promise<void> };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
}

/** Signals the server's whole process group (npm's dev script, wrangler, workerd), and nothing else. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** The admin token `npm run dev` runs with: .dev.vars, created from .dev.vars.example when absent. */
function adminTokenOf(root: string): string {
  const token = /^ADMIN_TOKEN=(.*)$/m.exec(readFileSync(join(root, ".dev.vars"), "utf8"))?.[1]?.trim();
  if (!token) throw new Error("ADMIN_TOKEN is missing from .dev.vars");
  return token;
}

export async function startDevServer(): Promise<DevServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // Its own local D1 and objects: the test neither sees nor disturbs a developer's `npm run dev` state.
  const stateDir = mkdtempSync(join(tmpdir(), "deposit-ledger-e2e-"));
  const output: string[] = [];
  const child = spawn(process.execPath, ["scripts/dev.mjs", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", stateDir], {
    cwd: project_root,
    // Its own process group, so stopping it reaches wrangler and workerd too.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
  });
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));

  const stop = async () => {
    signalGroup(child, "SIGTERM");
    const stopped = await Promise.race([exited(child).then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), stop_timeout_ms))]);
    if (!stopped) signalGroup(child, "SIGKILL");
    rmSync(stateDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + ready_timeout_ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return { baseUrl, adminToken: adminTokenOf(project_root), stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await stop();
  throw new Error(`npm run dev did not answer /health at ${baseUrl} within ${ready_timeout_ms / 1000} s; its output:\n${output.join("")}`);
}
