// Liveness: answers without touching D1 or any Durable Object.
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "./router";

const HealthSchema = z.object({ status: z.literal("ok") }).openapi("Health");

export const healthRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/health",
    operationId: "getHealth",
    security: [],
    tags: ["Operations"],
    summary: "Liveness check",
    responses: { 200: { description: "The Worker is up", content: { "application/json": { schema: HealthSchema } } } },
  }),
  (c) => c.json({ status: "ok" as const }, 200),
);
