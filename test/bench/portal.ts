/// <reference lib="dom" />
// Benchmark: the portal's first page as a visitor gets it from a real `npm start` — JavaScript and CSS transferred
// (gzip), first contentful paint and the time until the catalog is listed in headless Chromium, first with the catalog
// cache cold and then warm, and p50/p99 of the catalog page's API calls for 50 simulated visitors at once.
// `npm run bench:portal -- --visitors 50 --duration 10 --runs 5`
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import type { Browser } from 'playwright-core';
import { buildWebApp, webAppStale } from '../../infra/local/web-build.ts';
import { launchBrowser, PHONE } from '../support/browser.ts';
import { machineLoad, percentile, positiveInteger } from './bench-support.ts';
import { type LocalServer, startLocalServer } from './local-server.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const TRANSFER_GOAL_KB = 300;
/** The catalog page's list: one link per policy (web/src/pages/catalog.tsx), the first page holds 20. */
const POLICY_LINK = 'a[href^="/app/policies/"]';

const { values } = parseArgs({
  options: {
    visitors: { type: 'string', default: '50' },
    duration: { type: 'string', default: '10' },
    runs: { type: 'string', default: '5' },
  },
});
const visitors = positiveInteger('visitors', values.visitors);
const durationSeconds = positiveInteger('duration', values.duration);
const warmRuns = positiveInteger('runs', values.runs);

interface Asset {
  url: string;
  kind: 'script' | 'stylesheet';
  bytes: number;
  gzipBytes: number;
  /** What the server sent as Content-Encoding; the local server sends none. */
  encoding: string | undefined;
}

interface Visit {
  firstContentfulPaintMs: number;
  catalogListedMs: number;
  assets: Asset[];
  /** The API calls the page made before its catalog was listed, as paths with their query. */
  apiCalls: string[];
}

/** One visitor with an empty browser cache opening /app/ on a phone, timed from the navigation's start. */
async function visit(browser: Browser, url: string): Promise<Visit> {
  const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
  const page = await context.newPage();
  // Noted by the page itself when the first policy link appears, so no polling delay is counted.
  await page.addInitScript((selector: string) => {
    new MutationObserver((_records, observer) => {
      if (document.querySelector(selector)) {
        (window as unknown as { catalogListedAt: number }).catalogListedAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  }, POLICY_LINK);
  const bodies: Promise<Asset | undefined>[] = [];
  const apiCalls: string[] = [];
  page.on('response', (response) => {
    const kind = response.request().resourceType();
    const address = new URL(response.url());
    if (kind === 'script' || kind === 'stylesheet') {
      bodies.push(
        response.body().then((body) => ({
          url: address.pathname,
          kind,
          bytes: body.byteLength,
          gzipBytes: gzipSync(body).byteLength,
          encoding: response.headers()['content-encoding'],
        })),
      );
    } else if ((kind === 'fetch' || kind === 'xhr') && !address.pathname.startsWith('/app/')) {
      apiCalls.push(`${address.pathname}${address.search}`);
    }
  });
  await page.goto(`${url}/app/`);
  await page.locator(POLICY_LINK).first().waitFor({ timeout: 60_000 });
  const timings = await page.evaluate(() => ({
    firstContentfulPaintMs:
      performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
    catalogListedMs: (window as unknown as { catalogListedAt: number }).catalogListedAt,
  }));
  const assets = (await Promise.all(bodies)).filter((asset) => asset !== undefined);
  await context.close();
  return { ...timings, assets, apiCalls: [...apiCalls] };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

function printAssets(assets: Asset[]): void {
  const total = (kind?: Asset['kind']) =>
    assets.filter((asset) => !kind || asset.kind === kind).reduce((sum, asset) => sum + asset.gzipBytes, 0);
  const compressedByServer = assets.some((asset) => asset.encoding);
  console.log('JavaScript and CSS of the first page (/app/ on a phone):');
  for (const asset of assets)
    console.log(
      `  ${asset.kind.padEnd(10)} ${asset.url.padEnd(40)} ${kb(asset.bytes).padStart(10)}  gzip ${kb(asset.gzipBytes).padStart(9)}`,
    );
  const all = total();
  console.log(
    `  transferred, gzip: JS ${kb(total('script'))} + CSS ${kb(total('stylesheet'))} = ${kb(all)} ` +
      `(goal ≤ ${TRANSFER_GOAL_KB} KB: ${all / 1024 <= TRANSFER_GOAL_KB ? 'ok' : 'over'})`,
  );
  if (!compressedByServer)
    console.log(
      '  (the local server sends files uncompressed; the sizes are the bodies gzipped here with zlib, level 6, ' +
        'as a CDN would send them)',
    );
}

async function pageTimes(browser: Browser, server: LocalServer): Promise<Visit> {
  // The first visit finds the catalog cache cold: the start's own check read another page size, never these reads.
  const cold = await visit(browser, server.url);
  const warm: Visit[] = [];
  for (let run = 0; run < warmRuns; run++) warm.push(await visit(browser, server.url));
  const median = (pick: (visit: Visit) => number) => percentile(warm.map(pick), 50);
  console.log('');
  console.log('first visit, empty browser cache, on a phone (375×812):');
  console.log(
    `  catalog cache cold: first contentful paint ${ms(cold.firstContentfulPaintMs)}, ` +
      `catalog listed ${ms(cold.catalogListedMs)}`,
  );
  console.log(
    `  catalog cache warm (median of ${warmRuns}): first contentful paint ` +
      `${ms(median((v) => v.firstContentfulPaintMs))}, catalog listed ${ms(median((v) => v.catalogListedMs))}`,
  );
  return cold;
}

/** The page's own API calls, each visitor making them in turn, as long as the run lasts. */
async function apiLoad(server: LocalServer, calls: string[]): Promise<void> {
  const result = await autocannon({
    url: server.url,
    connections: visitors,
    duration: durationSeconds,
    requests: calls.map((call) => ({ method: 'GET' as const, path: call })),
  });
  const statuses = Object.entries(result.statusCodeStats ?? {})
    .map(([status, stat]) => `${status}×${stat.count}`)
    .join(' ');
  console.log('');
  console.log(
    `the catalog page's API calls (${calls.join(', ')}), ${visitors} visitors at once, ${durationSeconds} s:`,
  );
  console.log(
    `  p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.requests.average.toFixed(0)} req/s, ` +
      `${result.requests.total} requests (${statuses}${result.errors ? `, errors×${result.errors}` : ''})`,
  );
  if (result.non2xx > 0 || result.errors > 0) {
    process.exitCode = 1;
    console.error(`${result.non2xx} answers were not 2xx and ${result.errors} requests failed`);
  }
}

if (webAppStale(repoRoot)) {
  console.log('building the web app (vite build)…');
  await buildWebApp(repoRoot);
}
const server = await startLocalServer();
let browser: Browser | undefined;
try {
  browser = await launchBrowser();
  const cold = await pageTimes(browser, server);
  console.log('');
  printAssets(cold.assets);
  const calls = [...new Set(cold.apiCalls)];
  if (calls.length === 0) throw new Error('the catalog page made no API call');
  await apiLoad(server, calls);
  console.log(`\n(${machineLoad()})`);
} catch (error) {
  process.exitCode = 1;
  console.error(error);
} finally {
  await browser?.close();
  await server.stop();
}
