// The fund pool on the whole local platform: finance funds pools, a department pushes a whitelist, the payer screens,
// holds, releases and rejects, the simulated bank settles and returns, enterprises are told, cases end paid.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../shared/dates.ts';
import { bootPlatform, enterpriseProfile, eventually, type TestPlatform } from '../support/platform.ts';
import { validUscc } from '../support/uscc.ts';

/** 工业企业电价补贴: an `auto` item of the county's industry bureau. */
const AUTO_POLICY = '360728-002';
const INDUSTRY = '360728-gxj';
const run = promisify(execFile);
const year = Number(shanghaiDate(new Date()).slice(0, 4));

const entry = (uscc: string, amountFen: number, overrides: Record<string, unknown> = {}) => {
  const name = `定南电价企业${uscc.slice(-4)}有限公司`;
  return {
    uscc,
    enterpriseName: name,
    bankName: '定南农商银行',
    // One account per enterprise: a shared account is a red risk of its own.
    accountNo: `6228${[...uscc.slice(8)].map((c) => c.charCodeAt(0) % 10).join('')}`,
    accountName: name,
    amountFen,
    ...overrides,
  };
};

describe('the fund pool and the payer', () => {
  let local: TestPlatform;
  let finance: string;
  let payer: string;
  let industry: string;

  /** Waits until the batch has no entry in progress, and returns its progress. */
  const settled = (id: string) =>
    eventually(async () => {
      const progress = await local.call('GET', `/whitelist-batches/${id}`, { token: industry });
      if (progress.body.inProgress !== 0) throw new Error(`${progress.body.inProgress} still in progress`);
      return progress.body;
    });
  /** 县工信局 pushes a whitelist for the electricity subsidy. */
  const push = (batchRef: string, entries: unknown[]) =>
    local.call('POST', '/whitelist-batches', {
      token: industry,
      body: { policyId: AUTO_POLICY, batchRef, entries },
    });
  const pool = async (policyId: string) =>
    (await local.call('GET', `/budgets?policyId=${policyId}&year=${year}`, { token: finance })).body.items[0];

  beforeAll(async () => {
    local = await bootPlatform();
    finance = await local.token('finance', 'finance-dingnan');
    payer = await local.token('payer', 'payer-dingnan');
    industry = await local.token('department', INDUSTRY);
  });
  afterAll(async () => {
    await local?.stop();
  });

  it('funds a pool once per reference, and refuses the reference for another amount', async () => {
    // Act
    const body = { policyId: AUTO_POLICY, year, amountFen: 1_000_000, ref: 'CZ-2026-001' };
    const first = await local.call('POST', '/budgets/allocations', { token: finance, body });
    const again = await local.call('POST', '/budgets/allocations', { token: finance, body });
    const reused = await local.call('POST', '/budgets/allocations', {
      token: finance,
      body: { ...body, amountFen: 2_000_000 },
    });
    const elsewhere = await local.call('POST', '/budgets/allocations', {
      token: await local.token('finance', 'finance-longnan', '360727'),
      body: { ...body, ref: 'LN-1' },
    });
    // Assess
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      repeated: false,
      pool: { fundedFen: 1_000_000, availableFen: 1_000_000 },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, repeated: true, pool: { fundedFen: 1_000_000 } });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('ALLOCATION_REF_REUSED');
    expect(elsewhere.status).toBe(403);
    expect(await pool(AUTO_POLICY)).toEqual({
      policyId: AUTO_POLICY,
      year,
      fundedFen: 1_000_000,
      reservedFen: 0,
      paidFen: 0,
      availableFen: 1_000_000,
    });
    const listed = await local.call('GET', `/budgets?year=${year}`, { token: finance });
    expect(listed.body.items.map((item: { policyId: string }) => item.policyId)).toContain(AUTO_POLICY);
  });

  it('pays a whitelist: refuses bad lines by number, pays the rest once, returns a closed account, tells everyone', async () => {
    // Prepare: three good lines, one with a wrong check character, one whose account is in another name, and one
    // whose account the simulated bank reports closed.
    const good = ['91360728MA35K0AA1', '91360728MA35K0AA2'].map(validUscc);
    const closed = validUscc('91360728MA35K0AA3');
    const badCheck = `${validUscc('91360728MA35K0AA4').slice(0, 17)}${validUscc('91360728MA35K0AA4').endsWith('0') ? '1' : '0'}`;
    const entries = [
      entry(good[0] as string, 120_000),
      entry(badCheck, 50_000),
      entry(good[1] as string, 80_000),
      { ...entry(validUscc('91360728MA35K0AA5'), 10_000), accountName: '别人的公司' },
      entry(closed, 30_000, { accountNo: '6228480000004040' }),
    ];
    // Act
    const pushed = await push('GXJ-DJ-2026-01', entries);
    const repeated = await push('GXJ-DJ-2026-01', entries);
    // The same lines with their fields in another order are the same push; other lines under the reference are not.
    const reordered = await push(
      'GXJ-DJ-2026-01',
      entries.map((line) => Object.fromEntries(Object.entries(line).reverse())),
    );
    const reused = await push('GXJ-DJ-2026-01', entries.slice(0, 2));
    // Assess: the refusals name their lines; the same reference is the same batch.
    expect(pushed.status).toBe(202);
    expect(pushed.body.accepted).toBe(3);
    expect(pushed.body.refused).toEqual([
      expect.objectContaining({ line: 2, code: 'USCC_CHECK_CHARACTER', field: 'uscc' }),
      expect.objectContaining({ line: 4, code: 'ACCOUNT_NAME_MISMATCH', field: 'accountName' }),
    ]);
    expect(repeated.status).toBe(202);
    expect(repeated.body).toEqual(pushed.body);
    expect(reordered.body).toEqual(pushed.body);
    expect(reused.status).toBe(409);
    expect(reused.body.error).toMatchObject({
      code: 'BATCH_REF_REUSED',
      details: { batchId: pushed.body.id },
    });
    const progress = await settled(pushed.body.id);
    expect(progress).toMatchObject({
      accepted: 3,
      refused: 2,
      queued: 3,
      paid: 2,
      returned: 1,
      held: 0,
      failed: 0,
    });
    // The pool paid exactly the two settled lines; the returned one went back.
    expect(await pool(AUTO_POLICY)).toMatchObject({
      fundedFen: 1_000_000,
      reservedFen: 0,
      paidFen: 200_000,
      availableFen: 800_000,
    });
    const payments = await local.call('GET', `/payments?batchId=${pushed.body.id}`, { token: payer });
    expect(payments.body.items.map((p: { status: string }) => p.status).sort()).toEqual([
      'paid',
      'paid',
      'returned',
    ]);
    expect(payments.body.items.find((p: { uscc: string }) => p.uscc === closed)).toMatchObject({
      status: 'returned',
      reason: '收款账户已销户',
    });
    // Each enterprise is told, without having registered or applied.
    const inbox = await local.call('GET', '/notifications', {
      token: await local.token('enterprise', good[0]),
    });
    expect(inbox.body.items[0]).toMatchObject({ kind: 'paid', title: '奖补资金已到账' });
    expect(inbox.body.items[0].message).toContain('1200.00 元');
    const returnedInbox = await local.call('GET', '/notifications', {
      token: await local.token('enterprise', closed),
    });
    expect(returnedInbox.body.items[0]).toMatchObject({ kind: 'payment_returned' });
  });

  it('pushes a spreadsheet with the CLI: refusals by spreadsheet row, a progress bar, every line accounted for', async () => {
    // Prepare: a CSV as a department keeps it, amounts in yuan; the second data row has a wrong check character.
    const dir = await mkdtemp(join(tmpdir(), 'huiqi-cli-'));
    const file = join(dir, '电价补贴第4批.csv');
    const good = [validUscc('91360728MA35K0EE1'), validUscc('91360728MA35K0EE2')];
    const row = (uscc: string, yuan: string) => {
      const line = entry(uscc, 0);
      return [line.uscc, line.enterpriseName, line.bankName, line.accountNo, line.accountName, yuan].join(
        ',',
      );
    };
    await writeFile(
      file,
      [
        '统一社会信用代码,企业名称,开户银行,银行账号,账户名称,金额（元）',
        row(good[0] as string, '150.00'),
        row(`${(good[1] as string).slice(0, 17)}${(good[1] as string).endsWith('0') ? '1' : '0'}`, '10'),
        row(good[1] as string, '99.99'),
      ].join('\n'),
    );
    // Act
    const { stdout, stderr } = await run(
      'node_modules/.bin/tsx',
      [
        'infra/cli/push-whitelist.ts',
        '--file',
        file,
        '--policy',
        AUTO_POLICY,
        '--api',
        local.platform.url,
        '--token',
        industry,
      ],
      { encoding: 'utf8' },
    );
    // Assess
    expect(stdout).toContain('受理 2 行，拒收 1 行');
    expect(stdout).toMatch(/表格第 3 行\s+USCC_CHECK_CHARACTER/);
    expect(stderr).toMatch(/2\/2\s+已兑付 2/);
    const batches = await local.call('GET', '/payments?status=paid', { token: payer });
    const paid = batches.body.items.filter((p: { uscc: string }) => good.includes(p.uscc));
    expect(paid.map((p: { amountFen: number }) => p.amountFen).sort()).toEqual([15_000, 9_999]);
    await rm(dir, { recursive: true, force: true });
  });

  it('holds red risks for the payer, who releases one and rejects the other, once each', async () => {
    // Prepare: an agency lists one enterprise; another enterprise's account already received for someone else.
    const listed = validUscc('91360728MA35K0BB1');
    const sharing = validUscc('91360728MA35K0BB2');
    const agency = await local.token('agency', '360728-credit');
    await local.call('PUT', `/blacklist/${listed}`, {
      token: agency,
      body: { reason: '列入严重失信主体名单' },
    });
    const first = await push('GXJ-DJ-2026-02', [
      entry(listed, 40_000),
      entry(validUscc('91360728MA35K0BB3'), 20_000, { accountNo: '6228480099990001' }),
    ]);
    await settled(first.body.id);
    const second = await push('GXJ-DJ-2026-03', [entry(sharing, 25_000, { accountNo: '6228480099990001' })]);
    const progress = await settled(second.body.id);
    expect(progress).toMatchObject({ held: 1 });
    // Act: the payer lists held payments and decides them.
    const held = await local.call('GET', '/payments?status=held', { token: payer });
    const byUscc = (uscc: string) => held.body.items.find((p: { uscc: string }) => p.uscc === uscc);
    expect(byUscc(listed).warnings).toEqual([
      expect.objectContaining({ rule: 'blacklisted', colour: 'red' }),
    ]);
    expect(byUscc(sharing).warnings).toEqual([
      expect.objectContaining({ rule: 'account_shared', colour: 'red' }),
    ]);
    expect(await pool(AUTO_POLICY)).toMatchObject({ reservedFen: 65_000 });
    const noReason = await local.call('POST', `/payments/${byUscc(listed).id}/release`, {
      token: payer,
      body: {},
    });
    const rejected = await local.call('POST', `/payments/${byUscc(listed).id}/reject`, {
      token: payer,
      body: { reason: '失信主体，依规不予兑付' },
    });
    const lateRelease = await local.call('POST', `/payments/${byUscc(listed).id}/release`, {
      token: payer,
      body: { reason: '复核后放行' },
    });
    const released = await local.call('POST', `/payments/${byUscc(sharing).id}/release`, {
      token: payer,
      body: { reason: '核实为集团统一结算账户' },
    });
    // Assess
    expect(noReason.status).toBe(400);
    expect(rejected.status).toBe(200);
    expect(lateRelease.status).toBe(409);
    expect(lateRelease.body.error.code).toBe('PAYMENT_NOT_HELD');
    expect(released.status).toBe(200);
    const paid = await eventually(async () => {
      const found = await local.call('GET', `/payments?batchId=${second.body.id}`, { token: payer });
      if (found.body.items[0]?.status !== 'paid') throw new Error(found.body.items[0]?.status);
      return found.body.items[0];
    });
    expect(paid.decidedBy).toBe('payer:payer-dingnan');
    await eventually(async () => {
      if ((await pool(AUTO_POLICY)).reservedFen !== 0) throw new Error('reservation still open');
    });
    const audit = await local.call('GET', `/audit/payment/${byUscc(listed).id}`, {
      token: await local.token('admin', 'admin-dingnan'),
    });
    expect(audit.body.events.map((e: { action: string }) => e.action)).toEqual(['reject']);
  });

  it('pays a registered enterprise to the account it confirmed, not the line’s, and holds it after a recent change', async () => {
    // Prepare: two registered enterprises; the second changed its account today. Both lines name other accounts.
    const settledOne = validUscc('91360728MA35K0GA1');
    const changedOne = validUscc('91360728MA35K0GA2');
    // Accounts of their own: an account paid to two enterprises is a red risk of its own.
    const registered = (uscc: string, accountNo: string) => {
      const name = entry(uscc, 1).enterpriseName;
      return enterpriseProfile(uscc, {
        name,
        bankAccount: { bankName: '中国银行定南支行', accountNo, accountName: name },
      });
    };
    const confirmed = registered(settledOne, '6217000000000111').bankAccount;
    await local.registerEnterprise(settledOne, registered(settledOne, '6217000000000111'));
    const changer = await local.registerEnterprise(changedOne, registered(changedOne, '6217000000000221'));
    const changed = await local.call('PUT', '/enterprises/me', {
      token: changer,
      body: registered(changedOne, '6217000000000222'),
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);

    // Act
    const pushed = await push('GXJ-DJ-2026-ACC', [entry(settledOne, 11_000), entry(changedOne, 12_000)]);
    const progress = await settled(pushed.body.id);

    // Assess: the first is paid to the confirmed account with the line's kept and a yellow warning; the second waits.
    const payments = (await local.call('GET', `/payments?batchId=${pushed.body.id}`, { token: payer })).body
      .items;
    expect(progress).toMatchObject({ paid: 1, held: 1 });
    const of = (uscc: string) => payments.find((p: { uscc: string }) => p.uscc === uscc);
    expect(of(settledOne)).toMatchObject({
      status: 'paid',
      bankAccount: confirmed,
      lineAccount: { accountNo: entry(settledOne, 1).accountNo },
      warnings: [expect.objectContaining({ rule: 'account_differs', colour: 'yellow' })],
    });
    expect(of(changedOne)).toMatchObject({
      status: 'held',
      bankAccount: { accountNo: '6217000000000222' },
      warnings: [
        expect.objectContaining({ rule: 'account_differs', colour: 'red' }),
        expect.objectContaining({ rule: 'account_recently_changed', colour: 'yellow' }),
      ],
    });
    expect(
      (
        await local.call('POST', `/payments/${of(changedOne).paymentId}/reject`, {
          token: payer,
          body: { reason: '名单账户与企业新变更的账户不一致，待部门核实' },
        })
      ).status,
    ).toBe(200);
  });

  it('holds the second of two payments to one enterprise for one period pushed at the same instant', async () => {
    const twice = validUscc('91360728MA35K0GG1');
    // Act: two batches, pushed together, each paying the same enterprise for the same policy and year.
    const [first, second] = await Promise.all([
      push('GXJ-RACE-A', [entry(twice, 11_000)]),
      push('GXJ-RACE-B', [entry(twice, 11_000)]),
    ]);
    await Promise.all([settled(first.body.id), settled(second.body.id)]);
    // Assess: exactly one paid; the other held for the payer with the period rule's warning.
    const payments = await Promise.all(
      [first, second].map(
        async (batch) =>
          (await local.call('GET', `/payments?batchId=${batch.body.id}`, { token: payer })).body.items[0],
      ),
    );
    expect(payments.map((p: { status: string }) => p.status).sort()).toEqual(['held', 'paid']);
    const held = payments.find((p: { status: string }) => p.status === 'held');
    expect(held.warnings).toEqual([expect.objectContaining({ rule: 'paid_this_period', colour: 'red' })]);
    const rejected = await local.call('POST', `/payments/${held.id}/reject`, {
      token: payer,
      body: { reason: '同一企业同期重复兑付' },
    });
    expect(rejected.status).toBe(200);
  });

  it('refuses a push it cannot take, and writes nothing', async () => {
    const instant = await local.call('POST', '/whitelist-batches', {
      token: await local.token('department', '360728-wgxlj'),
      body: { policyId: '360728-024', batchRef: 'WG-1', entries: [entry(validUscc('91360728MA35K0CC1'), 1)] },
    });
    const notOwner = await local.call('POST', '/whitelist-batches', {
      token: await local.token('department', '360728-swj'),
      body: { policyId: AUTO_POLICY, batchRef: 'SW-1', entries: [entry(validUscc('91360728MA35K0CC1'), 1)] },
    });
    const empty = await push('GXJ-EMPTY', []);
    expect(instant.status).toBe(422);
    expect(instant.body.error.code).toBe('POLICY_NOT_AUTO');
    expect(notOwner.status).toBe(403);
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.fields[0]).toMatchObject({ field: 'entries' });
  });

  it('fails an order its pool cannot cover, visibly, and pays an approved case from a funded pool', async () => {
    // A line larger than what is left fails with the pool's reason; nothing is reserved.
    const big = await push('GXJ-BIG', [entry(validUscc('91360728MA35K0DD1'), 9_000_000)]);
    expect(await settled(big.body.id)).toMatchObject({ failed: 1 });
    const failed = await local.call('GET', `/payments?batchId=${big.body.id}`, { token: finance });
    expect(failed.body.items[0]).toMatchObject({ status: 'failed', reason: '资金池可用额度不足' });
    // An approved instant case is paid from its own policy's pool, and the case ends paid.
    const tourism = await local.token('department', '360728-wgxlj');
    await local.call('POST', '/budgets/allocations', {
      token: finance,
      body: { policyId: '360728-024', year, amountFen: 500_000, ref: 'CZ-2026-024' },
    });
    const uscc = validUscc('91360728MA35K0DD2');
    const enterprise = await local.registerEnterprise(uscc);
    const filed = await local.call('POST', '/applications', {
      token: enterprise,
      body: { policyId: '360728-024' },
    });
    const task = await eventually(async () => {
      const open = await local.call('GET', '/tasks', { token: tourism });
      const found = open.body.items.find((t: { caseId: string }) => t.caseId === filed.body.id);
      if (!found) throw new Error('task not open yet');
      return found;
    });
    await local.call('POST', `/tasks/${task.id}/decision`, {
      token: tourism,
      body: { outcome: 'approve', amountFen: 300_000 },
    });
    const paid = await eventually(async () => {
      const view = await local.call('GET', `/applications/${filed.body.id}`, { token: enterprise });
      if (view.body.status !== 'paid') throw new Error(`still ${view.body.status}`);
      return view.body;
    });
    expect(paid.timeline.at(-1)).toMatchObject({ status: 'paid', by: 'payer' });
    const byCase = await local.call('GET', `/payments?caseId=${filed.body.id}`, { token: payer });
    expect(byCase.body.items).toEqual([expect.objectContaining({ status: 'paid', amountFen: 300_000 })]);
    expect(await pool('360728-024')).toMatchObject({ paidFen: 300_000, availableFen: 200_000 });

    // 好差评: the paid enterprise rates the service once; a bad score is refused with its field.
    const rate = (body: unknown) =>
      local.call('POST', `/applications/${filed.body.id}/rating`, { token: enterprise, body });
    const badScore = await rate({ score: 6 });
    expect(badScore.status).toBe(400);
    expect(badScore.body.error.details.fields[0]).toMatchObject({ field: 'score' });
    const rated = await rate({ score: 5, comment: '到账很快' });
    expect(rated.status).toBe(201);
    expect(rated.body).toMatchObject({ status: 'paid', rating: { score: 5, comment: '到账很快' } });
    const again = await rate({ score: 1 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CASE_ALREADY_RATED');
  });

  it('takes back a payment the bank returns after settlement: reversed into its pool, returned, told, once', async () => {
    const late = validUscc('91360728MA35K0FF1');
    const before = await pool(AUTO_POLICY);
    const pushed = await push('GXJ-DJ-2026-LATE', [entry(late, 15_000, { accountNo: '6228480000004042' })]);
    expect(await settled(pushed.body.id)).toMatchObject({ paid: 1 });
    expect(await pool(AUTO_POLICY)).toMatchObject({ paidFen: before.paidFen + 15_000 });
    // The bank's return notice (退汇) follows the settlement; the payout sweep takes it back, as often as it runs.
    const sweep = local.platform.assembly.functions.find((f) => f.name.startsWith('PayoutSweep'))?.name ?? '';
    const swept = (await local.platform.invoke(sweep, {
      sweep: 'payout',
      time: new Date().toISOString(),
    })) as {
      returns: number;
    };
    await local.platform.invoke(sweep, { sweep: 'payout', time: new Date().toISOString() });
    expect(swept.returns).toBeGreaterThanOrEqual(1);
    const [payment] = (await local.call('GET', `/payments?batchId=${pushed.body.id}`, { token: payer })).body
      .items;
    expect(payment).toMatchObject({ status: 'returned', reason: '收款账户已冻结，银行退汇' });
    // Reversed once: the pool is as before the payment, funded = available + reserved + paid still.
    expect(await pool(AUTO_POLICY)).toEqual(before);
    const inbox = await local.call('GET', '/notifications', { token: await local.token('enterprise', late) });
    expect(inbox.body.items[0]).toMatchObject({ kind: 'payment_returned', title: '兑付被银行退回' });
    const trail = await local.call('GET', `/audit/payment/${payment.id}`, { token: finance });
    expect(trail.body.events.at(-1)).toMatchObject({ action: 'return', note: '收款账户已冻结，银行退汇' });
  });

  it('retries what failed once its cause is gone: an exhausted pool once funded, a closed account once changed — each paid once', async () => {
    const sweep = local.platform.assembly.functions.find((f) => f.name.startsWith('PayoutSweep'))?.name ?? '';
    const sweepNow = () => local.platform.invoke(sweep, { sweep: 'payout', time: new Date().toISOString() });
    const ofBatch = async (id: string) =>
      (await local.call('GET', `/payments?batchId=${id}`, { token: payer })).body.items;

    // Prepare: a line the pool cannot cover, and a registered enterprise whose confirmed account the bank closed.
    const big = await push('GXJ-RETRY-POOL', [entry(validUscc('91360728MA35K0RR1'), 20_000_000)]);
    expect(await settled(big.body.id)).toMatchObject({ failed: 1 });
    const closedOne = validUscc('91360728MA35K0RR2');
    const name = entry(closedOne, 1).enterpriseName;
    const account = (accountNo: string) => ({ bankName: '定南农商银行', accountNo, accountName: name });
    const enterprise = await local.registerEnterprise(
      closedOne,
      enterpriseProfile(closedOne, { name, bankAccount: account('6228001100004040') }),
    );
    const closed = await push('GXJ-RETRY-PAYEE', [entry(closedOne, 16_000)]);
    expect(await settled(closed.body.id)).toMatchObject({ returned: 1 });
    const [returned] = await ofBatch(closed.body.id);
    expect(returned).toMatchObject({ status: 'returned', cause: 'payee', reason: '收款账户已销户' });
    const told = async () =>
      (await local.call('GET', '/notifications', { token: enterprise })).body.items.map(
        (notice: { title: string }) => notice.title,
      );
    expect((await told())[0]).toBe('兑付被银行退回');

    // Nothing moves while the causes stand: the sweep leaves both as they are.
    await sweepNow();
    expect((await ofBatch(big.body.id))[0]).toMatchObject({ status: 'failed', cause: 'pool' });
    expect((await ofBatch(closed.body.id))[0]).toMatchObject({ status: 'returned' });
    const before = await pool(AUTO_POLICY);

    // Act: finance funds the pool; the enterprise confirms a new account; the sweep runs (twice: nothing twice).
    const funded = await local.call('POST', '/budgets/allocations', {
      token: finance,
      body: { policyId: AUTO_POLICY, year, amountFen: 40_000_000, ref: 'CZ-RETRY-002' },
    });
    expect(funded.status).toBe(201);
    const changed = await local.call('PUT', '/enterprises/me', {
      token: enterprise,
      body: enterpriseProfile(closedOne, { name, bankAccount: account('6228001100005050') }),
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const first = (await sweepNow()) as { retried: { pool: number; payee: number; bank: number } };
    await sweepNow();

    // Assess: both paid on their second attempt, the second to the new account; the pool paid each once.
    // The pool's other failure (GXJ-BIG, above) is paid too: the funding covers both.
    expect(first.retried).toEqual({ pool: 2, payee: 1, bank: 0 });
    const paidOf = (id: string) =>
      eventually(async () => {
        const [payment] = await ofBatch(id);
        if (payment.status !== 'paid') throw new Error(`still ${payment.status}`);
        return payment;
      });
    expect(await paidOf(big.body.id)).toMatchObject({ attempt: 2, retriedFrom: 'failed' });
    expect(await paidOf(closed.body.id)).toMatchObject({
      attempt: 2,
      retriedFrom: 'returned',
      bankAccount: { accountNo: '6228001100005050' },
      warnings: expect.arrayContaining([expect.objectContaining({ rule: 'account_recently_changed' })]),
    });
    const after = await pool(AUTO_POLICY);
    expect(after.paidFen - before.paidFen).toBe(20_000_000 + 9_000_000 + 16_000);
    expect(after.fundedFen).toBe(after.availableFen + after.reservedFen + after.paidFen);
    expect((await told()).slice(0, 3)).toEqual(['奖补资金已到账', '已按新账户重新兑付', '兑付被银行退回']);
    const trail = await local.call('GET', `/audit/payment/${returned.id}`, { token: finance });
    expect(trail.body.events.at(-1)).toMatchObject({
      action: 'retry',
      actor: { role: 'system', subject: 'payout-sweep' },
      after: { status: 'reserved', attempt: 2, accountNo: '6228001100005050' },
    });

    // A paid payment is neither retried nor cancelled; the refusal says what can be.
    const again = await local.call('POST', `/payments/${returned.id}/retry`, {
      token: payer,
      body: { reason: '再次兑付' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'PAYMENT_NOT_RETRYABLE' });
    expect(again.body.error.message).toContain('只有兑付失败或被银行退回的款项');
  });

  it('lets the payer cancel a payment that cannot be paid, and tells the enterprise so', async () => {
    const gone = validUscc('91360728MA35K0RR3');
    const pushed = await push('GXJ-CANCEL', [entry(gone, 17_000, { accountNo: '6228002200004041' })]);
    expect(await settled(pushed.body.id)).toMatchObject({ returned: 1 });
    const [payment] = (await local.call('GET', `/payments?batchId=${pushed.body.id}`, { token: payer })).body
      .items;
    const cancel = (reason: string) =>
      local.call('POST', `/payments/${payment.id}/cancel`, { token: payer, body: { reason } });
    const blank = await cancel('');
    expect(blank.status).toBe(400);
    const cancelled = await cancel('企业已注销，部门确认不再兑付');
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', decidedBy: 'payer:payer-dingnan' });
    expect((await cancel('再取消一次')).status).toBe(409);
    const inbox = await eventually(async () => {
      const items = (
        await local.call('GET', '/notifications', { token: await local.token('enterprise', gone) })
      ).body.items;
      if (items[0]?.title !== '兑付已取消') throw new Error('not told yet');
      return items;
    });
    expect(inbox[0].message).toContain('企业已注销，部门确认不再兑付');
  });

  it('reconciles the day: every payment above matches the bank, the one line it never paid is reported, downloadable and resolved once', async () => {
    await local.seedStatementLine({
      paymentId: 'wl-stranger-00001',
      accountNo: '6228489999990002',
      accountName: '陌生企业',
      amountFen: 12_345,
    });
    const today = shanghaiDate(new Date());
    const refused = await local.call('POST', '/reconciliations', {
      token: finance,
      body: { from: today, to: '2000-01-01' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.fields).toEqual([expect.objectContaining({ field: 'to' })]);

    const requested = await local.call('POST', '/reconciliations', {
      token: finance,
      body: { from: today, to: today },
    });
    expect(requested.status).toBe(202);
    const { id } = requested.body;
    const report = await eventually(async () => {
      const read = await local.call('GET', `/reconciliations/${id}`, { token: finance });
      if (read.body.status !== 'done') throw new Error(`still ${read.body.status}`);
      return read.body;
    }, 60_000);
    expect(report.discrepancies).toEqual([
      expect.objectContaining({ seq: 1, type: 'extra_at_bank', paymentId: 'wl-stranger-00001' }),
    ]);
    expect(report.checked.payments).toBeGreaterThan(5);
    // Listed for the division, newest first, with how many discrepancies it found.
    const recent = await local.call('GET', '/reconciliations', { token: finance });
    expect(recent.body.items[0]).toMatchObject({ id, status: 'done', discrepancyCount: 1 });
    expect(recent.body.items[0].discrepancies).toBeUndefined();

    const csv = await local.call('GET', `/reconciliations/${id}/report.csv`, { token: finance });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const [header, row] = (csv.body as string).replace(/^\ufeff/, '').split('\r\n');
    expect(header?.split(',').slice(0, 3)).toEqual(['序号', '差异类型', '支付单号']);
    expect(row).toContain('wl-stranger-00001');
    const xlsx = await local.call('GET', `/reconciliations/${id}/report.xlsx`, { token: finance });
    const sheet = await readSheet(Buffer.from(xlsx.body), '对账差异');
    expect(sheet[2]?.[2]).toBe('wl-stranger-00001');

    const resolve = (note: unknown) =>
      local.call('POST', `/reconciliations/${id}/discrepancies/1/resolve`, {
        token: finance,
        body: { note },
      });
    expect((await resolve('')).status).toBe(400);
    const resolved = await resolve('银行误入账，已通知银行冲回');
    expect(resolved.status).toBe(200);
    expect(resolved.body.resolution).toMatchObject({
      note: '银行误入账，已通知银行冲回',
      by: 'finance:finance-dingnan',
    });
    const again = await resolve('再次处理');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('DISCREPANCY_RESOLVED');
    const trail = await local.call('GET', `/audit/reconciliation/${encodeURIComponent(`${id}#1`)}`, {
      token: finance,
    });
    expect(trail.body.events).toEqual([
      expect.objectContaining({ action: 'resolve', note: '银行误入账，已通知银行冲回' }),
    ]);
  });

  it('warns in three colours across departments and amounts, and counts what was paid, how fast and how it was rated', async () => {
    // Prepare: the enterprise whose tourism case was paid above also gets an industry whitelist payment this year,
    // for far more than the policy usually pays.
    const both = validUscc('91360728MA35K0DD2');
    await local.call('POST', '/budgets/allocations', {
      token: finance,
      body: { policyId: AUTO_POLICY, year, amountFen: 5_000_000, ref: 'CZ-2026-002-B' },
    });
    const pushed = await push('GXJ-DJ-2026-BIG', [entry(both, 2_000_000)]);
    await settled(pushed.body.id);
    const [big] = (await local.call('GET', `/payments?batchId=${pushed.body.id}`, { token: payer })).body
      .items;

    // Act
    const all = await local.call('GET', '/risk-warnings', { token: payer });
    const red = await local.call('GET', '/risk-warnings?colour=red', { token: finance });
    const ofBoth = await local.call('GET', `/risk-warnings?uscc=${both}&colour=yellow`, { token: finance });
    const badColour = await local.call('GET', '/risk-warnings?colour=blue', { token: finance });
    const stats = await local.call('GET', '/stats', { token: finance });

    // Assess: the payer's red rules as they held payments above, worst first; the two cross-record yellow rules.
    expect(all.status).toBe(200);
    expect(all.body.items[0].colour).toBe('red');
    expect(red.body.items.map((w: { rule: string }) => w.rule).sort()).toEqual(
      expect.arrayContaining(['account_shared', 'blacklisted']),
    );
    expect(red.body.items.every((w: { colour: string }) => w.colour === 'red')).toBe(true);
    expect(red.body.counts).toEqual({ red: red.body.items.length, yellow: 0, green: 0 });
    expect(ofBoth.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: 'multi_department',
          colour: 'yellow',
          uscc: both,
          period: String(year),
        }),
        expect.objectContaining({
          rule: 'unusual_amount',
          colour: 'yellow',
          paymentId: big.id,
          amountFen: 2_000_000,
        }),
      ]),
    );
    expect(badColour.status).toBe(400);
    expect(badColour.body.error.details.fields[0]).toMatchObject({ field: 'colour' });

    // Statistics: cross-checked against the payments list, a different read of the same records.
    expect(stats.status).toBe(200);
    const { policies, departments, totals } = stats.body;
    expect(policies.total).toBe(policies.byMode.auto + policies.byMode.instant + policies.byMode.review);
    expect(policies.noApplicationOrInstantShare).toBeCloseTo(
      (policies.byMode.auto + policies.byMode.instant) / policies.total,
      3,
    );
    expect(policies.meetsTarget).toBe(policies.noApplicationOrInstantShare >= 0.7);
    const paid = (await local.call('GET', '/payments?status=paid&limit=500', { token: payer })).body
      .items as {
      policyId: string;
      amountFen: number;
    }[];
    const paidFen = (policyId?: string) =>
      paid.filter((p) => !policyId || p.policyId === policyId).reduce((sum, p) => sum + p.amountFen, 0);
    expect(totals.payouts.paidFen).toBe(paidFen());
    const byId = (id: string) => departments.find((d: { departmentId: string }) => d.departmentId === id);
    expect(byId(INDUSTRY).payouts).toMatchObject({
      paid: paid.filter((p) => p.policyId === AUTO_POLICY).length,
    });
    expect(byId(INDUSTRY).payouts.paidFen).toBe(paidFen(AUTO_POLICY));
    // One returned before settlement (a void), one after it (a reversal).
    expect(byId(INDUSTRY).payouts.returned).toBe(2);
    expect(byId('360728-wgxlj')).toMatchObject({
      cases: { filed: 1, paid: 1, rejected: 0, inProgress: 0, byMode: { instant: 1, review: 0 } },
      payouts: { paid: 1, paidFen: 300_000 },
      approvedFen: 300_000,
      // Filed and paid the same day: 0 working days, within the limit.
      daysToPayment: { count: 1, average: 0, max: 0, onTime: 1, onTimeRate: 1 },
      steps: { department_decision: { decided: 1, onTime: 1, rate: 1, overdueOpen: 0 } },
      ratings: { count: 1, average: 5 },
    });
    const refused = await local.call('GET', '/stats?from=2026-12-01&to=2026-01-01', { token: finance });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.fields[0]).toMatchObject({ field: 'from' });
  });

  it('settles last year’s pools by actuals: the remainder goes back, each department gets its statement, nothing moves after', async () => {
    const lastYear = year - 1;
    const fund = (policyId: string, amountFen: number, ref: string) =>
      local.call('POST', '/budgets/allocations', {
        token: finance,
        body: { policyId, year: lastYear, amountFen, ref },
      });
    await fund('360728-024', 500_000, 'CZ-LAST-024');
    await fund(AUTO_POLICY, 300_000, 'CZ-LAST-002');
    await fund(AUTO_POLICY, -100_000, 'CZ-LAST-002-BACK');
    const settle = (policyId: string, settleYear = lastYear) =>
      local.call('POST', '/settlements', { token: finance, body: { policyId, year: settleYear } });
    // Act
    const tourism = await settle('360728-024');
    const again = await settle('360728-024');
    const industryPool = await settle(AUTO_POLICY);
    const running = await settle('360728-024', year);
    // Assess: what was left went back; the pool's funding is now what it paid (nothing, last year).
    expect(tourism.status).toBe(201);
    expect(tourism.body).toMatchObject({
      returnedFen: 500_000,
      repeated: false,
      pool: { status: 'settled', allocatedFen: 500_000, paidFen: 0, availableFen: 0, returnedFen: 500_000 },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ transferId: tourism.body.transferId, repeated: true });
    expect(industryPool.body).toMatchObject({ returnedFen: 200_000, pool: { allocatedFen: 200_000 } });
    // The year still running cannot be settled: orders for it are still to come.
    expect(running.status).toBe(422);
    expect(running.body.error.code).toBe('YEAR_NOT_ENDED');
    const budgets = await local.call('GET', `/budgets?policyId=360728-024&year=${lastYear}`, {
      token: finance,
    });
    expect(budgets.body.items[0]).toEqual({
      policyId: '360728-024',
      year: lastYear,
      fundedFen: 0,
      reservedFen: 0,
      paidFen: 0,
      availableFen: 0,
    });
    // The statement: by department, settled pools, pre-allocated = paid + reserved + returned + available.
    const statement = await local.call('GET', `/settlements/${lastYear}`, { token: finance });
    expect(statement.status).toBe(200);
    expect(statement.body).toMatchObject({ settledPools: 2, openPools: 0, returnedAfterSettlementFen: 0 });
    const department = statement.body.departments.find(
      (d: { departmentId: string }) => d.departmentId === '360728-wgxlj',
    );
    expect(department.pools).toEqual([
      expect.objectContaining({
        policyId: '360728-024',
        status: 'settled',
        allocatedFen: 500_000,
        returnedFen: 500_000,
      }),
    ]);
    expect(statement.body.totals).toEqual({
      allocatedFen: 700_000,
      paidFen: 0,
      reservedFen: 0,
      returnedFen: 700_000,
      availableFen: 0,
    });
    // This year's statement shows the pools paid from this year, still open.
    const current = await local.call('GET', `/settlements/${year}`, { token: finance });
    for (const each of current.body.departments.flatMap((d: { pools: unknown[] }) => d.pools)) {
      const line = each as {
        allocatedFen: number;
        paidFen: number;
        returnedFen: number;
        reservedFen: number;
        availableFen: number;
        status: string;
      };
      expect(line.status).toBe('open');
      expect(line.allocatedFen).toBe(line.paidFen + line.reservedFen + line.returnedFen + line.availableFen);
    }
    const csv = await local.call('GET', `/settlements/${lastYear}/statement.csv`, { token: finance });
    expect(
      (csv.body as string)
        .replace(/^\ufeff/, '')
        .split('\r\n')[0]
        ?.split(',')
        .slice(0, 5),
    ).toEqual(['部门', '政策事项编号', '政策事项', '状态', '预拨金额（元）']);
    expect(csv.body).toContain('部门小计');
    // Nothing moves through a settled pool: an allocation is refused.
    const late = await fund('360728-024', 1_000, 'CZ-LAST-LATE');
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('POOL_SETTLED');
    // Another county's finance cannot settle this county's pool; an unfunded pool is not found.
    const foreign = await local.call('POST', '/settlements', {
      token: await local.token('finance', 'finance-longnan', '360727'),
      body: { policyId: '360728-001', year: lastYear },
    });
    expect(foreign.status).toBe(403);
    const unfunded = await settle('360728-003');
    expect(unfunded.status).toBe(404);
  });
});
