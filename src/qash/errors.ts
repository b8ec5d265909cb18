// The failures Qash documents, with Qash's own messages; the codes are this ledger's.
import { ApiError } from "../errors/api-error";
import type { UserStatus } from "../db/queries/users";

export const invalidPartnerCredentials = (): ApiError => new ApiError(401, "invalid_credentials", "Invalid partner credentials");

export const userNotFound = (): ApiError => new ApiError(404, "not_found", "User not found");

/** Qash answers 403 for every status but active, naming the status. */
export const userNotActive = (status: Exclude<UserStatus, "active"> | (string & {})): ApiError =>
  new ApiError(403, "forbidden", `User account is ${status}`);

export const missingUserToken = (): ApiError => new ApiError(401, "missing_token", "Authorization bearer token is required");

export const invalidUserToken = (): ApiError => new ApiError(401, "invalid_token", "Invalid or expired token");
