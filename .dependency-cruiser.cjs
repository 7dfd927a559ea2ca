/**
 * The layer rules, enforced by `npm run lint` (`depcruise`): imports point down
 * only (core <- domain; core <- application <- handlers <- runtime <- functions/local; ports used by
 * the application; adapters implement ports), and nothing imports in a circle.
 *
 * Type-only imports count like any other in the layer rules: a type import is still a dependency of
 * the layer's source on the other layer, and "it is only a type" is how a layer starts leaning on one
 * above it. Only two rules speak of the runtime alone, and say why: infra (what the CDK app loads
 * at synth) and the adapters' use of application types (the layout lets adapters see those types).
 *
 * Paths are the target layout's, also for folders that may not exist yet (shared/handlers/,
 * shared/http/routes.ts): a rule about an empty folder costs nothing and holds once files arrive.
 */

/**
 * Specs may sit beside the code they test (shared/domain/<feature>/*.unit.spec.ts): they are test
 * code, which may use vitest and test/support, so the layer rules of production code skip them.
 */
const SPEC = '\\.spec\\.ts$';

/** The production files under `path`: the `from` of a layer rule. */
const production = (path) => ({ path, pathNot: SPEC });

/** The outer folders: they build on shared/, so nothing in shared/ may build on them. */
const OUTER = '^(functions|local|infra|cli|bench|test|web)/';

/**
 * The constants modules: each holds names or numbers that the stack and the functions must agree
 * on, and pulls in nothing else. They are the only modules infra may load at runtime (anything else
 * in shared/ is function code, which synth must not load), and adapters may read them too.
 */
