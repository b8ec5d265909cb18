// The one typed error of this Worker: every expected failure is an ApiError with a stable code.
import type { ContentfulStatusCode } from "hono/utils/http-status";

export type ErrorCode =
  | "invalid_request"
  | "invalid_param"
  | "missing_param"
  | "not_found"
  | "method_not_allowed"
  | "unauthorized"
  | "invalid_credentials"
  | "missing_token"
  | "invalid_token"
  | "forbidden"
  | "conflict"
  | "duplicate"
  | "payload_too_large"
  | "unsupported_media_type"
  | "currency_not_supported"
  | "idempotency_key_conflict"
  | "idempotency_key_too_long"
  | "idempotency_key_in_progress"
  | "amount_too_large"
  | "deposit_forbidden"
  | "insufficient_funds"
  | "balance_limit_exceeded"
  | "reference_limit_exceeded"
  | "rate_limited"
  | "service_unavailable"
  | "insecure_configuration"
  | "server_error";

/** One field-level problem, in Sophic's `params[]` form: `path` lists the keys (or indexes) to the field. */
export type ParamProblem = { path: (string | number)[]; detail: string; code: ErrorCode };

export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: ErrorCode;
  readonly params: ParamProblem[] | undefined;

  constructor(status: ContentfulStatusCode, code: ErrorCode, message: string, params?: ParamProblem[]) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.params = params;
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, "not_found", `${what} not found`);

export const invalidParam = (field: string, detail: string): ApiError =>
  new ApiError(400, "invalid_param", `${field} ${detail}`, [{ path: [field], detail, code: "invalid_param" }]);
