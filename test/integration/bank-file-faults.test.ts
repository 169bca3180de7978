// Seeded fault injection on the file flow, on DynamoDB Local: orders instructed into the outbox, the cut-off's payment
// file made, the bank's result files applied, returns taken back and failures retried — with a crash before or after
// every call of every port, payment files the payer uploads twice, result files split, reordered, imported twice or
// cut short by their request's deadline, lines refused for the payee's account or the payer's, returns before their
// results, lines for payments nobody made. Then the invariants, against the ledger and the bank's own doing. A
// failing run prints its seed; BANK_FILE_FAULT_SEED=<seed> BANK_FILE_FAULT_RUNS=1 replays it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BankFileObjects } from '../../shared/bank/bank-files.ts';
import type { FileBankSettings } from '../../shared/bank/config.ts';
import type { Account } from '../../shared/ledger/index.ts';
import type { PayerPorts } from '../../shared/payments/payer.ts';
import { PAYER_TIMEOUT_SECONDS, type PayoutOrder } from '../../shared/payments/payments.ts';
import type { BankLine as BankFileLine } from '../support/bank-files.ts';
import { acrossSeeds, Crash, crashing, LONG_RUN, prng } from '../support/faults.ts';
import { type LedgerTableDb, startLedgerTable } from '../support/ledger-table.ts';

/** `npm test` takes 30 runs; `npm run test:faults` (CI, after it) the full proof of 1,000 (README, "Two commands"). */
const RUNS = Number(process.env.BANK_FILE_FAULT_RUNS ?? 30);
const FIRST_SEED = Number(process.env.BANK_FILE_FAULT_SEED ?? 20261201);
const RUNS_AT_ONCE = 16;
const CRASH = 0.08;

