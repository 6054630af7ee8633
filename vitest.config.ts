import { defineConfig } from 'vitest/config';
import SkippedTestsReporter from './tests/support/skipped-tests-reporter.ts';

export default defineConfig({
  test: {
    include: [
      'shared/src/**/*.test.ts',
      'web/src/**/*.test.ts',
      'db/src/**/*.test.ts',
      'server/src/**/*.test.ts',
      'tests/{api,db,realtime,process}/**/*.test.ts',
    ],
    // Each file opens its own database (PGlite: 1.5–4 s to start; PostgreSQL: a fresh database).
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: [
      'default',
      new SkippedTestsReporter(),
      ...(process.env.CI ? ['json' as const] : []),
    ],
    outputFile: { json: '.test-data/vitest-report.json' },
  },
});
