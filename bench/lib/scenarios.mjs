// The scenarios: what each one sends, which floor it is compared with, and how its history is found in D1.
// Every scenario gets its own partner, so D1 rows can be counted per scenario.
import { randomBytes } from "node:crypto";
import { qashTenant, sophicTenant } from "./provision.mjs";

const runTag = randomBytes(4).toString("hex");
let sequence = 0;
const nextKey = () => `bench-${runTag}-${(sequence += 1)}`;
const json = { "Content-Type": "application/json" };

/** Accounts in the spread scenarios, and how they are owned (100 users with 10 accounts each). */
export const spread_accounts = 1_000;
const spread_users = 100;

/** Sends `body()` as JSON with fresh headers on every request. */
function post(path, headers, body, onResponse) {
  return {
    method: "POST",
    path,
    setupRequest(request) {
      request.headers = { ...json, ...headers() };
      request.body = JSON.stringify(body());
      return request;
    },
    ...(onResponse ? { onResponse } : {}),
  };
}

const health = {
  name: "health",
  description: "GET /health through the whole app (Hono, middleware, request log); no D1, no Durable Object",
  floor: "health",
  requests: () => [{ method: "GET", path: "/health" }],
};

const floorDoHot = {
  name: "floor-do-hot",
  description: "Bench-only: one RPC into one Durable Object that inserts one SQLite row (plain fetch handler, no framework)",
  floor: "health",
  requests: () => [post("/__bench/floor-do/hot", () => ({}), () => ({ amount: 100 }))],
};

const floorDoSpread = {
  name: "floor-do-spread",
  description: "Bench-only: as floor-do-hot, over 1,000 objects in turn",
  floor: "health",
  requests: () => {
    let index = 0;
    return [
      {
        method: "POST",
        path: "/__bench/floor-do/0",
        setupRequest(request) {
          index = (index + 1) % spread_accounts;
          request.path = `/__bench/floor-do/${index}`;
          request.headers = json;
          request.body = '{"amount":100}';
          return request;
        },
      },
    ];
  },
};

const naivePeer = {
  name: "naive-peer-hot",
  description: "Bench-only: read the balance from D1, write balance and history to D1 in one batch; no Durable Object, no auth",
  floor: "floor-do-hot",
  requests: () => [post("/__bench/naive-deposit", () => ({}), () => ({ accountId: 1, amount: 100 }))],
  naive: { accountIdOf: () => 1, amountMinor: 100 },
};

const naivePeerApp = {
  name: "naive-peer-app-hot",
  description:
    "Bench-only: the naive peer behind the real deposit's front (the same Hono middleware, Qash guard with the user read from D1, rate limit and body validation), " +
    "then the same D1 read and batch; no Durable Object, no idempotency",
  floor: "floor-do-hot",
  async setup({ base, adminToken }) {
    const tenant = await qashTenant(base, adminToken, "naive-peer-app-hot", { userCount: 1, accountsPerUser: 1 });
    return { partnerId: tenant.partner.id, accounts: tenant.accounts };
  },
  requests(state) {
    const account = state.accounts[0];
    return [
      post(
        "/__bench/naive-deposit-app",
        () => account.session.headers,
        () => ({ toAccountId: account.accountId, amount: 100, currency: "MXN", provider: "irisbank", description: "Top-up via IrisBank" }),
      ),
    ];
  },
  naive: { accountIdOf: (state) => state.accounts[0].accountId, amountMinor: 100 },
};

