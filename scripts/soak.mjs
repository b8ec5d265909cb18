// `npm run soak -- --minutes N`: mixed traffic over both dialects against `npm run dev` on loopback (or against
// BASE_URL), for a bounded time with bounded concurrency, then the operator audit once projections drained,
// a full read of every partner's events feed, and the counts. Exits non-zero on any 5xx, transport failure,
// broken promise seen in traffic, audit mismatch, or a backlog that did not drain.
//   --minutes N        how long traffic runs (default 1; fractions allowed)
//   --concurrency N    requests in flight at most, one per worker (default 16)
//   --partners N       partners the workers are spread over (default 8)
//   --partner-rps N    each partner's pace, below the Worker's 600 per 10 s limit (default 50)
//   --live             serve the working tree itself, not a copy taken at start (edits then restart it)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ensureDevVars, projectRoot } from "./ensure-dev-vars.mjs";
import { auditUntilDrained, checkFeed } from "./soak/audit.mjs";
import { Http, Stats } from "./soak/client.mjs";
import { startDevServer, waitForHealth } from "./soak/dev-server.mjs";
import { provisionPartner } from "./soak/provision.mjs";
import { printReport } from "./soak/report.mjs";
import { trafficLoop } from "./soak/traffic.mjs";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "1" },
    concurrency: { type: "string", default: "16" },
    partners: { type: "string", default: "8" },
    "partner-rps": { type: "string", default: "50" },
    live: { type: "boolean", default: false },
  },
});
const number = (name, min, max) => {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value < min || value > max) {
    console.error(`--${name} must be a number from ${min} to ${max}, got ${values[name]}`);
    process.exit(2);
  }
  return value;
};
const minutes = number("minutes", 0.05, 24 * 60);
const concurrency = Math.floor(number("concurrency", 1, 256));
const partnerCount = Math.floor(number("partners", 1, 64));
const partnerRps = number("partner-rps", 1, 59);

/**
 * The dev server this script starts reads ADMIN_TOKEN from .dev.vars, so that is the token then; against
 * BASE_URL, ADMIN_TOKEN from the environment wins.
 */
function adminToken(external) {
  if (external && process.env.ADMIN_TOKEN) return process.env.ADMIN_TOKEN;
  ensureDevVars();
  const line = readFileSync(join(projectRoot, ".dev.vars"), "utf8").split("\n").find((text) => text.startsWith("ADMIN_TOKEN="));
  const token = line?.slice("ADMIN_TOKEN=".length).trim().replace(/^"(.*)"$/, "$1");
  if (!token) throw new Error("no ADMIN_TOKEN in the environment or in .dev.vars");
  return token;
}

let server = null;
// Whatever ends this process, the dev server's process group goes with it.
process.on("exit", () => server?.killNow());
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    console.error(`\n${signal}: stopping the dev server`);
    await server?.stop();
    server = null;
    process.exit(130);
  });
}

async function main() {
  let baseUrl = process.env.BASE_URL;
  const token = adminToken(baseUrl !== undefined);
  if (baseUrl === undefined) {
    console.log(`starting npm run dev on a free loopback port, own local state, ${values.live ? "serving the working tree" : "serving a copy of the sources taken now"}...`);
    server = await startDevServer(projectRoot, { live: values.live });
    await waitForHealth(server);
    baseUrl = server.baseUrl;
  }
  const url = new URL(baseUrl);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) throw new Error(`the soak runs over loopback only; BASE_URL is ${baseUrl}`);

  const stats = new Stats();
  const trafficMs = minutes * 60_000;
  // The hard stop: requests still in flight this long after the deadline are aborted (and counted as failures).
  const hardStop = new AbortController();
  const http = new Http(baseUrl, stats, { signal: hardStop.signal });
  const partners = await Promise.all(Array.from({ length: partnerCount }, (_, index) => provisionPartner(http, token, index, partnerRps)));
  console.log(`soak: ${minutes} min against ${baseUrl}, ${partnerCount} partners at ${partnerRps} req/s each, concurrency ${concurrency}`);

  const started = Date.now();
  const deadline = started + trafficMs;
  const hardStopTimer = setTimeout(() => hardStop.abort(new Error("hard stop")), trafficMs + 30_000);
  const progress = setInterval(() => console.log(`  ${Math.round((Date.now() - started) / 1000)} s: ${[...stats.requests.values()].reduce((a, b) => a + b, 0)} requests`), 15_000);
  await Promise.all(Array.from({ length: concurrency }, (_, worker) => trafficLoop(partners[worker % partners.length], stats, deadline, hardStop.signal)));
  clearInterval(progress);
  clearTimeout(hardStopTimer);
  const trafficSeconds = (Date.now() - started) / 1000;

  const audit = await auditUntilDrained(new Http(baseUrl, stats), token, partners.map((ps) => ps.session.partner.id));
  if (audit.drained) for (const ps of partners) await checkFeed(ps, stats);
  return printReport({ stats, partners, audit, trafficSeconds, hardStopped: hardStop.signal.aborted });
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(`soak failed: ${error.stack ?? error}`);
}
await server?.stop();
server = null;
process.exit(exitCode);
