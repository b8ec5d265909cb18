// The partner's change feed (ext), for integrating without webhooks: poll `GET /events?after=`.
import { createRoute, z } from "@hono/zod-openapi";
import { events_recheck_ms, events_wait_seconds_max, page_size_default, page_size_max } from "../config/limits";
import { database } from "../db/client";
import { findEvent, readFeed, type FeedQuery } from "../db/queries/events";
import { notFound } from "../errors/api-error";
import { queryInteger } from "../http/query";
import { createRouter } from "../http/router";
import { validationErrorFor } from "../http/validation";
import { clientAuthErrors, clientGuard, sophicError } from "../sophic/guard";
import { eventHub } from "./event-hub";
import { event_names } from "./ledger-event";
import { eventBody } from "./render";

const Timestamp = z.iso.datetime({ offset: true }).openapi({ example: "2026-07-14T09:30:00Z" });

const FeedParams = z.object({
  after: queryInteger(0, Number.MAX_SAFE_INTEGER).optional().openapi({ description: "Return events after this event id (the last one you processed)." }),
  limit: queryInteger(1, page_size_max).optional().openapi({ description: `At most ${page_size_max}; default ${page_size_default}.` }),
  wait: queryInteger(0, events_wait_seconds_max).optional().openapi({
    description: `Long poll: when nothing is newer, hold the request up to this many seconds (at most ${events_wait_seconds_max}) and answer as soon as an event arrives.`,
  }),
  name: z.enum(event_names as [string, ...string[]]).optional(),
  "resource[id]": z.string().min(1).max(64).optional(),
  "created[gt]": Timestamp.optional(),
  "created[gte]": Timestamp.optional(),
  "created[lt]": Timestamp.optional(),
  "created[lte]": Timestamp.optional(),
});

const EventResource = z.object({ id: z.string(), resource_type: z.string() }).openapi("SophicEventResource");
const Event = z
  .object({ id: z.string(), name: z.string(), resource: EventResource, data: z.record(z.string(), z.unknown()), created_at: z.string() })
  .openapi("SophicEvent");

const eventNotFound = () => notFound("Event");

/** Timestamps compare as text in D1, so every bound is rewritten to the feed's own UTC form. */
const utc = (timestamp: string | undefined): string | undefined => (timestamp === undefined ? undefined : new Date(timestamp).toISOString());

export const eventsRoutes = createRouter()
  .openapi(
    createRoute({
      ...clientGuard,
      tags: ["Events"],
      method: "get",
      path: "/events",
      operationId: "listEvents",
      summary: "The partner's events, oldest first (ext)",
      description:
        "A bare array of Event objects in feed order. Page with `after` = the id of the last event you processed: " +
        "an event never appears before one already returned, and never twice. `wait` turns the call into a long poll. " +
        "`data` is the resource as the dialect that made the change answered it: a Qash user's account (`account.created`) and a Qash credit " +
        "(`transaction.completed`) in Qash's shapes, everything else in Sophic's.",
      request: { query: FeedParams },
      responses: {
        200: { description: "Events after `after`, oldest first", content: { "application/json": { schema: z.array(Event) } } },
        400: sophicError("invalid_param", validationErrorFor(FeedParams, { wait: "60" }, "query")),
        ...clientAuthErrors,
      },
    }),
    async (c) => {
      const params = c.req.valid("query");
      const partner = c.get("partner");
      const db = database(c.env);
      const query: FeedQuery = {
        partnerId: partner.id,
        afterSeq: params.after ?? 0,
        limit: params.limit ?? page_size_default,
        name: params.name,
        resourceId: params["resource[id]"],
        created: { gt: utc(params["created[gt]"]), gte: utc(params["created[gte]"]), lt: utc(params["created[lt]"]), lte: utc(params["created[lte]"]) },
      };
      const deadline = Date.now() + (params.wait ?? 0) * 1000;
      let rows = await readFeed(db, query);
      let horizon = query.afterSeq;
      // Wait at the partner's hub, not in a loop over D1; read again when woken, and every few seconds anyway.
      while (rows.length === 0 && Date.now() < deadline) {
        const { newestSeq } = await eventHub(c.env, partner.id).waitFor(partner.id, horizon, Math.min(deadline - Date.now(), events_recheck_ms));
        horizon = Math.max(horizon, newestSeq);
        rows = await readFeed(db, query);
      }
      return c.json(rows.map(eventBody), 200);
    },
  )
  .openapi(
    createRoute({
      ...clientGuard,
      tags: ["Events"],
      method: "get",
      path: "/events/{event_id}",
      operationId: "getEvent",
      summary: "One event (ext)",
      request: { params: z.object({ event_id: z.string().openapi({ example: "42" }) }) },
      responses: {
        200: { description: "The event", content: { "application/json": { schema: Event } } },
        404: sophicError("not_found: no such event, or not this partner's", eventNotFound()),
        ...clientAuthErrors,
      },
    }),
    async (c) => {
      const id = c.req.valid("param").event_id;
      const seq = /^[1-9][0-9]{0,15}$/.test(id) ? Number(id) : Number.NaN;
      const row = Number.isSafeInteger(seq) ? await findEvent(database(c.env), c.get("partner").id, seq) : undefined;
      if (row === undefined) throw eventNotFound();
      return c.json(eventBody(row), 200);
    },
  );
