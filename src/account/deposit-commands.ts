// The bodies of the Sophic deposit commands. Each runs inside the account object's transaction.
import { assertBalanced, cancelDepositLegs, completeDepositLegs, invariant, openDepositLegs, type Leg } from "../ledger/journal";
import { isCurrency } from "../ledger/currencies";
import { generatedPaymentReference } from "../ledger/payment-reference";
import type { Refusal } from "../ledger/refusals";
import type { AccountRecord } from "./books";
import type { Completion } from "../reference/commands";
import type { CreateDepositCommand, DepositView, TransactionView } from "./commands";
import { depositRow, depositView, readDeposit, saveDeposit, type StoredDeposit } from "./deposit-book";
import { eventRow, type LedgerEvent } from "../events/ledger-event";
import { journal, moveBalances, type LedgerWriter } from "./ledger-writer";

type Outcome = { ok: true; deposit: StoredDeposit } | { ok: false; refusal: Refusal };

/** Opens a deposit under the id given: pending, or unsettled at once when an advance was asked for. */
export function openDeposit(writer: LedgerWriter, account: AccountRecord, command: CreateDepositCommand, nowMs: number, id: number): Outcome {
  const currency = command.currency;
  if (!isCurrency(currency) || !account.fundingCurrencies.includes(currency)) {
    return { ok: false, refusal: { kind: "currency_not_supported", currency, accepted: account.fundingCurrencies } };
  }
  const movement = { accountId: account.id, partnerId: account.partnerId, currency, amountMinor: command.amountMinor };
  const legs = openDepositLegs(movement, command.requestAdvance);
  const refusal = moveBalances(writer, account, legs);
  if (refusal !== null) return { ok: false, refusal };

  const at = new Date(nowMs).toISOString();
  const deposit: StoredDeposit = {
    id,
    accountId: account.id,
    amountMinor: command.amountMinor,
    currency,
    paymentReference: command.paymentReference ?? generatedPaymentReference(id),
    wasAdvanced: command.requestAdvance,
    status: "open",
    createdAt: at,
    modifiedAt: at,
    advancedAt: command.requestAdvance ? at : null,
    completedAt: null,
    canceledAt: null,
    version: 1,
  };
  saveDeposit(writer.sql, deposit);
  // The deposit and its opening transaction share the id: the opening is the deposit's first entry.
  const names: DepositEventName[] = command.requestAdvance ? ["deposit.created", "deposit.advanced"] : ["deposit.created"];
  record(writer, account, deposit, { id, kind: "deposit_open", description: `Deposit ${id} opened` }, legs, names);
  writer.sql.exec("INSERT INTO reference_registrations (deposit_id) VALUES (?)", id);
  return { ok: true, deposit };
}

/** Applies a completion the payment reference decided. Idempotent: a completed deposit stays as it is. */
export function completeDeposit(writer: LedgerWriter, account: AccountRecord, completion: Completion, nowMs: number): StoredDeposit {
  const deposit = readDeposit(writer.sql, account.id, completion.depositId);
  invariant(deposit !== null, `a payment completed deposit ${completion.depositId}, which this account does not hold`);
  if (deposit.status === "completed") return deposit;
  invariant(deposit.status === "open", `deposit ${deposit.id} was matched by a payment but is ${deposit.status}`);
  const legs = completeDepositLegs(movementOf(account, deposit), deposit.wasAdvanced);
  const refusal = moveBalances(writer, account, legs);
  invariant(refusal === null, `completing deposit ${deposit.id} was refused: ${refusal?.kind}`);
  const completed: StoredDeposit = { ...deposit, status: "completed", completedAt: completion.completedAt, modifiedAt: new Date(nowMs).toISOString(), version: deposit.version + 1 };
  saveDeposit(writer.sql, completed);
  record(writer, account, completed, { id: writer.takeId(), kind: "deposit_completion", description: `Deposit ${deposit.id} funded by payment ${completion.paymentId}` }, legs, ["deposit.completed"]);
  return completed;
}

/** Cancels an open deposit, taking back what it added; the reference's object has already agreed. */
export function cancelDeposit(writer: LedgerWriter, account: AccountRecord, depositId: number, nowMs: number): Outcome {
  const deposit = readDeposit(writer.sql, account.id, depositId);
  if (deposit === null) return { ok: false, refusal: { kind: "deposit_not_found" } };
  if (deposit.status !== "open") return { ok: false, refusal: { kind: "deposit_not_open", status: deposit.status } };
  const legs = cancelDepositLegs(movementOf(account, deposit), deposit.wasAdvanced);
  const refusal = moveBalances(writer, account, legs);
  invariant(refusal === null, `canceling deposit ${deposit.id} was refused: ${refusal?.kind}`);
  const at = new Date(nowMs).toISOString();
  const canceled: StoredDeposit = { ...deposit, status: "canceled", canceledAt: at, modifiedAt: at, version: deposit.version + 1 };
  saveDeposit(writer.sql, canceled);
  record(writer, account, canceled, { id: writer.takeId(), kind: "deposit_cancel", description: `Deposit ${deposit.id} canceled` }, legs, ["deposit.canceled"]);
  return { ok: true, deposit: canceled };
}

function movementOf(account: AccountRecord, deposit: StoredDeposit) {
  return { accountId: account.id, partnerId: account.partnerId, currency: deposit.currency, amountMinor: deposit.amountMinor };
}

type DepositEventName = Extract<LedgerEvent, { resource: DepositView }>["name"];

/** Journals one deposit movement and queues its history, the deposit's new state and its events. */
function record(
  writer: LedgerWriter,
  account: AccountRecord,
  deposit: StoredDeposit,
  entry: { id: number; kind: string; description: string },
  legs: readonly Leg[],
  eventNames: readonly DepositEventName[],
): void {
  assertBalanced(legs);
  const transaction: TransactionView = {
    id: entry.id,
    accountId: account.id,
    kind: entry.kind,
    status: "COMPLETED",
    amountMinor: deposit.amountMinor,
    currency: deposit.currency,
    description: entry.description,
    provider: null,
    metadata: null,
    createdAt: deposit.modifiedAt,
    depositId: deposit.id,
  };
  const view = depositView(deposit);
  const events = eventNames.map((name) => eventRow(account.partnerId, { name, resource: view }, deposit.modifiedAt));
  writer.enqueue({ ...journal(writer, account, transaction, legs), deposits: [depositRow(deposit, account.partnerId)], events });
}
