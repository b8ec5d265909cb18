// The status of the user who owns a Qash account, as the account's object knows it. D1 holds the user's
// status; the object keeps a copy so the deposit path can check it inside the credit's own transaction,
// without a D1 read per request. The copy is exact once it is confirmed:
//   - every status change raises the user's version in D1, then pushes (status, version) to each account
//     the D1 registry lists for the user, and answers only once every push has landed;
//   - an object confirms its copy by reading the user's status from D1 after its own registry row has
//     reached D1. A change committed before that read is in what it reads; one committed after it finds
//     the registry row and pushes. Either way the copy cannot miss a change that has been answered.
// Copies arriving out of order are harmless: the object keeps the one with the highest version.
import type { UserStatus, VersionedStatus } from "../db/queries/users";
import type { Refusal } from "../ledger/refusals";
import type { AccountStanding } from "../reference/commands";
import type { Caller } from "./commands";

export type { VersionedStatus };

export type OwnerStatus = {
  /** "unknown" only in accounts opened before the object kept a copy, until they confirm one. */
  status: UserStatus | "unknown";
  version: number;
  /** The outbox record that carries the account's registry row to D1. */
  registryOutboxSeq: number;
  confirmed: boolean;
};

type OwnerRow = { status: OwnerStatus["status"]; status_version: number; registry_outbox_seq: number; confirmed: number };

export function readOwnerStatus(sql: SqlStorage): OwnerStatus | null {
  const row = sql.exec<OwnerRow>("SELECT status, status_version, registry_outbox_seq, confirmed FROM account_owner").toArray()[0];
  if (row === undefined) return null;
  return { status: row.status, version: row.status_version, registryOutboxSeq: row.registry_outbox_seq, confirmed: row.confirmed === 1 };
}

export function insertOwnerStatus(sql: SqlStorage, status: VersionedStatus, registryOutboxSeq: number): void {
  sql.exec(
    "INSERT INTO account_owner (singleton, status, status_version, registry_outbox_seq, confirmed) VALUES (1, ?, ?, ?, 0)",
    status.status,
    status.version,
    registryOutboxSeq,
  );
}

/** Keeps whichever of the stored copy and `offered` has the higher version; `confirm` marks the copy exact. */
export function keepNewerOwnerStatus(sql: SqlStorage, offered: VersionedStatus, confirm: boolean): void {
  sql.exec(
    "UPDATE account_owner SET status = CASE WHEN ?2 > status_version THEN ?1 ELSE status END, " +
      "status_version = MAX(status_version, ?2), confirmed = MAX(confirmed, ?3)",
    offered.status,
    offered.version,
    confirm ? 1 : 0,
  );
}

/**
 * Why a caller may not run a command in this account now, or null when they may. A Qash user's command is
 * governed by the user's status; a caller whose route has just found the user active in D1 is taken at its
 * word while the copy is unconfirmed, as before the copy existed. The partner itself (the Sophic dialect) may
 * not bring money into a user's account whose owner is not active either, and waits for a confirmed copy.
 */
export function ownerRefusal(owner: OwnerStatus | null, caller: Caller, moneyIn: boolean): Refusal | null {
  if (owner === null) return null;
  if (caller.userId !== undefined) {
    if (!owner.confirmed) return caller.userStatusChecked === true ? null : { kind: "user_status_unconfirmed" };
    if (owner.status !== "active") return { kind: "user_not_active", status: owner.status };
    return null;
  }
  if (!moneyIn) return null;
  if (!owner.confirmed) return { kind: "owner_status_unavailable" };
  return owner.status === "active" ? null : { kind: "account_inactive" };
}

/** What the account's payment references must know of it: whether money may come in, and how new that is. */
export function standingOf(owner: OwnerStatus | null): AccountStanding {
  return owner === null ? { active: true, version: 0 } : { active: owner.status === "active", version: owner.version };
}
