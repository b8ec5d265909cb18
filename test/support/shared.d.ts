// The vendors' documents in ../shared, reached through the "@shared" alias of vitest.config.ts.
declare module "@shared/reference/sophic-openapi.deposits.json" {
  const document: { components: { schemas: Record<string, Record<string, unknown>> } } & Record<string, unknown>;
  export default document;
}
