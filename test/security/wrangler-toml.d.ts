// wrangler.toml read as text through Vite's `?raw` suffix, to hold the code's constants to its bindings.
declare module "*wrangler.toml?raw" {
  const text: string;
  export default text;
}
