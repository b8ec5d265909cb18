import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BASE } from "../support/fixtures";
import { vendorProblems } from "../support/sophic-schema";

const deposit = {
  id: "1002",
  account: "1001",
  amount: "100.00",
  currency: "EUR",
  payment_reference: "DL0000000YZ",
  was_advanced: false,
  status: "open",
  created_at: "2026-07-14T09:32:00.000Z",
  modified_at: "2026-07-14T09:32:00.000Z",
  advanced_at: null,
  completed_at: null,
};

describe("the vendor schema check itself", () => {
  it("accepts a vendor deposit, and `canceled` as the one extension", () => {
    expect(vendorProblems("Deposit", deposit)).toEqual([]);
    expect(vendorProblems("Deposit", { ...deposit, status: "canceled" })).toEqual([]);
  });

  it.each([
    ["an unknown status", { ...deposit, status: "pending" }],
    ["a numeric id", { ...deposit, id: 1002 }],
    ["a numeric amount", { ...deposit, amount: 100 }],
    ["a currency outside the vendor's enum", { ...deposit, currency: "MXN" }],
    ["a missing payment_reference", { ...deposit, payment_reference: undefined }],
    ["a field the vendor does not name", { ...deposit, canceled_at: null }],
    ["a timestamp that is not a date-time", { ...deposit, created_at: "yesterday" }],
  ])("rejects a deposit with %s", (_what, body) => {
    expect(vendorProblems("Deposit", JSON.parse(JSON.stringify(body)))).not.toEqual([]);
  });

  it("checks lists item by item, and the error shape with its array paths", () => {
    const balance = { currency: "EUR", total: "0.00", available_for_trading: "0.00", available_for_withdrawal: "0.00", reserved: "0.00" };
    expect(vendorProblems("CashBalance", [balance], { list: true })).toEqual([]);
    expect(vendorProblems("CashBalance", [balance, { ...balance, total: 0 }], { list: true })).not.toEqual([]);
    expect(vendorProblems("Error", { code: "invalid_param", detail: "x", params: [{ path: ["amount"], detail: "x", code: "invalid_param" }] })).toEqual([]);
    expect(vendorProblems("Error", { code: "invalid_param", detail: "x", params: [{ path: "amount", detail: "x", code: "invalid_param" }] })).not.toEqual([]);
  });
});

describe("the OpenAPI document", () => {
  it("declares every Sophic route behind the vendor's HTTPBearer scheme", async () => {
    const document = await (await SELF.fetch(`${BASE}/openapi.json`)).json<{ paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>> }>();
    const routes: [string, string, string][] = [
      ["/accounts", "post", "201"],
      ["/accounts/{account_id}", "get", "200"],
      ["/accounts/{account_id}/cash-balances", "get", "200"],
      ["/accounts/{account_id}/deposits", "post", "201"],
      ["/accounts/{account_id}/deposits", "get", "200"],
      ["/accounts/{account_id}/deposits/{deposit_id}", "get", "200"],
      ["/accounts/{account_id}/deposits/{deposit_id}/cancel", "post", "200"],
      ["/accounts/{account_id}/transactions", "get", "200"],
      ["/inbound-payments", "post", "201"],
    ];
    for (const [path, method, status] of routes) {
      const operation = document.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(operation?.security).toEqual([{ HTTPBearer: [] }]);
      expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining([status, "401"]));
    }
  });
});
