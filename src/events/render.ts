// An event as the vendor's Event schema shows it: `data` is the resource as the API that made the change
// returned it then. So what the Qash dialect made (a user's account, a credit) is in Qash's shapes, and
// everything else in Sophic's, which never carry a currency outside the vendor's enum.
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

/**
 * The Qash dialect's answer to opening an account (POST /api/v1/user/accounts), for the accounts only that
 * dialect opens: its users' accounts. They may be in MXN, COP or USDC, which no Sophic body may carry.
 */
function qashCreatedAccountBody(account: AccountView): Record<string, unknown> {
  return { id: account.id, description: account.name, asset: account.baseCurrency, type: account.type, balance: 0 };
}

function dataOf(event: LedgerEvent): Record<string, unknown> {
  switch (event.name) {
    case "account.created": {
      const account = event.resource as AccountView;
      return account.userId === null ? accountBody(account) : qashCreatedAccountBody(account);
    }
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
