/// <reference lib="dom" />
// The payer pays through online banking in a real browser, on the platform `npm start` runs with the bank's files
// (BANK_ADAPTER=file, the generic layout): a whitelist waits for the cut-off and becomes one payment file, which the
// payer sees first and downloads (a second download is warned about and saved as a copy); the bank's result file,
// uploaded from the screen, pays both enterprises, and the same file again changes nothing. Finance reads the screen
// and imports nothing. Every screen is checked by axe, on a desktop and on a phone.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bankReferenceOf } from '../../shared/bank/file-exchange.ts';
import { BANK_FILE_LAYOUTS, type BankFileLayout } from '../../shared/bank/files/index.ts';
import { shanghaiDate } from '../../shared/dates.ts';
import { bankResultFile } from '../support/bank-files.ts';
import { checkScreen, DESKTOP, PHONE, signInAs } from '../support/browser.ts';
import { eventually } from '../support/platform.ts';
import { validUscc } from '../support/uscc.ts';
import { useWebPlatform } from '../support/web-platform.ts';

const PAYER = '县行政审批局（资金池兑付）';
const FINANCE = '县财政局';
/** 工业企业电价补贴: an `auto` item of the county's industry bureau, paid from whitelists. */
const AUTO_POLICY = '360728-002';
const year = Number(shanghaiDate(new Date()).slice(0, 4));
const today = shanghaiDate(new Date());
const layout = BANK_FILE_LAYOUTS.generic as BankFileLayout;
const USCCS = [validUscc('91360728MA35W1BF1'), validUscc('91360728MA35W1BF2')];
const nameOf = (uscc: string) => `定南代发企业${uscc.slice(-4)}有限公司`;

interface Paid {
  id: string;
  amountFen: number;
  status: string;
  bankAccount: { accountNo: string; accountName: string };
}

const web = useWebPlatform({ functionSettings: { BANK_ADAPTER: 'file', BANK_LAYOUT: 'generic' } });
let payerToken = '';
let batchId = '';
let awaiting: Paid[] = [];
let workDir = '';

const paymentsOfBatch = async (): Promise<Paid[]> =>
  (await web.local.call('GET', `/payments?batchId=${batchId}`, { token: payerToken })).body.items;

/** Finance funds the pool; the industry bureau pushes two enterprises at 定南农商银行; the next cut-off makes a file. */
async function prepare() {
  workDir = await mkdtemp(path.join(tmpdir(), 'huiqi-bank-web-'));
  const finance = await web.local.token('finance', 'finance-dingnan');
  payerToken = await web.local.token('payer', 'payer-dingnan');
  const funded = await web.local.call('POST', '/budgets/allocations', {
    token: finance,
    body: { policyId: AUTO_POLICY, year, amountFen: 1_000_000, ref: 'CZ-BANKWEB-002' },
  });
  expect(funded.status).toBe(201);
  const industry = await web.local.token('department', '360728-gxj');
  const pushed = await web.local.call('POST', '/whitelist-batches', {
    token: industry,
    body: {
      policyId: AUTO_POLICY,
      batchRef: 'GXJ-BANKWEB-01',
      entries: USCCS.map((uscc, index) => ({
        uscc,
        enterpriseName: nameOf(uscc),
        bankName: '定南农商银行',
        bankCode: '402428000011',
        accountNo: `62284800888800${index + 1}`,
        accountName: nameOf(uscc),
        amountFen: 21_000 + index * 1_000,
      })),
    },
  });
  expect(pushed.status, JSON.stringify(pushed.body)).toBe(202);
  batchId = pushed.body.id;
  awaiting = await eventually(async () => {
    const payments = await paymentsOfBatch();
    if (payments.length < 2 || payments.some((p) => p.status !== 'awaiting_bank'))
      throw new Error(`not yet: ${payments.map((p) => p.status).join(', ')}`);
    return payments;
  }, 30_000);
  // The payout sweep a day later: past the next cut-off, whatever the time of day.
  const sweep = web.local.platform.assembly.functions.find((f) => f.name.startsWith('PayoutSweep'))?.name;
  const swept = (await web.local.platform.invoke(sweep ?? '', {
    sweep: 'payout',
    time: new Date(Date.now() + 86_400_000).toISOString(),
  })) as { files: number };
  expect(swept.files).toBe(1);
}

