// `npm run seed`: demo data on a running local dev server (`npm run dev`), through the public API only:
// a partner, an active Qash user with an account and two deposits, a Sophic account with one funded and
// one open deposit. Prints the credentials and curl commands ready to paste.
//   BASE_URL=http://127.0.0.1:8787 npm run seed      (ADMIN_TOKEN from the environment or .dev.vars)
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "./ensure-dev-vars.mjs";

const baseUrl = (process.env.BASE_URL ?? "http://127.0.0.1:8787").replace(/\/+$/, "");

function adminToken() {
  if (process.env.ADMIN_TOKEN) return process.env.ADMIN_TOKEN;
  const devVars = join(projectRoot, ".dev.vars");
  if (!existsSync(devVars)) fail("ADMIN_TOKEN is not set and .dev.vars does not exist: start the server with `npm run dev` first.");
  const token = /^ADMIN_TOKEN=(.*)$/m.exec(readFileSync(devVars, "utf8"))?.[1]?.trim();
  if (!token) fail("ADMIN_TOKEN is missing from .dev.vars.");
  return token;
}

function fail(message) {
  console.error(`npm run seed: ${message}`);
  process.exit(1);
}

/** One API call that must answer `expected`; anything else stops the seed with the answer in full. */
async function call(expected, method, path, { headers = {}, json, form } = {}) {
  const init = { method, headers: { ...headers } };
  if (json !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(json);
  }
  if (form !== undefined) init.body = new URLSearchParams(form);
  let response;
  try {
    response = await fetch(`${baseUrl}${path}`, init);
  } catch (error) {
    fail(`cannot reach ${baseUrl} (${error.cause?.code ?? error.message}). Is \`npm run dev\` running? Set BASE_URL if it listens elsewhere.`);
  }
  const text = await response.text();
  if (response.status !== expected) fail(`${method} ${path} answered ${response.status}, expected ${expected}: ${text}`);
  return JSON.parse(text);
}

const stamp = new Date().toISOString().replace(/[-:]/g, "").slice(0, 15);

const partner = await call(201, "POST", "/admin/partners", {
  headers: { Authorization: `Bearer ${adminToken()}` },
  json: { name: `Demo partner ${stamp}` },
});
const partnerHeaders = { "X-Api-Key": partner.apiKey, "X-Api-Secret": partner.apiSecret };

// Qash: a user approved at once (the PATCH stands in for KYC), an MXN account, two deposits.
const registered = await call(201, "POST", "/api/v1/partner/users", {
  headers: partnerHeaders,
  json: { userType: "personal", email: `demo.${stamp.toLowerCase()}@example.com`, countryCode: "MX" },
});
const user = registered.data.user;
await call(200, "PATCH", `/api/v1/partner/users/${user.id}`, { headers: partnerHeaders, json: { status: "active" } });
const issued = await call(200, "POST", "/api/v1/partner/auth/token", { headers: partnerHeaders, json: { userId: user.id } });
const userHeaders = { ...partnerHeaders, Authorization: `Bearer ${issued.accessToken}` };
const qashAccount = await call(201, "POST", "/api/v1/user/accounts", { headers: userHeaders, json: { description: "Demo wallet", asset: "MXN" } });
for (const [amount, provider] of [[100000, "irisbank"], [50000, "cobre"]]) {
  await call(200, "POST", "/api/v1/user/deposit", {
    headers: userHeaders,
    json: { toAccountId: qashAccount.id, amount, currency: "MXN", provider, description: `Demo top-up via ${provider}` },
  });
}
const balances = await call(200, "GET", "/api/v1/user/balance", { headers: userHeaders });

