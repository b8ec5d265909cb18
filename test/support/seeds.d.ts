// The vendors' seed pages in test/fixtures/vendor, read as text through Vite's `?raw` suffix.
declare module "*.txt?raw" {
  const text: string;
  export default text;
}
