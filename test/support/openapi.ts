// The Worker's own OpenAPI document, read as a client reads it, and checks of real answers against it.
import { SELF } from "cloudflare:test";
import { Validator, type OutputUnit, type Schema } from "@cfworker/json-schema";
import { BASE } from "./fixtures";

export type MediaType = { schema?: Schema; example?: unknown; examples?: Record<string, { value: unknown }> };
export type ResponseObject = { description: string; content?: Record<string, MediaType> };
export type ParameterObject = { name: string; in: string; required?: boolean; schema?: Schema; example?: unknown; examples?: unknown };
export type Operation = {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, ResponseObject>;
};
export type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string; license?: Record<string, string> };
  servers?: { url: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, Record<string, unknown>> };
};

export const http_methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export async function fetchDocument(): Promise<OpenApiDocument> {
  const response = await SELF.fetch(`${BASE}/openapi.json`);
  if (response.status !== 200) throw new Error(`/openapi.json answered ${response.status}`);
  return response.json<OpenApiDocument>();
}

/** Every (method, path template, operation) of the document. */
export function operationsOf(document: OpenApiDocument): { method: string; path: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => (http_methods as readonly string[]).includes(method))
      .map(([method, operation]) => ({ method, path, operation })),
  );
}

export function describeErrors(errors: OutputUnit[]): string {
  return errors.map((error) => `${error.instanceLocation}: ${error.error}`).join("; ");
}

/** A validator of one schema of the document; its `#/components/...` references resolve against the document. */
export function schemaValidator(document: OpenApiDocument, schema: Schema): Validator {
  return new Validator({ ...schema, components: document.components } as Schema, "2020-12", false);
}

/** The operation a concrete request reached, found by matching its path against the document's templates. */
export function operationFor(document: OpenApiDocument, method: string, pathname: string): { path: string; operation: Operation } | undefined {
  for (const { method: candidateMethod, path, operation } of operationsOf(document)) {
    if (candidateMethod !== method.toLowerCase()) continue;
    const pattern = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`);
    if (pattern.test(pathname)) return { path, operation };
  }
  return undefined;
}

/** The machine code of an error body: Qash's and Sophic's `code`, RFC 6749's `error`. */
export function errorCodeOf(body: unknown): string | undefined {
  if (body === null || typeof body !== "object") return undefined;
  const { code, error } = body as { code?: unknown; error?: unknown };
  const found = code ?? error;
  return typeof found === "string" ? found : undefined;
}

/** Every example a media type shows, the named ones and the single one. */
export function examplesOf(media: MediaType): unknown[] {
  return [...Object.values(media.examples ?? {}).map((example) => example.value), ...(media.example === undefined ? [] : [media.example])];
}

/**
 * The problems with an answer, judged by the document: its status must be one the operation declares, and its
 * body must be of the declared media type and, when JSON, valid against the declared schema; an error's code
 * must be one the status's examples show, so the examples a partner reads are the answers it will get.
 */
export async function undocumentedProblems(document: OpenApiDocument, method: string, url: string, response: Response): Promise<string[]> {
  const pathname = new URL(url).pathname;
  const found = operationFor(document, method, pathname);
  if (found === undefined) return [`${method} ${pathname} is not in the document`];
  const where = `${method.toUpperCase()} ${found.path} answered ${response.status}`;
  const declared = found.operation.responses[String(response.status)];
  if (declared === undefined) return [`${where}, which the document does not declare (it declares ${Object.keys(found.operation.responses).join(", ")})`];
  const mediaType = response.headers.get("Content-Type")?.split(";")[0]?.trim() ?? "";
  const content = declared.content?.[mediaType];
  if (content === undefined) return [`${where} with ${mediaType || "no Content-Type"}, but declares ${Object.keys(declared.content ?? {}).join(", ") || "no body"}`];
  if (mediaType !== "application/json" || content.schema === undefined) return [];
  const body = (await response.clone().json()) as unknown;
  const result = schemaValidator(document, content.schema).validate(body);
  if (!result.valid) return [`${where} with a body its schema refuses: ${describeErrors(result.errors)}\n${JSON.stringify(body)}`];
  if (response.status < 400) return [];
  const shown = examplesOf(content).map(errorCodeOf);
  const code = errorCodeOf(body);
  return shown.includes(code) ? [] : [`${where} with code ${code}, but its examples show ${shown.join(", ") || "none"}`];
}

/**
 * A fetch for hono/client that holds every answer to the document: a flow driven through it proves that the
 * statuses and bodies it meets are the ones partners were promised.
 */
export function documentedFetch(document: OpenApiDocument): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const response = await SELF.fetch(request);
    const problems = await undocumentedProblems(document, request.method, request.url, response);
    if (problems.length > 0) throw new Error(problems.join("\n"));
    return response;
  };
}
