// The soak's mixed traffic over both dialects. Each action claims (takes out of the shared pool) the open
// deposits it acts on, so it knows the one answer the ledger may give and calls anything else an anomaly.
// The race action is the deliberate exception: a cancel and a payment for the same deposit, either may win,
// never both.
import { randomUUID } from "node:crypto";

const rand = (n) => Math.floor(Math.random() * n);
const chance = (p) => Math.random() < p;
const pickOne = (items) => items[rand(items.length)];
const amountMinor = () => (chance(0.5) ? pickOne([100, 250, 1_000, 2_500]) : 1 + rand(100_000));
const randomCase = (text) => (chance(0.3) ? text.toLowerCase() : text);

/** Minor units as Sophic writes them; every currency the soak uses has two decimals. */
export const decimal = (minor) => {
  const digits = String(minor).padStart(3, "0");
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
};

const sameAnswer = (a, b) => a.status === b.status && JSON.stringify(a.body) === JSON.stringify(b.body);

/** True when the answer has the status expected. 429, 5xx and transport failures are counted elsewhere. */
function expectStatus(stats, answer, status, what) {
  if (answer.status === status) return true;
  if (answer.status === 429) stats.count("rate limited (429), backed off");
  else if (answer.status !== 0 && answer.status < 500) stats.anomaly(`${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  return false;
}

async function verifyReplay(stats, what, first, resend) {
  const again = await resend();
  if (again.status === 429 || again.status === 0 || again.status >= 500) return;
  if (!sameAnswer(first, again) || again.headers.get("Idempotent-Replayed") !== "true") {
    stats.anomaly(`${what}: a retry under the same key answered ${again.status} ${JSON.stringify(again.body)} instead of replaying ${JSON.stringify(first.body)}`);
  } else stats.count("idempotent retries replayed");
}

async function verifyConflict(stats, what, send) {
  const conflict = await send();
  if (expectStatus(stats, conflict, 409, `${what} (a reused key with another body)`)) stats.count("reused keys refused (409)");
}

// --- The pool of open deposits -------------------------------------------------------------------------------

function claimGroup(ps, reference) {
  const group = [...ps.open.values()].filter((deposit) => deposit.reference.toUpperCase() === reference.toUpperCase());
  for (const deposit of group) ps.open.delete(deposit.id);
  return group;
}

function claimAnyGroup(ps) {
  if (ps.open.size === 0) return null;
  const keys = [...ps.open.keys()];
  return claimGroup(ps, ps.open.get(pickOne(keys)).reference);
}

const release = (ps, deposits) => deposits.forEach((deposit) => ps.open.set(deposit.id, deposit));

function remember(list, item) {
  list.push(item);
  if (list.length > 200) list.shift();
}

/** Books a payment's answer; a deposit in two matched payments, or canceled and matched, is an anomaly. */
function recordPayment(ps, stats, body, claimed) {
  if (body.status !== "matched") return stats.count("payments unmatched");
  stats.count("payments matched");
  for (const id of body.deposits) {
    if (ps.completedBy.has(id)) stats.anomaly(`deposit ${id} completed twice: by payments ${ps.completedBy.get(id)} and ${body.id}`);
    if (ps.canceled.has(id)) stats.anomaly(`deposit ${id} was canceled and then matched by payment ${body.id}`);
    ps.completedBy.set(id, body.id);
    const account = claimed.find((deposit) => deposit.id === id)?.account;
    if (account !== undefined) remember(ps.settledSample, { id, account });
  }
  stats.count("deposits completed", body.deposits.length);
}

const sortedIds = (ids) => [...ids].map(String).sort().join(",");

// --- Actions ---------------------------------------------------------------------------------------------------

async function qashDeposit(ps, stats) {
  const account = pickOne(ps.qashAccounts);
  const key = chance(0.5) ? `soak-${randomUUID()}` : null;
  const headers = key ? { "Idempotency-Key": key } : {};
  const body = { toAccountId: Number(account.id), amount: amountMinor(), currency: account.currencies[0], provider: "irisbank", description: "Soak top-up" };
  const send = (json, kind = "POST /api/v1/user/deposit") => ps.session.qash(kind, "POST", "/api/v1/user/deposit", { json, headers });
  const first = await send(body);
  if (!expectStatus(stats, first, 200, "Qash deposit")) return;
  stats.count("Qash deposits credited");
  if (key && chance(0.3)) await verifyReplay(stats, "Qash deposit", first, () => send(body));
  if (key && chance(0.15)) await verifyConflict(stats, "Qash deposit", () => send({ ...body, amount: body.amount + 1 }));
}

function depositRequest(ps, account, { reference = null, currency = pickOne(account.currencies), minor = amountMinor() } = {}) {
  const json = { amount: decimal(minor), currency, request_advance: chance(0.5), ...(reference === null ? {} : { payment_reference: reference }) };
  return { account: account.id, minor, json };
}

function postDeposit(ps, request, headers = {}, prepaid = false) {
  return ps.session.sophic("POST /accounts/{id}/deposits", "POST", `/accounts/${request.account}/deposits`, { json: request.json, headers, prepaid });
}

function opened(ps, stats, request, body) {
  stats.count("Sophic deposits opened");
  if (body.was_advanced) stats.count("Sophic deposits advanced");
  return { id: body.id, account: request.account, minor: request.minor, currency: body.currency, reference: body.payment_reference };
}

async function sophicDeposit(ps, stats) {
  const request = depositRequest(ps, pickOne(ps.depositAccounts));
  const key = chance(0.5) ? `soak-${randomUUID()}` : null;
  const headers = key ? { "Idempotency-Key": key } : {};
  const first = await postDeposit(ps, request, headers);
  if (!expectStatus(stats, first, 201, "Sophic deposit")) return;
  const deposit = opened(ps, stats, request, first.body);
  if (key && chance(0.3)) await verifyReplay(stats, "Sophic deposit", first, () => postDeposit(ps, request, headers));
  if (key && chance(0.15)) await verifyConflict(stats, "Sophic deposit", () => postDeposit(ps, { ...request, json: { ...request.json, amount: decimal(request.minor + 1) } }, headers));
  ps.open.set(deposit.id, deposit);
}

function postPayment(ps, json, headers = {}, prepaid = false) {
  return ps.session.sophic("POST /inbound-payments", "POST", "/inbound-payments", { json, headers, prepaid });
}

/** 2-3 accounts share one reference; most batches are paid at once, with their exact sum. */
async function batch(ps, stats) {
  const accounts = ps.depositAccounts.filter((account) => account.currencies.includes("EUR")).sort(() => Math.random() - 0.5).slice(0, 2 + rand(2));
  const reference = `SOAK-${ps.index}-${ps.nextReference++}`;
  const requests = accounts.map((account) => depositRequest(ps, account, { reference, currency: "EUR" }));
  await ps.session.pace(requests.length);
  const answers = await Promise.all(requests.map((request) => postDeposit(ps, request, {}, true)));
  const deposits = answers.flatMap((answer, index) => (expectStatus(stats, answer, 201, "batch deposit") ? [opened(ps, stats, requests[index], answer.body)] : []));
  stats.count("batches opened");
  if (deposits.length < requests.length || chance(0.2)) return release(ps, deposits);
  const sum = deposits.reduce((total, deposit) => total + deposit.minor, 0);
  const paid = await postPayment(ps, { payment_reference: randomCase(reference), amount: decimal(sum), currency: "EUR" });
  if (!expectStatus(stats, paid, 201, "batch payment")) return;
  if (paid.body.status !== "matched" || sortedIds(paid.body.deposits) !== sortedIds(deposits.map((deposit) => deposit.id))) {
    stats.anomaly(`a batch payment of exactly ${decimal(sum)} for ${reference} answered ${JSON.stringify(paid.body)}`);
  }
  recordPayment(ps, stats, paid.body, deposits);
}

async function paymentExact(ps, stats) {
  const group = claimAnyGroup(ps);
  if (group === null) return sophicDeposit(ps, stats);
  const sum = group.reduce((total, deposit) => total + deposit.minor, 0);
  const key = chance(0.5) ? `soak-${randomUUID()}` : null;
  const headers = key ? { "Idempotency-Key": key } : {};
  const json = { payment_reference: randomCase(group[0].reference), amount: decimal(sum), currency: group[0].currency };
  const paid = await postPayment(ps, json, headers);
  if (!expectStatus(stats, paid, 201, "exact payment")) return paid.status === 429 ? release(ps, group) : undefined;
  if (paid.body.status !== "matched" || sortedIds(paid.body.deposits) !== sortedIds(group.map((deposit) => deposit.id))) {
    stats.anomaly(`an exact payment ${JSON.stringify(json)} for open deposits ${sortedIds(group.map((d) => d.id))} answered ${JSON.stringify(paid.body)}`);
  }
  recordPayment(ps, stats, paid.body, group);
  if (key && chance(0.3)) await verifyReplay(stats, "payment", paid, () => postPayment(ps, json, headers));
}

/** A payment one minor unit off, or in another currency: nothing may complete. */
async function paymentMismatched(ps, stats) {
  const group = claimAnyGroup(ps);
  if (group === null) return sophicDeposit(ps, stats);
  const sum = group.reduce((total, deposit) => total + deposit.minor, 0);
  const otherCurrency = chance(0.3);
  const currency = otherCurrency ? (group[0].currency === "EUR" ? "GBP" : "EUR") : group[0].currency;
  const minor = otherCurrency ? sum : sum > 1 && chance(0.5) ? sum - 1 : sum + 1;
  const json = { payment_reference: group[0].reference, amount: decimal(minor), currency };
  const paid = await postPayment(ps, json);
  if (expectStatus(stats, paid, 201, "mismatched payment")) {
    if (paid.body.status !== "unmatched" || paid.body.deposits.length !== 0) stats.anomaly(`a mismatched payment ${JSON.stringify(json)} answered ${JSON.stringify(paid.body)}`);
    recordPayment(ps, stats, paid.body, group);
  }
  if (paid.status === 201 || paid.status === 429) release(ps, group);
}

function postCancel(ps, deposit, headers = {}, prepaid = false) {
  return ps.session.sophic("POST /accounts/{id}/deposits/{id}/cancel", "POST", `/accounts/${deposit.account}/deposits/${deposit.id}/cancel`, { headers, prepaid });
}

async function cancelOpen(ps, stats) {
  const group = claimAnyGroup(ps);
  if (group === null) return sophicDeposit(ps, stats);
  const [deposit, ...rest] = group;
  release(ps, rest);
  const key = chance(0.5) ? `soak-${randomUUID()}` : null;
  const headers = key ? { "Idempotency-Key": key } : {};
  const answer = await postCancel(ps, deposit, headers);
  if (!expectStatus(stats, answer, 200, "cancel of an open deposit")) return answer.status === 429 ? release(ps, [deposit]) : undefined;
  if (answer.body.status !== "canceled") stats.anomaly(`a cancel answered 200 with ${JSON.stringify(answer.body)}`);
  ps.canceled.set(deposit.id, deposit.account);
  remember(ps.settledSample, { id: deposit.id, account: deposit.account });
  stats.count("deposits canceled");
  if (key && chance(0.3)) await verifyReplay(stats, "cancel", answer, () => postCancel(ps, deposit, headers));
}

/** A completed or canceled deposit cannot be canceled (409), however often it is asked. */
async function cancelSettled(ps, stats) {
  if (ps.settledSample.length === 0) return cancelOpen(ps, stats);
  const answer = await postCancel(ps, pickOne(ps.settledSample));
  if (expectStatus(stats, answer, 409, "cancel of a completed or canceled deposit")) stats.count("cancels of settled deposits refused (409)");
}

/** The same keyed request 2-5 times at once: one answer for all, one of them fresh, money moved once. */
async function keyedDuplicates(ps, stats) {
  const copies = 2 + rand(4);
  const headers = { "Idempotency-Key": `soak-${randomUUID()}` };
  const qash = chance(0.4);
  const request = depositRequest(ps, pickOne(ps.depositAccounts));
  const qashAccount = pickOne(ps.qashAccounts);
  const qashBody = { toAccountId: Number(qashAccount.id), amount: amountMinor(), currency: qashAccount.currencies[0], provider: "irisbank", description: "Soak duplicate" };
  await ps.session.pace(copies);
  const send = () => (qash ? ps.session.qash("POST /api/v1/user/deposit", "POST", "/api/v1/user/deposit", { json: qashBody, headers, prepaid: true }) : postDeposit(ps, request, headers, true));
  const answers = await Promise.all(Array.from({ length: copies }, send));
  if (answers.some((answer) => answer.status === 429 || answer.status === 0 || answer.status >= 500)) return stats.count("duplicate bursts not judged (429 or failure)");
  const fresh = answers.filter((answer) => answer.headers.get("Idempotent-Replayed") !== "true");
  if (!answers.every((answer) => sameAnswer(answer, answers[0])) || fresh.length !== 1 || answers[0].status !== (qash ? 200 : 201)) {
    return stats.anomaly(`${copies} concurrent copies under one key answered ${answers.map((a) => `${a.status}${a.headers.get("Idempotent-Replayed") ? "(replayed)" : ""} ${JSON.stringify(a.body)}`).join(" | ")}`);
  }
  stats.count("concurrent keyed duplicates (one answer, money once)");
  if (qash) stats.count("Qash deposits credited");
  else ps.open.set(answers[0].body.id, opened(ps, stats, request, answers[0].body));
}

/** The same payment report 2-5 times at once without a key: exactly one matches. */
async function paymentDuplicates(ps, stats) {
  const group = claimAnyGroup(ps);
  if (group === null) return sophicDeposit(ps, stats);
  const copies = 2 + rand(4);
  const json = { payment_reference: group[0].reference, amount: decimal(group.reduce((total, deposit) => total + deposit.minor, 0)), currency: group[0].currency };
  await ps.session.pace(copies);
  const answers = await Promise.all(Array.from({ length: copies }, () => postPayment(ps, json, {}, true)));
  const judged = answers.filter((answer) => expectStatus(stats, answer, 201, "duplicate payment"));
  for (const answer of judged) recordPayment(ps, stats, answer.body, group);
  const matched = judged.filter((answer) => answer.body.status === "matched").length;
  if (matched > 1 || (judged.length === copies && matched !== 1)) stats.anomaly(`${copies} identical payments at once: ${matched} matched`);
  else stats.count("concurrent duplicate payments (at most one matched)");
}

/** A cancel and the payment that would complete the same deposit, at once: exactly one wins. */
async function cancelRacesPayment(ps, stats) {
  const group = claimAnyGroup(ps);
  if (group === null) return sophicDeposit(ps, stats);
  const [target, ...rest] = group;
  const json = { payment_reference: target.reference, amount: decimal(group.reduce((total, deposit) => total + deposit.minor, 0)), currency: target.currency };
  await ps.session.pace(2);
  const [canceled, paid] = await Promise.all([postCancel(ps, target, {}, true), postPayment(ps, json, {}, true)]);
  if (!expectStatus(stats, paid, 201, "racing payment") || ![200, 409].includes(canceled.status)) return;
  recordPayment(ps, stats, paid.body, group);
  if (canceled.status === 200 && paid.body.status === "unmatched") {
    ps.canceled.set(target.id, target.account);
    stats.count("deposits canceled");
    stats.count("races won by the cancel");
    release(ps, rest);
  } else if (canceled.status === 409 && paid.body.status === "matched") stats.count("races won by the payment");
  else stats.anomaly(`a cancel (${canceled.status}) and a payment (${paid.body.status}) of deposit ${target.id} both won or both lost`);
}

/** One page of the partner's feed after its cursor: ids only ever grow. */
export async function pollEvents(ps, stats) {
  if (ps.polling) return readBalances(ps, stats);
  ps.polling = true;
  try {
    const answer = await ps.session.sophic("GET /events", "GET", `/events?after=${ps.eventCursor}&limit=100`);
    if (!expectStatus(stats, answer, 200, "events")) return;
    for (const event of answer.body) {
      if (BigInt(event.id) <= BigInt(ps.eventCursor)) stats.anomaly(`the feed answered event ${event.id} after ${ps.eventCursor}`);
      ps.eventCursor = event.id;
    }
    stats.count("events polled", answer.body.length);
  } finally {
    ps.polling = false;
  }
}

async function readBalances(ps, stats) {
  const account = pickOne(ps.depositAccounts);
  const [cash, qash] = await Promise.all([
    ps.session.sophic("GET /accounts/{id}/cash-balances", "GET", `/accounts/${account.id}/cash-balances`),
    ps.session.qash("GET /api/v1/user/balance", "GET", "/api/v1/user/balance?limit=100"),
  ]);
  expectStatus(stats, cash, 200, "cash balances");
  expectStatus(stats, qash, 200, "Qash balance");
}

const weighted = [
  [qashDeposit, 3],
  [sophicDeposit, 5],
  [batch, 2],
  [paymentExact, 3],
  [paymentMismatched, 2],
  [cancelOpen, 2],
  [cancelSettled, 1],
  [keyedDuplicates, 2],
  [paymentDuplicates, 1],
  [cancelRacesPayment, 1],
  [pollEvents, 2],
  [readBalances, 1],
].flatMap(([action, weight]) => Array.from({ length: weight }, () => action));

/** One worker: random actions for one partner until the deadline. */
export async function trafficLoop(ps, stats, deadline, signal) {
  while (Date.now() < deadline && !signal.aborted) {
    const action = pickOne(weighted);
    try {
      await action(ps, stats);
    } catch (error) {
      stats.anomaly(`${action.name} threw: ${error.stack ?? error}`);
    }
  }
}
