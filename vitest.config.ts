// Test runner settings: data files load as text, as esbuild's text loader does in the bundles.
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    {
      name: 'tsv-as-text',
      load(id) {
        if (id.endsWith('.tsv')) return `export default ${JSON.stringify(readFileSync(id, 'utf8'))};`;
      },
    },
  ],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration tests start Java and several servers each; two at a time fits a two-core machine.
    maxWorkers: 2,
    // node:sqlite (the local queues) is stable enough for tests; its warning would only look like a failure.
    execArgv: ['--disable-warning=ExperimentalWarning'],
    // A passing test's logs (expected refusals, injected faults) are noise; a failing test's are its evidence.
    silent: 'passed-only',
    // Handlers run in the test process log and publish metrics through Powertools straight to stdout, past the line
    // above; what they would log, the tests assert.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' },
  },
});
