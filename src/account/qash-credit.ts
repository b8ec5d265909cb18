// The body of the Qash deposit: settled funds the partner already holds, credited at once. Runs inside the
// account object's transaction.
import { eventRow } from "../events/ledger-event";
import { isCurrency } from "../ledger/currencies";
import { creditSettledLegs } from "../ledger/journal";
import { refuse, type CommandResult } from "../ledger/refusals";
import type { AccountRecord } from "./books";
import type { CreditCommand, TransactionView } from "./commands";
import { journal, moveBalances, type LedgerWriter } from "./ledger-writer";

export function creditSettled(writer: LedgerWriter, account: AccountRecord, command: CreditCommand, nowMs: number): CommandResult<TransactionView> {
  const currency = command.currency;
  if (!isCurrency(currency) || currency !== account.baseCurrency) {
    return refuse({ kind: "currency_not_supported", currency, accepted: [account.baseCurrency] });
  }
  const legs = creditSettledLegs({ accountId: account.id, partnerId: account.partnerId, currency, amountMinor: command.amountMinor });
  const refusal = moveBalances(writer, account, legs);
  if (refusal !== null) return refuse(refusal);
  const transaction: TransactionView = {
    id: writer.takeId(),
    accountId: account.id,
    kind: "deposit",
    status: "COMPLETED",
    amountMinor: command.amountMinor,
    currency,
    description: command.description,
    provider: command.provider,
    metadata: command.metadata,
    createdAt: new Date(nowMs).toISOString(),
    depositId: null,
  };
  const completed = eventRow(account.partnerId, { name: "transaction.completed", resource: transaction }, transaction.createdAt);
  writer.enqueue({ ...journal(writer, account, transaction, legs), events: [completed] });
  return { ok: true, value: transaction, replayed: false };
}
