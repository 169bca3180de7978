// Benchmark: GET /policies p50/p99 at 50 and 200 connections with the catalog cache off and on, each beside a baseline
// route that does no work (GET /health) on the same platform, and POST /applications, against a real `npm start`.
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadIssuer } from '../../infra/local/issuer.ts';
import { LOCAL_AUDIENCE, localIssuerUrl } from '../../infra/local/issuer-config.ts';
import { enterpriseProfile } from '../support/platform.ts';
import { benchUscc, inPool, machineLoad, positiveInteger } from './bench-support.ts';
import { type LocalServer, startLocalServer } from './local-server.ts';

const REGISTER_CONCURRENCY = 20;
// An instant policy whose eligibility (tag 文旅, division 360728) every enterpriseProfile meets.
const INSTANT_POLICY_ID = '360728-020';
const CATALOG = '/policies?limit=20';
const BASELINE = '/health';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '50,200' },
    duration: { type: 'string', default: '10' },
    enterprises: { type: 'string', default: '2000' },
  },
});
const connectionCounts = values.connections.split(',').map((count) => positiveInteger('connections', count));
/** POST /applications runs at the fewest connections, one enterprise per request. */
const applicationConnections = Math.min(...connectionCounts);
const durationSeconds = positiveInteger('duration', values.duration);
const enterpriseCount = positiveInteger('enterprises', values.enterprises);
if (enterpriseCount < applicationConnections) throw new Error('--enterprises must be at least --connections');

interface Row {
  /** The catalog cache's setting on the platform measured. */
  cache: string;
  route: string;
  result: autocannon.Result;
  /** Statuses that count as success for this route; anything else is a failure. */
  expected: number;
  /** The baseline measured beside it at the same connections, for the ratio. */
  baseline?: autocannon.Result;
}

function statusCounts(result: autocannon.Result): Map<number, number> {
  const counts = new Map<number, number>();
  for (const [status, stat] of Object.entries(result.statusCodeStats ?? {})) {
    counts.set(Number(status), stat.count ?? 0);
  }
  return counts;
}

function failures(row: Row): number {
  let wrong = row.result.errors;
  for (const [status, count] of statusCounts(row.result)) if (status !== row.expected) wrong += count;
  return wrong;
}

function printTable(rows: Row[]): void {
  const header = [
    'catalog cache',
    'route',
    'connections',
    'requests',
    'req/s (avg)',
    'p50 ms',
    'p99 ms',
    '× baseline p50',
    '× baseline p99',
    'non-2xx',
    'statuses',
  ];
  const times = (value: number, base: number | undefined) =>
    base === undefined ? '' : `${(value / Math.max(base, 1)).toFixed(1)}×`;
  const lines = rows.map((row) => [
    row.cache,
    row.route,
    String(row.result.connections),
    String(row.result.requests.total),
    row.result.requests.average.toFixed(0),
    row.result.latency.p50.toFixed(0),
    row.result.latency.p99.toFixed(0),
    times(row.result.latency.p50, row.baseline?.latency.p50),
    times(row.result.latency.p99, row.baseline?.latency.p99),
    String(row.result.non2xx),
    [...statusCounts(row.result)]
      .map(([status, count]) => `${status}×${count}`)
      .concat(row.result.errors ? [`errors×${row.result.errors}`] : [])
      .join(' '),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column]?.length ?? 0)),
  );
  const format = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column < 2 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) console.log(format(line));
}

