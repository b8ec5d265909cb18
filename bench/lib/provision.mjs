// Migrates the bench's D1 and makes callers through the real endpoints, as test/support/fixtures.ts does:
// operator-made partners, Qash users with tokens and accounts, Sophic client tokens and accounts.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { call, mapLimit } from "./http.mjs";
import { projectRoot } from "./paths.mjs";

/** Requests in flight while setting up: enough to keep workerd's one thread busy, few enough not to time out. */
const setup_concurrency = 32;

/** Every statement of every migration file, in order, split where drizzle-kit marks a breakpoint. */
export function migrationStatements(dir = join(projectRoot, "migrations")) {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".sql"))
    .sort()
    .flatMap((name) => readFileSync(join(dir, name), "utf8").split("--> statement-breakpoint"))
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

export async function migrate(base) {
  return call(base, "POST", "/__bench/migrate", { body: { statements: migrationStatements() } });
}

export async function createPartner(base, adminToken, name) {
  const partner = await call(base, "POST", "/admin/partners", { headers: { Authorization: `Bearer ${adminToken}` }, body: { name } });
  for (const key of ["id", "apiKey", "apiSecret"]) if (typeof partner[key] !== "string") throw new Error(`createPartner: no ${key} in ${JSON.stringify(partner)}`);
  return partner;
}

export const partnerHeaders = (partner) => ({ "X-Api-Key": partner.apiKey, "X-Api-Secret": partner.apiSecret });

async function qashUser(base, partner, index) {
  const headers = partnerHeaders(partner);
  const created = await call(base, "POST", "/api/v1/partner/users", {
    headers,
    body: { userType: "personal", email: `bench-${index}-${partner.id}@example.com`, countryCode: "US" },
  });
  const userId = created?.data?.user?.id;
  if (typeof userId !== "string") throw new Error(`createUser: no data.user.id in ${JSON.stringify(created)}`);
  await call(base, "PATCH", `/api/v1/partner/users/${userId}`, { headers, body: { status: "active" } });
  const token = await call(base, "POST", "/api/v1/partner/auth/token", { headers, body: { userId } });
  if (typeof token?.accessToken !== "string") throw new Error(`qashToken: no accessToken in ${JSON.stringify(token)}`);
  return { userId, headers: { ...headers, Authorization: `Bearer ${token.accessToken}` } };
}

async function qashAccount(base, session) {
  const account = await call(base, "POST", "/api/v1/user/accounts", { headers: session.headers, body: { description: "Bench wallet", asset: "MXN" } });
  if (typeof account?.id !== "number") throw new Error(`openAccount: no numeric id in ${JSON.stringify(account)}`);
  return account.id;
}

/** One partner, `userCount` active users, `accountsPerUser` MXN accounts each. */
export async function qashTenant(base, adminToken, label, { userCount = 1, accountsPerUser = 1 } = {}) {
  const partner = await createPartner(base, adminToken, `bench ${label}`);
  const users = await mapLimit([...Array(userCount).keys()], setup_concurrency, (index) => qashUser(base, partner, index));
  const owners = users.flatMap((session) => Array.from({ length: accountsPerUser }, () => session));
  const accounts = await mapLimit(owners, setup_concurrency, async (session) => ({ accountId: await qashAccount(base, session), session }));
  return { partner, users, accounts };
}

export async function sophicTenant(base, adminToken, label) {
  const partner = await createPartner(base, adminToken, `bench ${label}`);
  const token = await call(base, "POST", "/auth/token", {
    form: { grant_type: "client_credentials", client_id: partner.apiKey, client_secret: partner.apiSecret },
  });
  if (typeof token?.access_token !== "string") throw new Error(`sophicToken: no access_token in ${JSON.stringify(token)}`);
  const headers = { Authorization: `Bearer ${token.access_token}` };
  const account = await call(base, "POST", "/accounts", { headers, body: { name: "Bench Holder", base_currency: "EUR", funding_currencies: ["EUR"] } });
  if (typeof account?.id !== "string") throw new Error(`openAccount (Sophic): no id in ${JSON.stringify(account)}`);
  return { partner, headers, accountId: account.id };
}
