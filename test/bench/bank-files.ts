// Benchmark: the file exchange on the local platform — the time to make one payment file of N lines at a cut-off
// (the payout sweep gathering the outbox, writing the layout, storing it) and to import the bank's N-line result
// file (every line checked and answered, the payments handed back to the payer), then until all are paid.
// `npm run bench:bank-files -- --lines 10000 [--layout generic|icbc-batch-xlsx|fixed-gbk]`

import { parseArgs } from 'node:util';
import { bankReferenceOf } from '../../shared/bank/file-exchange.ts';
import { BANK_FILE_LAYOUTS } from '../../shared/bank/files/index.ts';
import { shanghaiDate } from '../../shared/dates.ts';
import { MAX_BATCH_ENTRIES } from '../../shared/whitelists/whitelist.ts';
import { bankResultFile } from '../support/bank-files.ts';
import type { TestPlatform } from '../support/platform.ts';
import { benchUscc, machineLoad, onLocalPlatform, positiveInteger } from './bench-support.ts';

const POLICY_ID = '360728-002';
const DEPARTMENT_ID = '360728-gxj';
const AMOUNT_FEN = 100;

const { values } = parseArgs({
  options: { lines: { type: 'string', default: '10000' }, layout: { type: 'string', default: 'generic' } },
});
const lineCount = positiveInteger('lines', values.lines);
const layout = BANK_FILE_LAYOUTS[values.layout];
if (!layout) throw new Error(`--layout must be one of ${Object.keys(BANK_FILE_LAYOUTS).join(', ')}`);

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 1_800_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function bench(local: TestPlatform) {
  const year = Number(shanghaiDate(new Date()).slice(0, 4));
  const finance = await local.token('finance', 'finance-dingnan');
  const payer = await local.token('payer', 'payer-dingnan');
  const department = await local.token('department', DEPARTMENT_ID);
  await local.call('POST', '/budgets/allocations', {
    token: finance,
    body: { policyId: POLICY_ID, year, amountFen: lineCount * AMOUNT_FEN, ref: `bench-${Date.now()}` },
  });

  // Every line instructed to the outbox first (the payer's part, not measured here).
  const batchIds: string[] = [];
  const pushStart = Date.now();
  for (let offset = 0; offset < lineCount; offset += MAX_BATCH_ENTRIES) {
    const entries = Array.from({ length: Math.min(MAX_BATCH_ENTRIES, lineCount - offset) }, (_, n) => {
      const index = offset + n;
      const name = `定南代发基准企业${index}有限公司`;
      return {
        uscc: benchUscc(index),
        enterpriseName: name,
        bankName: '定南农商银行',
        bankCode: '402428000011',
        accountNo: `6228${String(index).padStart(11, '0')}2`,
        accountName: name,
        amountFen: AMOUNT_FEN,
      };
    });
    const pushed = await local.call('POST', '/whitelist-batches', {
      token: department,
      body: { policyId: POLICY_ID, batchRef: `bench-file-${Date.now()}-${offset}`, entries },
    });
    if (pushed.status !== 202) throw new Error(`push failed: ${JSON.stringify(pushed.body).slice(0, 300)}`);
    batchIds.push(pushed.body.id);
  }
  const progress = async () =>
    Promise.all(
      batchIds.map(
        async (id) => (await local.call('GET', `/whitelist-batches/${id}`, { token: payer })).body,
      ),
    );
  await waitFor('every line in the outbox', async () => {
    const all = await progress();
    const waiting = all.reduce((sum, batch) => sum + batch.awaitingBank, 0);
    return waiting === lineCount ? waiting : undefined;
  });
  console.log(`${lineCount} payments instructed to the outbox in ${seconds(Date.now() - pushStart)}`);

  // The cut-off: the sweep makes the payment file.
  const sweep = local.platform.assembly.functions.find((f) => f.name.startsWith('PayoutSweep'))?.name ?? '';
  const fileStart = Date.now();
  const swept = (await local.platform.invoke(sweep, {
    sweep: 'payout',
    time: new Date(Date.now() + 86_400_000).toISOString(),
  })) as { files: number };
  const fileMs = Date.now() - fileStart;
  const [file] = (await local.call('GET', '/bank-files?kind=payment', { token: payer })).body.items;
  if (swept.files !== 1 || file?.lines !== lineCount)
    throw new Error(`expected one file of ${lineCount} lines, got ${JSON.stringify(file).slice(0, 300)}`);
  const download = await fetch(`${local.platform.url}/bank-files/${file.id}/content`, {
    headers: { authorization: `Bearer ${payer}` },
  });
  const bytes = new Uint8Array(await download.arrayBuffer());
  console.log(
    `payment file of ${lineCount} lines (${layout?.id}) made in ${seconds(fileMs)} (the sweep's invocation), ${(bytes.length / 1024).toFixed(0)} KB`,
  );

  // The bank's result: every line paid.
  const payments = (
    await Promise.all(
      batchIds.map(
        async (id) =>
          (
            await local.call('GET', `/payments?batchId=${id}&limit=500`, { token: payer })
          ).body.items as {
            id: string;
            amountFen: number;
          }[],
      ),
    )
  ).flat();
  // The list is capped at 500 per batch: the references come from the payment ids the batch numbers give.
  const ids = batchIds.flatMap((batchId, b) =>
    Array.from(
      { length: Math.min(MAX_BATCH_ENTRIES, lineCount - b * MAX_BATCH_ENTRIES) },
      (_, n) => `wl-${batchId}-${String(n + 1).padStart(5, '0')}`,
    ),
  );
  if (payments.some((payment) => !ids.includes(payment.id)))
    throw new Error('payment ids are not as expected');
  const result = await bankResultFile(
    layout as NonNullable<typeof layout>,
    'result',
    ids.map((id) => ({
      reference: bankReferenceOf(id),
      amountFen: AMOUNT_FEN,
      outcome: 'paid' as const,
      at: `${shanghaiDate(new Date())}T11:00:00`,
    })),
  );
  const importStart = Date.now();
  const imported = await local.call('POST', '/bank-files', {
    token: payer,
    body: { kind: 'result', fileName: 'RESULT.dat', contentBase64: Buffer.from(result).toString('base64') },
  });
  const requestMs = Date.now() - importStart;
  if (imported.status !== 202)
    throw new Error(`import failed: ${JSON.stringify(imported.body).slice(0, 300)}`);
  console.log(
    `result file of ${lineCount} lines (${(result.length / 1024).toFixed(0)} KB): ${imported.body.applied} applied within the request, ${seconds(requestMs)} (POST /bank-files)`,
  );
  if (imported.body.status !== 'applied') {
    // The payout sweep finishes it within five minutes; here it is invoked at once.
    await local.platform.invoke(sweep, { sweep: 'payout', time: new Date().toISOString() });
    const record = await waitFor('the import applied', async () => {
      const files = (await local.call('GET', '/bank-files?kind=result', { token: payer })).body.items;
      const file = files.find((each: { id: string }) => each.id === imported.body.id);
      return file?.status === 'applied' ? file : undefined;
    });
    if (record.applied !== lineCount) throw new Error(`applied ${record.applied} of ${lineCount}`);
    console.log(
      `the rest applied by the sweep: all ${lineCount} lines ${seconds(Date.now() - importStart)} after upload`,
    );
  }
  await waitFor('every payment paid', async () => {
    const all = await progress();
    return all.reduce((sum, batch) => sum + batch.paid, 0) === lineCount ? true : undefined;
  });
  console.log(`all ${lineCount} paid ${seconds(Date.now() - importStart)} after the import began`);
  console.log(machineLoad());
}

await onLocalPlatform(bench, { functionSettings: { BANK_ADAPTER: 'file', BANK_LAYOUT: layout.id } });
