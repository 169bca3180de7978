// Data files bundled as text (esbuild's text loader; vitest's raw plugin in vitest.config.ts).
declare module '*.tsv' {
  const text: string;
  export default text;
}
