import { describe, expect, it } from "vitest";
import { createPartner, createUser, partnerHeaders, type TestPartner } from "../support/fixtures";
import { issueQashToken, patchStatus, qashFetch } from "./helpers";

const invalidCredentials = { success: false, message: "Invalid partner credentials", code: "INVALID_CREDENTIALS" };
const userNotFound = { success: false, message: "User not found", code: "NOT_FOUND" };

function register(partner: TestPartner, body: unknown): Promise<Response> {
  return qashFetch("/partner/users", { method: "POST", headers: partnerHeaders(partner), body });
}

const newUser = (overrides: Record<string, unknown> = {}) => ({
  userType: "personal",
  email: `someone-${crypto.randomUUID()}@example.com`,
  countryCode: "MX",
  ...overrides,
});

describe("Qash partner credentials", () => {
  it.each([
    ["no headers", () => ({})],
    ["only the key", (partner: TestPartner) => ({ "X-Api-Key": partner.apiKey })],
    ["only the secret", (partner: TestPartner) => ({ "X-Api-Secret": partner.apiSecret })],
    ["a wrong secret", (partner: TestPartner) => ({ "X-Api-Key": partner.apiKey, "X-Api-Secret": `${partner.apiSecret}x` })],
    ["an unknown key", (partner: TestPartner) => ({ "X-Api-Key": "qash_key_live_unknown", "X-Api-Secret": partner.apiSecret })],
  ])("answers 401 Invalid partner credentials with %s", async (_, headersOf) => {
    const partner = await createPartner();
    const response = await qashFetch("/partner/users", {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headersOf(partner) },
      body: newUser(),
    });
    expect(response.status).toBe(401);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual(invalidCredentials);
    expect(text).not.toContain(partner.apiSecret);
  });

  it("answers 401 to one partner's key with another partner's secret", async () => {
    const [first, second] = [await createPartner(), await createPartner()];
    const response = await qashFetch(`/partner/users/${crypto.randomUUID()}`, {
      headers: { "X-Api-Key": first.apiKey, "X-Api-Secret": second.apiSecret },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(invalidCredentials);
  });
});

describe("POST /api/v1/partner/users", () => {
  it("registers a pending user", async () => {
    const partner = await createPartner();
    const response = await register(partner, newUser({ email: "Ana.Lopez@Example.com", phone: "+5215512345678", preferredLanguage: "es-MX" }));
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      success: true,
      data: {
        user: {
          id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
          email: "ana.lopez@example.com",
          status: "pending",
          createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        },
      },
      message: "User created successfully",
    });
  });

  it("answers 409 to an email the partner already registered, in any case", async () => {
    const partner = await createPartner();
    const email = `dup-${crypto.randomUUID()}@example.com`;
    expect((await register(partner, newUser({ email }))).status).toBe(201);
    for (const again of [email, email.toUpperCase()]) {
      const response = await register(partner, newUser({ email: again }));
      expect(response.status).toBe(409);
      expect(await response.json()).toEqual({ success: false, message: "A user with this email already exists", code: "DUPLICATE" });
    }
  });

  it("lets two partners register the same email", async () => {
    const email = `shared-${crypto.randomUUID()}@example.com`;
    expect((await register(await createPartner(), newUser({ email }))).status).toBe(201);
    expect((await register(await createPartner(), newUser({ email }))).status).toBe(201);
  });

  it("answers 400 email is required", async () => {
    const partner = await createPartner();
    const response = await register(partner, { userType: "personal", countryCode: "MX" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ success: false, message: "email is required", code: "MISSING_PARAM" });
  });

  it.each([
    ["userType", { userType: "company" }],
    ["email", { email: "not-an-email" }],
    ["countryCode", { countryCode: "ZZ" }],
    ["countryCode", { countryCode: "mx" }],
    ["phone", { phone: "5512345678" }],
    ["preferredLanguage", { preferredLanguage: "spanish please" }],
  ])("answers 400 when %s is invalid (%j)", async (field, overrides) => {
    const partner = await createPartner();
    const response = await register(partner, newUser(overrides));
    expect(response.status).toBe(400);
    const body = (await response.json()) as Record<string, string>;
    expect(body).toEqual({ success: false, message: expect.any(String), code: "INVALID_PARAM" });
    expect(body.message?.startsWith(`${field} is invalid: `)).toBe(true);
  });

  it("answers 400 to malformed JSON in Qash's shape", async () => {
    const partner = await createPartner();
    const response = await register(partner, "{oops");
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ success: false, code: "INVALID_REQUEST" });
  });
});

