// One partner holding something of everything, in both dialects: a Qash user with an account and a credit,
// a Sophic account with an open advanced deposit and a funded one, an inbound payment and events. Hostile,
// tenancy and forgery tests aim at it and then check, with partnerSnapshot, that none of it moved.
import { env } from "cloudflare:test";
import { accountObject } from "../../src/account/stub";
import { referenceObject } from "../../src/reference/stub";
import { createPartner, qashSession, type QashSession, type TestPartner } from "./fixtures";
import { deposit, openQashAccount } from "./ledger";
import { createDeposit, openAccount, reportPayment, sophicClient, sophicFetch, type SophicClient } from "./sophic";

export type PartnerWorld = {
  partner: TestPartner;
  qash: QashSession;
  qashAccountId: number;
  qashTransactionId: number;
  sophic: SophicClient;
  sophicAccountId: string;
  /** Open and advanced: a payment of `openAmount` under `openReference` would complete it. */
  openDepositId: string;
  openReference: string;
  openAmount: string;
  completedDepositId: string;
  completedReference: string;
  eventId: string;
};

export async function createPartnerWorld(): Promise<PartnerWorld> {
  const partner = await createPartner();
  const qash = await qashSession(partner);
  const qashAccountId = await openQashAccount(qash);
  const credit = await deposit(qash, { toAccountId: qashAccountId, amount: 1_234 });
  if (credit.status !== 200) throw new Error(`the world's Qash credit answered ${credit.status}: ${await credit.text()}`);
  const qashTransactionId = (await credit.json<{ id: number }>()).id;

  const sophic = await sophicClient(partner);
  const account = await openAccount(sophic);
  const open = await createDeposit(sophic, account.id, { amount: "100.00", request_advance: true });
  const completedReference = `WORLD-${crypto.randomUUID().slice(0, 8)}`;
  const completed = await createDeposit(sophic, account.id, { amount: "50.00", payment_reference: completedReference });
  const payment = await reportPayment(sophic, { payment_reference: completedReference, amount: "50.00" });
  if (payment.status !== "matched") throw new Error(`the world's payment was ${payment.status}`);

  const world = {
    partner,
    qash,
    qashAccountId,
    qashTransactionId,
    sophic,
    sophicAccountId: account.id,
    openDepositId: open.id,
    openReference: open.payment_reference,
    openAmount: open.amount,
    completedDepositId: completed.id,
    completedReference,
    eventId: "",
  };
  await drainOutboxes(world);
  const events = await sophicFetch(sophic, "GET", "/events?limit=1");
  const first = (await events.json<{ id: string }[]>())[0];
  if (first === undefined) throw new Error("the world has no event");
  return { ...world, eventId: first.id };
}

/** Pushes every queued history row of the world's objects into D1, so D1 can be compared. */
export async function drainOutboxes(world: Pick<PartnerWorld, "partner" | "qashAccountId" | "sophicAccountId" | "openReference" | "completedReference">): Promise<void> {
  for (const accountId of [world.qashAccountId, Number(world.sophicAccountId)]) await accountObject(env, accountId).projectNow();
  for (const reference of [world.openReference, world.completedReference]) await referenceObject(env, world.partner.id, reference).projectNow();
}
