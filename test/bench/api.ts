// Benchmark: latency (p50/p99) and throughput of GET /policies and POST /applications against a real `npm start`.
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadIssuer } from '../../infra/local/issuer.ts';
import { LOCAL_AUDIENCE, localIssuerUrl } from '../../infra/local/issuer-config.ts';
import { enterpriseProfile } from '../support/platform.ts';
import { benchUscc, inPool, positiveInteger } from './bench-support.ts';
import { startLocalServer } from './local-server.ts';

const REGISTER_CONCURRENCY = 20;
// An instant policy whose eligibility (tag 文旅, division 360728) every enterpriseProfile meets.
const INSTANT_POLICY_ID = '360728-020';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '10' },
    enterprises: { type: 'string', default: '2000' },
  },
});
const connections = positiveInteger('connections', values.connections);
const durationSeconds = positiveInteger('duration', values.duration);
const enterpriseCount = positiveInteger('enterprises', values.enterprises);
if (enterpriseCount < connections) throw new Error('--enterprises must be at least --connections');

interface Row {
  route: string;
  result: autocannon.Result;
  /** Statuses that count as success for this route; anything else is a failure. */
  expected: number;
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
    'route',
    'connections',
    'requests',
    'req/s (avg)',
    'p50 ms',
    'p99 ms',
    'non-2xx',
    'statuses',
  ];
  const lines = rows.map((row) => [
    row.route,
    String(row.result.connections),
    String(row.result.requests.total),
    row.result.requests.average.toFixed(0),
    row.result.latency.p50.toFixed(0),
    row.result.latency.p99.toFixed(0),
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
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
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

const server = await startLocalServer();
let failed = false;
try {
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

  const policies = await autocannon({
    url: `${server.url}/policies?limit=20`,
    connections,
    duration: durationSeconds,
  });

  // Each request takes the next enterprise and `amount` stops at the last one, so every application is
  // the enterprise's first for the policy and a 409 would mean a real duplicate.
  let nextEnterprise = 0;
  const applications = await autocannon({
    url: `${server.url}/applications`,
    connections,
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

  const rows: Row[] = [
    { route: 'GET /policies?limit=20', result: policies, expected: 200 },
    { route: 'POST /applications', result: applications, expected: 201 },
  ];
  console.log('');
  printTable(rows);
  for (const row of rows) {
    const wrong = failures(row);
    if (wrong > 0) {
      failed = true;
      console.error(`${row.route}: ${wrong} responses were not ${row.expected}`);
    }
  }
  if (applications.requests.total !== enterpriseCount) {
    failed = true;
    console.error(`POST /applications: ${applications.requests.total} requests, expected ${enterpriseCount}`);
  }
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await server.stop();
}
process.exitCode = failed ? 1 : 0;
