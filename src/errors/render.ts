// Renders any thrown value as the caller's dialect expects, and is the Worker's only onError.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../env";
import { ApiError, type ErrorCode } from "./api-error";
import { dialectOfPath, type Dialect } from "./dialect";
import { log } from "../http/log";

const codeOfHttpStatus: Record<number, ErrorCode> = {
  400: "invalid_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
  503: "service_unavailable",
};

/** Turns a thrown value into an ApiError; anything unexpected becomes a 500 that hides its cause. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const code = codeOfHttpStatus[status] ?? (status >= 500 ? "server_error" : "invalid_request");
    return new ApiError(status, code, error.message || "Request could not be processed");
  }
  return new ApiError(500, "server_error", "An unexpected error occurred");
}

/** RFC 6749 §5.2's error code for a failure the token endpoint did not raise itself (a 413, a 429, a 5xx). */
function oauthErrorCode(error: ApiError): string {
  if (error.status === 401) return "invalid_client";
  if (error.status === 429 || error.status === 503) return "temporarily_unavailable";
  return error.status >= 500 ? "server_error" : "invalid_request";
}

export function errorBody(dialect: Dialect, error: ApiError): Record<string, unknown> {
  if (dialect === "oauth") return { error: oauthErrorCode(error), error_description: error.message };
  if (dialect === "qash") {
    return { success: false, message: error.message, code: error.code.toUpperCase() };
  }
  const body: Record<string, unknown> = { code: error.code, detail: error.message };
  if (error.params !== undefined && error.params.length > 0) body.params = error.params;
  return body;
}

export function renderError(error: unknown, c: Context<AppEnv>): Response {
  const apiError = toApiError(error);
  if (apiError.status >= 500) {
    // Only the error's own message and stack: request headers and bodies never reach a log line.
    const cause = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { value: String(error) };
    log("error", { requestId: c.get("requestId"), path: c.req.path, cause });
  }
  const dialect = c.get("dialect") ?? dialectOfPath(c.req.path);
  return c.json(errorBody(dialect, apiError), apiError.status);
}
