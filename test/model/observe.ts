// Looks at everything the run's partner owns — the objects' exact balances and journals, both dialects' balance
// reads (or the Sophic refusal of an account it cannot show), the deposits, and, after draining every outbox,
// the D1 history and the Qash history read from it — and holds it to the model.
import { env, runInDurableObject, SELF } from "cloudflare:test";
import { accountObject } from "../../src/account/stub";
import { referenceObject } from "../../src/reference/stub";
import { BASE } from "../support/fixtures";
import type { ReferenceModel } from "./reference-model";
import { canonical } from "./step";
import { decimal, type Snapshot, type World } from "./world";

type Row = Record<string, unknown>;

async function getJson(path: string, headers: Record<string, string>): Promise<unknown> {
  const response = await SELF.fetch(`${BASE}${path}`, { headers });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as unknown;
}

/** What a refused read looks like in a snapshot: its status and the error's code. */
type RefusedRead = { status: number; code: unknown };

/** A read the model may expect to be refused (a Sophic view of an account in a currency it cannot show). */
async function getJsonOrRefusal(path: string, headers: Record<string, string>): Promise<unknown> {
  const response = await SELF.fetch(`${BASE}${path}`, { headers });
  const text = await response.text();
  if (response.status === 200) return JSON.parse(text) as unknown;
  if (response.status >= 500) throw new Error(`GET ${path} answered ${response.status}: ${text}`);
  const refused: RefusedRead = { status: response.status, code: (JSON.parse(text) as { code?: unknown }).code };
  return refused;
}

const not_shown_in_sophic: RefusedRead = { status: 422, code: "currency_not_supported" };

/** Rows per page of Qash history read; the pages are followed to the end. */
const history_page_rows = 100;

/** One Qash account's whole history in account mode: how many it says, how many it lists, their sum, each once. */
async function qashHistoryOf(world: World, accountId: number) {
  const ids: number[] = [];
  let sum = 0;
  let total = 0;
  for (let offset = 0; offset === 0 || offset < total; offset += history_page_rows) {
    const page = (await getJson(`/api/v1/user/transactions?accountId=${accountId}&limit=${history_page_rows}&offset=${offset}`, world.qash.headers)) as { items: Row[]; total: number };
    total = page.total;
    for (const item of page.items) {
      ids.push(Number(item.id));
      sum += Number(item.amount);
    }
    if (page.items.length === 0) break;
  }
  return { total, listed: ids.length, sum, once: new Set(ids).size === ids.length };
}

/** Inside one account's object: drain its outbox into D1, then read its exact balances and check its journal. */
function inspectAccount(id: number, partnerId: string) {
  return runInDurableObject(accountObject(env, id), async (instance) => {
    const drained = await instance.projectNow();
    return { backlog: drained.backlog, view: instance.view({ partnerId }), journal: instance.checkJournal() };
  });
}

/** Inside one reference's object: drain its outbox, count undelivered completions, read each deposit's state. */
function inspectReference(partnerId: string, reference: string) {
  return runInDurableObject(referenceObject(env, partnerId, reference), async (instance, state) => {
    const drained = await instance.projectNow();
    const rows = state.storage.sql.exec<{ deposit_id: number; state: string }>("SELECT deposit_id, state FROM deposits").toArray();
    return { backlog: drained.backlog, pending: instance.pendingCompletions(), rows };
  });
}

const reference_words: Record<string, string> = { open: "open", matched: "completed", canceled: "canceled" };

