// The dedicated drain measurement: hold the projection of some accounts (their hubs write to a D1 that
// refuses everything, as in an outage), make a backlog of N deposits, release, and time the drain into D1.
import { call } from "./http.mjs";
import { runLoad } from "./load.mjs";
import { qashTenant } from "./provision.mjs";
import { historyCount, waitForHistory } from "./projection.mjs";

const json = { "Content-Type": "application/json" };

/**
 * The backlog is made through the bench's direct credit (AccountObject.credit, the same commit and outbox
 * record as a Qash deposit, without HTTP auth), so filling it takes seconds, not the deposit path's minutes.
 */
function creditRequests(accounts, partnerId) {
  let index = 0;
  return [
    {
      method: "POST",
      path: "/__bench/credit-direct",
      setupRequest(request) {
        const account = accounts[index % accounts.length];
        index += 1;
        request.headers = json;
        request.body = JSON.stringify({ accountId: account.accountId, partnerId, userId: account.session.userId, currency: "MXN", amount: 100 });
        return request;
      },
    },
  ];
}

/** One drain measurement over `accountCount` accounts of one partner, all draining into the one D1 database. */
export async function measureDrain({ base, adminToken, pgid, accountCount, records, waitS, log }) {
  const tenant = await qashTenant(base, adminToken, `drain-${accountCount}`, { userCount: 1, accountsPerUser: accountCount });
  const accountIds = tenant.accounts.map((account) => account.accountId);
  const partnerId = tenant.partner.id;
  // Opening an account drains its registry row before answering, so the backlog below holds deposits only.
  await call(base, "POST", "/__bench/projection/hold", { body: { accountIds } });
  const before = await historyCount(base, "transactions", partnerId);
  const fill = await runLoad({ base, requests: creditRequests(tenant.accounts, partnerId), connections: 32, amount: records, durationS: 120, pgid });
  const heldRows = (await historyCount(base, "transactions", partnerId)) - before;
  log(`    backlog: ${fill.ok} deposits in ${fill.elapsed_s.toFixed(1)} s (${heldRows} reached D1 while held)`);
  const started = performance.now();
  const { outcomes } = await call(base, "POST", "/__bench/projection/release", { body: { accountIds } });
  const releaseMs = performance.now() - started;
  const settleMs = await waitForHistory(base, "transactions", partnerId, before + fill.ok, waitS * 1000);
  const projected = outcomes.reduce((sum, outcome) => sum + outcome.projected, 0);
  const drainMs = Math.max(...outcomes.map((outcome) => outcome.drainMs));
  const failed = outcomes.filter((outcome) => outcome.failed || outcome.backlog > 0).length;
  // One outcome per hub the accounts drain into.
  return {
    accounts: accountCount,
    records: fill.ok,
    projected,
    held_rows_in_d1: heldRows,
    release_ms: releaseMs,
    drain_ms_in_hubs: drainMs,
    caught_up_after_release_ms: settleMs,
    records_per_s: fill.ok / (releaseMs / 1000),
    failed_hubs: failed,
    fill_errors: fill.errors,
  };
}
