/**
 * How a Lambda is bundled, shared by the stack's `CairnFunction` and the bundle benchmark
 * (`bench/scenarios/bundles.ts`), so that the benchmark measures what the stack ships.
 */
export const LAMBDA_BUNDLE = {
  target: 'node24',
  // The ESM builds of the dependencies (the AWS SDK's `dist-es`): they tree-shake.
  mainFields: ['module', 'main'],
  // ESM bundles of CommonJS dependencies need `require`.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
} as const;

/**
 * Node builtins taken by the CommonJS path (`process.getBuiltinModule`) instead of an ESM import.
 * Importing a builtin from ESM builds its namespace, which reads every export, lazy getters
 * included: for `node:http` that loads Node's internal undici (for its `WebSocket` export) at every
 * cold start, some 70 ms on a 2-core machine with Node 24, and for `node:process` its stdin,
 * stdout and stderr streams and `allowedNodeEnvironmentFlags`, about 14 ms. The bundled AWS SDK's
 * ESM code imports both. (Only builtins without subpaths: esbuild's alias would remap
 * `fs/promises` too.)
 */
const SHIMMED = ['http', 'process'] as const;

/**
 * esbuild's `alias` map: each shimmed builtin, with and without `node:`, to its shim, as a path
 * from the repository root (where esbuild runs: alias targets resolve in its working directory).
 */
export const BUILTIN_ALIASES: Readonly<Record<string, string>> = Object.fromEntries(
  SHIMMED.flatMap((name) => [
    [name, `./infra/constructs/builtins/${name}.cjs`],
    [`node:${name}`, `./infra/constructs/builtins/${name}.cjs`],
  ]),
);
