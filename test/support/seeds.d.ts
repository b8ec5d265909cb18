// The vendors' seed pages in ../shared/seeds, read as text through Vite's `?raw` suffix.
declare module "@shared/seeds/*?raw" {
  const text: string;
  export default text;
}