/** Everything observable about the run's partner, in plain data (so two snapshots compare as JSON). */
export async function observe(world: World): Promise<Snapshot> {
  const partner = world.partner.id;
  // One object per reference, however it was spelled.
  const references = [...new Map([...world.references].map((reference) => [reference.toUpperCase(), reference])).values()];
  const [referenceViews, perAccount] = await Promise.all([
    Promise.all(references.map((reference) => inspectReference(partner, reference))),
    Promise.all(
      Object.values(world.accounts).map(async (id) => {
        const [inside, cash, deposits] = await Promise.all([
          inspectAccount(id, partner),
          getJsonOrRefusal(`/accounts/${id}/cash-balances`, world.sophic.headers),
          getJsonOrRefusal(`/accounts/${id}/deposits?limit=100`, world.sophic.headers),
        ]);
        const buckets = Object.fromEntries((inside.view?.balances ?? []).map((b) => [`${b.currency}:${b.bucket}`, b.creditsMinor - b.debitsMinor]).filter(([, net]) => net !== 0));
        const depositRows = Array.isArray(deposits)
          ? (deposits as Row[]).map((d) => ({ id: Number(d.id), status: d.status, amount: d.amount, currency: d.currency, reference: d.payment_reference, advanced: d.was_advanced })).sort((a, b) => a.id - b.id)
          : deposits;
        return { id, backlog: inside.backlog, body: { buckets, journal: { entries: inside.journal.entries, mismatches: inside.journal.mismatches }, cash, deposits: depositRows } };
      }),
    ),
  ]);
  const drained = {
    backlog: [...perAccount, ...referenceViews].reduce((sum, view) => sum + view.backlog, 0),
    pendingCompletions: referenceViews.reduce((sum, view) => sum + view.pending, 0),
  };
  const states = referenceViews.flatMap((view) => view.rows).sort((a, b) => a.deposit_id - b.deposit_id);
  const referenceStates = Object.fromEntries(states.map((row) => [String(row.deposit_id), reference_words[row.state] ?? row.state]));
  const qashItems = ((await getJson("/api/v1/user/balance?limit=100", world.qash.headers)) as { items: Row[] }).items;
  // Read after every outbox was drained above, so D1 holds the whole history.
  const [qashAccountsHistory, qashRecent] = await Promise.all([
    Promise.all(qashItems.map(async (item) => [String(item.id), await qashHistoryOf(world, Number(item.id))] as const)),
    getJson("/api/v1/user/transactions?size=1", world.qash.headers) as Promise<{ total: number }>,
  ]);
  const [ledger, books, completions, events, payments, totals] = await env.DB.batch<Row>([
    env.DB.prepare("SELECT ledger_account AS name, SUM(CASE direction WHEN 'credit' THEN amount_minor ELSE -amount_minor END) AS net FROM journal_entries WHERE partner_id = ? GROUP BY ledger_account").bind(partner),
    env.DB.prepare("SELECT currency, SUM(CASE direction WHEN 'debit' THEN amount_minor ELSE 0 END) AS debits, SUM(CASE direction WHEN 'credit' THEN amount_minor ELSE 0 END) AS credits FROM journal_entries WHERE partner_id = ? GROUP BY currency ORDER BY currency").bind(partner),
    env.DB.prepare("SELECT deposit_id, COUNT(*) AS n FROM transactions WHERE partner_id = ? AND kind = 'deposit_completion' GROUP BY deposit_id ORDER BY deposit_id").bind(partner),
    env.DB.prepare("SELECT name, COUNT(*) AS n, COUNT(DISTINCT resource_id) AS resources FROM events WHERE partner_id = ? GROUP BY name ORDER BY name").bind(partner),
    env.DB.prepare("SELECT status, COUNT(*) AS n FROM inbound_payments WHERE partner_id = ? GROUP BY status ORDER BY status").bind(partner),
    env.DB.prepare("SELECT (SELECT COUNT(*) FROM transactions WHERE partner_id = ?1) AS transactions, (SELECT COUNT(*) FROM journal_entries WHERE partner_id = ?1) AS entries, (SELECT COUNT(*) FROM events WHERE partner_id = ?1) AS events").bind(partner),
  ]);
  const rows = (result: D1Result<Row> | undefined): Row[] => result?.results ?? [];
  return {
    drained,
    accounts: Object.fromEntries(perAccount.map((account) => [String(account.id), account.body])),
    references: referenceStates,
    qash: Object.fromEntries(qashItems.map((item) => [String(item.id), item.balance])),
    qashHistory: { accounts: Object.fromEntries(qashAccountsHistory), recentTotal: qashRecent.total },
    ledger: Object.fromEntries(rows(ledger).filter((row) => row.net !== 0).map((row) => [String(row.name), row.net])),
    books: rows(books),
    completions: rows(completions).map((row) => [row.deposit_id, row.n]),
    events: Object.fromEntries(rows(events).map((row) => [String(row.name), { n: row.n, resources: row.resources }])),
    payments: Object.fromEntries(rows(payments).map((row) => [String(row.status), row.n])),
    totals: rows(totals)[0],
  };
}

