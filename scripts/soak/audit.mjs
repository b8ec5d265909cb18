// After the traffic: the operator audit, polled until every projection has drained, and a full read of each
// partner's events feed held to what the traffic saw happen.
import { sleep } from "./dev-server.mjs";

/** One full audit of the given partners (every page of each); null when the endpoint is not there (404). */
async function auditOnce(http, adminToken, partnerIds) {
  const total = { accounts_checked: 0, entries_checked: 0, mismatches: [], projection_backlog: 0 };
  for (const partnerId of partnerIds) {
    let after = 0;
    for (;;) {
      const answer = await http.request("GET /admin/audit", "GET", `/admin/audit?partner_id=${encodeURIComponent(partnerId)}&after=${after}&limit=200`, {
        headers: { Authorization: `Bearer ${adminToken}` },
      });
      if (answer.status === 404) return null;
      if (answer.status !== 200) throw new Error(`GET /admin/audit answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      const page = answer.body;
      total.accounts_checked += page.accounts_checked;
      total.entries_checked += page.entries_checked;
      total.projection_backlog += page.projection_backlog;
      total.mismatches.push(...page.mismatches.map((mismatch) => ({ partner_id: partnerId, ...mismatch })));
      if (page.next_after === null || page.next_after === undefined) break;
      after = page.next_after;
    }
  }
  return total;
}

/**
 * Polls the audit until the projection backlog is 0 or `drainTimeoutMs` passed. A 404 (the audit is not in
 * this build yet) is retried a few times with a clear message before giving up.
 */
export async function auditUntilDrained(http, adminToken, partnerIds, { drainTimeoutMs = 30_000, notFoundRetries = 5 } = {}) {
  const started = Date.now();
  let missing = 0;
  for (;;) {
    const report = await auditOnce(http, adminToken, partnerIds);
    if (report === null) {
      missing += 1;
      if (missing > notFoundRetries) return { available: false, drained: false, report: null, waitedMs: Date.now() - started };
      console.error(`GET /admin/audit answered 404: the audit is not in this build yet; retrying in 3 s (${missing}/${notFoundRetries})`);
      await sleep(3_000);
      continue;
    }
    const waitedMs = Date.now() - started;
    if (report.projection_backlog === 0) return { available: true, drained: true, report, waitedMs };
    if (waitedMs > drainTimeoutMs) return { available: true, drained: false, report, waitedMs };
    await sleep(1_000);
  }
}

/**
 * Reads a partner's whole feed: no event id twice, no deposit completed or canceled twice, and exactly the
 * completions and cancellations the traffic's answers announced.
 */
export async function checkFeed(ps, stats) {
  const seen = new Set();
  const completed = new Set();
  const canceled = new Set();
  let after = "0";
  for (;;) {
    const page = await ps.session.sophic("GET /events", "GET", `/events?after=${after}&limit=100`);
    if (page.status !== 200) return stats.anomaly(`reading the feed of partner ${ps.index} answered ${page.status}`);
    if (page.body.length === 0) break;
    for (const event of page.body) {
      if (seen.has(event.id)) stats.anomaly(`event ${event.id} appeared twice in the feed`);
      seen.add(event.id);
      const onceOnly = event.name === "deposit.completed" ? completed : event.name === "deposit.canceled" ? canceled : null;
      if (onceOnly?.has(event.resource.id)) stats.anomaly(`${event.name} for deposit ${event.resource.id} appeared twice`);
      onceOnly?.add(event.resource.id);
      after = event.id;
    }
  }
  stats.count("events in the feeds after draining", seen.size);
  // A change whose answer was lost (a 5xx or a dropped connection after the commit) is in the feed but was
  // never announced; such runs fail anyway, so extras are only judged when every answer arrived.
  const answersLost = [...stats.requests.keys()].some((key) => / (5\d\d|ERR)$/.test(key));
  const differ = (name, fromFeed, fromAnswers) => {
    const missing = [...fromAnswers].filter((id) => !fromFeed.has(id));
    const extra = answersLost ? [] : [...fromFeed].filter((id) => !fromAnswers.has(id));
    if (missing.length + extra.length > 0) stats.anomaly(`partner ${ps.index}: ${name} events lack [${missing.slice(0, 10)}] and have unannounced [${extra.slice(0, 10)}]`);
  };
  differ("deposit.completed", completed, new Set(ps.completedBy.keys()));
  differ("deposit.canceled", canceled, new Set(ps.canceled.keys()));
}
