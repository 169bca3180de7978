/// <reference lib="dom" />
// Benchmark: the staff workbench with a full day's work on the local platform — the time a signed-in reviewer waits
// for an inbox of 200 open tasks to be listed, in headless Chromium, and p50/p99 of the API call behind it for 20
// staff at once.
// `npm run bench:workbench -- --items 200 --staff 20 --duration 10 --runs 5`
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import type { Browser, Page } from 'playwright-core';
import { buildWebApp, webAppStale } from '../../infra/local/web-build.ts';
import { DESKTOP, launchBrowser, signInAs } from '../support/browser.ts';
import type { TestPlatform } from '../support/platform.ts';
import {
  benchUscc,
  inPool,
  machineLoad,
  onLocalPlatform,
  percentile,
  positiveInteger,
} from './bench-support.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
/** 县文广新旅局's instant item: each case waits for the department's decision. */
const ITEM = '360728-020';
const DEPARTMENT = '360728-wgxlj';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '200' },
    staff: { type: 'string', default: '20' },
    duration: { type: 'string', default: '10' },
    runs: { type: 'string', default: '5' },
  },
});
const items = positiveInteger('items', values.items);
const staff = positiveInteger('staff', values.staff);
const durationSeconds = positiveInteger('duration', values.duration);
const runs = positiveInteger('runs', values.runs);

/** `items` enterprises each file the item; the chain opens a decision task for each. */
async function fillInbox(local: TestPlatform): Promise<void> {
  const started = performance.now();
  await inPool(
    Array.from({ length: items }, (_, index) => benchUscc(40_000 + index)),
    8,
    async (uscc) => {
      const token = await local.registerEnterprise(uscc, { tags: ['文旅'] });
      const filed = await local.call('POST', '/applications', {
        token,
        body: { policyId: ITEM, requestedAmountFen: 100_000 },
      });
      if (filed.status !== 201) throw new Error(`filing for ${uscc}: ${JSON.stringify(filed.body)}`);
    },
  );
  const department = await local.token('department', DEPARTMENT);
  for (;;) {
    const open = (await local.call('GET', '/tasks', { token: department })).body.items.length as number;
    if (open >= items) break;
    if (performance.now() - started > 600_000) throw new Error(`only ${open} of ${items} tasks opened`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  console.log(
    `${items} cases filed and waiting for a decision in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

/** From the navigation to the inbox's count of open tasks on the screen. */
async function inboxShown(page: Page, url: string): Promise<number> {
  const started = performance.now();
  await page.goto(`${url}/app/work/tasks`);
  await page.getByText(`共 ${items} 件`).first().waitFor({ timeout: 60_000 });
  return performance.now() - started;
}

async function screenTimes(browser: Browser, local: TestPlatform): Promise<void> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${local.platform.url}/app/work`);
  await signInAs(page, /^县文广新旅局/);
  await page.getByRole('heading', { name: '工作台', exact: true }).waitFor();
  const first = await inboxShown(page, local.platform.url);
  const again: number[] = [];
  for (let run = 0; run < runs; run++) again.push(await inboxShown(page, local.platform.url));
  await context.close();
  console.log('');
  console.log(
    `the reviewer's inbox (待办审核, ${items} open tasks), signed in, desktop 1280×900, page loaded afresh:`,
  );
  console.log(
    `  first: ${first.toFixed(0)} ms; median of ${runs} more: ${percentile(again, 50).toFixed(0)} ms`,
  );
}

async function apiLoad(local: TestPlatform): Promise<void> {
  const token = await local.token('department', DEPARTMENT);
  const result = await autocannon({
    url: local.platform.url,
    connections: staff,
    duration: durationSeconds,
    requests: [{ method: 'GET', path: '/tasks', headers: { authorization: `Bearer ${token}` } }],
  });
  console.log('');
  console.log(`GET /tasks (${items} open tasks) for ${staff} staff at once, ${durationSeconds} s:`);
  console.log(
    `  p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.requests.average.toFixed(0)} req/s, ` +
      `${result.requests.total} requests${result.non2xx ? `, ${result.non2xx} not 2xx` : ''}`,
  );
  if (result.non2xx > 0 || result.errors > 0) process.exitCode = 1;
}

if (webAppStale(repoRoot)) {
  console.log('building the web app (vite build)…');
  await buildWebApp(repoRoot);
}
await onLocalPlatform(
  async (local) => {
    await fillInbox(local);
    const browser = await launchBrowser();
    try {
      await screenTimes(browser, local);
    } finally {
      await browser.close();
    }
    await apiLoad(local);
    console.log(`\n(${machineLoad()})`);
  },
  { webAppDir: path.join(repoRoot, 'web/dist') },
);