function qashDeposit(name, description, floor, tenantOptions, { keyed = true } = {}) {
  return {
    name,
    description,
    floor,
    async setup({ base, adminToken }) {
      const tenant = await qashTenant(base, adminToken, name, tenantOptions);
      return { partnerId: tenant.partner.id, accounts: tenant.accounts };
    },
    requests(state, hooks) {
      let index = 0;
      return [
        {
          method: "POST",
          path: "/api/v1/user/deposit",
          setupRequest(request, context) {
            const account = state.accounts[index % state.accounts.length];
            index += 1;
            context.account = account;
            request.headers = keyed ? { ...json, ...account.session.headers, "Idempotency-Key": nextKey() } : { ...json, ...account.session.headers };
            request.body = JSON.stringify({ toAccountId: account.accountId, amount: 100, currency: "MXN", provider: "irisbank", description: "Top-up via IrisBank" });
            return request;
          },
          onResponse: hooks.onResponse,
        },
      ];
    },
    lag: { table: "transactions", idOf: (body) => JSON.parse(body).id },
    history: { table: "transactions" },
  };
}

const qashHot = qashDeposit("qash-deposit-hot", "POST /api/v1/user/deposit into one account, with partner key/secret, user JWT and a fresh Idempotency-Key", "floor-do-hot", {
  userCount: 1,
  accountsPerUser: 1,
});
// The same without a key: the difference is what the caller's key object costs (one more Durable Object call).
const qashHotNoKey = qashDeposit(
  "qash-deposit-hot-no-key",
  "As qash-deposit-hot, without an Idempotency-Key (so without the call that claims it in the caller's key object)",
  "floor-do-hot",
  { userCount: 1, accountsPerUser: 1 },
  { keyed: false },
);
const qashSpread = qashDeposit("qash-deposit-spread", "As qash-deposit-hot, over 1,000 accounts (100 users with 10 accounts each)", "floor-do-spread", {
  userCount: spread_users,
  accountsPerUser: spread_accounts / spread_users,
});

const sophicAdvanced = {
  name: "sophic-advanced-deposit-hot",
  description: "POST /accounts/{id}/deposits with request_advance into one account (client JWT, fresh Idempotency-Key); registers with a new payment reference's object before answering",
  floor: "floor-do-hot",
  async setup({ base, adminToken }) {
    const tenant = await sophicTenant(base, adminToken, "sophic-advanced-deposit-hot");
    return { partnerId: tenant.partner.id, headers: tenant.headers, accountId: tenant.accountId };
  },
  requests(state, hooks) {
    return [
      {
        ...post(
          `/accounts/${state.accountId}/deposits`,
          () => ({ ...state.headers, "Idempotency-Key": nextKey() }),
          () => ({ amount: "100.00", currency: "EUR", request_advance: true }),
        ),
        onResponse: hooks.onResponse,
      },
    ];
  },
  lag: { table: "deposits", idOf: (body) => Number(JSON.parse(body).id) },
  history: { table: "deposits" },
};

const sophicFunding = {
  name: "sophic-funding",
  description: "Per connection, in turn: create a deposit with a fresh payment reference, then report the inbound payment that funds it (2 requests per funding)",
  floor: "floor-do-hot",
  requestsPerOperation: 2,
  async setup({ base, adminToken }) {
    const tenant = await sophicTenant(base, adminToken, "sophic-funding");
    return { partnerId: tenant.partner.id, headers: tenant.headers, accountId: tenant.accountId };
  },
  requests(state) {
    return [
      {
        method: "POST",
        path: `/accounts/${state.accountId}/deposits`,
        setupRequest(request, context) {
          context.reference = `BENCH ${nextKey()}`.slice(0, 35);
          request.headers = { ...json, ...state.headers, "Idempotency-Key": nextKey() };
          request.body = JSON.stringify({ amount: "100.00", currency: "EUR", payment_reference: context.reference });
          return request;
        },
      },
      {
        method: "POST",
        path: "/inbound-payments",
        setupRequest(request, context) {
          request.headers = { ...json, ...state.headers, "Idempotency-Key": nextKey() };
          request.body = JSON.stringify({ payment_reference: context.reference, amount: "100.00", currency: "EUR" });
          return request;
        },
      },
    ];
  },
  history: { table: "deposits" },
};

/** In run order: the floors first, then the peers, then the ledger. */
export const scenarios = [health, floorDoHot, floorDoSpread, naivePeer, naivePeerApp, qashHot, qashHotNoKey, qashSpread, sophicAdvanced, sophicFunding];