async function registerEnterprises(url: string, tokens: string[], usccs: string[]): Promise<void> {
  await inPool(usccs, REGISTER_CONCURRENCY, async (uscc, index) => {
    const response = await fetch(`${url}/enterprises/me`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tokens[index]}`, 'content-type': 'application/json' },
      body: JSON.stringify(enterpriseProfile(uscc)),
    });
    if (response.status !== 200) {
      throw new Error(`could not register ${uscc}: ${response.status} ${await response.text()}`);
    }
  });
}

/** The catalog read and the baseline at each connection count, one after the other on the same platform. */
async function catalogRows(server: LocalServer, cache: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (const count of connectionCounts) {
    const run = (route: string) =>
      autocannon({ url: `${server.url}${route}`, connections: count, duration: durationSeconds });
    const baseline = await run(BASELINE);
    const catalog = await run(CATALOG);
    rows.push(
      { cache, route: `GET ${BASELINE} (baseline)`, result: baseline, expected: 200 },
      { cache, route: `GET ${CATALOG}`, result: catalog, expected: 200, baseline },
    );
  }
  return rows;
}

/** Says which setting the platform really runs with, from the answer's own Cache-Control. */
async function cacheControlOf(server: LocalServer): Promise<string> {
  const response = await fetch(`${server.url}${CATALOG}`);
  await response.arrayBuffer();
  return response.headers.get('cache-control') ?? '(none)';
}

async function applicationsRow(server: LocalServer, cache: string): Promise<Row> {
  const port = Number(new URL(server.url).port);
  const issuer = await loadIssuer({
    dataDir: server.dataDir,
    issuerUrl: localIssuerUrl(port),
    audience: LOCAL_AUDIENCE,
  });
  const usccs = Array.from({ length: enterpriseCount }, (_, index) => benchUscc(index));
  const tokens = await Promise.all(usccs.map((uscc) => issuer.mint({ role: 'enterprise', sub: uscc })));
  const registeringAt = performance.now();
  await registerEnterprises(server.url, tokens, usccs);
  console.log(
    `registered ${enterpriseCount} enterprises in ${((performance.now() - registeringAt) / 1000).toFixed(1)} s ` +
      `(${REGISTER_CONCURRENCY} at a time)`,
  );
  // Each request takes the next enterprise and `amount` stops at the last one, so every application is
  // the enterprise's first for the policy and a 409 would mean a real duplicate.
  let nextEnterprise = 0;
  const applications = await autocannon({
    url: `${server.url}/applications`,
    connections: applicationConnections,
    amount: enterpriseCount,
    // Filing starts a state machine, so a slow tail is expected; a timeout would resend with a spent token.
    timeout: 60,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ policyId: INSTANT_POLICY_ID }),
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          headers: {
            ...request.headers,
            authorization: `Bearer ${tokens[nextEnterprise++ % tokens.length]}`,
          },
        }),
      },
    ],
  });
  if (applications.requests.total !== enterpriseCount) {
    throw new Error(
      `POST /applications: ${applications.requests.total} requests, expected ${enterpriseCount}`,
    );
  }
  return { cache, route: 'POST /applications', result: applications, expected: 201 };
}

/** Runs `measure` on a platform of its own, stopped whatever happens. */
async function onServer<T>(server: LocalServer, measure: (server: LocalServer) => Promise<T>): Promise<T> {
  try {
    return await measure(server);
  } finally {
    await server.stop();
  }
}

let failed = false;
const rows: Row[] = [];
try {
  // The cache off first: this start synthesizes, the second reuses its cloud assembly.
  const off = await startLocalServer({ env: { CATALOG_CACHE_SECONDS: '0' } });
  console.log(`catalog cache off (CATALOG_CACHE_SECONDS=0): Cache-Control ${await cacheControlOf(off)}`);
  rows.push(...(await onServer(off, (server) => catalogRows(server, 'off'))));
  const on = await startLocalServer({ noSynth: true });
  const onLabel = `on (${(await cacheControlOf(on)).replace(/.*max-age=/, '')} s)`;
  console.log(`catalog cache on (default): Cache-Control ${await cacheControlOf(on)}`);
  rows.push(
    ...(await onServer(on, async (server) => [
      ...(await catalogRows(server, onLabel)),
      await applicationsRow(server, onLabel),
    ])),
  );
} catch (error) {
  failed = true;
  console.error(error);
}
if (rows.length > 0) {
  console.log('');
  printTable(rows);
  console.log(`(${machineLoad()} at the end)`);
  const policiesAt = (cache: string, count: number) =>
    rows.find(
      (row) =>
        row.route === `GET ${CATALOG}` && row.cache.startsWith(cache) && row.result.connections === count,
    )?.result;
  for (const count of connectionCounts) {
    const off = policiesAt('off', count);
    const on = policiesAt('on', count);
    if (off && on)
      console.log(
        `GET ${CATALOG} at ${count} connections, cache on vs off: p50 ${off.latency.p50} → ${on.latency.p50} ms, ` +
          `p99 ${off.latency.p99} → ${on.latency.p99} ms, ${off.requests.average.toFixed(0)} → ${on.requests.average.toFixed(0)} req/s`,
      );
  }
}
for (const row of rows) {
  const wrong = failures(row);
  if (wrong > 0) {
    failed = true;
    console.error(
      `${row.cache} ${row.route} at ${row.result.connections}: ${wrong} responses were not ${row.expected}`,
    );
  }
}
process.exitCode = failed ? 1 : 0;