describe('the file flow under faults', () => {
  let db: LedgerTableDb;
  let m: Awaited<ReturnType<typeof load>>;

  /** The modules load after DynamoDB Local is up: the shared client reads its endpoint once. */
  const load = async (table: string) => {
    const payer = await import('../../shared/payments/payer.ts');
    const { attemptOf } = await import('../../shared/payments/payments.ts');
    const ledgerModule = await import('../../shared/ledger/index.ts');
    const { dynamoPaymentStore } = await import('../../shared/payments/repository.ts');
    const { dynamoAuditLog } = await import('../../shared/audit/repository.ts');
    const { fileExchangeBank, bankReferenceOf } = await import('../../shared/bank/file-exchange.ts');
    const { dynamoBankFileStore, dynamoBankLineStore } = await import(
      '../../shared/bank/bank-files-repository.ts'
    );
    const { makePaymentFiles } = await import('../../shared/bank/payment-files.ts');
    const { importBankFile } = await import('../../shared/bank/imports.ts');
    const { retryWhereCauseIsGone } = await import('../../shared/payments/retries.ts');
    const { BANK_FILE_LAYOUTS } = await import('../../shared/bank/files/index.ts');
    const { bankResultFile } = await import('../support/bank-files.ts');
    return {
      ...payer,
      ...ledgerModule,
      ledger: ledgerModule.dynamoLedger(table),
      payments: dynamoPaymentStore(table, dynamoAuditLog(table)),
      bank: fileExchangeBank(table),
      files: dynamoBankFileStore(table),
      lines: dynamoBankLineStore(table),
      attemptOf,
      bankReferenceOf,
      makePaymentFiles,
      importBankFile,
      retryWhereCauseIsGone,
      layouts: Object.values(BANK_FILE_LAYOUTS),
      bankResultFile,
    };
  };

  beforeAll(async () => {
    db = await startLedgerTable({ longRunning: RUNS >= LONG_RUN });
    m = await load(db.tableName);
  }, 120_000);
  afterAll(async () => {
    await db?.stop();
  });

  /** One seeded run; resolves with the invariants it broke (none when the money is right). */
  async function run(seed: number): Promise<string[]> {
    const random = prng(seed);
    const broken: string[] = [];
    const division = `8${String(seed % 100_000).padStart(5, '0')}`;
    const policyId = `${division}-001`;
    // The runs share one table, as deployments never do: each has its own week, so what a sweep reads by time (failed
    // payments to retry, the day's returns) is its own run's, and its cost does not grow with the runs before it.
    // The week is the seed's, so a run replayed alone is the same run.
    const week = (seed % 2000) * 7 * 86_400_000;
    const orderedAt = new Date(Date.parse('2026-06-01T01:00:00.000Z') + week).toISOString(); // 09:00 Beijing
    const year = Number(orderedAt.slice(0, 4));
    const layout = m.layouts[random.int(0, m.layouts.length - 1)] as (typeof m.layouts)[number];
    const appropriation = m.accountIds.appropriation(division, year);
    const pool = m.poolOf({ policyId, orderedAt });
    const clearing = m.clearingOf(policyId);
    await m.ledger.openAccount(m.newAccount(appropriation, 'appropriation'));
    await m.ledger.openAccount(m.newAccount(clearing, 'bank'));
    await m.ledger.openAccount(m.newAccount(pool, 'pool'));

    const bankAccount = (index: number, version = 0) => ({
      bankName: '定南农商银行',
      bankCode: '402428000011',
      accountNo: `62284800${index}${version}000001`,
      accountName: `定南故障企业${index}有限公司`,
    });
    const orders: PayoutOrder[] = Array.from({ length: random.int(3, 6) }, (_, index) => ({
      paymentId: `wl-f${seed}-${String(index + 1).padStart(5, '0')}`,
      source: 'whitelist',
      batchId: `f${seed}`,
      line: index + 1,
      policyId,
      policyName: '测试奖补政策',
      departmentId: `${division}-dept`,
      period: '2026',
      // One enterprise per order: the file flow, not the risk rules, is what this test shakes.
      uscc: `91360728MA35F${String(index).padStart(4, '0')}X`,
      enterpriseName: `定南故障企业${index}有限公司`,
      amountFen: random.int(1, 50_000),
      bankAccount: bankAccount(index),
      orderedAt,
    }));
    const demand = orders.reduce((sum, order) => sum + order.amountFen, 0);
    const fund = async (ref: string, amountFen: number) => {
      await m.ledger.transfer({
        id: `alloc:${division}:${ref}`,
        debitAccountId: appropriation,
        creditAccountId: pool,
        amountFen,
        flag: 'posted',
        code: 'allocation',
        ref,
        at: orderedAt,
      });
    };
    // Too little for everyone, at first: some fail for the pool and are retried once it is funded.
    await fund('first', random.int(1, demand));

    let clock = Date.parse(orderedAt);
    const now = () => new Date(clock);
    const told = new Map<string, string[]>();
    const notices: PayerPorts['notices'] = {
      async tell(payment) {
        told.set(payment.paymentId, [...(told.get(payment.paymentId) ?? []), payment.status]);
      },
    };
    /** Every enterprise confirms a new account once the bank has refused its old one. */
    const changed = new Set<string>();
    const enterprises = {
      async standingOf(uscc: string) {
        const index = Number(uscc.slice(13, 17));
        if (!changed.has(uscc)) return { blacklist: [] };
        return {
          blacklist: [],
          enterprise: {
            bankAccount: bankAccount(index, 1),
            bankAccountSince: orderedAt,
            bankAccountChanges: [
              { from: bankAccount(index), to: bankAccount(index, 1), at: orderedAt, by: uscc },
            ],
          } as never,
        };
      },
    };
    const calm = {
      ledger: m.ledger,
      payments: m.payments,
      bank: m.bank,
      blacklists: { standingOf: async () => ({ blacklist: [] }) },
      notices,
      now,
    } satisfies PayerPorts;
    const ports: PayerPorts = {
      ...calm,
      ledger: crashing(m.ledger, random, CRASH),
      payments: crashing(m.payments, random, CRASH),
      bank: crashing(m.bank, random, CRASH),
      notices: crashing(notices, random, CRASH),
    };

    // The payout queue and two consumers; a crashed delivery comes back, one in progress elsewhere comes back later.
    const queue: PayoutOrder[] = orders.flatMap((order) => (random.next() < 0.3 ? [order, order] : [order]));
    const later: PayoutOrder[] = [];
    const orderOf = new Map(orders.map((order) => [order.paymentId, order]));
    const consumer = async () => {
      for (let order = queue.shift(); order; order = queue.shift()) {
        try {
          await m.pay(ports, order);
        } catch (error) {
          if (error instanceof m.PaymentInProgress) later.push(order);
          else if (error instanceof Crash) queue.push(order);
          else throw error;
        }
      }
    };
    const drain = async () => {
      for (let round = 0; queue.length > 0; round++) {
        if (round >= 50) throw new Error(`seed ${seed}: orders still coming back after ${round} rounds`);
        await Promise.all([consumer(), consumer()]);
        if (later.length > 0) {
          clock += 2 * PAYER_TIMEOUT_SECONDS * 1000 + 1;
          queue.push(...later.splice(0));
        }
      }
    };
    /** What the queue gets from the file flow: the orders of the attempts handed back. */
    const handOn = async (attempts: string[]) => {
      for (const attempt of attempts) {
        const order = orderOf.get(m.attemptOf(attempt).paymentId);
        if (order) queue.push(order);
      }
    };
    /** A port call that crashed is made again, as the sweep's next run or the payer's next upload would. */
    const untilDone = async <T>(step: () => Promise<T>): Promise<T> => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await step();
        } catch (error) {
          if (!(error instanceof Crash) || attempt >= 30) throw error;
        }
      }
    };

    const stored = new Map<string, Uint8Array>();
    const objects: BankFileObjects = {
      async put(key, bytes) {
        stored.set(key, bytes);
      },
      async get(key) {
        return stored.get(key) ?? new Uint8Array();
      },
    };
    const settings: FileBankSettings = {
      layout,
      payers: {
        [division]: {
          bankName: '中国工商银行定南支行',
          bankCode: '102428000018',
          accountNo: '1510200009000000001',
          accountName: '定南县财政局惠企资金专户',
        },
      },
      cutOffs: ['10:00'],
    };
    const filePorts = {
      files: crashing(m.files, random, CRASH),
      lines: crashing(m.lines, random, CRASH),
      objects: crashing(objects, random, CRASH),
      settings,
      handOn: crashing({ handOn }, random, CRASH).handOn,
      now,
    };
    /** What the bank did, by reference: each time it paid a line (twice when the payer uploaded a file twice). */
    const bankPaid = new Map<string, number>();
    const bankRefused = new Set<string>();
    const bankReturned = new Set<string>();
    /** Imports a file the way a payer would: again after a crash, sometimes again after it succeeded. */
    const importFile = async (kind: 'result' | 'return', lines: BankFileLine[]) => {
      if (lines.length === 0) return;
      const bytes = await m.bankResultFile(layout, kind, lines);
      const upload = { kind, fileName: `${kind}.dat`, bytes };
      const who = { divisionCode: division, by: 'payer:p1' };
      // An upload whose request ran out of time leaves the import applying; the sweep finishes it.
      if (random.next() < 0.2)
        await untilDone(() => m.importBankFile({ ...filePorts, deadline: clock - 1 }, who, upload));
      await untilDone(() => m.importBankFile(filePorts, who, upload));
      if (random.next() < 0.15) await untilDone(() => m.importBankFile(filePorts, who, upload));
    };

    const seen = new Set<string>();
    /** One cut-off: the file made (resumed after crashes), then the bank pays or refuses its lines. */
    const cutOff = async (day: number) => {
      const at = Date.parse(orderedAt) + day * 86_400_000 + 3_600_000; // 10:00 Beijing
      clock = at;
      await untilDone(() => m.makePaymentFiles(filePorts, now()));
      await drain();
      // Every payment file made so far that the bank has not yet seen (a late line may join an earlier cut-off's).
      const made = await m.files.list({ divisionCode: division, kind: 'payment' });
      const lines = [];
      for (const file of made.filter((each) => each.lines > 0 && !seen.has(each.id))) {
        seen.add(file.id);
        lines.push(...(await m.lines.ofFile(file.id)));
      }
      const uploads = random.next() < 0.1 ? 2 : 1;
      const answered: BankFileLine[] = [];
      const returns: BankFileLine[] = [];
      for (const line of lines) {
        const refuse = random.next() < 0.2;
        const base = {
          reference: line.reference,
          amountFen: line.amountFen,
          accountNo: line.account.accountNo,
          accountName: line.account.accountName,
          at: `${shanghaiDay(clock)}T11:00:00`,
        };
        if (refuse) {
          bankRefused.add(line.reference);
          // Now and then for the payer's own account: a failure the sweep retries by itself, after its pause.
          const reason = random.next() < 0.3 ? '付款账户余额不足' : '收款账户已销户';
          answered.push({ ...base, outcome: 'refused', reason });
        } else {
          bankPaid.set(line.reference, (bankPaid.get(line.reference) ?? 0) + uploads);
          answered.push({ ...base, outcome: 'paid' });
          if (random.next() < 0.15) {
            bankReturned.add(line.reference);
            returns.push({ ...base, outcome: 'returned', reason: '收款账户已冻结' });
          }
        }
      }
      // A line for a payment nobody made, now and then: refused by its line, nothing else changes.
      if (random.next() < 0.2)
        answered.push({
          reference: 'HQ0000000000000000',
          amountFen: 1,
          outcome: 'paid',
          at: shanghaiDay(clock),
        });
      // The results in any order, split across one or two files; a return before its result now and then.
      answered.sort(() => random.next() - 0.5);
      const split = random.int(0, answered.length);
      const returnFirst = random.next() < 0.3;
      if (returnFirst) await importFile('return', returns);
      await importFile('result', answered.slice(0, split));
      await importFile('result', answered.slice(split));
      if (!returnFirst) await importFile('return', returns);
      await drain();
      // The sweep takes back what the bank returned, as often as it runs.
      for (let sweep = 0; sweep < 2; sweep++)
        for (const notice of await m.bank.returnsOn(shanghaiDay(clock)))
          await untilDone(() => m.takeBackReturned(ports, notice));
    };

    await drain();
    await cutOff(0);
    // The causes pass: the pool is funded for everyone, and every refused enterprise confirms a new account.
    await fund('second', demand);
    for (const order of orders) changed.add(order.uscc);
    const ownWeek: typeof m.payments = {
      ...m.payments,
      movedBetween: (status, _after, before, limit) =>
        m.payments.movedBetween(status, orderedAt, before, limit),
    };
    const retryPorts = {
      payments: crashing(ownWeek, random, CRASH),
      queue: { send: async (sent: PayoutOrder[]) => void queue.push(...sent) },
      ledger: m.ledger,
      enterprises,
      now,
      report: () => undefined,
    };
    clock += 60 * 60_000; // past the pause a refusal on the paying side waits
    await untilDone(() => m.retryWhereCauseIsGone(retryPorts, now()));
    // A retry whose send was lost leaves the payment reserved: the sweep re-drives it.
    for (const order of orders)
      if ((await m.payments.get(order.paymentId))?.status === 'reserved') queue.push(order);
    await drain();
    await cutOff(1);

    // The invariants.
    const accounts = (await Promise.all(
      [appropriation, clearing, pool].map((id) => m.ledger.getAccount(id)),
    )) as Account[];
    const sum = (key: keyof Account) => accounts.reduce((total, a) => total + Number(a[key] ?? 0), 0);
    if (sum('debitsPosted') !== sum('creditsPosted')) broken.push('debits posted ≠ credits posted');
    if (sum('debitsPending') !== 0) broken.push('a reservation was left open');
    const poolAccount = accounts[2] as Account;
    if (poolAccount.available < 0) broken.push('the pool went below zero');
    let posted = 0;
    let reversed = 0;
    for (const order of orders) {
      const payment = await m.payments.get(order.paymentId);
      if (!payment) {
        broken.push(`${order.paymentId} missing`);
        continue;
      }
      if (!['paid', 'returned', 'failed'].includes(payment.status))
        broken.push(`${order.paymentId} stranded as ${payment.status}`);
      let paidAttempts = 0;
      for (let attempt = 1; attempt <= (payment.attempt ?? 1); attempt++) {
        const ids = m.transferIds(order.paymentId, attempt);
        const reference = m.bankReferenceOf(ids.ref);
        const [reserve, post, voided, back] = await Promise.all([
          m.ledger.getTransfer(ids.reserve),
          m.ledger.getTransfer(ids.post),
          m.ledger.getTransfer(ids.void),
          m.ledger.getTransfer(ids.return),
        ]);
        if (post) posted += order.amountFen;
        if (back) reversed += order.amountFen;
        if (reserve && !post && !voided) broken.push(`${ids.ref} reserved and never settled`);
        // The ledger posts exactly what the bank paid; a return reverses exactly what the bank took back.
        if (Boolean(post) !== bankPaid.has(reference))
          broken.push(
            `${ids.ref}: ledger ${post ? 'posted' : 'did not post'}, bank ${bankPaid.has(reference) ? 'paid' : 'did not pay'}`,
          );
        if (Boolean(back) !== bankReturned.has(reference))
          broken.push(`${ids.ref}: reversal ${Boolean(back)}, bank returned ${bankReturned.has(reference)}`);
        if (post && !back) paidAttempts++;
      }
      if (paidAttempts > 1) broken.push(`${order.paymentId} paid ${paidAttempts} times`);
      const current = m.bankReferenceOf(m.transferIds(order.paymentId, payment.attempt ?? 1).ref);
      if (payment.cause === 'bank' && !bankRefused.has(current))
        broken.push(`${order.paymentId} failed for the bank, which did not refuse it`);
      if ((payment.status === 'paid') !== (paidAttempts === 1))
        broken.push(`${order.paymentId} is ${payment.status} with ${paidAttempts} standing payments`);
      const toldStatuses = told.get(order.paymentId) ?? [];
      if (payment.status !== 'failed' && !toldStatuses.includes(payment.status))
        broken.push(`${order.paymentId} is ${payment.status}, told ${toldStatuses.join(',') || 'nothing'}`);
    }
    const clearingAccount = accounts[1] as Account;
    if (clearingAccount.creditsPosted !== posted)
      broken.push(`clearing credited ${clearingAccount.creditsPosted}, posted ${posted}`);
    if (clearingAccount.debitsPosted !== reversed)
      broken.push(`clearing debited ${clearingAccount.debitsPosted}, reversed ${reversed}`);
    return broken.map((problem) => `seed ${seed}: ${problem}`);
  }

  it(
    `keeps every invariant over ${RUNS} seeded runs`,
    async () => {
      expect(await acrossSeeds({ runs: RUNS, first: FIRST_SEED, atOnce: RUNS_AT_ONCE }, run)).toEqual([]);
    },
    // About a second a run on a quiet two-core machine, three under load.
    Math.max(900_000, RUNS * 3_000),
  );
});

const shanghaiDay = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 10);
