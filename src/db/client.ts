// The drizzle handle over the D1 history database, and the one wrapper every D1 query runs through.
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import { ApiError } from "../errors/api-error";
import { log } from "../http/log";
import * as schema from "./schema";

export type Database = DrizzleD1Database<typeof schema>;

// One drizzle handle per D1 binding: building it walks the whole schema, too much to repeat per query.
const handles = new WeakMap<D1Database, Database>();

export function database(env: { DB: D1Database }): Database {
  let handle = handles.get(env.DB);
  if (handle === undefined) {
    handle = drizzle(env.DB, { schema });
    handles.set(env.DB, handle);
  }
  return handle;
}

/**
 * The database's own words, without drizzle's wrapper: drizzle's message repeats the bound
 * parameters, which can be API keys or hashes, and must never reach a log line.
 */
function messagesOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    if (!current.message.startsWith("Failed query:")) parts.push(current.message);
    current = current.cause;
  }
  return parts.join(" | ");
}

/** A unique index refused a row; carries no query text and no bound values. */
export class UniqueViolation extends Error {
  constructor() {
    super("a unique index already holds this key");
    this.name = "UniqueViolation";
  }
}

/** True when D1 refused a row because a unique index already holds its key. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof UniqueViolation || /UNIQUE constraint failed|SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)/.test(messagesOf(error));
}

/**
 * Runs one D1 query. A unique violation is rethrown as it is, for the caller to judge; any other
 * database failure is logged and answered 503, never swallowed into an empty result.
 */
export async function runQuery<T>(query: () => PromiseLike<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    if (isUniqueViolation(error)) throw new UniqueViolation();
    log("error", { msg: "d1 query failed", cause: messagesOf(error) });
    throw new ApiError(503, "service_unavailable", "The ledger's database is unavailable; retry shortly");
  }
}
