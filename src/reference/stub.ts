// How the rest of the Worker reaches the object of one partner's payment reference.
import { referenceKey } from "../ledger/payment-reference";
import type { ReferenceObject } from "./reference-object";

export function referenceObject(env: Env, partnerId: string, paymentReference: string): DurableObjectStub<ReferenceObject> {
  return env.REFERENCE.get(env.REFERENCE.idFromName(`reference:${partnerId}:${referenceKey(paymentReference)}`));
}
