// The `/__bench/*` entry points. Plain fetch handling, no framework: the floor must not carry our costs.
import { Hono } from "hono";
import { accountObject } from "../../src/account/stub";
import type { AppEnv } from "../../src/env";
import { renderError } from "../../src/errors/render";
import { requirePartner } from "../../src/qash/middleware/partner-auth";
import { requireUser, requireUserToken } from "../../src/qash/middleware/user-auth";
import { hubIndexOf, projectionHub } from "../../src/projection/stub";
import type { ProjectionHub } from "./projection-hub";
import type { BenchEnv } from "./env";
import { naiveApp } from "./naive-app";
import { naiveBalance, naiveDeposit, naiveTables } from "./naive-peer";

const prefix = "/__bench/";
/** Ids one probe of D1 may ask about. */
const probe_ids_max = 500;
/** Statements one migration call may carry. */
const migration_statements_max = 500;
/** Accounts one hold or release call may name. */
const projection_accounts_max = 1_000;
const probe_tables = new Set(["transactions", "deposits"]);

/** True for `/__bench/...` without parsing the URL: one string search on every production request. */
export function isBenchPath(url: string): boolean {
  const pathStart = url.indexOf("/", url.indexOf("//") + 2);
  return pathStart >= 0 && url.startsWith(prefix, pathStart);
}

const json = (value: unknown, status = 200): Response => Response.json(value, { status });

function boundedList<T>(value: unknown, max: number, what: string): T[] {
  if (!Array.isArray(value) || value.length > max) throw new Error(`${what} must be an array of at most ${max}`);
  return value as T[];
}

// Auth only. The guard of the Qash user routes (partner key and secret, the rate limit, the user's JWT and
// status read from D1), and the deposit's own (the same, but the status is left to the account object).
const stages = new Hono<AppEnv>()
  .get("/__bench/stage/qash-auth", requirePartner, requireUser, (c) => c.json({ ok: true }))
  .get("/__bench/stage/qash-deposit-auth", requirePartner, requireUserToken, (c) => c.json({ ok: true }))
  .onError((error, c) => renderError(error, c));

/** The hubs the accounts drain into, each once. */
function hubsOf(env: BenchEnv, accountIds: number[]): DurableObjectStub<ProjectionHub>[] {
  const indexes = new Set(accountIds.map((accountId) => hubIndexOf(accountObject(env, accountId).id)));
  return [...indexes].map((index) => projectionHub(env, index) as unknown as DurableObjectStub<ProjectionHub>);
}

async function route(request: Request, env: BenchEnv, path: string): Promise<Response> {
  const method = request.method;
  if (method === "POST" && path.startsWith("floor-do/")) {
    const { amount } = await request.json<{ amount: number }>();
    const result = await env.BENCH_FLOOR.get(env.BENCH_FLOOR.idFromName(path.slice("floor-do/".length))).write(amount);
    return json(result);
  }
  if (method === "POST" && path === "naive-deposit") {
    const { accountId, amount } = await request.json<{ accountId: number; amount: number }>();
    return json(await naiveDeposit(env.DB, accountId, amount));
  }
  if (method === "POST" && path === "naive-deposit-app") return naiveApp.fetch(request, env);
  if (method === "GET" && path.startsWith("naive-balance/")) {
    return json(await naiveBalance(env.DB, Number(path.slice("naive-balance/".length))));
  }
  if (method === "GET" && (path === "stage/qash-auth" || path === "stage/qash-deposit-auth")) return stages.fetch(request, env);
  // The platform's price of each kind of I/O a request can make, each from a plain handler.
  if (method === "GET" && path === "stage/rate-limit") return json(await env.PARTNER_RATE_LIMITER.limit({ key: "bench-stage" }));
  if (method === "GET" && path === "stage/d1-read") {
    return json(await env.DB.prepare("SELECT id, status FROM users WHERE id = ?").bind("bench-stage").first());
  }
  if (method === "POST" && path === "credit-direct") {
    const body = await request.json<{ accountId: number; partnerId: string; userId: string; currency: string; amount: number }>();
    const result = await accountObject(env, body.accountId).credit({
      caller: { partnerId: body.partnerId, userId: body.userId },
      idempotency: null,
      currency: body.currency,
      amountMinor: body.amount,
      description: "bench",
      provider: null,
      metadata: null,
    });
    return json(result.ok ? { id: result.value.id } : { refusal: result.refusal }, result.ok ? 200 : 422);
  }
  if (method === "POST" && path === "d1-seen") {
    const { table, ids } = await request.json<{ table: string; ids: unknown }>();
    if (!probe_tables.has(table)) return json({ error: "unknown table" }, 400);
    const list = boundedList<number>(ids, probe_ids_max, "ids");
    const rows = await env.DB.prepare(`SELECT id FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`).bind(JSON.stringify(list)).all<{ id: number }>();
    return json({ seen: rows.results.map((row) => row.id) });
  }
  if (method === "POST" && path === "d1-count") {
    const { table, partnerId } = await request.json<{ table: string; partnerId: string }>();
    if (!probe_tables.has(table)) return json({ error: "unknown table" }, 400);
    const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE partner_id = ?`).bind(partnerId).first<{ n: number }>();
    return json({ count: row?.n ?? 0 });
  }
  if (method === "POST" && path === "migrate") {
    const { statements } = await request.json<{ statements: unknown }>();
    const list = boundedList<string>(statements, migration_statements_max, "statements");
    await env.DB.batch([...list, ...naiveTables].map((statement) => env.DB.prepare(statement)));
    return json({ applied: list.length });
  }
  if (method === "POST" && (path === "projection/hold" || path === "projection/release")) {
    const { accountIds } = await request.json<{ accountIds: unknown }>();
    const ids = boundedList<number>(accountIds, projection_accounts_max, "accountIds");
    const hubs = hubsOf(env, ids);
    if (path === "projection/hold") {
      await Promise.all(hubs.map((hub) => hub.benchHoldProjection()));
      return json({ held: hubs.length });
    }
    const outcomes = await Promise.all(hubs.map((hub) => hub.benchReleaseProjection()));
    return json({ outcomes });
  }
  return json({ error: `no bench route ${method} /__bench/${path}` }, 404);
}

export async function benchFetch(request: Request, env: BenchEnv): Promise<Response> {
  const url = new URL(request.url);
  try {
    return await route(request, env, url.pathname.slice(prefix.length));
  } catch (error) {
    return json({ error: error instanceof Error ? error.message : String(error) }, 500);
  }
}