describe("GET /api/v1/partner/users/{userId}", () => {
  it("reads the user", async () => {
    const partner = await createPartner();
    const created = await register(partner, newUser({ userType: "business", countryCode: "CO" }));
    const { data } = (await created.json()) as { data: { user: { id: string; email: string } } };
    const response = await qashFetch(`/partner/users/${data.user.id}`, { headers: partnerHeaders(partner) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      success: true,
      data: {
        user: {
          id: data.user.id,
          email: data.user.email,
          userType: "business",
          countryCode: "CO",
          phone: null,
          preferredLanguage: null,
          status: "pending",
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
        },
      },
    });
  });

  it("answers 404 User not found for an unknown id", async () => {
    const partner = await createPartner();
    const response = await qashFetch(`/partner/users/${crypto.randomUUID()}`, { headers: partnerHeaders(partner) });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual(userNotFound);
  });

  it("answers 401 before looking anything up", async () => {
    const response = await qashFetch(`/partner/users/${crypto.randomUUID()}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(invalidCredentials);
  });
});

describe("PATCH /api/v1/partner/users/{userId}", () => {
  it.each(["active", "suspended", "banned"])("sets the status to %s", async (status) => {
    const partner = await createPartner();
    const user = await createUser(partner, { status: "pending" });
    const response = await patchStatus(partner, user.id, status);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ success: true, data: { user: { id: user.id, email: user.email, status } } });
    const read = await qashFetch(`/partner/users/${user.id}`, { headers: partnerHeaders(partner) });
    expect(await read.json()).toMatchObject({ data: { user: { status } } });
  });

  it("answers 400 to a status it does not set", async () => {
    const partner = await createPartner();
    const user = await createUser(partner, { status: "pending" });
    for (const status of ["pending", "approved", 1]) {
      const response = await patchStatus(partner, user.id, status as string);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ success: false, code: "INVALID_PARAM" });
    }
  });

  it("answers 400 status is required", async () => {
    const partner = await createPartner();
    const user = await createUser(partner, { status: "pending" });
    const response = await qashFetch(`/partner/users/${user.id}`, { method: "PATCH", headers: partnerHeaders(partner), body: {} });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ success: false, message: "status is required", code: "MISSING_PARAM" });
  });

  it("answers 404 User not found for an unknown id", async () => {
    const partner = await createPartner();
    const response = await patchStatus(partner, crypto.randomUUID(), "active");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual(userNotFound);
  });
});

describe("cross-partner isolation", () => {
  it("answers another partner's user exactly like a missing one", async () => {
    const owner = await createPartner();
    const stranger = await createPartner();
    const user = await createUser(owner, { status: "active" });

    const read = await qashFetch(`/partner/users/${user.id}`, { headers: partnerHeaders(stranger) });
    expect(read.status).toBe(404);
    expect(await read.json()).toEqual(userNotFound);

    const patch = await patchStatus(stranger, user.id, "banned");
    expect(patch.status).toBe(404);
    expect(await patch.json()).toEqual(userNotFound);

    const token = await issueQashToken(stranger, user.id);
    expect(token.status).toBe(404);
    expect(await token.json()).toEqual(userNotFound);

    // The failed PATCH changed nothing for the owner.
    const own = await qashFetch(`/partner/users/${user.id}`, { headers: partnerHeaders(owner) });
    expect(await own.json()).toMatchObject({ data: { user: { status: "active" } } });
  });
});
