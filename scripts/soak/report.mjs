// Prints what the soak did and found, and decides its exit code.

const total = (map) => [...map.values()].reduce((sum, n) => sum + n, 0);

export function printReport({ stats, partners, audit, trafficSeconds, hardStopped }) {
  const requests = total(stats.requests);
  console.log(`\nrequests: ${requests} in ${trafficSeconds.toFixed(1)} s (${(requests / trafficSeconds).toFixed(0)}/s), by kind and status:`);
  const byKind = new Map();
  for (const [key, n] of stats.requests) {
    const cut = key.lastIndexOf(" ");
    const kind = key.slice(0, cut);
    byKind.set(kind, { ...byKind.get(kind), [key.slice(cut + 1)]: n });
  }
  const width = Math.max(...[...byKind.keys()].map((kind) => kind.length));
  for (const [kind, statuses] of [...byKind].sort(([a], [b]) => (a < b ? -1 : 1))) {
    console.log(`  ${kind.padEnd(width)}  ${Object.entries(statuses).map(([status, n]) => `${status}: ${n}`).join("  ")}`);
  }

  const sorted = [...stats.durations].sort((a, b) => a - b);
  const at = (q) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]).toFixed(0);
  console.log(`  latency ms: p50 ${at(0.5)}, p95 ${at(0.95)}, p99 ${at(0.99)}, max ${at(1)}`);

  console.log("\nledger:");
  for (const [name, n] of [...stats.counters].sort(([a], [b]) => (a < b ? -1 : 1))) console.log(`  ${name}: ${n}`);
  console.log(`  deposits still open in the pools: ${partners.reduce((sum, ps) => sum + ps.open.size, 0)}`);

  const failures = [];
  const serverErrors = [...stats.requests].filter(([key]) => / 5\d\d$/.test(key)).reduce((sum, [, n]) => sum + n, 0);
  const transport = [...stats.requests].filter(([key]) => key.endsWith(" ERR")).reduce((sum, [, n]) => sum + n, 0);
  if (serverErrors > 0) failures.push(`${serverErrors} 5xx answers:\n    ${stats.serverErrors.join("\n    ")}`);
  if (transport > 0) failures.push(`${transport} requests failed in transport${hardStopped ? " (some aborted by the hard stop)" : ""}:\n    ${stats.transportErrors.join("\n    ")}`);
  if (stats.anomalies.length > 0) failures.push(`${stats.anomalies.length} broken promises seen in traffic:\n    ${stats.anomalies.join("\n    ")}`);

  console.log("\naudit (GET /admin/audit, the soak's partners):");
  if (!audit.available) failures.push("GET /admin/audit is not available (404 after retries)");
  else {
    const { report } = audit;
    console.log(`  accounts_checked: ${report.accounts_checked}, entries_checked: ${report.entries_checked}, mismatches: ${report.mismatches.length}, projection_backlog: ${report.projection_backlog} (after ${(audit.waitedMs / 1000).toFixed(1)} s)`);
    if (report.mismatches.length > 0) failures.push(`audit mismatches:\n    ${report.mismatches.slice(0, 20).map((m) => JSON.stringify(m)).join("\n    ")}`);
    if (!audit.drained) failures.push(`the projection backlog is still ${report.projection_backlog} after ${(audit.waitedMs / 1000).toFixed(0)} s`);
  }

  if (failures.length === 0) {
    console.log("\nPASS: no 5xx, no broken promise, the audit found nothing and every projection drained");
    return 0;
  }
  console.log(`\nFAIL:\n  ${failures.join("\n  ")}`);
  return 1;
}
