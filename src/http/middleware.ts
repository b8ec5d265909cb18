// Middleware every request passes through: request id, one log line, the body limit; and the token path's no-store.
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { body_bytes_max } from "../config/limits";
import { log } from "./log";

const client_request_id_chars_max = 128;
const printableId = /^[\x21-\x7e]+$/;

/** Honours a sane `Client-Request-Id` as Sophic does, otherwise makes one; echoes it as `Request-Id`. */
export const requestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = Date.now();
  const offered = c.req.header("Client-Request-Id");
  const requestId =
    offered !== undefined && offered.length <= client_request_id_chars_max && printableId.test(offered)
      ? offered
      : crypto.randomUUID();
  c.set("requestId", requestId);
  await next();
  c.header("Request-Id", requestId);
  const partner = c.get("partner");
  log("info", {
    msg: "request",
    requestId,
    method: c.req.method,
    route: c.req.routePath,
    status: c.res.status,
    durationMs: Date.now() - started,
    partnerId: partner?.id ?? null,
  });
};

export const payloadTooLargeError = (): ApiError => new ApiError(413, "payload_too_large", `Request body exceeds ${body_bytes_max} bytes`);

export const limitBody: MiddlewareHandler<AppEnv> = bodyLimit({
  maxSize: body_bytes_max,
  onError: () => {
    throw payloadTooLargeError();
  },
});

/**
 * Marks every response of its path as never to be stored by any cache, set after everything inside it has
 * answered: the route's own responses and errors, and the Worker's (the body limit's 413, a 405, a 429,
 * a 5xx), which never reach the route. RFC 6749 §5.1 asks this of every token response.
 */
export const neverStored: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.header("Cache-Control", "no-store");
  c.header("Pragma", "no-cache");
};
