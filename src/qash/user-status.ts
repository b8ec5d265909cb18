// A change of a Qash user's status: made in D1, then carried to each of the user's account objects, which
// check their copy on the deposit path (src/account/owner-status.ts). It is answered only once every copy
// has it, so a suspension that was answered stops the next deposit on every account of the user.
import { accountObject } from "../account/stub";
import { database } from "../db/client";
import { listUserAccountIds } from "../db/queries/accounts";
import { updateUserStatus, type UserRow, type UserStatus } from "../db/queries/users";
import { ApiError } from "../errors/api-error";
import { log } from "../http/log";

/** Account objects told at once; a user with more accounts is told in rounds of this many. */
const status_pushes_in_flight_max = 32;

/** The user after the change, or undefined when the partner has no such user. */
export async function changeUserStatus(env: Env, partnerId: string, userId: string, status: UserStatus): Promise<UserRow | undefined> {
  const db = database(env);
  const user = await updateUserStatus(db, partnerId, userId, status, new Date().toISOString());
  if (user === undefined) return undefined;
  // Listed after the update: an account whose registry row is not in D1 yet confirms its copy from D1 later.
  const accountIds = await listUserAccountIds(db, partnerId, userId);
  const offered = { status: user.status, version: user.statusVersion };
  let failures = 0;
  for (let start = 0; start < accountIds.length; start += status_pushes_in_flight_max) {
    const round = accountIds.slice(start, start + status_pushes_in_flight_max);
    const outcomes = await Promise.allSettled(round.map((accountId) => accountObject(env, accountId).applyOwnerStatus(userId, offered)));
    failures += outcomes.filter((outcome) => outcome.status === "rejected").length;
  }
  if (failures > 0) {
    log("error", { msg: "user status not carried to every account", partnerId, userId, accounts: accountIds.length, failures });
    // Saved, but not yet in force everywhere. A retry raises the version again and carries it to every account.
    throw statusNotCarriedEverywhere();
  }
  return user;
}

export const statusNotCarriedEverywhere = (): ApiError =>
  new ApiError(503, "service_unavailable", "The status was saved but has not reached every account of the user yet; retry the request");
