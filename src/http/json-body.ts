// Every JSON request body is read once, here, exactly (src/http/exact-json.ts), right after the body limit.
// What it finds is refused where the route validates its body, not here: authentication and the user's
// status still answer first (a suspended user hears 403 before any 400), and a route that reads no body
// refuses nothing it ignores.
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { ApiError, type ParamProblem } from "../errors/api-error";
import { readJsonExactly } from "./exact-json";

// The test hono/validator applies before it reads a body as JSON: this reads exactly the bodies it reads.
const json_media_type = /^application\/([\w.-]+\+)?json$/i;

export const readJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  const mediaType = c.req.header("Content-Type")?.split(";")[0]?.trim() ?? "";
  if (c.req.raw.body === null || !json_media_type.test(mediaType)) return next();
  // HonoRequest keeps the text in its bodyCache, so whoever reads the body later reads this text.
  const reading = readJsonExactly(await c.req.text());
  // Malformed JSON is left alone: the validators answer for it exactly as they always have.
  if (reading !== undefined) {
    // HonoRequest.json() would parse the cached text again, with a plain JSON.parse; every reader (the
    // validators, the idempotency fingerprint, the metadata's prototype-key check) gets this parse instead.
    const { value } = reading;
    c.req.json = <T>() => Promise.resolve(value as T);
    if (reading.problems.length > 0) c.set("jsonBodyProblems", reading.problems);
  }
  await next();
};

/**
 * The 400 for a body that could not be read exactly, or undefined when it could. Its problems come first;
 * the validator's own follow, for the fields the reading did not already name.
 */
export function unreadableBodyError(c: Context<AppEnv>, validatorProblems: ParamProblem[]): ApiError | undefined {
  const problems = c.get("jsonBodyProblems");
  const first = problems?.[0];
  if (problems === undefined || first === undefined) return undefined;
  const named = new Set(problems.map((problem) => JSON.stringify(problem.path)));
  const others = validatorProblems.filter((problem) => !named.has(JSON.stringify(problem.path)));
  return new ApiError(400, "invalid_param", first.detail, [...problems, ...others]);
}