beforeAll(prepare, 240_000);
afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('the payer’s bank files', () => {
  it('sees the payment file first, downloads it, and is warned before a copy', async () => {
    const page = await web.visit(DESKTOP, '/app/work/bank-files');
    await signInAs(page, PAYER);
    const waiting = page.getByRole('region', { name: /待下载上传网银/ });
    await waiting.getByText('待下载上传网银', { exact: true }).waitFor();
    await expect(waiting.getByRole('heading').textContent()).resolves.toBe('待下载上传网银（1 份）');
    await expect(waiting.textContent()).resolves.toContain('2 笔，合计 ¥430.00');
    await checkScreen(page, 'work-bank-files');

    // Act: download it.
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      waiting.getByRole('button', { name: /^下载：/ }).click(),
    ]);
    // Assess: the payment file in the layout, and the row says who downloaded it.
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    expect(file.suggestedFilename()).not.toContain('副本');
    const text = await readFile((await file.path()) as string, 'utf8');
    for (const payment of awaiting) expect(text).toContain(bankReferenceOf(payment.id));
    await waiting.getByText(/资金兑付（payer-dingnan）于 .+ 下载/).waitFor();
    await expect(waiting.getByRole('heading').textContent()).resolves.toBe('待下载上传网银（0 份）');

    // Act: download it again: the warning comes first.
    await waiting.getByRole('button', { name: /^再次下载：/ }).click();
    const warning = page.getByRole('dialog');
    await warning.getByText(/同一文件重复上传网银会重复付款，请确认网银中尚未上传/).waitFor();
    await expect(warning.textContent()).resolves.toMatch(
      /这份文件已于 .+ 由 资金兑付（payer-dingnan） 下载过/,
    );
    await checkScreen(page, 'work-bank-files-copy-warning');
    const [copy] = await Promise.all([
      page.waitForEvent('download'),
      warning.getByRole('button', { name: '确认网银中尚未上传，下载副本' }).click(),
    ]);
    expect(copy.suggestedFilename()).toContain('（副本）');
    await waiting.getByText(/共下载 2 次/).waitFor();
  });

  it('is told first when a payment file’s result has not come back within a day, and what to do', async () => {
    const page = await web.visit(DESKTOP, '/app/work/bank-files', new Date(Date.now() + 2 * 86_400_000));
    await signInAs(page, PAYER);
    const alert = page.getByRole('alert').filter({ hasText: '仍未收到处理结果' });
    await alert.getByText(/^2 笔兑付（合计 ¥430\.00）发往银行超过一天仍未收到处理结果/).waitFor();
    await alert.getByText(/下载“处理结果”后在下方导入/).waitFor();
    await checkScreen(page, 'work-bank-files-unanswered');
  });

  it('uploads the bank’s result: both paid, and the same file again changes nothing', async () => {
    const result = await bankResultFile(
      layout,
      'result',
      awaiting.map((payment) => ({
        reference: bankReferenceOf(payment.id),
        amountFen: payment.amountFen,
        outcome: 'paid' as const,
        accountNo: payment.bankAccount.accountNo,
        accountName: payment.bankAccount.accountName,
        at: `${today}T10:30:00`,
      })),
    );
    const resultPath = path.join(workDir, 'RESULT-01.csv');
    await writeFile(resultPath, result);
    const page = await web.visit(DESKTOP, '/app/work/bank-files');
    await signInAs(page, PAYER);
    await page.getByRole('heading', { name: '导入银行文件' }).waitFor();

    // Act
    await page.getByRole('radio', { name: /处理结果/ }).check();
    await page.getByLabel('选择处理结果文件').setInputFiles(resultPath);
    await page.getByText('已选择：RESULT-01.csv').waitFor();
    await page.getByRole('button', { name: '导入处理结果' }).click();

    // Assess
    await page.getByText('处理结果导入完成：已处理 2 行').waitFor();
    await expect(page.getByText('文件共 2 行，全部已处理。').isVisible()).resolves.toBe(true);
    await checkScreen(page, 'work-bank-files-imported');
    const paid = await eventually(async () => {
      const payments = await paymentsOfBatch();
      if (payments.some((p) => p.status !== 'paid'))
        throw new Error(`not yet: ${payments.map((p) => p.status).join(', ')}`);
      return payments;
    }, 30_000);
    expect(paid).toHaveLength(2);
    const history = page.getByRole('region', { name: '全部银行文件' });
    await history.getByText('RESULT-01.csv').waitFor();
    await expect(history.textContent()).resolves.toContain('已处理 2 行，未处理 0 行');

    // Act: the same file again.
    await page.getByLabel('选择处理结果文件').setInputFiles(resultPath);
    await page.getByRole('button', { name: '导入处理结果' }).click();
    // Assess
    await page.getByText('该文件已导入过，本次未重复处理').waitFor();
    expect((await paymentsOfBatch()).map((p) => p.status)).toEqual(['paid', 'paid']);

    // Act: a result naming a payment Huiqi never instructed.
    const strangerPath = path.join(workDir, 'RESULT-02.csv');
    await writeFile(
      strangerPath,
      await bankResultFile(layout, 'result', [
        { reference: 'HQ0000000000000000', amountFen: 100, outcome: 'paid', at: `${today}T10:30:00` },
      ]),
    );
    await page.getByLabel('选择处理结果文件').setInputFiles(strangerPath);
    await page.getByRole('button', { name: '导入处理结果' }).click();
    // Assess: the line, why, and what to do.
    const refused = page.getByRole('region', { name: '未处理的行' }).first();
    await refused.getByRole('cell', { name: 'HQ0000000000000000', exact: true }).waitFor();
    await expect(refused.textContent()).resolves.toContain('请向银行核实');
    await checkScreen(page, 'work-bank-files-refused-lines');

    // Act: the result file chosen as a statement: not in the statement's layout.
    await page.getByRole('radio', { name: /对账单/ }).check();
    await page.getByLabel('选择对账单文件').setInputFiles(resultPath);
    await page.getByRole('button', { name: '导入对账单' }).click();
    // Assess
    const said = page.getByRole('alert').filter({ hasText: '未能导入这个文件' });
    await said.waitFor();
    await expect(said.textContent()).resolves.toContain('请核对所选的文件种类');
  });

  it('on a phone: the files as cards; finance reads them and imports nothing', async () => {
    const page = await web.visit(PHONE, '/app/work/bank-files');
    await signInAs(page, PAYER);
    const history = page.getByRole('region', { name: '全部银行文件' });
    await history.getByText('RESULT-01.csv').waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    await checkScreen(page, 'work-bank-files-phone');

    const finance = await web.visit(PHONE, '/app/work/bank-files');
    await signInAs(finance, FINANCE);
    await finance.getByRole('region', { name: '全部银行文件' }).getByText('RESULT-01.csv').waitFor();
    expect(await finance.getByRole('heading', { name: '导入银行文件' }).count()).toBe(0);
    expect(await finance.getByRole('button', { name: /下载/ }).count()).toBe(0);
    await checkScreen(finance, 'work-bank-files-finance-phone');
  });
});