/** The snapshot the model says the ledger must be in (the same shape as `observe`'s, for one JSON diff). */
export function expected(world: World, model: ReferenceModel): Snapshot {
  const accounts = Object.values(world.accounts).map((id) => {
    const account = model.account(id);
    const buckets = Object.fromEntries([...account.balances].filter(([, net]) => net !== 0));
    const shown = model.sophicShows(id);
    const cash = !shown
      ? not_shown_in_sophic
      : account.currencies.map((currency) => {
          const settled = model.balance(id, currency, "settled");
          const held = settled + model.balance(id, currency, "unsettled");
          return { currency, total: decimal(held), available_for_trading: decimal(held), available_for_withdrawal: decimal(settled), reserved: decimal(0) };
        });
    const deposits = !shown
      ? not_shown_in_sophic
      : [...model.deposits.values()]
          .filter((deposit) => deposit.accountId === id)
          .sort((a, b) => a.id - b.id)
          .map((d) => ({ id: d.id, status: d.status, amount: decimal(d.amountMinor), currency: d.currency, reference: d.reference, advanced: d.advanced }));
    return [String(id), { buckets, journal: { entries: account.journalEntries, mismatches: [] }, cash, deposits }] as const;
  });
  const qashAccounts = [...model.accounts.values()].filter((account) => account.dialect === "qash");
  const completed = model.depositsWithStatus("completed").map((deposit) => deposit.id).sort((a, b) => a - b);
  const matched = model.payments.filter((payment) => payment.matched).length;
  const unmatched = model.payments.length - matched;
  const eventCounts: Record<string, number> = {
    "account.created": model.accounts.size,
    "deposit.created": model.deposits.size,
    "deposit.advanced": [...model.deposits.values()].filter((deposit) => deposit.advanced).length,
    "deposit.completed": completed.length,
    "deposit.canceled": model.depositsWithStatus("canceled").length,
    "inbound_payment.matched": matched,
    "inbound_payment.unmatched": unmatched,
    "transaction.completed": model.credits,
  };
  return {
    drained: { backlog: 0, pendingCompletions: 0 },
    accounts: Object.fromEntries(accounts),
    // The arbiter and the account agree on every deposit: open, completed (matched) or canceled.
    references: Object.fromEntries([...model.deposits.values()].sort((a, b) => a.id - b.id).map((deposit) => [String(deposit.id), deposit.status])),
    qash: Object.fromEntries(qashAccounts.map((account) => [String(account.id), model.balance(account.id, account.currencies[0] ?? "", "settled")])),
    // Qash history lists what moved the Qash balance, each once, and sums to it (both modes count the same).
    qashHistory: {
      accounts: Object.fromEntries(
        qashAccounts.map((account) => {
          const n = account.cashTransactions;
          return [String(account.id), { total: n, listed: n, sum: model.balance(account.id, account.currencies[0] ?? "", "settled"), once: true }];
        }),
      ),
      recentTotal: qashAccounts.reduce((sum, account) => sum + account.cashTransactions, 0),
    },
    ledger: Object.fromEntries(model.ledgerAccounts(world.partner.id)),
    // Debits equal credits in every currency across all of the partner's journal entries in D1.
    books: "balanced",
    // Exactly one completion per completed deposit, and none for any other: so no deposit completes twice.
    completions: completed.map((id) => [id, 1]),
    events: Object.fromEntries(Object.entries(eventCounts).filter(([, n]) => n > 0).sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, n]) => [name, { n, resources: n }])),
    payments: Object.fromEntries([["matched", matched], ["unmatched", unmatched]].filter(([, n]) => n !== 0)),
    // Row counts are not modeled; they only prove a refused command wrote nothing.
    totals: null,
  };
}

/** Holds an observation to the model; a refused step must also leave the observation exactly as it was. */
export function compare(world: World, model: ReferenceModel, seen: Snapshot, refused: boolean): void {
  const want = expected(world, model);
  const got: Snapshot = { ...seen, books: balancedBooks(seen.books), totals: null };
  const problems = Object.keys(want).filter((field) => canonical(got[field]) !== canonical(want[field]));
  const refusal = refused && world.snapshot !== null && canonical(seen) !== canonical(world.snapshot) ? ["a refused command changed the ledger"] : [];
  if (problems.length + refusal.length > 0) {
    const lines = problems.map((field) => `  ${field}:\n${difference(got[field], want[field])}`);
    throw new Error(`after "${world.trace.at(-1) ?? "setup"}": ${[...refusal, ...problems.map((field) => `${field} differs`)].join("; ")}\n${lines.join("\n")}\n  steps:\n    ${world.trace.join("\n    ")}`);
  }
  world.snapshot = seen;
}

function balancedBooks(books: unknown): unknown {
  const rows = books as Row[];
  const unbalanced = rows.filter((row) => row.debits !== row.credits);
  return unbalanced.length === 0 ? "balanced" : unbalanced;
}

/** The parts of two values that differ: per key for objects (one level down), else the whole values. */
function difference(ledger: unknown, model: unknown): string {
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
  if (!isObject(ledger) || !isObject(model)) return `    ledger ${canonical(ledger)}\n    model  ${canonical(model)}`;
  const keys = [...new Set([...Object.keys(ledger), ...Object.keys(model)])].filter((key) => canonical(ledger[key]) !== canonical(model[key]));
  return keys.map((key) => `    [${key}]\n      ledger ${canonical(ledger[key])}\n      model  ${canonical(model[key])}`).join("\n");
}
