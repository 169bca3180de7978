/// <reference lib="dom" />
// Benchmark: the staff workbench with a full day's work on the local platform — the time a signed-in reviewer waits
// for an inbox of 200 open tasks, and the payer for 200 held payments, to be listed in headless Chromium, and
// p50/p99 of the API call behind each screen for 20 staff at once.
// `npm run bench:workbench -- --items 200 --staff 20 --duration 10 --runs 5`
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import type { Browser, Page } from 'playwright-core';
import { buildWebApp, webAppStale } from '../../infra/local/web-build.ts';
import { thisYear } from '../../shared/dates.ts';
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
/** 县工信局's electricity subsidy, paid from whitelists; its lines for listed enterprises wait for the payer. */
const AUTO_POLICY = '360728-002';
const INDUSTRY = '360728-gxj';

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

/** The credit agency lists `items` enterprises; a whitelist pays each of them, so each payment waits for the payer. */
async function holdPayments(local: TestPlatform): Promise<void> {
  const started = performance.now();
  const usccs = Array.from({ length: items }, (_, index) => benchUscc(50_000 + index));
  const agency = await local.token('agency', '360728-credit');
  await inPool(usccs, 8, async (uscc) => {
    const listed = await local.call('PUT', `/blacklist/${uscc}`, {
      token: agency,
      body: { reason: '严重失信主体' },
    });
    if (listed.status !== 200) throw new Error(`listing ${uscc}: ${JSON.stringify(listed.body)}`);
  });
  const finance = await local.token('finance', 'finance-dingnan');
  const year = thisYear(new Date());
  await local.call('POST', '/budgets/allocations', {
    token: finance,
    body: { policyId: AUTO_POLICY, year, amountFen: items * 100_000, ref: `bench-${year}` },
  });
  const name = (index: number) => `定南基准企业${String(index).padStart(4, '0')}有限公司`;
  const pushed = await local.call('POST', '/whitelist-batches', {
    token: await local.token('department', INDUSTRY),
    body: {
      policyId: AUTO_POLICY,
      batchRef: 'bench-held',
      entries: usccs.map((uscc, index) => ({
        uscc,
        enterpriseName: name(index),
        bankName: '定南农商银行',
        accountNo: `62284800${String(index).padStart(8, '0')}`,
        accountName: name(index),
        amountFen: 50_000,
      })),
    },
  });
  if (pushed.status !== 202) throw new Error(`pushing: ${JSON.stringify(pushed.body)}`);
  const payer = await local.token('payer', 'payer-dingnan');
  for (;;) {
    const held = (await local.call('GET', '/payments?status=held&limit=500', { token: payer })).body.items
      .length;
    if (held >= items) break;
    if (performance.now() - started > 600_000) throw new Error(`only ${held} of ${items} payments held`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  console.log(
    `${items} payments held for the payer in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

interface Screen {
  what: string;
  identity: RegExp;
  path: string;
  /** What the screen says once its whole list is in. */
  shown: string;
}

/** From the navigation to the screen's count of its items. */
async function shownIn(page: Page, url: string, screen: Screen): Promise<number> {
  const started = performance.now();
  await page.goto(`${url}/app${screen.path}`);
  await page.getByText(screen.shown).first().waitFor({ timeout: 60_000 });
  return performance.now() - started;
}

async function screenTimes(browser: Browser, local: TestPlatform, screen: Screen): Promise<void> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${local.platform.url}/app/work`);
  await signInAs(page, screen.identity);
  await page.getByRole('heading', { name: '工作台', exact: true }).waitFor();
  const first = await shownIn(page, local.platform.url, screen);
  const again: number[] = [];
  for (let run = 0; run < runs; run++) again.push(await shownIn(page, local.platform.url, screen));
  await context.close();
  console.log('');
  console.log(`${screen.what}, signed in, desktop 1280×900, page loaded afresh:`);
  console.log(
    `  first: ${first.toFixed(0)} ms; median of ${runs} more: ${percentile(again, 50).toFixed(0)} ms`,
  );
}

async function apiLoad(local: TestPlatform, token: string, path: string): Promise<void> {
  const result = await autocannon({
    url: local.platform.url,
    connections: staff,
    duration: durationSeconds,
    requests: [{ method: 'GET', path, headers: { authorization: `Bearer ${token}` } }],
  });
  console.log('');
  console.log(`GET ${path} (${items} items) for ${staff} staff at once, ${durationSeconds} s:`);
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
    await holdPayments(local);
    const browser = await launchBrowser();
    try {
      await screenTimes(browser, local, {
        what: `the reviewer's inbox (待办审核, ${items} open tasks)`,
        identity: /^县文广新旅局/,
        path: '/work/tasks',
        shown: `共 ${items} 件`,
      });
      await screenTimes(browser, local, {
        what: `the payer's held payments (风险暂停的兑付, ${items} payments)`,
        identity: /^县行政审批局/,
        path: '/work/held-payments',
        shown: `共 ${items} 笔待处理`,
      });
    } finally {
      await browser.close();
    }
    await apiLoad(local, await local.token('department', DEPARTMENT), '/tasks');
    await apiLoad(local, await local.token('payer', 'payer-dingnan'), '/payments?status=held&limit=500');
    console.log(`\n(${machineLoad()})`);
  },
  { webAppDir: path.join(repoRoot, 'web/dist') },
);
