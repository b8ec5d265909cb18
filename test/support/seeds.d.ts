// The vendors' seed pages in test/fixtures/vendor, read as text through Vite's `?raw` suffix.
declare module "*.txt?raw" {
  const text: string;
  export default text;
}

// The committed .dev.vars.example, read as text by test/security/example-secrets.test.ts.
declare module "*.dev.vars.example?raw" {
  const text: string;
  export default text;
}
