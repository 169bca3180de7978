// Benchmark: whitelist entries paid per second on the local platform, push-to-paid latency, and — on the same
// DynamoDB Local, in the same run — the raw rate of conditional debit transactions on one pool item, with the ratio.
// `npm run bench:payout -- --entries 10000 [--debits 3000]`

import { parseArgs } from 'node:util';
import { QueryCommand, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { shanghaiDate } from '../../shared/dates.ts';
import { MAX_BATCH_ENTRIES } from '../../shared/whitelists/whitelist.ts';
import { benchUscc, cpuMsOf, inPool, onLocalPlatform, percentile, positiveInteger } from './bench-support.ts';

/** 工业企业电价补贴, an `auto` item of 县工信局. */
const POLICY_ID = '360728-002';
const DEPARTMENT_ID = '360728-gxj';
const AMOUNT_FEN = 100;

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '10000' },
    debits: { type: 'string', default: '3000' },
  },
});
const entryCount = positiveInteger('entries', values.entries);
const debitCount = positiveInteger('debits', values.debits);
/** Debits in flight when measuring the raw rate: the best of these is taken, so the ceiling is not one client's latency. */
const RAW_CONCURRENCIES = [10, 40, 80];

await onLocalPlatform(async (local) => {
  const year = Number(shanghaiDate(new Date()).slice(0, 4));
  const finance = await local.token('finance', 'finance-dingnan');
  const department = await local.token('department', DEPARTMENT_ID);
  const funded = await local.call('POST', '/budgets/allocations', {
    token: finance,
    body: { policyId: POLICY_ID, year, amountFen: entryCount * AMOUNT_FEN, ref: `bench-${Date.now()}` },
  });
  if (funded.status !== 201) throw new Error(`allocation failed: ${JSON.stringify(funded.body)}`);

  const entries = Array.from({ length: entryCount }, (_, index) => {
    const uscc = benchUscc(index);
    const name = `定南基准企业${index}有限公司`;
    return {
      uscc,
      enterpriseName: name,
      bankName: '定南农商银行',
      // Ending in 2: never one of the simulated bank's returned accounts (…4040, …4041).
      accountNo: `6228${String(index).padStart(11, '0')}2`,
      accountName: name,
      amountFen: AMOUNT_FEN,
    };
  });

  // Push: batches of the largest size one request takes, one after another, as the CLI does.
  const batches: { id: string; pushedAt: number }[] = [];
  const enginePid = local.platform.dynamoDbPid;
  const engineAtStart = cpuMsOf(enginePid);
  const start = Date.now();
  for (let offset = 0; offset < entryCount; offset += MAX_BATCH_ENTRIES) {
    const pushedAt = Date.now();
    const pushed = await local.call('POST', '/whitelist-batches', {
      token: department,
      body: {
        policyId: POLICY_ID,
        batchRef: `bench-${start}-${offset}`,
        entries: entries.slice(offset, offset + MAX_BATCH_ENTRIES),
      },
    });
    if (pushed.status !== 202 || pushed.body.refused.length > 0)
      throw new Error(`push failed: ${pushed.status} ${JSON.stringify(pushed.body).slice(0, 500)}`);
    batches.push({ id: pushed.body.id, pushedAt });
  }
  const pushSeconds = (Date.now() - start) / 1000;
  const engineAfterPush = cpuMsOf(enginePid);

  // Progress is read one batch at a time, and a finished batch is not read again: each read counts a whole batch's
  // payments on the engine being measured. Batches are paid roughly in the order pushed.
  const unfinished = [...batches];
  let notPaid = 0;
  while (unfinished.length > 0) {
    const [batch] = unfinished as [(typeof batches)[number]];
    const progress = (await local.call('GET', `/whitelist-batches/${batch.id}`, { token: department })).body;
    if (progress.inProgress === 0) {
      notPaid += progress.accepted - progress.paid;
      unfinished.shift();
      continue;
    }
    if (Date.now() - start > 30 * 60_000)
      throw new Error(`${batch.id}: ${progress.inProgress} entries still in progress after 30 min`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  if (notPaid > 0) {
    for (const batch of batches) {
      const others = await local.call('GET', `/payments?batchId=${batch.id}&limit=500`, { token: finance });
      for (const payment of others.body.items.filter((p: { status: string }) => p.status !== 'paid'))
        console.error(
          JSON.stringify({
            id: payment.id,
            status: payment.status,
            reason: payment.reason,
            warnings: payment.warnings,
          }),
        );
    }
    throw new Error(`${notPaid} entries ended other than paid`);
  }

  const engineForPush = difference(engineAfterPush, engineAtStart);
  const engineForPaying = difference(cpuMsOf(enginePid), engineAfterPush);

  // Each entry's push-to-paid time, from the payments' own timestamps.
  const { ledgerTable } = local;
  const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  const dynamo = new DynamoDBClient({
    endpoint: local.platform.endpoints.dynamodb,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const latencies: number[] = [];
  let lastPaid = 0;
  for (const batch of batches) {
    let startKey: Record<string, never> | undefined;
    do {
      const page = await dynamo.send(
        new QueryCommand({
          TableName: ledgerTable,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: `BATCH#${batch.id}` } },
          ProjectionExpression: 'updatedAt',
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const paidAt = Date.parse(item.updatedAt?.S ?? '');
        latencies.push(paidAt - batch.pushedAt);
        lastPaid = Math.max(lastPaid, paidAt);
      }
      startKey = page.LastEvaluatedKey as typeof startKey;
    } while (startKey);
  }
  const paySeconds = (lastPaid - start) / 1000;
  const entriesPerSecond = entryCount / paySeconds;

  // The ceiling: conditional debit transactions on one pool item, same engine, same run — each one transaction of
  // its own as a single payment alone would write it (the transfer, once; the pool, guarded; the other side).
  process.env.AWS_ENDPOINT_URL_DYNAMODB = local.platform.endpoints.dynamodb;
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  const { dynamoLedger, newAccount } = await import('../../shared/ledger/index.ts');
  const { documentClient } = await import('../../shared/dynamo.ts');
  const ledger = dynamoLedger(ledgerTable);
  const pool = `pool:bench-raw:${start}`;
  const source = `appropriation:bench-raw:${start}`;
  const sink = `bank:bench-raw:${start}`;
  await ledger.openAccount(newAccount(pool, 'pool'));
  await ledger.openAccount(newAccount(source, 'appropriation'));
  await ledger.openAccount(newAccount(sink, 'bank'));
  await ledger.transfer({
    id: `raw-fund-${start}`,
    debitAccountId: source,
    creditAccountId: pool,
    amountFen: debitCount,
    flag: 'posted',
    code: 'allocation',
    ref: 'raw',
    at: new Date().toISOString(),
  });
  const accountAdd = (id: string, sign: number, guard: boolean) => ({
    Update: {
      TableName: ledgerTable,
      Key: { pk: `ACCOUNT#${id}`, sk: 'ACCOUNT' },
      UpdateExpression: 'ADD available :delta, debitsPosted :debit, creditsPosted :credit',
      ConditionExpression: guard ? 'attribute_exists(pk) AND available >= :one' : 'attribute_exists(pk)',
      ExpressionAttributeValues: {
        ':delta': sign,
        ':debit': sign < 0 ? 1 : 0,
        ':credit': sign > 0 ? 1 : 0,
        ...(guard ? { ':one': 1 } : {}),
      },
    },
  });
  const rawDebit = async (index: number) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await documentClient.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: ledgerTable,
                  Item: { pk: `TRANSFER#raw-debit-${start}-${index}`, sk: 'TRANSFER', amountFen: 1 },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              accountAdd(pool, -1, true),
              accountAdd(sink, 1, false),
            ],
          }),
        );
        return;
      } catch (error) {
        // Contention on the one pool item is part of the cost being measured: retried as the ledger retries.
        if (!(error instanceof TransactionCanceledException) || attempt >= 10) throw error;
        await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** Math.min(attempt, 5) * Math.random()));
      }
    }
  };
  // The best of a few concurrencies, so the ceiling is not understated.
  const debitRates: [number, number][] = [];
  const engineBeforeDebits = cpuMsOf(enginePid);
  let debited = 0;
  const share = Math.floor(debitCount / RAW_CONCURRENCIES.length);
  for (const [round, atOnce] of RAW_CONCURRENCIES.entries()) {
    const count = round === RAW_CONCURRENCIES.length - 1 ? debitCount - debited : share;
    const debitStart = performance.now();
    await inPool(
      Array.from({ length: count }, (_, index) => debited + index),
      atOnce,
      rawDebit,
    );
    debited += count;
    debitRates.push([atOnce, count / ((performance.now() - debitStart) / 1000)]);
  }
  const engineForDebits = difference(cpuMsOf(enginePid), engineBeforeDebits);
  const debitsPerSecond = Math.max(...debitRates.map(([, rate]) => rate));
  const drained = await ledger.getAccount(pool);
  if (drained?.available !== 0) throw new Error(`raw pool should be empty, has ${drained?.available}`);

  console.log(
    `${entryCount} whitelist entries of ${AMOUNT_FEN} fen, ${batches.length} batches, policy ${POLICY_ID}`,
  );
  console.log(`push (record + queue):         ${pushSeconds.toFixed(1)} s`);
  console.log(
    `push → last paid:              ${paySeconds.toFixed(1)} s   ${entriesPerSecond.toFixed(1)} entries paid/s`,
  );
  console.log(
    `push → paid per entry:         p50 ${(percentile(latencies, 50) / 1000).toFixed(1)} s, p99 ${(percentile(latencies, 99) / 1000).toFixed(1)} s`,
  );
  console.log(
    `raw conditional debits:        ${debitCount} on one pool item: ${debitRates.map(([atOnce, rate]) => `${rate.toFixed(1)}/s at ${atOnce}`).join(', ')}`,
  );
  if (engineForPush !== undefined && engineForPaying !== undefined && engineForDebits !== undefined)
    console.log(
      `DynamoDB Local CPU per entry:  ${(engineForPush / entryCount).toFixed(2)} ms pushing, ${(engineForPaying / entryCount).toFixed(2)} ms paying; ${(engineForDebits / debitCount).toFixed(2)} ms per raw debit`,
    );
  console.log(
    `ratio entries paid / raw debits: ${(entriesPerSecond / debitsPerSecond).toFixed(2)} (goal ≥ 0.5)`,
  );
});

function difference(after: number | undefined, before: number | undefined) {
  return after === undefined || before === undefined ? undefined : after - before;
}
