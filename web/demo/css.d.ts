/** A stylesheet imported `with { type: 'text' }`: esbuild puts its text in the bundle as a string. */
declare module '*.css' {
  const text: string;
  export default text;
}
