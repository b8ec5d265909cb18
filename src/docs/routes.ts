// The interactive reference (ext): GET /docs, and the Swagger UI files it loads, all served by this Worker.
import { createRoute, z } from "@hono/zod-openapi";
import swaggerUiBundle from "swagger-ui-dist/swagger-ui-bundle.js";
import swaggerUiStylesheet from "swagger-ui-dist/swagger-ui.css";
import { createRouter } from "../http/router";
import { docs_assets_path, docs_content_security_policy, docsInitScript, docsPage } from "./page";

/** The files are immutable under their versioned path; a day keeps a partner's reloads off the Worker. */
const assets_cache_control = "public, max-age=86400";

/** The stylesheet names a source map nobody ships; dropping the comment spares a developer's devtools a 404. */
const stylesheet = swaggerUiStylesheet.replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, "");

function asset(body: string, contentType: string): Response {
  return new Response(body, {
    headers: { "Content-Type": contentType, "Cache-Control": assets_cache_control, "X-Content-Type-Options": "nosniff" },
  });
}

export const docsRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/docs",
      operationId: "getDocsPage",
      security: [],
      tags: ["Operations"],
      summary: "Interactive API reference (Swagger UI)",
      description: "Works offline: its scripts and styles are served by this Worker, and its Content-Security-Policy allows no other origin.",
      responses: { 200: { description: "An HTML page", content: { "text/html": { schema: z.string() } } } },
    }),
    (c) => {
      c.header("Content-Security-Policy", docs_content_security_policy);
      c.header("Cache-Control", "no-cache");
      return c.html(docsPage, 200);
    },
  );

// The page's own files are not API: served, but kept out of the document and out of the client's type.
docsRoutes.get(`${docs_assets_path}/swagger-ui-bundle.js`, () => asset(swaggerUiBundle, "text/javascript; charset=utf-8"));
docsRoutes.get(`${docs_assets_path}/swagger-ui.css`, () => asset(stylesheet, "text/css; charset=utf-8"));
docsRoutes.get(`${docs_assets_path}/init.js`, () => asset(docsInitScript, "text/javascript; charset=utf-8"));

// doc31 serves the document outside any route declaration; this gives it its place in the document too.
docsRoutes.openAPIRegistry.registerPath({
  method: "get",
  path: "/openapi.json",
  operationId: "getOpenApiDocument",
  security: [],
  tags: ["Operations"],
  summary: "This OpenAPI 3.1 document",
  responses: { 200: { description: "The document", content: { "application/json": { schema: z.object({}).passthrough() } } } },
});
