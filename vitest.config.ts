import { defineConfig } from 'vitest/config';

/** One project per test layer; the layer is in the file name (`*.unit.spec.ts`, ...). */
export default defineConfig({
  test: {
    // Two files at a time, also on a 2-core machine: most tests wait on emulators, child
    // processes and leases, not on the CPU (the suite runs in about two thirds of the time).
    maxWorkers: 2,
    reporters: process.env.CI ? ['default'] : ['default'],
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.unit.spec.ts', 'shared/**/*.unit.spec.ts'] } },
      {
        test: {
          name: 'contract',
          include: ['test/contract/**/*.contract.spec.ts'],
          globalSetup: ['test/support/globalSetup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.int.spec.ts'],
          globalSetup: ['test/support/globalSetup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: { name: 'infra', include: ['test/infra/**/*.infra.spec.ts'], testTimeout: 120_000 },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.spec.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
