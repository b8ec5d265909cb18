// Provisions the soak's partners through the real endpoints: each gets an active Qash user with accounts, a
// Sophic client with accounts, and the shared bookkeeping the traffic uses to know what it may expect.
import { PartnerSession } from "./client.mjs";

function must(answer, status, what) {
  if (answer.status !== status) throw new Error(`${what}: expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export async function provisionPartner(http, adminToken, index, requestsPerSecond) {
  const admin = { Authorization: `Bearer ${adminToken}` };
  const partner = must(await http.request("admin.partners", "POST", "/admin/partners", { headers: admin, json: { name: `Soak ${index} ${new Date().toISOString()}` } }), 201, "POST /admin/partners");
  const partnerHeaders = { "X-Api-Key": partner.apiKey, "X-Api-Secret": partner.apiSecret };
  const user = must(
    await http.request("qash.users", "POST", "/api/v1/partner/users", { headers: partnerHeaders, json: { userType: "personal", email: `soak-${index}-${Date.now()}@example.com`, countryCode: "US" } }),
    201,
    "POST /api/v1/partner/users",
  ).data.user;
  must(await http.request("qash.users", "PATCH", `/api/v1/partner/users/${user.id}`, { headers: partnerHeaders, json: { status: "active" } }), 200, "PATCH user");
  const session = new PartnerSession(http, partner, user.id, requestsPerSecond);
  await Promise.all([session.renewQash(), session.renewSophic()]);

  const qashAccounts = [];
  for (const asset of ["EUR", "EUR", "MXN"]) {
    const account = must(await session.qash("qash.accounts", "POST", "/api/v1/user/accounts", { json: { description: `Soak ${asset}`, asset } }), 201, "POST /api/v1/user/accounts");
    qashAccounts.push({ id: String(account.id), currencies: [asset] });
  }
  const sophicAccounts = [];
  for (const [base, funding] of [["EUR", ["EUR", "USD"]], ["EUR", ["EUR"]], ["EUR", ["EUR", "GBP"]], ["USD", ["USD", "EUR"]]]) {
    const account = must(await session.sophic("sophic.accounts", "POST", "/accounts", { json: { name: `Soak ${base}`, base_currency: base, funding_currencies: funding } }), 201, "POST /accounts");
    sophicAccounts.push({ id: account.id, currencies: funding });
  }
  return {
    index,
    session,
    qashAccounts,
    // Sophic reaches every account of the partner, Qash ones included (in their asset, when Sophic knows it).
    depositAccounts: [...sophicAccounts, ...qashAccounts.filter((account) => account.currencies[0] !== "MXN")],
    sophicAccounts,
    /** Open deposits nobody is acting on: an action claims (removes) what it uses, so its outcome is certain. */
    open: new Map(),
    /** Deposit id -> payment id, from matched payments' answers: a deposit in two of them completed twice. */
    completedBy: new Map(),
    /** Deposit id -> account id, of deposits a cancel answered 200 for. */
    canceled: new Map(),
    /** The last 200 deposits seen completed or canceled, as { id, account }: targets for refused cancels. */
    settledSample: [],
    eventCursor: "0",
    polling: false,
    nextReference: 1,
  };
}
