// Turns a failed zod validation into an ApiError that names every offending field.
import type { ZodError, ZodType } from "zod";
import { ApiError, type ParamProblem } from "../errors/api-error";

type Target = "json" | "form" | "query" | "param" | "header" | "cookie";

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.map((key) => String(key)).join(".") || "body";
}

function pathOf(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((key) => (typeof key === "number" ? key : String(key)));
}

/** One problem per field, "missing" when the field is absent, "invalid" otherwise. */
export function problemsOf(error: ZodError, input: unknown): ParamProblem[] {
  const seen = new Set<string>();
  const problems: ParamProblem[] = [];
  for (const issue of error.issues) {
    const name = fieldName(issue.path);
    if (seen.has(name)) continue;
    seen.add(name);
    const missing = issue.path.length > 0 && valueAt(input, issue.path) === undefined;
    const path = pathOf(issue.path);
    problems.push(
      missing
        ? { path, detail: `${name} is required`, code: "missing_param" }
        : { path, detail: `${name} is invalid: ${issue.message}`, code: "invalid_param" },
    );
  }
  return problems;
}

export function validationError(error: ZodError, input: unknown, target: Target): ApiError {
  const problems = problemsOf(error, input);
  const first = problems[0];
  if (first === undefined) return new ApiError(400, "invalid_request", `Invalid ${target}`);
  const code = problems.every((problem) => problem.code === "missing_param") ? "missing_param" : "invalid_param";
  return new ApiError(400, code, first.detail, problems);
}

/**
 * The 400 a route answers when its validator meets `input`, exactly as the router's hook builds it: the
 * document's examples of invalid requests are the Worker's own answers. Throws when the input is valid.
 */
export function validationErrorFor(schema: ZodType, input: unknown, target: Target = "json"): ApiError {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`validationErrorFor: ${JSON.stringify(input)} is valid`);
  return validationError(result.error, input, target);
}