// Sophic: an EUR account, a deposit advanced and then funded by its reference, and one left open.
const token = await call(200, "POST", "/auth/token", {
  form: { grant_type: "client_credentials", client_id: partner.apiKey, client_secret: partner.apiSecret },
});
const bearer = { Authorization: `Bearer ${token.access_token}` };
const sophicAccount = await call(201, "POST", "/accounts", { headers: bearer, json: { name: "Demo brokerage", base_currency: "EUR", funding_currencies: ["EUR"] } });
const funded = await call(201, "POST", `/accounts/${sophicAccount.id}/deposits`, { headers: bearer, json: { amount: "100.00", currency: "EUR", request_advance: true } });
await call(201, "POST", "/inbound-payments", { headers: bearer, json: { payment_reference: funded.payment_reference, amount: "100.00", currency: "EUR" } });
const open = await call(201, "POST", `/accounts/${sophicAccount.id}/deposits`, { headers: bearer, json: { amount: "25.00", currency: "EUR" } });

const qashBalance = balances.items.find((item) => item.id === qashAccount.id)?.balance;
console.log(`Demo data on ${baseUrl}

Partner        ${partner.id} (${partner.name})
  apiKey       ${partner.apiKey}
  apiSecret    ${partner.apiSecret}   (shown once; not stored anywhere but here)
Qash user      ${user.id} (${user.email}, active)
  accessToken  valid one hour
Qash account   ${qashAccount.id} (MXN): 2 deposits, balance ${qashBalance} minor units
Sophic account ${sophicAccount.id} (EUR): deposit ${funded.id} completed (100.00), deposit ${open.id} open (25.00, payment reference ${open.payment_reference})

Paste into a shell:

export BASE_URL='${baseUrl}'
export KEY='${partner.apiKey}' SECRET='${partner.apiSecret}'
export USER_TOKEN='${issued.accessToken}'
export QASH_ACCOUNT=${qashAccount.id} SOPHIC_ACCOUNT=${sophicAccount.id} OPEN_DEPOSIT=${open.id} OPEN_REFERENCE='${open.payment_reference}'

# Qash: balance, history, another deposit
curl -s "$BASE_URL/api/v1/user/balance" -H "X-Api-Key: $KEY" -H "X-Api-Secret: $SECRET" -H "Authorization: Bearer $USER_TOKEN"
curl -s "$BASE_URL/api/v1/user/transactions?accountId=$QASH_ACCOUNT&limit=20&offset=0" -H "X-Api-Key: $KEY" -H "X-Api-Secret: $SECRET" -H "Authorization: Bearer $USER_TOKEN"
curl -s "$BASE_URL/api/v1/user/deposit" -H "X-Api-Key: $KEY" -H "X-Api-Secret: $SECRET" -H "Authorization: Bearer $USER_TOKEN" -H 'Content-Type: application/json' -H "Idempotency-Key: demo-$RANDOM" \\
  -d "{\\"toAccountId\\":$QASH_ACCOUNT,\\"amount\\":2500,\\"currency\\":\\"MXN\\",\\"provider\\":\\"irisbank\\",\\"description\\":\\"Another top-up\\"}"

# Sophic: a fresh 15-minute token, then balances, deposits, funding the open one, and the events feed
export TOKEN=$(curl -s "$BASE_URL/auth/token" -d grant_type=client_credentials -d "client_id=$KEY" -d "client_secret=$SECRET" | node -e 'process.stdin.on("data", (d) => process.stdout.write(JSON.parse(d).access_token))')
curl -s "$BASE_URL/accounts/$SOPHIC_ACCOUNT/cash-balances" -H "Authorization: Bearer $TOKEN"
curl -s "$BASE_URL/accounts/$SOPHIC_ACCOUNT/deposits?limit=20" -H "Authorization: Bearer $TOKEN"
curl -s "$BASE_URL/inbound-payments" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
  -d "{\\"payment_reference\\":\\"$OPEN_REFERENCE\\",\\"amount\\":\\"25.00\\",\\"currency\\":\\"EUR\\"}"
curl -s "$BASE_URL/events?after=0&limit=100" -H "Authorization: Bearer $TOKEN"

Docs: ${baseUrl}/docs`);
