// `npm run demo` against the whole local platform: the story runs to the end, twice on the same data, and what it
// reports is what the platform recorded.
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STEPS, type DemoContext, DemoError, type DemoStep, runDemo } from '../../infra/cli/demo.ts';
import type { Role } from '../../shared/principal.ts';
import { bootPlatform, type TestPlatform } from '../support/platform.ts';

describe('npm run demo', () => {
  let local: TestPlatform;
  const files: string[] = [];
  let firstRun: DemoContext | undefined;

  beforeAll(async () => {
    local = await bootPlatform();
  });
  afterAll(async () => {
    await local?.stop();
    await Promise.all(files.map((file) => rm(dirname(file), { recursive: true, force: true })));
  });

  const demo = async (): Promise<{ ctx: DemoContext; lines: string[] }> => {
    const lines: string[] = [];
    const ctx = await runDemo({
      api: local.platform.url,
      tokenFor: (role, subject) => local.token(role, subject),
      log: (line) => lines.push(line),
    });
    if (ctx.whitelist) files.push(ctx.whitelist.file);
    return { ctx, lines };
  };

  it('tells the whole story and checks it: refusals, a rejection, a cleared hit, a bank return, a clean reconciliation', async () => {
    // Act
    const { ctx, lines } = await demo();
    // Assess: the spreadsheet's bad lines were refused by number, the good ones paid but one, which the bank returned.
    expect(ctx.whitelist?.refused.map((refusal) => [refusal.line, refusal.code])).toEqual([
      [2, 'USCC_CHECK_CHARACTER'],
      [4, 'ACCOUNT_NAME_MISMATCH'],
      [6, 'AMOUNT_OVER_CAP'],
    ]);
    expect(ctx.whitelist?.progress).toMatchObject({ accepted: 3, paid: 2, returned: 1, held: 0, failed: 0 });
    expect(ctx.returned).toMatchObject({ status: 'returned', reason: '收款账户已销户' });
    const returned = await local.call('GET', '/payments?status=returned', {
      token: await local.token('payer', 'payer-dingnan'),
    });
    expect(returned.body.items.map((payment: { id: string }) => payment.id)).toContain(ctx.returned?.id);
    // The reviewed case was rejected with the reviewer's reason, as the platform recorded it.
    const window = await local.token('window', 'window-01');
    const rejected = await local.call('GET', `/applications/${ctx.review?.caseId}`, { token: window });
    expect(rejected.body).toMatchObject({ status: 'rejected', channel: 'window', filedBy: 'window-01' });
    expect(rejected.body.decisionReason).toBe(ctx.review?.case?.decisionReason);
    // The agency's clearance let the instant case through to payment, with no red warning at the payer.
    expect(ctx.instant?.case).toMatchObject({
      status: 'paid',
      jointReview: [expect.objectContaining({ agencyId: '360728-credit', outcome: 'cleared' })],
    });
    expect(ctx.instant?.payment).toMatchObject({ status: 'paid', warnings: [] });
    // Reconciliation of the day found nothing wrong, the returned payment included.
    expect(ctx.reconciliation).toMatchObject({ status: 'done', discrepancies: [] });
    expect(ctx.reconciliation?.checked).toMatchObject({ payments: 4, returned: 1 });
    // The agency's clearance shows green among the warnings; the two ratings reached the statistics.
    const cleared = ctx.warnings?.find((w) => w.caseId === ctx.instant?.caseId && w.rule === 'blacklisted');
    expect(cleared?.colour).toBe('green');
    expect(ctx.stats?.totals.ratings).toEqual({ count: 2, average: 4 });
    expect(ctx.stats?.totals.payouts).toMatchObject({ paid: 3, returned: 1 });
    expect(ctx.statement?.openPools).toBe(3);
    // What was printed came from those answers.
    const output = lines.join('\n');
    expect(output).toContain(`（${ctx.returned?.reason}）`);
    expect(output).toContain(`理由：${ctx.review?.case?.decisionReason}`);
    expect(output).toContain(`演示完成：${DEMO_STEPS.length} 步全部通过`);
    firstRun = ctx;
  }, 300_000);

  it('leaves work for every role that signs in to the workbench afterwards, and says whom to sign in as', async () => {
    const workday = firstRun?.workday;
    expect(workday).toBeDefined();
    const call = async (role: Role, subject: string, path: string) =>
      (await local.call('GET', path, { token: await local.token(role, subject) })).body;
    // Open reviews at both departments, the agency's joint review, a held payment, a draft.
    const tourism = await call('department', '360728-wgxlj', '/tasks');
    expect(tourism.items.length).toBeGreaterThan(0);
    const commerce = await call('department', '360728-swj', '/tasks');
    expect(commerce.items.length).toBeGreaterThan(0);
    const agency = await call('agency', '360728-credit', '/tasks');
    expect(agency.items).toContainEqual(
      expect.objectContaining({ caseId: workday?.listed.caseId, step: 'joint_review', status: 'open' }),
    );
    const blacklist = await call('agency', '360728-credit', '/blacklist');
    expect(blacklist.items).toContainEqual(
      expect.objectContaining({ uscc: workday?.listed.applicant.actor.id }),
    );
    const held = await call('payer', 'payer-dingnan', '/payments?status=held&limit=500');
    expect(held.items).toContainEqual(
      expect.objectContaining({
        id: workday?.held.id,
        status: 'held',
        warnings: [expect.objectContaining({ rule: 'blacklisted', colour: 'red' })],
      }),
    );
    const drafts = await call('admin', 'admin-dingnan', '/policy-drafts');
    expect(drafts.items.length).toBeGreaterThan(0);
    // The returned case waits on its enterprise, which the window finds by its USCC.
    const returned = await call('window', 'window-01', `/applications/${workday?.returned.case.id}`);
    expect(returned).toMatchObject({ status: 'returned', correctionRequest: expect.any(String) });
    const client = await call('window', 'window-01', `/enterprises/${workday?.returned.applicant.actor.id}`);
    expect(client.name).toBe(workday?.returned.applicant.profile.name);
    // Finance's reconciliation holds the late return (退汇) unresolved, unless the sweep took it back first.
    if (workday?.discrepancy)
      expect(workday.discrepancy).toMatchObject({
        type: 'returned_not_voided',
        paymentId: workday.lateReturn.id,
      });
    else expect(workday?.reconciliation.checked?.returned).toBeGreaterThan(1);
  });

  it('runs again on the same data with new enterprises, accounts and references', async () => {
    const { ctx } = await demo();
    expect(ctx.whitelist?.progress).toMatchObject({ paid: 2, returned: 1 });
    // Both runs' payments were reconciled together: the day now holds the story's eight and the first run's late
    // return (退汇), which is a discrepancy until the platform's sweep takes it back, and a matched return after.
    const report = ctx.reconciliation;
    const lateReturn = firstRun?.workday?.lateReturn.id;
    expect(report?.status).toBe('done');
    expect(
      report?.discrepancies.filter((d) => d.type !== 'returned_not_voided' || d.paymentId !== lateReturn),
    ).toEqual([]);
    expect(report?.checked).toMatchObject({ payments: 9, returned: report?.discrepancies.length ? 2 : 3 });
    expect(ctx.stats?.totals.ratings.count).toBe(4);
    expect(ctx.workday?.reviews.length).toBe(4);
  }, 300_000);

  it('takes more steps appended to the list, which read what earlier steps left on the context', async () => {
    const seen: string[] = [];
    const appended: DemoStep = {
      name: 'appended',
      title: '追加的步骤（Appended）',
      async run(ctx) {
        seen.push(ctx.policies.whitelist?.departmentName ?? '');
      },
    };
    const lines: string[] = [];
    await runDemo({
      api: local.platform.url,
      tokenFor: (role, subject) => local.token(role, subject),
      log: (line) => lines.push(line),
      steps: [...DEMO_STEPS.filter((step) => step.name === 'catalog'), appended],
    });
    expect(seen).toEqual(['县工信局']);
    expect(lines).toContain('━━ 第 2/2 步　追加的步骤（Appended） ━━');
  });

  it('stops with a Chinese message naming the step when the platform cannot be reached', async () => {
    const attempt = runDemo({
      api: 'http://127.0.0.1:9',
      tokenFor: async () => 'unused',
      log: () => {},
    });
    await expect(attempt).rejects.toBeInstanceOf(DemoError);
    await expect(attempt).rejects.toThrow(/第 1 步「一网查询：政策目录（Catalog）」未通过：无法连接平台/);
  });
});
