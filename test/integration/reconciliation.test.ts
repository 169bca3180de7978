// Reconciliation on DynamoDB Local: payments made by the real payer, the ledger's payout transfers and the simulated
// bank's statement file read by day; then each discrepancy type seeded once into the ledger or the statement, and
// the report must name exactly those — and nothing for a clean period.
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PayerPorts } from '../../shared/payments/payer.ts';
import type { PayoutOrder } from '../../shared/payments/payments.ts';
import { type LedgerTableDb, startLedgerTable } from '../support/ledger-table.ts';

const DIVISION = '360799';
const POLICY = `${DIVISION}-001`;
const DAY = '2026-06-10';
const NEXT_DAY = '2026-06-11';
/** 10:00 Beijing time on each day. */
const at = (day: string) => `${day}T02:00:00.000Z`;

const order = (n: number, day: string, accountNo = `62284800000${n}0002`): PayoutOrder => ({
  paymentId: `wl-recon-${String(n).padStart(5, '0')}`,
  source: 'whitelist',
  batchId: 'recon',
  line: n,
  policyId: POLICY,
  policyName: '对账测试政策',
  departmentId: `${DIVISION}-gxj`,
  period: '2026',
  uscc: `91360799MA35J00${String(n).padStart(2, '0')}X`,
  enterpriseName: `对账测试企业${n}`,
  amountFen: 10_000 + n,
  bankAccount: { bankName: '定南农商银行', accountNo, accountName: `对账测试企业${n}` },
  orderedAt: at(day),
});

