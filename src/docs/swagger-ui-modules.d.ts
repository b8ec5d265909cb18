// Swagger UI's browser bundle and stylesheet, imported as text by the `[[rules]] type = "Text"` of wrangler.toml
// (the vitest plugin reads the same rules), so the Worker serves them itself and no page of /docs touches a CDN.
declare module "swagger-ui-dist/swagger-ui-bundle.js" {
  const source: string;
  export default source;
}

declare module "swagger-ui-dist/swagger-ui.css" {
  const source: string;
  export default source;
}
