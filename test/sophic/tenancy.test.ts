import { describe, expect, it } from "vitest";
import { cashBalance, createDeposit, expectSophicError, openAccount, readDeposit, sophicClient, sophicFetch, type SophicClient } from "../support/sophic";

type Call = [method: string, path: (accountId: string, depositId: string) => string, body?: unknown];

const accountScoped: Call[] = [
  ["GET", (a) => `/accounts/${a}`],
  ["GET", (a) => `/accounts/${a}/cash-balances`],
  ["GET", (a) => `/accounts/${a}/transactions`],
  ["GET", (a) => `/accounts/${a}/deposits`],
  ["POST", (a) => `/accounts/${a}/deposits`, { amount: "100.00", currency: "EUR", request_advance: true }],
  ["GET", (a, d) => `/accounts/${a}/deposits/${d}`],
  ["POST", (a, d) => `/accounts/${a}/deposits/${d}/cancel`],
];

async function ownerWithDeposit() {
  const owner = await sophicClient();
  const account = await openAccount(owner);
  const deposit = await createDeposit(owner, account.id, { amount: "100.00", request_advance: true });
  return { owner, account, deposit };
}

async function unchanged(owner: SophicClient, accountId: string, depositId: string) {
  expect((await readDeposit(owner, accountId, depositId)).status).toBe("open");
  expect(await cashBalance(owner, accountId)).toMatchObject({ total: "100.00" });
}

describe("another partner's ids answer 404 not_found, exactly like missing ones", () => {
  it.each(accountScoped)("%s on another partner's account", async (method, path, body) => {
    const { owner, account, deposit } = await ownerWithDeposit();
    const stranger = await sophicClient();
    const foreign = await expectSophicError(await sophicFetch(stranger, method, path(account.id, deposit.id), body), 404, "not_found");
    const missing = await expectSophicError(await sophicFetch(stranger, method, path("999999999999", deposit.id), body), 404, "not_found");
    expect(foreign).toEqual(missing);
    await unchanged(owner, account.id, deposit.id);
  });

  it.each(accountScoped.filter(([, path]) => path("A", "D").includes("/deposits/D")))("%s on another partner's deposit under the caller's own account", async (method, path, body) => {
    const { owner, account, deposit } = await ownerWithDeposit();
    const stranger = await sophicClient();
    const own = await openAccount(stranger);
    const foreign = await expectSophicError(await sophicFetch(stranger, method, path(own.id, deposit.id), body), 404, "not_found");
    const missing = await expectSophicError(await sophicFetch(stranger, method, path(own.id, "999999999999"), body), 404, "not_found");
    expect(foreign).toEqual(missing);
    await unchanged(owner, account.id, deposit.id);
  });

  it("reads the owner's deposit only under its own account", async () => {
    const { owner, account, deposit } = await ownerWithDeposit();
    const other = await openAccount(owner);
    await expectSophicError(await sophicFetch(owner, "GET", `/accounts/${other.id}/deposits/${deposit.id}`), 404, "not_found");
    expect((await readDeposit(owner, account.id, deposit.id)).id).toBe(deposit.id);
  });
});
