// Seeded fault injection on the payer and the ledger, on DynamoDB Local: random whitelist entries and approved cases,
// budgets too small for the demand, duplicate deliveries, a crash before or after every step, two consumers at once,
// red risks held and then released or rejected (sometimes both at once), returned payments; then the invariants,
// against the ledger and the bank's own book. A failing run prints its seed; PAYOUT_FAULT_SEED=<seed>
// PAYOUT_FAULT_RUNS=1 replays it alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlacklistEntry } from '../../shared/blacklists/blacklist.ts';
import type { Account, Ledger } from '../../shared/ledger/index.ts';
import type { PayerPorts } from '../../shared/payments/payer.ts';
import {
  PAYER_TIMEOUT_SECONDS,
  type Payment,
  type PaymentStore,
  type PayoutOrder,
} from '../../shared/payments/payments.ts';
import { acrossSeeds, Crash, crashing, LONG_RUN, prng } from '../support/faults.ts';
import { type LedgerTableDb, startLedgerTable } from '../support/ledger-table.ts';

/** `npm test` takes 100 runs; `npm run test:faults` (CI, after it) the full proof of 1,000 (README, "Two commands"). */
const RUNS = Number(process.env.PAYOUT_FAULT_RUNS ?? 100);
const FIRST_SEED = Number(process.env.PAYOUT_FAULT_SEED ?? 20261121);
const RUNS_AT_ONCE = 16;
let TABLE = '';

