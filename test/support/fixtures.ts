// Builds callers through the real endpoints: partners, users and tokens for both dialects. Every helper
// asserts its own success, so a broken identity layer fails loudly here rather than deep inside a ledger test.
import { env, SELF } from "cloudflare:test";

export const BASE = "https://ledger.test";

export type TestPartner = { id: string; name: string; apiKey: string; apiSecret: string };
export type QashSession = { partner: TestPartner; userId: string; accessToken: string; headers: Record<string, string> };

type UserStatus = "pending" | "active" | "suspended" | "banned";

async function expectStatus(response: Response, status: number, what: string): Promise<Record<string, unknown>> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

function stringAt(body: Record<string, unknown>, key: string, what: string): string {
  const value = body[key];
  if (typeof value !== "string") throw new Error(`${what}: response has no string "${key}": ${JSON.stringify(body)}`);
  return value;
}

export async function createPartner(name: string = `Partner ${crypto.randomUUID()}`): Promise<TestPartner> {
  const response = await SELF.fetch(`${BASE}/admin/partners`, {
    method: "POST",
    headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify({ name }),
  });
  const body = await expectStatus(response, 201, "createPartner");
  const what = "createPartner";
  return { id: stringAt(body, "id", what), name: stringAt(body, "name", what), apiKey: stringAt(body, "apiKey", what), apiSecret: stringAt(body, "apiSecret", what) };
}

export function partnerHeaders(partner: TestPartner): Record<string, string> {
  return { "X-Api-Key": partner.apiKey, "X-Api-Secret": partner.apiSecret, "Content-Type": "application/json" };
}

async function setUserStatus(partner: TestPartner, userId: string, status: Exclude<UserStatus, "pending">): Promise<void> {
  const response = await SELF.fetch(`${BASE}/api/v1/partner/users/${userId}`, {
    method: "PATCH",
    headers: partnerHeaders(partner),
    body: JSON.stringify({ status }),
  });
  await expectStatus(response, 200, `setUserStatus(${status})`);
}

/** Registers a user and, unless `pending` is asked for, moves it to the status wanted (default `active`). */
export async function createUser(
  partner: TestPartner,
  options: { status?: UserStatus; email?: string } = {},
): Promise<{ id: string; email: string }> {
  const response = await SELF.fetch(`${BASE}/api/v1/partner/users`, {
    method: "POST",
    headers: partnerHeaders(partner),
    body: JSON.stringify({ userType: "personal", email: options.email ?? `user-${crypto.randomUUID()}@example.com`, countryCode: "US" }),
  });
  const body = await expectStatus(response, 201, "createUser");
  const user = (body.data as { user: { id: string; email: string } }).user;
  const status = options.status ?? "active";
  if (status !== "pending") await setUserStatus(partner, user.id, status);
  return { id: user.id, email: user.email };
}

async function qashToken(partner: TestPartner, userId: string): Promise<string> {
  const response = await SELF.fetch(`${BASE}/api/v1/partner/auth/token`, {
    method: "POST",
    headers: partnerHeaders(partner),
    body: JSON.stringify({ userId }),
  });
  return stringAt(await expectStatus(response, 200, "qashToken"), "accessToken", "qashToken");
}

export async function qashSession(partner?: TestPartner): Promise<QashSession> {
  const caller = partner ?? (await createPartner());
  const user = await createUser(caller);
  const accessToken = await qashToken(caller, user.id);
  return { partner: caller, userId: user.id, accessToken, headers: { ...partnerHeaders(caller), Authorization: `Bearer ${accessToken}` } };
}

export async function sophicToken(partner: TestPartner): Promise<string> {
  const response = await SELF.fetch(`${BASE}/auth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: partner.apiKey, client_secret: partner.apiSecret }).toString(),
  });
  return stringAt(await expectStatus(response, 200, "sophicToken"), "access_token", "sophicToken");
}

export async function sophicHeaders(partner?: TestPartner): Promise<{ partner: TestPartner; headers: Record<string, string> }> {
  const caller = partner ?? (await createPartner());
  const token = await sophicToken(caller);
  return { partner: caller, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" } };
}
