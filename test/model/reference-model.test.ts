// The model's own rules, checked by hand: if the model were wrong, the property would test the wrong thing.
import { describe, expect, it } from "vitest";
import { ReferenceModel, type DepositInput, type PaymentInput } from "./reference-model";

function twoAccounts(): ReferenceModel {
  const model = new ReferenceModel();
  model.openAccount(1, "sophic", ["EUR", "USD"]);
  model.openAccount(2, "qash", ["EUR"]);
  return model;
}

const deposit = (model: ReferenceModel, id: number, input: Partial<DepositInput>): DepositInput => {
  const full: DepositInput = { op: "sophic-deposit", accountId: 1, amountMinor: 100, currency: "EUR", reference: "INV-1", advance: false, key: null, ...input };
  model.applyDeposit(full, id, full.reference ?? `DL${id}`, { id: String(id) });
  return full;
};

describe("the reference model", () => {
  it("matches a payment only when the open deposits of its reference and currency sum to it, across accounts and case", () => {
    const model = twoAccounts();
    deposit(model, 10, { amountMinor: 60 });
    deposit(model, 11, { accountId: 2, amountMinor: 40, reference: "inv-1", advance: true });
    deposit(model, 12, { amountMinor: 5, currency: "USD" });
    expect(model.matchFor("Inv-1", "EUR", 99)).toEqual({ matched: false, depositIds: [] });
    expect(model.matchFor("Inv-1", "EUR", 100)).toEqual({ matched: true, depositIds: [10, 11] });
    expect(model.matchFor("INV-1", "USD", 5)).toEqual({ matched: true, depositIds: [12] });
    expect(model.matchFor("INV-2", "EUR", 0)).toEqual({ matched: false, depositIds: [] });

    const payment: PaymentInput = { op: "payment", reference: "inv-1", amountMinor: 100, currency: "EUR", key: null };
    model.applyPayment(payment, model.matchFor("inv-1", "EUR", 100), 20, {});
    expect(model.balance(1, "EUR", "settled")).toBe(60);
    expect(model.balance(2, "EUR", "settled")).toBe(40);
    expect(model.balance(2, "EUR", "unsettled")).toBe(0);
    expect(model.account(2).journalEntries).toBe(6);
    // Completed deposits no longer count: the same payment again matches nothing.
    expect(model.matchFor("inv-1", "EUR", 100).matched).toBe(false);
  });

  it("leaves canceled deposits out of matching and takes back what they added", () => {
    const model = twoAccounts();
    deposit(model, 10, { amountMinor: 60, advance: true });
    deposit(model, 11, { amountMinor: 40 });
    expect(model.predict({ op: "cancel", accountId: 1, depositId: 10, key: null })).toEqual({ kind: "apply", payment: null });
    model.applyCancel({ op: "cancel", accountId: 1, depositId: 10, key: null }, {});
    expect(model.balance(1, "EUR", "unsettled")).toBe(0);
    expect(model.matchFor("INV-1", "EUR", 100).matched).toBe(false);
    expect(model.matchFor("INV-1", "EUR", 40)).toEqual({ matched: true, depositIds: [11] });
    expect(model.predict({ op: "cancel", accountId: 1, depositId: 10, key: null })).toEqual({ kind: "refused", refusal: "deposit_not_open" });
    expect(model.predict({ op: "cancel", accountId: 2, depositId: 11, key: null })).toEqual({ kind: "refused", refusal: "deposit_not_found" });
  });

  it("replays a key's first answer, refuses it with another body, and keeps no key for a refusal", () => {
    const model = twoAccounts();
    const credit = { op: "qash-deposit" as const, accountId: 2, amountMinor: 500, currency: "EUR", key: "k" };
    expect(model.predict(credit)).toEqual({ kind: "apply", payment: null });
    model.applyCredit(credit, { id: 7 });
    expect(model.predict(credit)).toEqual({ kind: "replay", answer: { id: 7 } });
    expect(model.predict({ ...credit, amountMinor: 501 })).toEqual({ kind: "refused", refusal: "idempotency_key_conflict" });
    // The key lives in account 2; account 1 has never seen it.
    expect(model.predict({ op: "sophic-deposit", accountId: 1, amountMinor: 1, currency: "EUR", reference: null, advance: false, key: "k" }).kind).toBe("apply");

    const refused = { ...credit, currency: "MXN", key: "r" };
    expect(model.predict(refused)).toEqual({ kind: "refused", refusal: "currency_not_supported" });
    expect(model.predict({ ...refused, currency: "EUR" }).kind).toBe("apply");
    // Unknown to the dialect: refused by the route, before the key is even looked at.
    expect(model.predict({ ...credit, currency: "XAU" })).toEqual({ kind: "refused", refusal: "route_currency" });
    // A Qash user cannot reach a partner's Sophic account.
    expect(model.predict({ ...credit, accountId: 1, key: null })).toEqual({ kind: "refused", refusal: "account_not_found" });
  });

  it("derives the counter-accounts: clearing holds what is settled, receivable what open deposits promise", () => {
    const model = twoAccounts();
    model.applyCredit({ op: "qash-deposit", accountId: 2, amountMinor: 300, currency: "EUR", key: null }, {});
    deposit(model, 10, { amountMinor: 70 });
    expect(Object.fromEntries(model.ledgerAccounts("p"))).toEqual({
      "account:2:settled": 300,
      "clearing:p:EUR": -300,
      "account:1:pending": 70,
      "receivable:p:EUR": -70,
    });
  });
});

