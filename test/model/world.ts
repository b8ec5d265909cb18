// The real side of a model run: one fresh partner with a Qash user and a Sophic client, five accounts
// across both dialects, and the HTTP requests each model input becomes.
import { SELF } from "cloudflare:test";
import { BASE, createPartner, qashSession, type QashSession, type TestPartner } from "../support/fixtures";
import { openQashAccount } from "../support/ledger";
import { openAccount, sophicClient, type SophicClient } from "../support/sophic";
import type { Dialect, LedgerInput, ReferenceModel } from "./reference-model";

export const account_names = ["qashEur", "qashMxn", "sophicEur", "sophicUsd", "sophicEur2"] as const;
export type AccountName = (typeof account_names)[number];

/** How a Sophic amount is spelled. The Idempotency-Key fingerprint covers the amount, not its spelling. */
export type AmountStyle = "fixed" | "trimmed" | "number";

export type Answer = { status: number; body: unknown; replayed: boolean };

export type Snapshot = Record<string, unknown>;

export type World = {
  partner: TestPartner;
  qash: QashSession;
  sophic: SophicClient;
  accounts: Record<AccountName, number>;
  /** Every reference spelling a request carried, so each reference object's outbox can be drained. */
  references: Set<string>;
  /** What each step did, resolved against the model: printed with any failure. */
  trace: string[];
  /** The state observed after the last step, to prove a refused command changed nothing. */
  snapshot: Snapshot | null;
  nextKey: number;
  nextBatch: number;
};

const plan: Record<AccountName, { dialect: Dialect; currencies: string[] }> = {
  qashEur: { dialect: "qash", currencies: ["EUR"] },
  qashMxn: { dialect: "qash", currencies: ["MXN"] },
  sophicEur: { dialect: "sophic", currencies: ["EUR", "USD"] },
  sophicUsd: { dialect: "sophic", currencies: ["USD", "GBP"] },
  sophicEur2: { dialect: "sophic", currencies: ["EUR"] },
};

/** A fresh partner per run, so every D1 check can be scoped to it. */
export async function createWorld(model: ReferenceModel): Promise<World> {
  const partner = await createPartner(`Model ${crypto.randomUUID()}`);
  const [qash, sophic] = await Promise.all([qashSession(partner), sophicClient(partner)]);
  const entries = await Promise.all(
    account_names.map(async (name): Promise<[AccountName, number]> => {
      const { dialect, currencies } = plan[name];
      const [base = "EUR"] = currencies;
      if (dialect === "qash") return [name, await openQashAccount(qash, base, name)];
      return [name, Number((await openAccount(sophic, { name, base_currency: base, funding_currencies: currencies })).id)];
    }),
  );
  const accounts = Object.fromEntries(entries) as Record<AccountName, number>;
  for (const name of account_names) model.openAccount(accounts[name], plan[name].dialect, plan[name].currencies);
  return { partner, qash, sophic, accounts, references: new Set(), trace: [], snapshot: null, nextKey: 1, nextBatch: 1 };
}

export function freshKey(world: World): string {
  const key = `model-${world.nextKey}`;
  world.nextKey += 1;
  return key;
}

/** Minor units as the Sophic dialect writes them (every currency used here has two decimals). */
export function decimal(minor: number): string {
  const sign = minor < 0 ? "-" : "";
  const digits = String(Math.abs(minor)).padStart(3, "0");
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

function spelled(minor: number, style: AmountStyle): string | number {
  const fixed = decimal(minor);
  if (style === "number") return Number(fixed);
  return style === "trimmed" ? fixed.replace(/\.?0+$/, "") : fixed;
}

/** The one HTTP request a model input is, in its dialect. */
export function requestFor(world: World, input: LedgerInput, style: AmountStyle): Request {
  const keyHeader: Record<string, string> = input.key === null ? {} : { "Idempotency-Key": input.key };
  const post = (path: string, headers: Record<string, string>, body: unknown) =>
    new Request(`${BASE}${path}`, { method: "POST", headers: { ...headers, ...keyHeader }, body: body === undefined ? null : JSON.stringify(body) });
  switch (input.op) {
    case "qash-deposit":
      return post("/api/v1/user/deposit", world.qash.headers, {
        toAccountId: input.accountId,
        amount: input.amountMinor,
        currency: input.currency,
        provider: "irisbank",
        description: "Model top-up",
      });
    case "sophic-deposit":
      return post(`/accounts/${input.accountId}/deposits`, world.sophic.headers, {
        amount: spelled(input.amountMinor, style),
        currency: input.currency,
        request_advance: input.advance,
        ...(input.reference === null ? {} : { payment_reference: input.reference }),
      });
    case "cancel":
      return post(`/accounts/${input.accountId}/deposits/${input.depositId}/cancel`, world.sophic.headers, undefined);
    case "payment":
      return post("/inbound-payments", world.sophic.headers, { payment_reference: input.reference, amount: spelled(input.amountMinor, style), currency: input.currency });
  }
}

export async function send(world: World, input: LedgerInput, style: AmountStyle): Promise<Answer> {
  const reference = input.op === "payment" || input.op === "sophic-deposit" ? input.reference : null;
  if (reference !== null) world.references.add(reference);
  const response = await SELF.fetch(requestFor(world, input, style));
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    // Kept as text: the check that follows names it.
  }
  return { status: response.status, body, replayed: response.headers.get("Idempotent-Replayed") === "true" };
}

export function describeInput(input: LedgerInput): string {
  const key = input.key === null ? "" : ` key=${input.key}`;
  switch (input.op) {
    case "qash-deposit":
      return `qash-deposit ${input.amountMinor} ${input.currency} -> ${input.accountId}${key}`;
    case "sophic-deposit":
      return `sophic-deposit ${input.amountMinor} ${input.currency} -> ${input.accountId} ref=${input.reference ?? "(generated)"}${input.advance ? " advanced" : ""}${key}`;
    case "cancel":
      return `cancel ${input.depositId} @ ${input.accountId}${key}`;
    case "payment":
      return `payment ${input.amountMinor} ${input.currency} ref=${input.reference}${key}`;
  }
}
