// Renders the ledger's views in the Sophic dialect: string ids, snake_case, decimal strings.
import type { z } from "@hono/zod-openapi";
import type { AccountView, DepositView, InboundPaymentView } from "../account/commands";
import { isCurrency, type Currency } from "../ledger/currencies";
import { invariant, type Bucket } from "../ledger/journal";
import { formatMinor } from "../ledger/money";
import type { SophicTransactionRow } from "../db/queries/sophic-transactions";
import { isSophicCurrency } from "./inputs";
import type { Account, CashBalance, Deposit, InboundPayment, SophicCurrency, Transaction } from "./schemas";

type AccountStatus = z.infer<typeof Account>["status"];
const account_statuses: readonly string[] = ["active", "suspended", "closing", "closed"] satisfies AccountStatus[];

/**
 * A currency as this dialect shows it. Accounts in any other are refused before rendering (422, see
 * partner-account.ts) and Sophic requests accept no other, so one reaching a body is a bug.
 */
function shown(currency: Currency): SophicCurrency {
  invariant(isSophicCurrency(currency), `${currency} reached a Sophic body: its account should have been refused`);
  return currency;
}

/** The reference an account gets when its creator gave none (and how a Qash account, which has none, is shown). */
export const generatedAccountReference = (accountNumber: string): string => `ACC-${accountNumber}`;

/** A bucket's balance: credits - debits, zero when the bucket was never touched. */
export function bucketBalanceMinor(view: AccountView, currency: Currency, bucket: Bucket): number {
  const totals = view.balances.find((balance) => balance.currency === currency && balance.bucket === bucket);
  return totals === undefined ? 0 : totals.creditsMinor - totals.debitsMinor;
}

export function accountBody(view: AccountView): z.infer<typeof Account> {
  // The ledger only opens active accounts; a status the vendor has no word for is shown as not transacting, and so
  // is the account of a Qash user who is not active: the owner's status governs the account in both dialects.
  const ownerBars = view.ownerStatus !== null && view.ownerStatus !== "active" && view.ownerStatus !== "unknown";
  const status = (ownerBars || !account_statuses.includes(view.status) ? "suspended" : view.status) as AccountStatus;
  return {
    id: String(view.id),
    reference: view.reference ?? generatedAccountReference(view.number),
    name: view.name,
    bank_payment_reference: view.number,
    status,
    base_currency: shown(view.baseCurrency),
    funding_currencies: view.fundingCurrencies.map(shown),
    can_deposit: status === "active",
    can_withdraw: false,
    can_place_buy_order: false,
    can_place_sell_order: false,
    // Settled credits exist only once money arrived: a completed deposit or a Qash credit.
    has_deposited: view.balances.some((balance) => balance.bucket === "settled" && balance.creditsMinor > 0),
    has_withdrawn: false,
    has_placed_buy_order: false,
    has_placed_sell_order: false,
    is_primary_owner_mifid_pro: false,
    created_at: view.createdAt,
    modified_at: view.createdAt,
  };
}

/**
 * One row per funding currency. Pending (open deposits not advanced) is in no field: it is money
 * expected, not money held. Nothing is ever reserved, since this ledger has no orders or withdrawals.
 */
export function cashBalancesBody(view: AccountView): z.infer<typeof CashBalance>[] {
  return view.fundingCurrencies.map((currency) => {
    const settledMinor = bucketBalanceMinor(view, currency, "settled");
    const unsettledMinor = bucketBalanceMinor(view, currency, "unsettled");
    const reservedMinor = 0;
    return {
      currency: shown(currency),
      total: formatMinor(settledMinor + unsettledMinor + reservedMinor, currency),
      available_for_trading: formatMinor(settledMinor + unsettledMinor, currency),
      available_for_withdrawal: formatMinor(settledMinor, currency),
      reserved: formatMinor(reservedMinor, currency),
    };
  });
}

export function depositBody(deposit: DepositView): z.infer<typeof Deposit> {
  return {
    id: String(deposit.id),
    account: String(deposit.accountId),
    amount: formatMinor(deposit.amountMinor, deposit.currency),
    currency: shown(deposit.currency),
    payment_reference: deposit.paymentReference,
    was_advanced: deposit.wasAdvanced,
    status: deposit.status,
    created_at: deposit.createdAt,
    modified_at: deposit.modifiedAt,
    advanced_at: deposit.advancedAt,
    completed_at: deposit.completedAt,
  };
}

export function inboundPaymentBody(payment: InboundPaymentView): z.infer<typeof InboundPayment> {
  return {
    id: String(payment.id),
    payment_reference: payment.paymentReference,
    amount: formatMinor(payment.amountMinor, payment.currency),
    currency: shown(payment.currency),
    status: payment.status,
    deposits: payment.depositIds.map(String),
  };
}

/**
 * A cash transaction: money that reached settled, by a Qash credit (its own id is the reference) or by a
 * funded Sophic deposit (the deposit is the reference).
 */
export function transactionBody(row: SophicTransactionRow): z.infer<typeof Transaction> {
  if (!isCurrency(row.currency)) throw new Error(`transaction ${row.id} has unknown currency ${row.currency}`);
  const amount = formatMinor(row.amountMinor, row.currency);
  return {
    id: String(row.id),
    summary: `Deposit of ${amount} ${row.currency}`,
    booked_at: row.createdAt,
    settlement_date: row.createdAt.slice(0, 10),
    cash_amount: amount,
    unit_quantity: null,
    unit_price: null,
    tax: formatMinor(0, row.currency),
    currency: shown(row.currency),
    instrument: null,
    transaction_type: "deposit",
    reference: String(row.depositId ?? row.id),
    reference_type: "deposit",
    taxes: [],
  };
}
