// Which of the ledger's transactions moved an account's settled cash: the one definition both dialects list by.

/**
 * `deposit` is a Qash credit and `deposit_completion` a funded Sophic deposit: each adds to settled.
 * `deposit_open` and `deposit_cancel` only move expected money (pending, or an advance as unsettled)
 * against the partner's receivable, so no history of cash shows them: a Qash balance is settled cash,
 * and listing them beside it would show credits that sum to more than the balance.
 */
export const cash_transaction_kinds = ["deposit", "deposit_completion"] as const;

export type CashTransactionKind = (typeof cash_transaction_kinds)[number];
