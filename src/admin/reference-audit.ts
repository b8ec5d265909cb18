// The operator audit's second half: each payment reference's decisions held against the accounts that hold its
// deposits. A reference decides (matched, canceled) and the accounts apply; a decision an account has not
// applied after `overdue` is a disagreement the audit reports, as is any state the protocol can never reach.
import type { AuditDigest, DepositDigest } from "../account/commands";
import type { Database } from "../db/client";
import { historyPayments } from "../db/queries/audit";
import { referenceKey } from "../ledger/payment-reference";
import type { ReferenceDigest } from "../reference/commands";
import { referenceObject } from "../reference/stub";
import type { Mismatch } from "./audit";

/** References asked at once. */
const references_in_flight_max = 32;

type AuditedAccount = { id: number; partnerId: string; digest: AuditDigest };
type ReferenceRow = ReferenceDigest["deposits"][number];

export type ReferenceAudit = { mismatches: Mismatch[]; referencesChecked: number; inFlight: number; backlog: number };

export async function auditReferences(env: Env, db: Database, accounts: readonly AuditedAccount[], overdueBeforeMs: number): Promise<ReferenceAudit> {
  const groups = new Map<string, { partnerId: string; paymentReference: string; deposits: (DepositDigest & { accountId: number })[] }>();
  for (const account of accounts) {
    for (const deposit of account.digest.deposits) {
      const id = `${account.partnerId}\n${referenceKey(deposit.paymentReference)}`;
      const group = groups.get(id) ?? { partnerId: account.partnerId, paymentReference: deposit.paymentReference, deposits: [] };
      group.deposits.push({ ...deposit, accountId: account.id });
      groups.set(id, group);
    }
  }
  const audit: ReferenceAudit = { mismatches: [], referencesChecked: 0, inFlight: 0, backlog: 0 };
  const list = [...groups.values()];
  for (let start = 0; start < list.length; start += references_in_flight_max) {
    const round = list.slice(start, start + references_in_flight_max);
    const digests = await Promise.all(round.map((group) => referenceObject(env, group.partnerId, group.paymentReference).auditDigest()));
    for (const [index, group] of round.entries()) {
      const digest = digests[index] as ReferenceDigest;
      audit.referencesChecked += 1;
      audit.backlog += digest.backlog;
      const rows = new Map(digest.deposits.map((row) => [row.depositId, row]));
      for (const deposit of group.deposits) compareDeposit(deposit, rows.get(deposit.id), overdueBeforeMs, audit);
      audit.mismatches.push(...paymentMismatches(group.paymentReference, digest));
      if (digest.backlog === 0) audit.mismatches.push(...(await paymentHistoryMismatches(db, group.partnerId, group.paymentReference, digest)));
    }
  }
  return audit;
}

/** One deposit as its account holds it, against its reference's decision. */
function compareDeposit(deposit: DepositDigest & { accountId: number }, row: ReferenceRow | undefined, overdueBeforeMs: number, audit: ReferenceAudit): void {
  const report = (kind: Mismatch["kind"]) =>
    audit.mismatches.push({ account_id: deposit.accountId, kind, deposit_id: deposit.id, payment_reference: deposit.paymentReference, expected: row?.state ?? "unregistered", actual: deposit.status });
  const overdue = (sinceMs: number | null) => sinceMs === null || sinceMs < overdueBeforeMs;
  const state = row?.state ?? "unregistered";
  if (deposit.status === "completed") {
    if (state !== "matched") report("deposit_completed_unmatched");
    return;
  }
  if (deposit.status === "canceled") {
    if (state === "matched") report("deposit_canceled_but_matched");
    else if (state !== "canceled") report("deposit_canceled_still_matchable");
    return;
  }
  // Open in its account: the reference's decision may still be on its way, for a while.
  if (state === "open") return;
  const since = state === "unregistered" || state === "reserved" ? Date.parse(deposit.modifiedAt) : (row?.decidedAtMs ?? null);
  if (!overdue(since)) {
    audit.inFlight += 1;
    return;
  }
  if (state === "matched") report("deposit_matched_not_completed");
  else if (state === "canceled") report("deposit_cancel_not_applied");
  else report("deposit_not_registered");
}

/** A matched payment funds exactly its amount, and no deposit is funded by two payments. */
function paymentMismatches(paymentReference: string, digest: ReferenceDigest): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const amounts = new Map(digest.deposits.map((row) => [row.depositId, row.amountMinor]));
  const fundedBy = new Map<number, number>();
  for (const payment of digest.payments) {
    if (payment.status !== "matched") continue;
    const sum = payment.depositIds.reduce((total, depositId) => total + (amounts.get(depositId) ?? 0), 0);
    if (sum !== payment.amountMinor) {
      mismatches.push({ account_id: null, kind: "payment_amount_mismatch", payment_id: payment.id, payment_reference: paymentReference, expected: payment.amountMinor, actual: sum });
    }
    for (const depositId of payment.depositIds) {
      const earlier = fundedBy.get(depositId);
      if (earlier !== undefined) {
        mismatches.push({ account_id: null, kind: "deposit_funded_twice", deposit_id: depositId, payment_id: payment.id, payment_reference: paymentReference, expected: earlier, actual: payment.id });
      }
      fundedBy.set(depositId, payment.id);
    }
  }
  return mismatches;
}

/** D1's copy of the reference's payments, once the reference's outbox is empty: each one, as decided. */
async function paymentHistoryMismatches(db: Database, partnerId: string, paymentReference: string, digest: ReferenceDigest): Promise<Mismatch[]> {
  if (digest.payments.length === 0) return [];
  const rows = new Map((await historyPayments(db, partnerId, digest.payments.map((payment) => payment.id))).map((row) => [row.id, row]));
  const mismatches: Mismatch[] = [];
  for (const payment of digest.payments) {
    const row = rows.get(payment.id);
    const expected = `${payment.status} ${payment.amountMinor} [${payment.depositIds.join(",")}]`;
    const actual = row === undefined ? "missing" : `${row.status} ${row.amountMinor} [${(JSON.parse(row.depositIds) as number[]).join(",")}]`;
    if (expected !== actual) mismatches.push({ account_id: null, kind: "history_payment", payment_id: payment.id, payment_reference: paymentReference, expected, actual });
  }
  return mismatches;
}
