// Benchmark: time and peak memory to reconcile one day of payments on the local platform. The day's ledger
// posts, payment records and bank statement lines are written straight into DynamoDB Local (paying them one by
// one would measure the payer, not reconciliation); a few are made to disagree, so the report has something to say.
// Then finance asks through the API and the real reconcile function reads it all by key ranges.
// `npm run bench:reconcile -- --payments 100000`

import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS } from '../../infra/local/loopback.ts';
import { eventually } from '../support/platform.ts';
import { benchUscc, inPool, onLocalPlatform, positiveInteger } from './bench-support.ts';

const { values } = parseArgs({ options: { payments: { type: 'string', default: '100000' } } });
const paymentCount = positiveInteger('payments', values.payments);
/** Every thousandth payment has no bank line: the report must name exactly these. */
const MISSING_EVERY = 1000;
const DAY = '2026-03-02';
const AT = `${DAY}T02:00:00.000Z`;
const POLICY = '360728-900';
const POOL = `pool:${POLICY}:2026`;
const AMOUNT_FEN = 100;

await onLocalPlatform(async (local) => {
  const table = local.ledgerTable;
  const dynamo = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: local.platform.endpoints.dynamodb,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    }),
  );
  const paymentId = (index: number) => `wl-bench-${String(index).padStart(7, '0')}`;
  const itemsOf = (index: number) => {
    const id = paymentId(index);
    const account = {
      bankName: '定南农商银行',
      accountNo: `6228${String(index).padStart(11, '0')}2`,
      accountName: `定南基准企业${index}有限公司`,
    };
    return [
      {
        pk: `TRANSFER#post:${id}`,
        sk: 'TRANSFER',
        gsi1pk: `PAYOUTS#${DAY}`,
        gsi1sk: `post:${id}`,
        id: `post:${id}`,
        debitAccountId: POOL,
        creditAccountId: 'bank:360728',
        amountFen: AMOUNT_FEN,
        flag: 'post_pending',
        pendingId: `reserve:${id}`,
        code: 'payout',
        ref: id,
        at: AT,
      },
      {
        pk: `PAYMENT#${id}`,
        sk: 'PAYMENT',
        paymentId: id,
        source: 'whitelist',
        policyId: POLICY,
        uscc: benchUscc(index),
        amountFen: AMOUNT_FEN,
        bankAccount: account,
        status: 'paid',
        updatedAt: AT,
      },
      ...(index % MISSING_EVERY === 0
        ? []
        : [
            {
              pk: `BANK#${id}`,
              sk: 'INSTRUCTION',
              gsi1pk: `BANK_STATEMENT#${DAY}`,
              gsi1sk: id,
              paymentId: id,
              account,
              amountFen: AMOUNT_FEN,
              outcome: 'settled',
              at: AT,
            },
          ]),
    ];
  };
  const paidFen = paymentCount * AMOUNT_FEN;
  const pool = {
    pk: `ACCOUNT#${POOL}`,
    sk: 'ACCOUNT',
    gsi2pk: 'POOLS',
    gsi2sk: POOL,
    id: POOL,
    kind: 'pool',
    debitsMustNotExceedCredits: true,
    debitsPending: 0,
    debitsPosted: paidFen,
    creditsPending: 0,
    creditsPosted: paidFen * 2,
    available: paidFen,
    credited_allocation: paidFen * 2,
    debited_payout: paidFen,
  };

  const seedStart = performance.now();
  const chunks: number[][] = [];
  for (let start = 0; start < paymentCount; start += 8) {
    chunks.push(Array.from({ length: Math.min(8, paymentCount - start) }, (_, k) => start + k));
  }
  await inPool(chunks, 16, async (chunk) => {
    let requests: { PutRequest: { Item: Record<string, unknown> } }[] = chunk
      .flatMap(itemsOf)
      .map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const result = await dynamo.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (result.UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  });
  await dynamo.send(new BatchWriteCommand({ RequestItems: { [table]: [{ PutRequest: { Item: pool } }] } }));
  const seedSeconds = (performance.now() - seedStart) / 1000;

  const finance = await local.token('finance', 'finance-dingnan');
  // Sampled during the run: the functions run in worker threads of this process, so its RSS includes them.
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 100);
  const start = performance.now();
  const requested = await local.call('POST', '/reconciliations', {
    token: finance,
    body: { from: DAY, to: DAY },
  });
  if (requested.status !== 202) throw new Error(`request failed: ${JSON.stringify(requested.body)}`);
  const report = await eventually(async () => {
    const read = await local.call('GET', `/reconciliations/${requested.body.id}`, { token: finance });
    if (read.body.status === 'running') throw new Error('still running');
    return read.body;
  }, 30 * 60_000);
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  const expected = Math.floor((paymentCount - 1) / MISSING_EVERY) + 1;
  const missing = report.discrepancies.filter((d: { type: string }) => d.type === 'missing_at_bank').length;
  if (report.status !== 'done' || missing !== expected || report.discrepancies.length !== expected)
    throw new Error(`expected ${expected} missing_at_bank, got ${JSON.stringify(report).slice(0, 500)}`);

  console.log(
    `${paymentCount} payments on ${DAY}, seeded in ${seedSeconds.toFixed(1)} s (post, record, bank line)`,
  );
  console.log(
    `reconcile (request → report done): ${seconds.toFixed(1)} s, ${(paymentCount / seconds).toFixed(0)} payments/s`,
  );
  console.log(
    `checked: ${JSON.stringify(report.checked)}; discrepancies ${report.discrepancies.length} (all missing_at_bank, as seeded)`,
  );
  console.log(
    `platform process RSS during the run (functions are its worker threads, the reconcile heap capped at its 1024 MB): peak ${(rssPeak / 2 ** 20).toFixed(0)} MB, ${(rssBefore / 2 ** 20).toFixed(0)} MB before`,
  );
});