const CONSTANTS_MODULES = [
  // ENV: every environment variable name; the stack sets what the functions read.
  '^shared/runtime/environment\\.ts$',
  // The route table: the REST API's resources and the handlers behind them.
  '^shared/http/routes\\.ts$',
  // The CORS policy and the origins setting: the stack's preflight and the functions' answers agree.
  '^shared/http/corsPolicy\\.ts$',
  // The bearer challenge of a 401: the functions' answers and the stack's gateway response send it.
  '^shared/http/authChallenge\\.ts$',
  // Timeouts, batch sizes and body limits the stack configures beside the code that assumes them.
  '^shared/application/limits\\.ts$',
  // The tables' key schemas and index names (not the code that creates tables), shared by the stack
  // and the DynamoDB adapters.
  '^shared/adapters/dynamodb/tableSchemas\\.ts$',
];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle has no bottom layer: neither side can be read, tested or moved without the other.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment:
        'shared/core is the framework kernel: no AWS, no node:* (no I/O), no other package. Zod comes in through shared/core/zod.ts only, rfc6902 (JSON Patch, pure computation) through shared/core/jsonPatch.ts only.',
      from: production('^shared/core/'),
      to: { pathNot: ['^shared/core/', '^node_modules/zod/', '^node_modules/rfc6902/'] },
    },
    {
      name: 'json-patch-through-one-module',
      severity: 'error',
      comment:
        'The JSON Patch package is wrapped once (shared/core/jsonPatch.ts: its array diff is replaced there, and unsafe paths refused); production code uses the wrapper.',
      from: { path: '^(shared|functions|local|infra|cli|web)/', pathNot: ['^shared/core/jsonPatch\\.ts$', SPEC] },
      to: { path: '^node_modules/rfc6902/' },
    },
    {
      name: 'domain-builds-on-core-only',
      severity: 'error',
      comment: 'The sample application is written against the framework core alone, so it runs on any runtime.',
      from: production('^shared/domain/'),
      to: { pathNot: ['^shared/(core|domain)/'] },
    },
    {
      name: 'framework-does-not-know-the-domain',
      severity: 'error',
      comment:
        'The framework gets the sample domain handed in (`sampleDomain: Domain`) by the composition root; it never imports it.',
      from: production('^shared/(core|application|ports|adapters|handlers|http)/'),
      to: { path: '^shared/domain/' },
    },
    {
      name: 'application-over-ports',
      severity: 'error',
      comment:
        'Use cases see the core, the ports and the constants modules, nothing concrete: no adapter, no AWS, no package (zod via shared/core/zod.ts).',
      from: production('^shared/application/'),
      to: { pathNot: ['^shared/(core|ports|application)/', ...CONSTANTS_MODULES, '^crypto$'] },
    },
    {
      name: 'application-does-no-io',
      severity: 'error',
      comment:
        'Of the Node builtins the application may use node:crypto (hashing is computation); I/O goes through a port.',
      from: production('^shared/application/'),
      to: { dependencyTypes: ['core'], pathNot: ['^crypto$'] },
    },
    {
      name: 'ports-build-on-core-only',
      severity: 'error',
      comment: 'A port is an interface in the core vocabulary; it names no implementation and no use case.',
      from: production('^shared/ports/'),
      to: { pathNot: ['^shared/(core|ports)/'] },
    },
    {
      name: 'adapters-below-handlers',
      severity: 'error',
      comment: 'An adapter implements a port; handlers and the composition root pick adapters, never the reverse.',
      from: production('^shared/adapters/'),
      to: { path: '^shared/(handlers|runtime|http)/' },
    },
    {
      name: 'adapters-see-application-types-only',
      severity: 'error',
      comment:
        'Adapters may name application types (the layout allows it) and read the constants modules (limits.ts), but run no use-case code: that would make an adapter a second application layer.',
      from: production('^shared/adapters/'),
      to: { path: '^shared/application/', pathNot: CONSTANTS_MODULES, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'handlers-over-application',
      severity: 'error',
      comment:
        'A handler maps an AWS event shape onto the application; the composition root hands it its adapters, so it imports none.',
      from: production('^shared/handlers/'),
      to: { path: '^shared/(adapters|runtime)/' },
    },
    {
      name: 'http-helpers-stay-below-handlers',
      severity: 'error',
      comment:
        'shared/http holds REST helpers and the route table: handlers use them, and infra loads routes.ts, so they pick no adapters.',
      from: production('^shared/http/'),
      to: { path: '^shared/(adapters|handlers|runtime)/' },
    },
    {
      name: 'shared-does-not-import-outer-folders',
      severity: 'error',
      comment:
        'shared/ is what functions, local, infra, cli, bench and test build on; they are never its dependencies.',
      from: production('^shared/'),
      to: { path: OUTER },
    },
    {
      name: 'lambda-entries-pick-from-the-composition-root',
      severity: 'error',
      comment:
        'A Lambda entry is a few lines that pick a handler from shared/runtime; wiring and logic live in shared/, shared with local/.',
      from: production('^functions/'),
      to: { path: '^shared/', pathNot: '^shared/runtime/' },
    },
    {
      name: 'production-code-does-not-import-tests-or-tools',
      severity: 'error',
      comment: 'Tests, benchmarks and the CLI build on the product; the product never needs them.',
      from: production('^(shared|functions|local|infra|web)/'),
      to: { path: '^(test|bench|cli)/' },
    },
    {
      name: 'production-code-does-not-import-specs',
      severity: 'error',
      comment: 'A spec beside its code is still a test: what it exports (fixtures, helpers) is not for production.',
      from: production('^(shared|functions|local|infra|cli|web)/'),
      to: { path: SPEC },
    },
    {
      name: 'web-stands-alone',
      severity: 'error',
      comment:
        'The browser client is its own bundle (web/tsconfig.json): it speaks to the API over HTTP, not through server modules.',
      from: production('^web/'),
      to: { pathNot: '^web/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-takes-types-from-the-domain-only',
      severity: 'error',
      comment:
        "A typed client may name the application's command and view types (they vanish from the bundle), from the domain and the core only.",
      from: production('^web/'),
      to: { pathNot: ['^web/', '^shared/(core|domain)/'], dependencyTypes: ['type-only'] },
    },
    {
      name: 'infra-loads-constants-only',
      severity: 'error',
      comment:
        'Synth must not load function code (adapters, handlers, use cases): at runtime infra imports from shared/ only the named constants modules, and shared/core/duration.ts (pure, no imports), which checks the `archiveAfter` context value at synth as the domain will read it. Types are free: they vanish before synth.',
      from: production('^infra/'),
      to: {
        path: '^shared/',
        pathNot: [...CONSTANTS_MODULES, '^shared/core/duration\\.ts$'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'constants-modules-are-leaves',
      severity: 'error',
      comment:
        'What infra may load must not pull function code in behind it: a constants module imports (at runtime) only the core and other constants modules.',
      from: { path: CONSTANTS_MODULES },
      to: { pathNot: [...CONSTANTS_MODULES, '^shared/core/'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve is a typo or a missing package.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-undeclared-package',
      severity: 'error',
      comment: 'Every package code imports is in package.json, or it works only by luck of hoisting.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'production-not-to-dev-dependency',
      severity: 'error',
      comment:
        'Code that ships in a Lambda bundle takes its packages from dependencies; types (@types/aws-lambda) are free. (local/ runs under tsx, a dev tool itself, so it may use esbuild.)',
      from: production('^(shared|functions)/'),
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    // The cruise starts at the repo's own folders and reads packages only as edge ends.
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(cdk\\.out|\\.emulators|\\.bench-bundles|\\.cairn)/' },
    // node_modules is a symlink in helper worktrees; keep the paths under ./node_modules/.
    preserveSymlinks: true,
    // Type-only imports are edges too (see the top of this file).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Resolve as the bundler does: package.json "exports" and "imports" (#aliases), ESM first.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
