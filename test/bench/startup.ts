// Benchmark: time from the `npm start` command to a served catalog (synth included), on a fresh data directory (cold)
// and again on the same one (warm); each function's bundle size and its cold module load time.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { LocalTemplate } from '../../infra/local/assembly.ts';
import { webAppStale } from '../../infra/local/web-build.ts';
import { machineLoad } from './bench-support.ts';
import { type LocalServer, startLocalServer } from './local-server.ts';

const BUNDLE_GOAL_KB = 300;
const LOAD_GOAL_MS = 150;
const LOAD_RUNS = 5;

/** What `npm start` itself said of its time to ready, to hold beside the time measured from outside. */
const claimedSeconds = (server: LocalServer) => /已就绪 \((\d+(?:\.\d+)?) s/.exec(server.output())?.[1];

function report(label: string, server: LocalServer): void {
  const claimed = claimedSeconds(server);
  console.log(
    `${label.padEnd(52)}${(server.readyMs / 1000).toFixed(1).padStart(6)} s` +
      (claimed ? `   (npm start printed ${claimed} s)` : ''),
  );
}

/** A cold start (fresh data: tables made, catalog seeded) and a warm one on the same data, both with the synth. */
async function startTimes(): Promise<void> {
  const buildsWebApp = webAppStale(process.cwd());
  const cold = await startLocalServer();
  await cold.stop({ keepData: true });
  try {
    const warm = await startLocalServer({ dataDir: cold.dataDir });
    await warm.stop();
    console.log('npm start → GET /policies serves 53 items, from the command (cdk synth included):');
    report(`  cold: fresh data directory${buildsWebApp ? ', web app built' : ''}`, cold);
    report('  warm: the same data directory again', warm);
    console.log(`  (${machineLoad()})`);
  } finally {
    rmSync(cold.dataDir, { recursive: true, force: true });
  }
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

await startTimes();
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
