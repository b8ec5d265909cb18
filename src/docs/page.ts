// The /docs page: Swagger UI, every byte of it served by this Worker, pointed at /openapi.json.
import swaggerUiPackage from "swagger-ui-dist/package.json";

/** Where the page's own files live; the version is in the path so a new Swagger UI is never mixed with a cached old one. */
export const docs_assets_path = `/docs/assets/${swaggerUiPackage.version}`;

/**
 * Only this Worker may supply scripts, styles, fonts and data; a page that reached for a CDN would break here,
 * visibly, rather than quietly depend on the internet. Swagger UI sets inline styles and draws icons from
 * data: URIs, hence those two allowances.
 */
export const docs_content_security_policy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

export const docsPage = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>deposit-ledger API reference</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${docs_assets_path}/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${docs_assets_path}/swagger-ui-bundle.js"></script>
    <script src="${docs_assets_path}/init.js"></script>
  </body>
</html>
`;

/**
 * Starts Swagger UI on the document this Worker generates. A separate file rather than an inline script, so
 * the policy above can forbid inline scripts. No validator badge: it would send the document to swagger.io.
 */
export const docsInitScript = `window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
  validatorUrl: null,
  deepLinking: true,
  displayRequestDuration: true,
  defaultModelsExpandDepth: 0,
  persistAuthorization: false,
});
`;
