// One load run with autocannon over loopback, bounded by its duration (or request count), with the CPU the
// workerd processes and the load generator spent during it.
import autocannon from "autocannon";
import { machineBusySeconds, ownCpuSeconds, workerdCpuSeconds } from "./proc.mjs";

const request_timeout_s = 10;

export async function runLoad({ base, requests, connections, durationS, amount, overallRate, pgid }) {
  const workerdBefore = workerdCpuSeconds(pgid);
  const ownBefore = ownCpuSeconds();
  const machineBefore = machineBusySeconds();
  const started = performance.now();
  const result = await autocannon({
    url: base,
    connections,
    pipelining: 1,
    timeout: request_timeout_s,
    ...(amount === undefined ? { duration: durationS } : { amount, duration: durationS }),
    ...(overallRate === undefined ? {} : { overallRate }),
    requests,
  });
  const elapsedS = (performance.now() - started) / 1000;
  const workerdCpuS = workerdCpuSeconds(pgid) - workerdBefore;
  const loadCpuS = ownCpuSeconds() - ownBefore;
  const machineBusyS = machineBefore === null ? null : machineBusySeconds() - machineBefore;
  const completed = result.requests.total;
  const ok = result["2xx"];
  return {
    connections,
    requests: completed,
    ok,
    requests_per_s: completed / elapsedS,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
    errors_detail: { non_2xx: result.non2xx, socket: result.errors, timeouts: result.timeouts },
    status_codes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count])),
    elapsed_s: elapsedS,
    workerd_cpu_ms_per_request: completed > 0 ? (workerdCpuS * 1000) / completed : null,
    workerd_cpu_cores: workerdCpuS / elapsedS,
    load_generator_cpu_cores: loadCpuS / elapsedS,
    // workerd runs every isolate (Worker, objects, local D1) on one thread: near 1.0 it is CPU-bound; a machine
    // near its core count means other processes took CPU from the run.
    machine_busy_cores: machineBusyS === null ? null : machineBusyS / elapsedS,
  };
}
