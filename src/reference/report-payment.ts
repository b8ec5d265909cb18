// The partner reports money that arrived: the reference's object decides what it funds.
import type { InboundPaymentView, ReportPaymentCommand } from "../account/commands";
import type { CommandResult } from "../ledger/refusals";
import { referenceObject } from "./stub";

export function reportInboundPayment(env: Env, command: ReportPaymentCommand): Promise<CommandResult<InboundPaymentView>> {
  return referenceObject(env, command.partnerId, command.paymentReference).report(command);
}
