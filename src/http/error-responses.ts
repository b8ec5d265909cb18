// Error responses as the OpenAPI document declares them: the dialect's body schema, and one example per code
// the status answers, rendered from the very errors the Worker throws, so an example never shows a code or a
// message the Worker does not say.
import type { z } from "@hono/zod-openapi";
import { ApiError } from "../errors/api-error";
import type { Dialect } from "../errors/dialect";
import { errorBody } from "../errors/render";

/** An error body as it goes over the wire: Qash's and Sophic's carry `code`, RFC 6749's carries `error`. */
export type ErrorBody = Record<string, unknown>;

type Examples = Record<string, { value: ErrorBody }>;

/** The error body's code, which names its example in Swagger UI's drop-down. */
function codeOf(body: ErrorBody): string {
  const code = body.code ?? body.error;
  if (typeof code !== "string") throw new Error(`an error example has no code: ${JSON.stringify(body)}`);
  return code;
}

function examplesOf(bodies: readonly ErrorBody[]): Examples {
  const examples: Examples = {};
  for (const body of bodies) {
    const code = codeOf(body);
    // Two examples of one code under one status would hide each other; one per code says what there is to know.
    if (code in examples) throw new Error(`two error examples share the code ${code}`);
    examples[code] = { value: body };
  }
  return examples;
}

/** A declared error response whose examples are bodies already rendered (RFC 6749's, which are not ApiErrors). */
export function errorResponseOf<Schema extends z.ZodType>(schema: Schema, description: string, bodies: readonly ErrorBody[]) {
  return { description, content: { "application/json": { schema, examples: examplesOf(bodies) } } };
}

/** Declares one status's error response: its description and the errors the Worker throws for it. */
export type ErrorResponder<Schema extends z.ZodType> = (description: string, ...errors: ApiError[]) => ReturnType<typeof errorResponseOf<Schema>>;

/** The responder of one dialect: its body schema, and its rendering of each error (src/errors/render.ts). */
export function errorResponder<Schema extends z.ZodType>(dialect: Dialect, schema: Schema): ErrorResponder<Schema> {
  return (description, ...errors) => errorResponseOf(schema, description, errors.map((error) => errorBody(dialect, error)));
}

/** The ApiError a piece of the Worker's own input reading throws, for an example of its refusal. */
export function thrownBy(work: () => unknown): ApiError {
  try {
    work();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("thrownBy: the work threw nothing");
}
