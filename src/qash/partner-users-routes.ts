// Qash's partner-side user management: register a user, read one, and change its status (ext, the KYC stand-in).
import { createRoute, z } from "@hono/zod-openapi";
import { short_text_chars_max } from "../config/limits";
import { database } from "../db/client";
import { findUser, insertUser } from "../db/queries/users";
import { ApiError } from "../errors/api-error";
import { createRouter } from "../http/router";
import { validationErrorFor } from "../http/validation";
import { isCountryCode } from "./country-codes";
import { userNotFound } from "./errors";
import { partnerAuthErrors } from "./guards";
import { changeUserStatus, statusNotCarriedEverywhere } from "./user-status";
import { requirePartner } from "./middleware/partner-auth";
import { honourIdempotencyKey } from "../http/idempotency";
import { idempotencyKeyErrors, idempotencyKeyParameter, jsonBodyErrors, malformedJsonError } from "../http/openapi-fragments";
import { partnerSecurity, QashUser, qashError, qashUser, registerQashSecuritySchemes } from "./identity-schemas";

/** Longest phone number E.164 allows: a plus and 15 digits. */
const phone_chars_max = 16;
/** Longest language tag accepted, RFC 5646's recommended buffer. */
const language_tag_chars_max = 35;

const CreateUserRequest = z
  .object({
    userType: z.enum(["personal", "business"]),
    email: z.email().max(short_text_chars_max),
    countryCode: z
      .string()
      .refine(isCountryCode, "must be an ISO 3166-1 alpha-2 code in upper case, such as MX")
      .openapi({ example: "MX" }),
    phone: z
      .string()
      .max(phone_chars_max)
      .regex(/^\+[1-9][0-9]{6,14}$/, "must be an E.164 number, such as +5215512345678")
      .optional(),
    preferredLanguage: z
      .string()
      .max(language_tag_chars_max)
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be a language tag, such as es or es-MX")
      .optional(),
  })
  .openapi("CreateUserRequest");

const CreatedUser = z
  .object({
    success: z.literal(true),
    data: z.object({ user: QashUser.pick({ id: true, email: true, status: true, createdAt: true }) }),
    message: z.string(),
  })
  .openapi("CreatedUser");

const UserEnvelope = z.object({ success: z.literal(true), data: z.object({ user: QashUser }) }).openapi("UserEnvelope");

const UserPath = z.object({ userId: z.string().max(short_text_chars_max).openapi({ param: { name: "userId", in: "path" } }) });

const ChangeUserStatusRequest = z
  .object({ status: z.enum(["active", "suspended", "banned"]) })
  .openapi("ChangeUserStatusRequest");

const common = { tags: ["Qash users"], middleware: [requirePartner], security: partnerSecurity };
const userExample = { userType: "personal", email: "ana@example.com", countryCode: "MX" };
const duplicateEmail = (): ApiError => new ApiError(409, "duplicate", "A user with this email already exists");
const userNotFoundResponse = qashError("User not found (also another partner's user)", userNotFound());

const createUserRoute = createRoute({
  ...common,
  middleware: [requirePartner, honourIdempotencyKey()],
  method: "post",
  path: "/partner/users",
  operationId: "qashRegisterUser",
  summary: "Register a user (status pending)",
  parameters: [idempotencyKeyParameter],
  request: { body: { required: true, content: { "application/json": { schema: CreateUserRequest } } } },
  responses: {
    201: { description: "The user, pending", content: { "application/json": { schema: CreatedUser } } },
    400: qashError(
      "The body is invalid, or the Idempotency-Key is over 255 characters",
      validationErrorFor(CreateUserRequest, { ...userExample, countryCode: "XX" }),
      validationErrorFor(CreateUserRequest, { userType: "personal", countryCode: "MX" }),
      malformedJsonError(),
      idempotencyKeyErrors.tooLong(),
    ),
    ...partnerAuthErrors,
    409: qashError(
      "DUPLICATE: the partner already has a user with this email; or IDEMPOTENCY_KEY_CONFLICT / IDEMPOTENCY_KEY_IN_PROGRESS",
      duplicateEmail(),
      idempotencyKeyErrors.conflict(),
      idempotencyKeyErrors.inProgress(),
    ),
    ...jsonBodyErrors(qashError),
  },
});

const readUserRoute = createRoute({
  ...common,
  method: "get",
  path: "/partner/users/{userId}",
  operationId: "qashGetUser",
  summary: "Read a user",
  request: { params: UserPath },
  responses: {
    200: { description: "The user", content: { "application/json": { schema: UserEnvelope } } },
    400: qashError("userId is longer than any id", validationErrorFor(UserPath, { userId: "u".repeat(short_text_chars_max + 1) }, "param")),
    ...partnerAuthErrors,
    404: userNotFoundResponse,
  },
});

const changeUserStatusRoute = createRoute({
  ...common,
  method: "patch",
  path: "/partner/users/{userId}",
  operationId: "qashChangeUserStatus",
  summary: "Change a user's status (ext; stands in for KYC approval)",
  request: { params: UserPath, body: { required: true, content: { "application/json": { schema: ChangeUserStatusRequest } } } },
  responses: {
    200: { description: "The user, with its new status", content: { "application/json": { schema: UserEnvelope } } },
    400: qashError(
      "The body is invalid",
      validationErrorFor(ChangeUserStatusRequest, { status: "pending" }),
      validationErrorFor(ChangeUserStatusRequest, {}),
      malformedJsonError(),
    ),
    ...partnerAuthErrors,
    404: userNotFoundResponse,
    ...jsonBodyErrors(qashError),
    503: qashError(
      "The status was saved but has not reached every account of the user yet (or D1 is unavailable): retry the request",
      statusNotCarriedEverywhere(),
    ),
  },
});

export const qashPartnerUserRoutes = createRouter()
  .openapi(createUserRoute, async (c) => {
    const body = c.req.valid("json");
    const now = new Date().toISOString();
    const user = {
      id: crypto.randomUUID(),
      partnerId: c.get("partner").id,
      userType: body.userType,
      // Emails compare case-insensitively, so one mailbox cannot register twice under two spellings.
      email: body.email.toLowerCase(),
      countryCode: body.countryCode,
      phone: body.phone ?? null,
      preferredLanguage: body.preferredLanguage ?? null,
      status: "pending" as const,
      createdAt: now,
      updatedAt: now,
    };
    const outcome = await insertUser(database(c.env), user);
    if (outcome === "duplicate") throw duplicateEmail();
    const created = { id: user.id, email: user.email, status: user.status, createdAt: user.createdAt };
    return c.json({ success: true as const, data: { user: created }, message: "User created successfully" }, 201);
  })
  .openapi(readUserRoute, async (c) => {
    const user = await findUser(database(c.env), c.get("partner").id, c.req.valid("param").userId);
    if (user === undefined) throw userNotFound();
    return c.json({ success: true as const, data: { user: qashUser(user) } }, 200);
  })
  .openapi(changeUserStatusRoute, async (c) => {
    const { userId } = c.req.valid("param");
    const { status } = c.req.valid("json");
    const user = await changeUserStatus(c.env, c.get("partner").id, userId, status);
    if (user === undefined) throw userNotFound();
    return c.json({ success: true as const, data: { user: qashUser(user) } }, 200);
  });

registerQashSecuritySchemes(qashPartnerUserRoutes);