describe("generated references and cash history", () => {
  it("refuses a chosen reference the ledger generated, in any case, before the key and the currency", () => {
    const model = twoAccounts();
    const generated: DepositInput = { op: "sophic-deposit", accountId: 1, amountMinor: 100, currency: "EUR", reference: null, advance: false, key: "g" };
    model.applyDeposit(generated, 10, "DL00000000AB", { id: "10" });
    const chosen: DepositInput = { ...generated, reference: "dl00000000ab", key: "g" };
    expect(model.predict(chosen)).toEqual({ kind: "refused", refusal: "reserved_reference" });
    expect(model.predict({ ...chosen, currency: "MXN" })).toEqual({ kind: "refused", refusal: "reserved_reference" });
    // A chosen reference is not reserved: another deposit may share it.
    deposit(model, 11, { reference: "INV-9" });
    expect(model.predict({ ...chosen, reference: "inv-9", key: null }).kind).toBe("apply");
    // Payments carry generated references, of course.
    expect(model.predict({ op: "payment", reference: "dl00000000ab", amountMinor: 100, currency: "EUR", key: null })).toEqual({ kind: "apply", payment: { matched: true, depositIds: [10] } });
  });

  it("counts as cash only the credits and the completions, which sum to settled", () => {
    const model = twoAccounts();
    model.applyCredit({ op: "qash-deposit", accountId: 2, amountMinor: 300, currency: "EUR", key: null }, {});
    deposit(model, 10, { accountId: 2, amountMinor: 70, advance: true });
    deposit(model, 11, { accountId: 2, amountMinor: 5, reference: "INV-2" });
    model.applyCancel({ op: "cancel", accountId: 2, depositId: 11, key: null }, {});
    expect(model.account(2).cashTransactions).toBe(1);
    model.applyPayment({ op: "payment", reference: "INV-1", amountMinor: 70, currency: "EUR", key: null }, model.matchFor("INV-1", "EUR", 70), 20, {});
    expect(model.account(2).cashTransactions).toBe(2);
    expect(model.balance(2, "EUR", "settled")).toBe(370);
  });
});

describe("what the Sophic dialect shows", () => {
  it("shows an account only when every currency of it is the vendor's", () => {
    const model = twoAccounts();
    model.openAccount(3, "qash", ["MXN"]);
    expect([1, 2, 3].map((id) => model.sophicShows(id))).toEqual([true, true, false]);
  });
});
