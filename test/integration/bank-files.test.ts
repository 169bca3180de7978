// Paying a real bank through files (批量代发), on the whole local platform with BANK_ADAPTER=file, in every layout
// Huiqi ships (one platform each): a whitelist and an approved case wait for the cut-off, become one payment file the
// payer downloads, and are paid, refused or returned as the bank's own files say; the statement reconciles clean, and
// what a careless payer or bank does twice changes nothing (or is reported).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bankReferenceOf } from '../../shared/bank/file-exchange.ts';
import { BANK_FILE_LAYOUTS, type BankFileLayout } from '../../shared/bank/files/index.ts';
import { shanghaiDate } from '../../shared/dates.ts';
import { type BankLine, bankResultFile, readPaymentFileBack } from '../support/bank-files.ts';
import { bootPlatform, enterpriseProfile, eventually, type TestPlatform } from '../support/platform.ts';
import { validUscc } from '../support/uscc.ts';

/** 工业企业电价补贴 (auto, 县工信局) and 旅游奖励 (instant, 县文广新旅局). */
const AUTO_POLICY = '360728-002';
const INSTANT_POLICY = '360728-024';
const year = Number(shanghaiDate(new Date()).slice(0, 4));
const today = shanghaiDate(new Date());
/** A day after now: past the next cut-off, whatever the time of day. */
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();
/** 定南农商银行, another bank than the payer's (工商银行): its CNAPS code rides on the line. */
const RURAL_BANK = { bankName: '定南农商银行', bankCode: '402428000011' };

interface Paid {
  id: string;
  amountFen: number;
  status: string;
  bankAccount: { accountNo: string; accountName: string };
}

/** One platform paying through the layout's files; the story's steps share it. */
function fileBankPlatform(layoutId: string) {
  const layout = BANK_FILE_LAYOUTS[layoutId] as BankFileLayout;
  const state = {} as {
    local: TestPlatform;
    finance: string;
    payer: string;
    industry: string;
  };
  const boot = async () => {
    state.local = await bootPlatform(undefined, {
      functionSettings: { BANK_ADAPTER: 'file', BANK_LAYOUT: layoutId },
    });
    state.finance = await state.local.token('finance', 'finance-dingnan');
    state.payer = await state.local.token('payer', 'payer-dingnan');
    state.industry = await state.local.token('department', '360728-gxj');
    await state.local.call('POST', '/budgets/allocations', {
      token: state.finance,
      body: { policyId: AUTO_POLICY, year, amountFen: 10_000_000, ref: `CZ-FILE-${layoutId}` },
    });
  };
  const entry = (uscc: string, amountFen: number, extra: Record<string, unknown> = {}) => {
    const name = `定南代发企业${uscc.slice(-4)}有限公司`;
    return {
      uscc,
      enterpriseName: name,
      ...RURAL_BANK,
      accountNo: `6228${[...uscc.slice(8)].map((c) => c.charCodeAt(0) % 10).join('')}`,
      accountName: name,
      amountFen,
      ...extra,
    };
  };
  const push = async (batchRef: string, entries: unknown[]) => {
    const pushed = await state.local.call('POST', '/whitelist-batches', {
      token: state.industry,
      body: { policyId: AUTO_POLICY, batchRef, entries },
    });
    expect(pushed.status, JSON.stringify(pushed.body)).toBe(202);
    return pushed.body.id as string;
  };
  const paymentsOf = async (batchId: string): Promise<Paid[]> =>
    (await state.local.call('GET', `/payments?batchId=${batchId}`, { token: state.payer })).body.items;
  /** Waits until every payment of the batch is in one of the statuses. */
  const settledAs = (batchId: string, statuses: string[], count: number) =>
    eventually(async () => {
      const payments = await paymentsOf(batchId);
      if (payments.length < count || payments.some((p) => !statuses.includes(p.status)))
        throw new Error(`not yet: ${payments.map((p) => p.status).join(', ')}`);
      return payments;
    });
  const sweep = (time: string) => {
    const name = state.local.platform.assembly.functions.find((f) => f.name.startsWith('PayoutSweep'))?.name;
    return state.local.platform.invoke(name ?? '', { sweep: 'payout', time }) as Promise<{
      files: number;
      retried: { bank: number };
    }>;
  };
  const upload = (kind: 'result' | 'return' | 'statement', bytes: Uint8Array, fileName = `${kind}.dat`) =>
    state.local.call('POST', '/bank-files', {
      token: state.payer,
      body: { kind, fileName, contentBase64: Buffer.from(bytes).toString('base64') },
    });
  /** The payment file the last cut-off made, downloaded as the payer does. */
  const paymentFile = async () => {
    const list = await state.local.call('GET', '/bank-files?kind=payment', { token: state.payer });
    const [file] = list.body.items;
    const content = await fetch(`${state.local.platform.url}/bank-files/${file.id}/content`, {
      headers: { authorization: `Bearer ${state.payer}` },
    });
    expect(content.status).toBe(200);
    const bytes = new Uint8Array(await content.arrayBuffer());
    return {
      file,
      bytes,
      name: content.headers.get('content-disposition') ?? '',
      back: await readPaymentFileBack(layout, bytes),
    };
  };
  /** Reconciles today and returns the finished report. */
  const reconcile = async () => {
    const requested = await state.local.call('POST', '/reconciliations', {
      token: state.finance,
      body: { from: today, to: today },
    });
    return eventually(async () => {
      const report = await state.local.call('GET', `/reconciliations/${requested.body.id}`, {
        token: state.finance,
      });
      if (report.body.status !== 'done') throw new Error(`reconciliation ${report.body.status}`);
      return report.body;
    }, 60_000);
  };
  const bankLine = (
    payment: Paid,
    outcome: BankLine['outcome'],
    extra: Partial<BankLine> = {},
  ): BankLine => ({
    reference: bankReferenceOf(payment.id),
    amountFen: payment.amountFen,
    outcome,
    accountNo: payment.bankAccount.accountNo,
    accountName: payment.bankAccount.accountName,
    at: `${today}T10:30:00`,
    ...extra,
  });
  return {
    layout,
    state,
    boot,
    entry,
    push,
    paymentsOf,
    settledAs,
    sweep,
    upload,
    paymentFile,
    reconcile,
    bankLine,
  };
}

