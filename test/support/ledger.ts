// Helpers for driving the ledger through the Qash dialect and looking inside the account objects.
import { env, SELF } from "cloudflare:test";
import { accountObject } from "../../src/account/stub";
import { BASE, type QashSession } from "./fixtures";

export async function openQashAccount(session: QashSession, asset = "MXN", description = "Main wallet"): Promise<number> {
  const response = await SELF.fetch(`${BASE}/api/v1/user/accounts`, {
    method: "POST",
    headers: session.headers,
    body: JSON.stringify({ description, asset }),
  });
  if (response.status !== 201) throw new Error(`opening an account answered ${response.status}: ${await response.text()}`);
  const body = await response.json<{ id: number }>();
  return body.id;
}

export type DepositInput = { toAccountId: number; amount: unknown; currency?: string; provider?: string; description?: string; metadata?: unknown };

export function depositBody(input: DepositInput): Record<string, unknown> {
  return { currency: "MXN", provider: "irisbank", description: "Top-up via IrisBank", ...input };
}

export function deposit(session: QashSession, input: DepositInput, headers: Record<string, string> = {}): Promise<Response> {
  return SELF.fetch(`${BASE}/api/v1/user/deposit`, {
    method: "POST",
    headers: { ...session.headers, ...headers },
    body: JSON.stringify(depositBody(input)),
  });
}

export async function balanceOf(session: QashSession, accountId: number): Promise<number> {
  const response = await SELF.fetch(`${BASE}/api/v1/user/balance?limit=100`, { headers: session.headers });
  const body = await response.json<{ items: { id: number; balance: number }[] }>();
  const item = body.items.find((candidate) => candidate.id === accountId);
  if (item === undefined) throw new Error(`account ${accountId} is not in the balance list`);
  return item.balance;
}

/** Drains the account's outbox into D1 and says what is left. */
export async function project(accountId: number): Promise<number> {
  const outcome = await accountObject(env, accountId).projectNow();
  return outcome.backlog;
}

export function journalCheck(accountId: number) {
  return accountObject(env, accountId).checkJournal();
}

export async function historyRows(accountId: number): Promise<{ transactions: number; entries: number }> {
  const transactions = await env.DB.prepare("SELECT COUNT(*) AS n FROM transactions WHERE account_id = ?").bind(accountId).first<{ n: number }>();
  const entries = await env.DB.prepare("SELECT COUNT(*) AS n FROM journal_entries WHERE account_id = ?").bind(accountId).first<{ n: number }>();
  return { transactions: transactions?.n ?? 0, entries: entries?.n ?? 0 };
}

/** Everything a refused request must leave untouched: the exact balance, the journal, the history. */
export async function ledgerState(session: QashSession, accountId: number) {
  await project(accountId);
  return { balance: await balanceOf(session, accountId), journal: await journalCheck(accountId), history: await historyRows(accountId) };
}