describe('payer and ledger under faults', () => {
  let db: LedgerTableDb;
  let modules: {
    pay: typeof import('../../shared/payments/payer.ts').pay;
    PaymentInProgress: typeof import('../../shared/payments/payer.ts').PaymentInProgress;
    decideHeld: typeof import('../../shared/payments/decisions.ts').decideHeld;
    poolOf: typeof import('../../shared/payments/payer.ts').poolOf;
    clearingOf: typeof import('../../shared/payments/payer.ts').clearingOf;
    transferIds: typeof import('../../shared/payments/payer.ts').transferIds;
    ledger: Ledger;
    payments: PaymentStore;
    bank: PayerPorts['bank'];
    ledgerModule: typeof import('../../shared/ledger/index.ts');
    deletePayment(id: string): Promise<void>;
  };

  beforeAll(async () => {
    // A thousand runs keep Java busy for minutes: its optimising compiler pays for itself here.
    db = await startLedgerTable({ longRunning: RUNS >= LONG_RUN });
    TABLE = db.tableName;
    const payer = await import('../../shared/payments/payer.ts');
    const { decideHeld } = await import('../../shared/payments/decisions.ts');
    const ledgerModule = await import('../../shared/ledger/index.ts');
    const { dynamoPaymentStore } = await import('../../shared/payments/repository.ts');
    const { dynamoAuditLog } = await import('../../shared/audit/repository.ts');
    const { simulatedBank } = await import('../../shared/bank/simulated.ts');
    const { documentClient } = await import('../../shared/dynamo.ts');
    const { DeleteCommand } = await import('@aws-sdk/lib-dynamodb');
    modules = {
      ...payer,
      decideHeld,
      ledgerModule,
      ledger: ledgerModule.dynamoLedger(TABLE),
      // Releases and rejections are audited; the audit events share the table here (their keys do not overlap).
      payments: dynamoPaymentStore(TABLE, dynamoAuditLog(TABLE)),
      bank: simulatedBank(TABLE),
      async deletePayment(id) {
        await documentClient.send(
          new DeleteCommand({ TableName: TABLE, Key: { pk: `PAYMENT#${id}`, sk: 'PAYMENT' } }),
        );
      },
    };
  }, 60_000);

  afterAll(async () => {
    await db?.stop();
  });

  /** One seeded run; resolves with a list of broken invariants (empty when the money is right). */
  async function run(seed: number): Promise<string[]> {
    const { pay, poolOf, clearingOf, transferIds, ledger, payments, bank, ledgerModule } = modules;
    const { accountIds, newAccount, poolBalance } = ledgerModule;
    const random = prng(seed);
    const broken: string[] = [];
    // Each run has its own division, so runs share the table without sharing an account.
    const division = `9${String(seed % 100_000).padStart(5, '0')}`;
    const year = 2026;
    const policies = [`${division}-001`, `${division}-002`];
    const orderedAt = '2026-06-01T02:00:00.000Z';
    const appropriation = accountIds.appropriation(division, year);
    const pools = policies.map((policyId) => poolOf({ policyId, orderedAt }));
    const clearing = clearingOf(policies[0] as string);
    await ledger.openAccount(newAccount(appropriation, 'appropriation'));
    await ledger.openAccount(newAccount(clearing, 'bank'));
    for (const pool of pools) await ledger.openAccount(newAccount(pool, 'pool'));

    // Orders: whitelist entries and approved cases; a few enterprises, so some claim the same policy twice in the
    // period (a red risk); one is on an agency's blacklist (red); some accounts are returned by the bank.
    const enterprises = [
      '91360728MA35J0CC1Q',
      '91360728MA35J0CC2Q',
      '91360728MA35J0CC3Q',
      '91360728MA35J0CC4Q',
    ];
    const blacklist: BlacklistEntry[] = [
      {
        uscc: enterprises[3] as string,
        agencyId: `${division}-credit`,
        agencyDivision: division,
        reason: '列入严重失信主体名单',
        listedAt: orderedAt,
        listedBy: `agency:${division}-credit`,
      },
    ];
    const orders: PayoutOrder[] = Array.from({ length: random.int(3, 8) }, (_, index) => {
      const whitelist = random.next() < 0.5;
      const who = random.int(0, enterprises.length - 1);
      const uscc = enterprises[who] as string;
      return {
        paymentId: whitelist
          ? `wl-s${seed}-${String(index + 1).padStart(5, '0')}`
          : `case-s${seed}-c${index}`,
        source: whitelist ? 'whitelist' : 'case',
        ...(whitelist ? { batchId: `s${seed}`, line: index + 1 } : { caseId: `s${seed}-c${index}` }),
        policyId: policies[random.int(0, 1)] as string,
        policyName: '测试奖补政策',
        departmentId: `${division}-dept`,
        period: '2026',
        uscc,
        enterpriseName: '定南测试企业有限公司',
        amountFen: random.int(1, 50_000),
        bankAccount: {
          bankName: '定南农商银行',
          accountNo:
            random.next() < 0.15
              ? `6228480${uscc.slice(-2, -1)}0004040`
              : `6228480${uscc.slice(-2, -1)}${index}00001`,
          accountName: '定南测试企业有限公司',
        },
        orderedAt,
      };
    });
    const demand = orders.reduce((sum, order) => sum + order.amountFen, 0);
    for (const [index, pool] of pools.entries()) {
      const allocation = {
        id: `alloc:${division}:${index}`,
        debitAccountId: appropriation,
        creditAccountId: pool,
        amountFen: random.int(1, Math.ceil(demand * 0.4)),
        flag: 'posted' as const,
        code: 'allocation' as const,
        ref: `ref-${index}`,
        at: orderedAt,
      };
      await ledger.transfer(allocation);
      // Finance's retry of the same allocation is a no-op.
      expect((await ledger.transfer(allocation)).status).toBe('exists');
    }

    // Deliveries: every order at least once, some twice; two consumers take from one queue.
    const queue = orders.flatMap((order) => (random.next() < 0.3 ? [order, order] : [order]));
    /** Orders another consumer was paying: they come back once every consumer of this round has stopped. */
    const later: PayoutOrder[] = [];
    /** The test clock: it moves on only between rounds, past the payer's timeout, as a redelivery's would. */
    let clock = Date.parse(orderedAt);
    /** How often each payment's ending was told to its enterprise (the notice port, counted). */
    const told = new Map<string, string[]>();
    const notices: PayerPorts['notices'] = {
      async tell(payment) {
        told.set(payment.paymentId, [...(told.get(payment.paymentId) ?? []), payment.status]);
      },
    };
    const calm = {
      ledger,
      payments,
      bank,
      blacklists: {
        standingOf: async (uscc: string) => ({ blacklist: blacklist.filter((entry) => entry.uscc === uscc) }),
      },
      notices,
      now: () => new Date(clock),
    } satisfies PayerPorts;
    const ports: PayerPorts = {
      ...calm,
      ledger: crashing(ledger, random, 0.12),
      payments: crashing(payments, random, 0.12),
      bank: crashing(bank, random, 0.12),
      notices: crashing(notices, random, 0.12),
    };
    const checkPools = async () => {
      for (const pool of pools) {
        const account = await ledger.getAccount(pool);
        if (account && account.available < 0) broken.push(`${pool} went below zero: ${account.available}`);
      }
    };
    const consumer = async () => {
      for (let order = queue.shift(); order; order = queue.shift()) {
        try {
          await pay(ports, order);
        } catch (error) {
          if (error instanceof modules.PaymentInProgress) later.push(order);
          // The message becomes visible again after the crash and is delivered anew.
          else if (error instanceof Crash) queue.push(order);
          else throw error;
        }
        await checkPools();
      }
    };
    /** Two consumers until the queue is empty; then, later, what they left to each other. */
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
    await drain();

    // The decision's own send goes to the same queue the consumers take from.
    const decisionPorts = {
      payments: ports.payments,
      now: ports.now,
      queue: crashing({ send: async (sent: PayoutOrder[]) => void queue.push(...sent) }, random, 0.12),
      // A crashed send is expected here by the hundred; that the sweep re-drives each is what the invariants check.
      report: () => undefined,
    };
    // The payer's staff decide every held payment: release or reject, sometimes both at once from two desks,
    // with crashes; a decision that crashed before taking effect is made again.
    const decide = async (paymentId: string, outcome: 'release' | 'reject') => {
      try {
        await modules.decideHeld(decisionPorts, paymentId, outcome, {
          reason: '人工复核',
          actor: { role: 'payer', subject: 'payer-1' },
        });
      } catch (error) {
        if (!(error instanceof Crash)) throw error;
      }
    };
    /** Decides every held payment (with rounds for decisions that crashed), then lets the sweep re-drive. */
    const decideAndSweep = async () => {
      for (let round = 0; round < 20; round++) {
        const held = [];
        for (const order of orders) {
          if ((await payments.get(order.paymentId))?.status === 'held') held.push(order.paymentId);
        }
        if (held.length === 0) break;
        await Promise.all(
          held.flatMap((paymentId) => {
            const outcome = random.next() < 0.5 ? 'release' : 'reject';
            const rival = outcome === 'release' ? 'reject' : 'release';
            return random.next() < 0.3
              ? [decide(paymentId, outcome), decide(paymentId, rival)]
              : [decide(paymentId, outcome)];
          }),
        );
      }
      // The sweep re-drives payments that stopped part-way (a crash after the claim, after the message was gone).
      for (const order of orders) {
        const status = (await payments.get(order.paymentId))?.status;
        if (status === 'reserved' || status === 'instructed' || status === 'rejected') queue.push(order);
      }
      await drain();
    };
    await decideAndSweep();

    const accounts = async () =>
      (await Promise.all(
        [appropriation, clearing, ...pools].map((id) => ledger.getAccount(id)),
      )) as Account[];
    const settle = async (): Promise<Map<string, Payment>> => {
      const ended = new Map<string, Payment>();
      for (const order of orders) {
        const payment = await payments.get(order.paymentId);
        if (!payment) broken.push(`${order.paymentId} missing`);
        else ended.set(order.paymentId, payment);
      }
      return ended;
    };
    /** Each payment's status and which of its transfers exist, as the payer and the ledger tell it. */
    const shapes = async () => {
      const ended = await settle();
      const result = new Map<string, string>();
      for (const order of orders) {
        const ids = transferIds(order.paymentId);
        const [reserve, post, voided] = await Promise.all([
          ledger.getTransfer(ids.reserve),
          ledger.getTransfer(ids.post),
          ledger.getTransfer(ids.void),
        ]);
        result.set(
          order.paymentId,
          `${ended.get(order.paymentId)?.status}:${Boolean(reserve)}${Boolean(post)}${Boolean(voided)}`,
        );
      }
      return result;
    };
    const EXPECTED = [
      'paid:truetruefalse',
      'returned:truefalsetrue',
      'rejected:truefalsetrue',
      'failed:falsefalsefalse',
    ];
    const check = async () => {
      const ended = await shapes();
      for (const [paymentId, shape] of ended) {
        if (!EXPECTED.includes(shape)) broken.push(`${paymentId} ended as ${shape}`);
      }
      const paidTotal = orders
        .filter((order) => ended.get(order.paymentId)?.startsWith('paid'))
        .reduce((sum, order) => sum + order.amountFen, 0);
      const all = await accounts();
      const sum = (key: keyof Account) =>
        all.reduce((total, account) => total + Number(account[key] ?? 0), 0);
      if (sum('debitsPosted') !== sum('creditsPosted')) broken.push('debits posted ≠ credits posted');
      if (sum('debitsPending') !== 0 || sum('creditsPending') !== 0)
        broken.push('a reservation was left open');
      for (const account of all.filter((a) => a.kind === 'pool')) {
        const balance = poolBalance(account);
        if (balance.availableFen < 0) broken.push(`${account.id} below zero`);
        if (account.available !== account.creditsPosted - account.debitsPosted - account.debitsPending)
          broken.push(`${account.id} available out of step`);
        if (balance.fundedFen !== balance.availableFen + balance.reservedFen + balance.paidFen)
          broken.push(`${account.id}: funded ≠ available + reserved + paid`);
      }
      // The bank's own book agrees: what is paid was settled there once for its amount, what was returned came back,
      // and nothing rejected or failed ever reached it.
      for (const order of orders) {
        const status = ended.get(order.paymentId)?.split(':')[0];
        const atBank = await bank.lookup(order.paymentId);
        const seen = atBank ? `${atBank.outcome}:${atBank.amountFen === order.amountFen}` : 'none';
        const want = status === 'paid' ? 'settled:true' : status === 'returned' ? 'returned:true' : 'none';
        if (seen !== want) broken.push(`${order.paymentId} is ${status} but the bank has ${seen}`);
        // Every payment that ended for the enterprise was told to it; a failed one (the platform's to fix) was not.
        const toldStatuses = told.get(order.paymentId) ?? [];
        if (status === 'failed' ? toldStatuses.length > 0 : !toldStatuses.includes(status as string))
          broken.push(`${order.paymentId} is ${status}, told ${toldStatuses.join(',') || 'nothing'}`);
      }
      // The clearing account is credited once per paid payment: nothing settled twice, nothing missing.
      const clearingAccount = all.find((a) => a.kind === 'bank');
      if (clearingAccount?.creditsPosted !== paidTotal)
        broken.push(`bank credited ${clearingAccount?.creditsPosted}, paid ${paidTotal}`);
      return ended;
    };
    const before = await check();

    // Replay every order with the payer's own records gone (as if every idempotency window had expired): only the
    // ledger's conditions stand between the replay and a second payment. A payment that had failed for want of
    // funds may now be paid for the first time (returns freed money); one paid or returned must not move again.
    if (seed % 10 === 0) {
      for (const order of orders) await modules.deletePayment(order.paymentId);
      clock += 24 * 3600_000;
      for (const order of orders) await pay(calm, order);
      // A payment that had failed may now be reserved and held (money was freed); the payer decides it as before.
      await decideAndSweep();
      const after = await check();
      for (const [paymentId, shape] of before) {
        if (!shape.startsWith('failed') && after.get(paymentId) !== shape)
          broken.push(`${paymentId} was ${shape} and became ${after.get(paymentId)} on replay`);
      }
    }
    return broken.map((problem) => `seed ${seed}: ${problem}`);
  }

  it(
    `keeps every invariant over ${RUNS} seeded runs`,
    async () => {
      expect(await acrossSeeds({ runs: RUNS, first: FIRST_SEED, atOnce: RUNS_AT_ONCE }, run)).toEqual([]);
    },
    Math.max(900_000, RUNS * 1_500),
  );
});