describe.each(Object.keys(BANK_FILE_LAYOUTS))(
  'paying through the bank’s files, %s: the whole story',
  (layoutId) => {
    const bank = fileBankPlatform(layoutId);
    const { state } = bank;
    /** A layout that needs the CNAPS code of another bank's payee refuses a line without it back to its payment. */
    const needsCode = bank.layout.payment.crossBankNeedsBankCode;
    const lineCount = needsCode ? 4 : 3;
    const usccs = ['91360728MA35F1AA1', '91360728MA35F1AA2', '91360728MA35F1AA3', '91360728MA35F1AA4'].map(
      validUscc,
    );
    let batchId = '';
    let awaiting: Paid[] = [];
    let casePayment: Paid;
    let caseId = '';
    let caseToken = '';

    beforeAll(async () => {
      await bank.boot();
    });
    afterAll(async () => {
      await state.local?.stop();
    });

    it('waits for the cut-off: instructed payments are awaiting the bank, and nothing is paid yet', async () => {
      // Prepare: an approved instant case, and a whitelist of four (the last without its bank's CNAPS code).
      const tourism = await state.local.token('department', '360728-wgxlj');
      await state.local.call('POST', '/budgets/allocations', {
        token: state.finance,
        body: { policyId: INSTANT_POLICY, year, amountFen: 500_000, ref: 'CZ-FILE-024' },
      });
      const applicant = validUscc('91360728MA35F1AB1');
      const name = `定南代发企业${applicant.slice(-4)}有限公司`;
      caseToken = await state.local.registerEnterprise(
        applicant,
        enterpriseProfile(applicant, {
          name,
          bankAccount: { ...RURAL_BANK, accountNo: '6228990000001234', accountName: name },
        }),
      );
      const filed = await state.local.call('POST', '/applications', {
        token: caseToken,
        body: { policyId: INSTANT_POLICY },
      });
      caseId = filed.body.id;
      const task = await eventually(async () => {
        const open = await state.local.call('GET', '/tasks', { token: tourism });
        const found = open.body.items.find((t: { caseId: string }) => t.caseId === caseId);
        if (!found) throw new Error('task not open yet');
        return found;
      });
      await state.local.call('POST', `/tasks/${task.id}/decision`, {
        token: tourism,
        body: { outcome: 'approve', amountFen: 200_000 },
      });
      batchId = await bank.push('GXJ-FILE-01', [
        bank.entry(usccs[0] as string, 11_000),
        bank.entry(usccs[1] as string, 12_000),
        bank.entry(usccs[2] as string, 13_000),
        ...(needsCode ? [bank.entry(usccs[3] as string, 14_000, { bankCode: undefined })] : []),
      ]);

      // Assess
      awaiting = await bank.settledAs(batchId, ['awaiting_bank'], lineCount);
      casePayment = await eventually(async () => {
        const [payment] = (
          await state.local.call('GET', `/payments?caseId=${caseId}`, { token: state.payer })
        ).body.items;
        if (payment?.status !== 'awaiting_bank') throw new Error(`case payment ${payment?.status}`);
        return payment;
      });
      const pool = (
        await state.local.call('GET', `/budgets?policyId=${AUTO_POLICY}&year=${year}`, {
          token: state.finance,
        })
      ).body.items[0];
      expect(pool).toMatchObject({ reservedFen: needsCode ? 50_000 : 36_000, paidFen: 0 });
      expect((await state.local.call('GET', '/bank-files', { token: state.payer })).body.items).toEqual([]);
    });

    it('makes one payment file at the cut-off, in the layout, refusing back any line the bank could not take', async () => {
      // Act: the sweep after the next cut-off, twice (the second makes nothing).
      expect((await bank.sweep(tomorrow())).files).toBe(1);
      expect((await bank.sweep(tomorrow())).files).toBe(0);
      const first = await bank.paymentFile();
      const again = await bank.paymentFile();

      // Assess: four lines (the fourth had no CNAPS code for another bank), the same bytes twice, the second a copy.
      const expected = [...awaiting.filter((p) => p.amountFen !== 14_000), casePayment]
        .map((p) => bankReferenceOf(p.id))
        .sort();
      expect(first.file).toMatchObject({ kind: 'payment', status: 'ready', lines: 4, amountFen: 236_000 });
      expect(first.back.fields.map((line) => line.reference)).toEqual(expected);
      if (needsCode)
        expect(first.back.fields[0]).toMatchObject({ payeeBankCode: RURAL_BANK.bankCode, crossBank: '1' });
      if (bank.layout.payment.summary) expect(first.back.summary?.[3]).toBe('000004');
      expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true);
      expect(decodeURIComponent(again.name)).toContain('（副本）');
      const listed = (await state.local.call('GET', '/bank-files?kind=payment', { token: state.finance }))
        .body.items;
      expect(listed[0].downloads).toHaveLength(2);
      if (!needsCode) return;
      const refused = (await bank.paymentsOf(batchId)).find((p) => p.amountFen === 14_000);
      await eventually(async () => {
        const now = (await bank.paymentsOf(batchId)).find((p) => p.amountFen === 14_000);
        expect(now).toMatchObject({ status: 'returned', cause: 'payee' });
        expect((now as unknown as { reason: string }).reason).toContain('开户行联行号');
      });
      expect(refused).toBeDefined();
    });

    it('applies the bank’s result once: paid lines posted, a refused one returned and told, the same file again nothing', async () => {
      const [a, b, c] = awaiting
        .filter((p) => p.amountFen !== 14_000)
        .sort((x, y) => x.amountFen - y.amountFen) as [Paid, Paid, Paid];
      const result = await bankResultFile(bank.layout, 'result', [
        bank.bankLine(a, 'paid'),
        bank.bankLine(b, 'refused', { reason: '收款账户户名不符' }),
        bank.bankLine(c, 'paid'),
        bank.bankLine(casePayment, 'paid'),
      ]);

      // Act
      const imported = await bank.upload('result', result, 'RESULT-01.txt');
      const repeated = await bank.upload('result', result, 'RESULT-01.txt');

      // Assess
      expect(imported.status, JSON.stringify(imported.body)).toBe(202);
      expect(imported.body).toMatchObject({
        kind: 'result',
        lines: 4,
        applied: 4,
        refused: [],
        repeated: false,
      });
      expect(repeated.status).toBe(200);
      expect(repeated.body).toMatchObject({ id: imported.body.id, applied: 4, repeated: true });
      const payments = await bank.settledAs(batchId, ['paid', 'returned'], lineCount);
      expect(
        payments
          .filter((p) => p.status === 'paid')
          .map((p) => p.amountFen)
          .sort(),
      ).toEqual([11_000, 13_000]);
      expect(payments.find((p) => p.amountFen === 12_000)).toMatchObject({
        status: 'returned',
        cause: 'payee',
        reason: '收款账户户名不符',
      });
      await eventually(async () => {
        const view = await state.local.call('GET', `/applications/${caseId}`, { token: caseToken });
        expect(view.body.status).toBe('paid');
      });
      const pool = (
        await state.local.call('GET', `/budgets?policyId=${AUTO_POLICY}&year=${year}`, {
          token: state.finance,
        })
      ).body.items[0];
      expect(pool).toMatchObject({ reservedFen: 0, paidFen: 24_000 });

      // A result naming what Huiqi never instructed, or another amount, or a line answered before, is refused by line.
      const careless = await bankResultFile(bank.layout, 'result', [
        bank.bankLine(a, 'refused', { reason: '重复' }),
        { ...bank.bankLine(c, 'paid'), reference: 'HQ0000000000000000' },
        bank.bankLine(casePayment, 'paid', { amountFen: 200_001 }),
      ]);
      const refusedLines = await bank.upload('result', careless, 'RESULT-02.txt');
      expect(refusedLines.status).toBe(202);
      expect(refusedLines.body.applied).toBe(0);
      expect(refusedLines.body.refused.map((r: { code: string }) => r.code)).toEqual([
        'RESULT_CONFLICT',
        'UNKNOWN_REFERENCE',
        'AMOUNT_MISMATCH',
      ]);
    });

    it('takes back a later return, and reconciles the bank’s statement clean; a payment the bank made twice is reported', async () => {
      const paid = (await bank.paymentsOf(batchId))
        .filter((p) => p.status === 'paid')
        .sort((x, y) => x.amountFen - y.amountFen);
      const [a, c] = paid as [Paid, Paid];
      // Act: the bank returns c (退汇) after paying it; the sweep takes it back.
      const returned = await bank.upload(
        'return',
        await bankResultFile(bank.layout, 'return', [
          bank.bankLine(c, 'returned', { reason: '收款账户已冻结', at: today }),
        ]),
      );
      expect(returned.body).toMatchObject({ applied: 1, refused: [] });
      await bank.sweep(new Date().toISOString());
      await eventually(async () => {
        const now = (await bank.paymentsOf(batchId)).find((p) => p.id === c.id);
        expect(now).toMatchObject({ status: 'returned', reason: '收款账户已冻结' });
      });
      // The day's statement: three debits, and c's money back.
      const statementLine = (payment: Paid, outcome: 'debit' | 'credit') =>
        bank.bankLine(payment, outcome, { at: `${today}T11:00:00` });
      const statement = await bankResultFile(bank.layout, 'statement', [
        statementLine(a, 'debit'),
        statementLine(c, 'debit'),
        statementLine(casePayment, 'debit'),
        statementLine(c, 'credit'),
      ]);
      expect((await bank.upload('statement', statement)).body).toMatchObject({ applied: 4, refused: [] });
      const clean = await bank.reconcile();
      expect(clean.discrepancies).toEqual([]);
      expect(clean.checked).toMatchObject({ statementLines: 4, returned: 1 });

      // The payer uploaded the payment file twice at the bank: a second statement shows a paid twice.
      const twice = await bankResultFile(bank.layout, 'statement', [statementLine(a, 'debit')], {});
      await bank.upload('statement', twice, 'STATEMENT-AGAIN.txt');
      const duplicate = await bank.reconcile();
      expect(duplicate.discrepancies).toEqual([
        expect.objectContaining({ type: 'duplicate', paymentId: a.id }),
      ]);
    });

    it('retries by itself a line the bank refused on the paying side, and pays it once in a later file', async () => {
      // Prepare: one more whitelist line, in a later cut-off's file.
      const daysOn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
      const shortId = await bank.push('GXJ-FILE-02', [bank.entry(validUscc('91360728MA35F1AC1'), 15_000)]);
      const [waiting] = (await bank.settledAs(shortId, ['awaiting_bank'], 1)) as [Paid];
      expect((await bank.sweep(daysOn(2))).files).toBe(1);

      // Act: the bank refuses it for the payer's own account.
      const refusal = bank.bankLine(waiting, 'refused', { reason: '付款账户余额不足' });
      await bank.upload('result', await bankResultFile(bank.layout, 'result', [refusal]), 'RESULT-03.txt');

      // Assess: failed on the paying side, not the enterprise's to fix; retried after the pause, as attempt 2.
      const [failed] = await bank.settledAs(shortId, ['failed'], 1);
      expect(failed).toMatchObject({ cause: 'bank', reason: '付款账户余额不足' });
      expect((await bank.sweep(new Date().toISOString())).retried.bank).toBe(0);
      expect((await bank.sweep(daysOn(3))).retried.bank).toBe(1);
      await bank.settledAs(shortId, ['awaiting_bank'], 1);
      expect((await bank.sweep(daysOn(3))).files).toBe(1);
      const retried = await bank.paymentFile();
      const secondAttempt = bankReferenceOf(`${waiting.id}-R2`);
      expect(retried.back.fields.map((line) => line.reference)).toEqual([secondAttempt]);
      const paid = bank.bankLine(waiting, 'paid', { reference: secondAttempt });
      await bank.upload('result', await bankResultFile(bank.layout, 'result', [paid]), 'RESULT-04.txt');
      const [done] = await bank.settledAs(shortId, ['paid'], 1);
      expect(done).toMatchObject({ attempt: 2 });
      const pool = (
        await state.local.call('GET', `/budgets?policyId=${AUTO_POLICY}&year=${year}`, {
          token: state.finance,
        })
      ).body.items[0];
      expect(pool.reservedFen).toBe(0);
    });
  },
);
