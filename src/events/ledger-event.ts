// The changes partners hear about, as the objects that commit them describe them. Pure data: the
// snapshot is taken in the same transaction as the change, and rendered to the API's shape on read.
import type { AccountView, DepositView, InboundPaymentView, TransactionView } from "../account/commands";
import type { EventRow } from "../db/projection";

export type LedgerEvent =
  | { name: "account.created"; resource: AccountView }
  | { name: "deposit.created" | "deposit.advanced" | "deposit.completed" | "deposit.canceled"; resource: DepositView }
  | { name: "inbound_payment.matched" | "inbound_payment.unmatched"; resource: InboundPaymentView }
  | { name: "transaction.completed"; resource: TransactionView };

export type EventName = LedgerEvent["name"];

export const event_names: readonly EventName[] = [
  "account.created",
  "deposit.created",
  "deposit.advanced",
  "deposit.completed",
  "deposit.canceled",
  "inbound_payment.matched",
  "inbound_payment.unmatched",
  "transaction.completed",
];

/** The vendor's `resource.resource_type`: the part of the name before the dot. */
export function resourceTypeOf(name: EventName): string {
  return name.slice(0, name.indexOf("."));
}

export function eventRow(partnerId: string, event: LedgerEvent, createdAt: string): EventRow {
  const resourceId = String(event.resource.id);
  return {
    uid: `${event.name}:${resourceId}`,
    partnerId,
    name: event.name,
    resourceType: resourceTypeOf(event.name),
    resourceId,
    data: JSON.stringify(event.resource),
    createdAt,
  };
}
