// How the rest of the Worker reaches one account's object.
import type { AccountObject } from "./account-object";

export function accountObject(env: Env, accountId: number): DurableObjectStub<AccountObject> {
  return env.ACCOUNT.get(env.ACCOUNT.idFromName(`account:${accountId}`));
}
