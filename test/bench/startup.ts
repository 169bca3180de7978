// Benchmark: time from `npm start` to a served catalog, each function's bundle size, and its cold module load time.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { LocalTemplate } from '../../infra/local/assembly.ts';
import { startLocalServer } from './local-server.ts';

const BUNDLE_GOAL_KB = 300;
const LOAD_GOAL_MS = 150;
const LOAD_RUNS = 5;

async function timeToReady(): Promise<number> {
  const startedAt = performance.now();
  const server = await startLocalServer();
  const readyMs = performance.now() - startedAt;
  await server.stop();
  return readyMs;
}

function bundles() {
  const template = new LocalTemplate(path.resolve('cdk.out'), 'Huiqi');
  return template.resolve({ queueUrlOf: (name) => `http://127.0.0.1:1/000000000000/${name}` }).functions;
}

function loadTimeMs(entryFile: string, environment: Record<string, string>): number {
  const script = `const t=performance.now();await import(${JSON.stringify(`file://${entryFile}`)});console.log(performance.now()-t)`;
  const samples: number[] = [];
  for (let run = 0; run < LOAD_RUNS; run++) {
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', ...environment },
    });
    if (result.status !== 0) throw new Error(`loading ${entryFile} failed: ${result.stderr}`);
    samples.push(Number(result.stdout.trim()));
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
}

const readyMs = await timeToReady();
console.log(
  `npm start → GET /policies serves 53 items: ${(readyMs / 1000).toFixed(1)} s (includes cdk synth)`,
);
console.log('');
console.log(
  `function                      bundle (min)   goal ≤${BUNDLE_GOAL_KB} KB   load (median of ${LOAD_RUNS})   goal ≤${LOAD_GOAL_MS} ms`,
);
for (const fn of bundles()) {
  const dir = path.dirname(fn.entryFile);
  const bytes = readdirSync(dir).reduce((sum, file) => sum + statSync(path.join(dir, file)).size, 0);
  const kb = bytes / 1024;
  const ms = loadTimeMs(fn.entryFile, fn.environment);
  console.log(
    `${fn.logicalId.replace(/Function[0-9A-F]{8}$/, '').padEnd(30)}${kb.toFixed(0).padStart(8)} KB   ${(kb <= BUNDLE_GOAL_KB ? 'ok' : 'over').padEnd(14)}${ms.toFixed(0).padStart(8)} ms              ${ms <= LOAD_GOAL_MS ? 'ok' : 'over'}`,
  );
}