describe('reconciliation', () => {
  let db: LedgerTableDb;
  let m: {
    reconcile: typeof import('../../functions/reconcile/reconcile.ts');
    sources: ReturnType<typeof import('../../functions/reconcile/reconcile.ts').reconcileSources>;
    store: import('../../shared/reconciliations/repository.ts').ReconciliationStore;
    audit: import('../../shared/audit/repository.ts').AuditLog;
    client: typeof import('../../shared/dynamo.ts').documentClient;
    payer: typeof import('../../shared/payments/payer.ts');
    ledger: import('../../shared/ledger/index.ts').Ledger;
    bank: import('../../shared/bank/bank.ts').Bank;
    portsOn(day: string): PayerPorts;
  };
  const paid: PayoutOrder[] = [];

  beforeAll(async () => {
    db = await startLedgerTable();
    const payer = await import('../../shared/payments/payer.ts');
    const ledgerModule = await import('../../shared/ledger/index.ts');
    const { dynamoPaymentStore } = await import('../../shared/payments/repository.ts');
    const { dynamoAuditLog } = await import('../../shared/audit/repository.ts');
    const { simulatedBank } = await import('../../shared/bank/simulated.ts');
    const { dynamoReconciliationStore } = await import('../../shared/reconciliations/repository.ts');
    const { documentClient } = await import('../../shared/dynamo.ts');
    const reconcile = await import('../../functions/reconcile/reconcile.ts');
    const table = db.tableName;
    const { accountIds, newAccount } = ledgerModule;
    const ledger = ledgerModule.dynamoLedger(table);
    const audit = dynamoAuditLog(table);
    const payments = dynamoPaymentStore(table, audit);
    const bank = simulatedBank(table);
    const appropriation = accountIds.appropriation(DIVISION, 2026);
    const pool = accountIds.pool(POLICY, 2026);
    await ledger.openAccount(newAccount(appropriation, 'appropriation'));
    await ledger.openAccount(newAccount(pool, 'pool', accountIds.poolsOf(DIVISION, 2026)));
    await ledger.openAccount(newAccount(accountIds.bank(DIVISION), 'bank'));
    await ledger.transfer({
      id: `allocation:${DIVISION}:r1`,
      debitAccountId: appropriation,
      creditAccountId: pool,
      amountFen: 1_000_000,
      flag: 'posted',
      code: 'allocation',
      ref: 'r1',
      at: at(DAY),
    });
    const portsOn = (day: string): PayerPorts => ({
      ledger,
      payments,
      bank,
      blacklists: { standingOf: async () => ({ blacklist: [] }) },
      notices: { tell: async () => {} },
      now: () => new Date(at(day)),
    });
    // Six paid on the day, one returned by the bank (voided), one paid the next day.
    for (const n of [1, 2, 3, 4, 5, 6]) paid.push(order(n, DAY));
    for (const each of paid) expect((await payer.pay(portsOn(DAY), each)).status).toBe('paid');
    expect((await payer.pay(portsOn(DAY), order(7, DAY, '6228480000074040'))).status).toBe('returned');
    expect((await payer.pay(portsOn(NEXT_DAY), order(8, NEXT_DAY))).status).toBe('paid');
    // Settled, then returned by the bank's later notice (退汇) and reversed: a match, not a discrepancy.
    expect((await payer.pay(portsOn(DAY), order(9, DAY, '6228480000094042'))).status).toBe('paid');
    const notices = await bank.returnsOn(DAY);
    expect(notices.map((notice) => notice.paymentId)).toEqual([order(9, DAY).paymentId]);
    for (const notice of notices)
      expect((await payer.takeBackReturned(portsOn(DAY), notice))?.status).toBe('returned');
    m = {
      reconcile,
      sources: reconcile.reconcileSources({ ledger, bank, payments }),
      store: dynamoReconciliationStore(table, audit),
      audit,
      client: documentClient,
      payer,
      ledger,
      bank,
      portsOn,
    };
  }, 60_000);

  afterAll(async () => {
    await db?.stop();
  });

  const run = (from: string, to: string) =>
    m.reconcile.reconcilePeriod(m.sources, { divisionCode: DIVISION, from, to });
  const found = (result: Awaited<ReturnType<typeof run>>) =>
    result.discrepancies.map((d) => `${d.type}:${d.paymentId ?? d.accountId}`).sort();

  it('finds nothing in a clean period, and says how much it checked', async () => {
    const result = await run(DAY, NEXT_DAY);
    expect(result.discrepancies).toEqual([]);
    expect(result.checked).toEqual({ payments: 9, statementLines: 10, pools: 1, returned: 2 });
  });

  it('reports exactly the seeded discrepancies, each once, and only in its own period', async () => {
    const table = db.tableName;
    const [p1, p2, p3, p4] = paid.map((each) => each.paymentId);
    const bookKey = (paymentId: string | undefined) => ({ pk: `BANK#${paymentId}`, sk: 'INSTRUCTION' });
    // 漏发: the ledger paid it, the bank has no line.
    await m.client.send(new DeleteCommand({ TableName: table, Key: bookKey(p1) }));
    // 错发: the bank paid one fen more.
    await m.client.send(
      new UpdateCommand({
        TableName: table,
        Key: bookKey(p2),
        UpdateExpression: 'ADD amountFen :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    // 多发: a second line for the same instruction.
    await m.client.send(
      new PutCommand({
        TableName: table,
        Item: {
          pk: `BANK#${p3}`,
          sk: 'INSTRUCTION#2',
          gsi1pk: `BANK_STATEMENT#${DAY}`,
          gsi1sk: `${p3}#2`,
          paymentId: p3,
          account: paid[2]?.bankAccount,
          amountFen: paid[2]?.amountFen,
          outcome: 'settled',
          at: at(DAY),
        },
      }),
    );
    // Returned by the bank after settlement, still paid in the ledger.
    await m.client.send(
      new UpdateCommand({
        TableName: table,
        Key: bookKey(p4),
        UpdateExpression: 'SET outcome = :returned, reason = :reason',
        ExpressionAttributeValues: { ':returned': 'returned', ':reason': '收款账户已销户' },
      }),
    );
    // A payment the platform never made.
    await m.client.send(
      new PutCommand({
        TableName: table,
        Item: {
          pk: 'BANK#wl-stranger-00001',
          sk: 'INSTRUCTION',
          gsi1pk: `BANK_STATEMENT#${DAY}`,
          gsi1sk: 'wl-stranger-00001',
          paymentId: 'wl-stranger-00001',
          account: { bankName: '某银行', accountNo: '6228489999990002', accountName: '陌生企业' },
          amountFen: 50_000,
          outcome: 'settled',
          at: at(DAY),
        },
      }),
    );
    // The pool's available balance no longer agrees with its movements.
    await m.client.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: `ACCOUNT#pool:${POLICY}:2026`, sk: 'ACCOUNT' },
        UpdateExpression: 'ADD available :five',
        ExpressionAttributeValues: { ':five': 5 },
      }),
    );
    // The next day's payment loses its bank line too: it belongs to the next day's report only.
    await m.client.send(new DeleteCommand({ TableName: table, Key: bookKey(order(8, NEXT_DAY).paymentId) }));

    expect(found(await run(DAY, DAY))).toEqual(
      [
        `missing_at_bank:${p1}`,
        `amount_mismatch:${p2}`,
        `duplicate:${p3}`,
        `returned_not_voided:${p4}`,
        'extra_at_bank:wl-stranger-00001',
        `pool_imbalance:pool:${POLICY}:2026`,
      ].sort(),
    );
    expect(found(await run(NEXT_DAY, NEXT_DAY))).toEqual(
      [`missing_at_bank:${order(8, NEXT_DAY).paymentId}`, `pool_imbalance:pool:${POLICY}:2026`].sort(),
    );
  });

  it('stores a run, resolves a discrepancy once with an audited note, and runs each night once', async () => {
    const id = `${DIVISION}-${DAY}-${DAY}-test`;
    await m.store.start({
      id,
      divisionCode: DIVISION,
      from: DAY,
      to: DAY,
      status: 'running',
      requestedBy: 'finance:f1',
      requestedAt: at(DAY),
    });
    const ports = { ...m.sources, store: m.store, now: () => new Date(at(NEXT_DAY)) };
    await m.reconcile.runReconciliation(ports, { id, divisionCode: DIVISION, from: DAY, to: DAY });
    const report = await m.store.get(id);
    expect(report).toMatchObject({ status: 'done', checked: { pools: 1 } });
    expect(report?.discrepancies.map((d) => d.seq)).toEqual([1, 2, 3, 4, 5, 6]);

    const actor = { role: 'finance', subject: 'f1' };
    const resolved = await m.store.resolve(id, 2, '已与银行核实，次日补记', actor, at(NEXT_DAY));
    expect(resolved?.resolution).toEqual({
      note: '已与银行核实，次日补记',
      by: 'finance:f1',
      at: at(NEXT_DAY),
    });
    expect(await m.store.resolve(id, 2, '再次处理', actor, at(NEXT_DAY))).toBeUndefined();
    expect(await m.store.resolve(id, 99, '不存在', actor, at(NEXT_DAY))).toBeUndefined();
    const chain = await m.audit.chainOf('reconciliation', `${id}#2`);
    expect(chain.map((event) => [event.action, event.note])).toEqual([['resolve', '已与银行核实，次日补记']]);

    // 01:00 Beijing on the day after NEXT_DAY: the nightly run reconciles NEXT_DAY, once.
    const nightly = { ...ports, divisions: m.sources.divisions };
    const night = new Date('2026-06-11T17:00:00.000Z');
    expect(await m.reconcile.reconcileNightly(nightly, night)).toEqual([`${DIVISION}-nightly-${NEXT_DAY}`]);
    expect(await m.reconcile.reconcileNightly(nightly, night)).toEqual([]);
    expect((await m.store.get(`${DIVISION}-nightly-${NEXT_DAY}`))?.discrepancies.map((d) => d.type)).toEqual([
      'missing_at_bank',
      'pool_imbalance',
    ]);
  });

  it('takes a return back into finance once the pool is settled, and the same notice again changes nothing', async () => {
    const late = order(10, DAY, '6228480000104042');
    expect((await m.payer.pay(m.portsOn(DAY), late)).status).toBe('paid');
    const pool = `pool:${POLICY}:2026`;
    const closed = await m.ledger.close({
      id: `settlement:${POLICY}:2026`,
      debitAccountId: pool,
      creditAccountId: `appropriation:${DIVISION}:2026`,
      ref: `${POLICY}:2026`,
      at: at(NEXT_DAY),
    });
    expect(closed.status).toBe('created');
    const before = await m.ledger.getAccount(pool);
    const notice = (await m.bank.returnsOn(DAY)).find((each) => each.paymentId === late.paymentId);
    if (!notice) throw new Error('the bank sent no return notice');
    const first = await m.payer.takeBackReturned(m.portsOn(NEXT_DAY), notice);
    const again = await m.payer.takeBackReturned(m.portsOn(NEXT_DAY), notice);
    expect(first?.status).toBe('returned');
    expect(again?.status).toBe('returned');
    // Reversed once, into the appropriation: the settled pool did not move.
    expect(await m.ledger.getTransfer(`return:${late.paymentId}`)).toMatchObject({
      code: 'payout_return',
      creditAccountId: `appropriation:${DIVISION}:2026`,
      amountFen: late.amountFen,
    });
    expect(await m.ledger.getAccount(pool)).toEqual(before);
    // What the settlement statement shows as returned after settlement.
    expect((await m.ledger.getAccount(`appropriation:${DIVISION}:2026`))?.credited_payout_return).toBe(
      late.amountFen,
    );
  });
});
