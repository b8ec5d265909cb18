// An event as the vendor's Event schema shows it: `data` is the resource as the API returned it then.
import type { AccountView, DepositView, InboundPaymentView, TransactionView } from "../account/commands";
import type { EventRecord } from "../db/queries/events";
import { accountBody, depositBody, inboundPaymentBody } from "../sophic/render";
import type { LedgerEvent } from "./ledger-event";

export type EventBody = {
  id: string;
  name: string;
  resource: { id: string; resource_type: string };
  data: Record<string, unknown>;
  created_at: string;
};

/** The Qash dialect's own transaction shape, for the credits only that dialect makes. */
function qashTransactionBody(transaction: TransactionView): Record<string, unknown> {
  return {
    id: transaction.id,
    accountId: transaction.accountId,
    description: transaction.description,
    status: transaction.status,
    amount: transaction.amountMinor,
    currency: transaction.currency,
    provider: transaction.provider,
    createdAt: transaction.createdAt,
  };
}

function dataOf(event: LedgerEvent): Record<string, unknown> {
  switch (event.name) {
    case "account.created":
      return accountBody(event.resource as AccountView);
    case "deposit.created":
    case "deposit.advanced":
    case "deposit.completed":
    case "deposit.canceled":
      return depositBody(event.resource as DepositView);
    case "inbound_payment.matched":
    case "inbound_payment.unmatched":
      return inboundPaymentBody(event.resource as InboundPaymentView);
    case "transaction.completed":
      return qashTransactionBody(event.resource as TransactionView);
  }
}

export function eventBody(record: EventRecord): EventBody {
  const event = { name: record.name, resource: JSON.parse(record.data) } as LedgerEvent;
  return {
    id: String(record.seq),
    name: record.name,
    resource: { id: record.resourceId, resource_type: record.resourceType },
    data: dataOf(event),
    created_at: record.createdAt,
  };
}
