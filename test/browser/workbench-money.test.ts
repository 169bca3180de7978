/// <reference lib="dom" />
// The payer and finance at their workbench in a real browser, on the platform `npm start` runs: the payer releases a
// payment a red warning held and watches the pools fill, cancels one payment the bank sent back and retries another;
// finance funds a pool, reconciles the day, resolves the
// discrepancy the bank's statement shows and downloads the report; the payer cannot open finance's screens. Every
// screen is checked by axe, on a desktop and on a phone.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../shared/dates.ts';
import { checkScreen, DESKTOP, PHONE, signInAs } from '../support/browser.ts';
import { eventually } from '../support/platform.ts';
import { validUscc } from '../support/uscc.ts';
import { useWebPlatform } from '../support/web-platform.ts';

const PAYER = '县行政审批局（资金池兑付）';
const FINANCE = '县财政局';
/** 工业企业电价补贴: an `auto` item of the county's industry bureau, paid from whitelists. */
const AUTO_POLICY = '360728-002';
const INDUSTRY = '360728-gxj';
const year = Number(shanghaiDate(new Date()).slice(0, 4));

const LISTED = [validUscc('91360728MA35W0BB1'), validUscc('91360728MA35W0BB2')];
const GOOD = validUscc('91360728MA35W0BB3');
/** Asks more than the pool holds: the payment fails, nothing reserved. */
const TOO_BIG = validUscc('91360728MA35W0BB4');
/** Paid to closed accounts (the simulated bank returns …4040), for enterprises that never registered on the platform. */
const CLOSED = [validUscc('91360728MA35W0BB5'), validUscc('91360728MA35W0BB6')];
const nameOf = (uscc: string) => `定南电价企业${uscc.slice(-4)}有限公司`;
const entry = (uscc: string, amountFen: number, n: number) => ({
  uscc,
  enterpriseName: nameOf(uscc),
  bankName: '定南农商银行',
  accountNo: `62284800777700${n}`,
  accountName: nameOf(uscc),
  amountFen,
});

const web = useWebPlatform();

/**
 * Finance funds the industry pool with 10,000 yuan; an agency lists two enterprises as dishonest; the industry bureau
 * pushes a whitelist paying them and two more: one is paid (7,000 yuan, so the pool is 70% and more used), one asks
 * more than the pool holds and fails, the two listed are held for the payer with their money reserved. Last year's
 * pool is funded too, for finance to settle.
 */
async function prepare() {
  const finance = await web.local.token('finance', 'finance-dingnan');
  const funded = await web.local.call('POST', '/budgets/allocations', {
    token: finance,
    body: { policyId: AUTO_POLICY, year, amountFen: 1_000_000, ref: 'CZ-WB-002' },
  });
  expect(funded.status).toBe(201);
  // Last year's pool, left open for finance to settle.
  const lastYear = await web.local.call('POST', '/budgets/allocations', {
    token: finance,
    body: { policyId: AUTO_POLICY, year: year - 1, amountFen: 300_000, ref: 'CZ-WB-LAST' },
  });
  expect(lastYear.status).toBe(201);
  const agency = await web.local.token('agency', '360728-credit');
  for (const uscc of LISTED) {
    const listed = await web.local.call('PUT', `/blacklist/${uscc}`, {
      token: agency,
      body: { reason: '列入严重失信主体名单' },
    });
    expect(listed.status, JSON.stringify(listed.body)).toBeLessThan(300);
  }
  const industry = await web.local.token('department', INDUSTRY);
  const pushed = await web.local.call('POST', '/whitelist-batches', {
    token: industry,
    body: {
      policyId: AUTO_POLICY,
      batchRef: 'GXJ-WB-01',
      entries: [
        entry(LISTED[0] as string, 40_000, 1),
        entry(GOOD, 700_000, 2),
        entry(LISTED[1] as string, 30_000, 3),
        entry(TOO_BIG, 9_000_000, 4),
      ],
    },
  });
  expect(pushed.status, JSON.stringify(pushed.body)).toBe(202);
  await eventually(async () => {
    const progress = await web.local.call('GET', `/whitelist-batches/${pushed.body.id}`, { token: industry });
    if (progress.body.inProgress !== 0) throw new Error(`${progress.body.inProgress} still in progress`);
    expect(progress.body).toMatchObject({ paid: 1, held: 2, failed: 1 });
  }, 30_000);
}

beforeAll(prepare, 240_000);

const menu = (page: Page) => page.getByRole('navigation', { name: '工作台' });

describe('the payer at the workbench', () => {
  it('sees the held payments first, with their warnings, on a phone', async () => {
    const page = await web.visit(PHONE, '/app/work');
    await signInAs(page, PAYER);
    await page.getByRole('heading', { name: '工作台', level: 1 }).waitFor();
    // The day's order: what needs deciding comes first in the menu.
    const links = await menu(page).getByRole('link').allTextContents();
    expect(links.slice(1)).toEqual([
      '风险暂停的兑付',
      '银行文件',
      '兑付失败与退回',
      '白名单批次',
      '资金池',
      '风险预警',
    ]);
    await checkScreen(page, 'work-payer-landing-phone');
    await menu(page).getByRole('link', { name: '风险暂停的兑付' }).click();
    await page.getByRole('heading', { name: new RegExp(nameOf(LISTED[1] as string)) }).waitFor();
    await checkScreen(page, 'work-held-payments-phone');
    await menu(page).getByRole('link', { name: '资金池' }).click();
    await page
      .getByText(/已用 \d+(\.\d)?%/)
      .first()
      .waitFor();
    await checkScreen(page, 'work-pools-payer-phone');
    await menu(page).getByRole('link', { name: '兑付失败与退回' }).click();
    await page.getByText('资金池可用额度不足').first().waitFor();
    await checkScreen(page, 'work-failed-payments-phone');
    await menu(page).getByRole('link', { name: '白名单批次' }).click();
    await page.getByRole('table').getByRole('link').first().waitFor();
    await checkScreen(page, 'work-whitelist-batches-phone');
    await menu(page).getByRole('link', { name: '风险预警' }).click();
    await page.getByText(/红色 \d+ 条/).waitFor();
    await checkScreen(page, 'work-risk-warnings-phone');
    await page.context().close();
  }, 120_000);

  it('releases a held payment with a reason, sees it leave the list, and sees the pools with their usage', async () => {
    // Act
    const page = await web.visit(DESKTOP, '/app/work/held-payments');
    await signInAs(page, PAYER);
    const card = page.locator('.ant-card', { hasText: nameOf(LISTED[0] as string) });
    await card.getByText('红色预警·列入联合惩戒名单').waitFor();
    await expect(card.getByText('列入严重失信主体名单').count()).resolves.toBeGreaterThan(0);
    await checkScreen(page, 'work-held-payments');
    await card.getByLabel('处理理由（必填，记入审计）').fill('经核实已移出失信名单，依规放行');
    await card.getByRole('button', { name: '放行兑付' }).click();

    // Assess: said, gone from the list, the other still there; the platform paid it with the payer's reason.
    await page.getByText(`已放行：${nameOf(LISTED[0] as string)}`).waitFor();
    await card.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: new RegExp(nameOf(LISTED[1] as string)) }).waitFor();
    await checkScreen(page, 'work-held-payments-released');
    const payer = await web.local.token('payer', 'payer-dingnan');
    const released = await eventually(async () => {
      const listed = await web.local.call('GET', '/payments?status=paid', { token: payer });
      const found = listed.body.items.find((p: { uscc: string }) => p.uscc === LISTED[0]);
      if (!found) throw new Error('not paid yet');
      return found;
    });
    expect(released).toMatchObject({ decidedBy: 'payer:payer-dingnan' });
    const audit = await web.local.call('GET', `/audit/payment/${released.id}`, {
      token: await web.local.token('admin', 'admin-dingnan'),
    });
    expect(audit.body.events).toEqual([
      expect.objectContaining({ action: 'release', note: '经核实已移出失信名单，依规放行' }),
    ]);

    // The pool: 10,000 yuan funded, 7,400 paid and 300 still held: 77% used, said in words.
    await menu(page).getByRole('link', { name: '资金池' }).click();
    const row = page.getByRole('row', { name: new RegExp(AUTO_POLICY) });
    await row.getByText('已用 77%，接近上限').waitFor();
    await expect(row.textContent()).resolves.toContain('¥10,000.00');
    await expect(page.locator('.usage-amber').count()).resolves.toBe(1);
    await checkScreen(page, 'work-pools-payer');

    await menu(page).getByRole('link', { name: '兑付失败与退回' }).click();
    const failed = page.getByRole('row', { name: new RegExp(nameOf(TOO_BIG)) });
    await failed.getByText('资金池可用额度不足').waitFor();
    await expect(failed.textContent()).resolves.toContain('¥90,000.00');
    // The pool's refusal passes by itself once finance funds it: nothing for the payer to do.
    await failed.getByText('资金池拨付足额后自动重新兑付').waitFor();
    await checkScreen(page, 'work-failed-payments');
    await menu(page).getByRole('link', { name: '风险预警' }).click();
    await page.getByText(/红色 \d+ 条/).waitFor();
    await checkScreen(page, 'work-risk-warnings-payer');
    // A batch's progress, from the list.
    await menu(page).getByRole('link', { name: '白名单批次' }).click();
    const batch = page.getByRole('table').getByRole('link').first();
    await batch.waitFor();
    await checkScreen(page, 'work-whitelist-batches');
    await batch.click();
    await page.getByRole('heading', { name: '白名单批次 GXJ-WB-01' }).waitFor();
    await page.getByText(/受理 4 条/).waitFor();
    await checkScreen(page, 'work-whitelist-batch');
    await page.context().close();
  }, 120_000);

  it('cancels a payment the bank sent back with a reason, and retries another, which the bank sends back again', async () => {
    // Prepare: the industry bureau pays two enterprises that never registered, to accounts the bank reports closed.
    const industry = await web.local.token('department', INDUSTRY);
    const pushed = await web.local.call('POST', '/whitelist-batches', {
      token: industry,
      body: {
        policyId: AUTO_POLICY,
        batchRef: 'GXJ-WB-02',
        entries: CLOSED.map((uscc, n) => ({
          ...entry(uscc, 50_000 + n * 10_000, 5 + n),
          accountNo: `62284800777${n}4040`,
        })),
      },
    });
    expect(pushed.status, JSON.stringify(pushed.body)).toBe(202);
    await eventually(async () => {
      const progress = await web.local.call('GET', `/whitelist-batches/${pushed.body.id}`, {
        token: industry,
      });
      if (progress.body.inProgress !== 0) throw new Error(`${progress.body.inProgress} still in progress`);
      expect(progress.body).toMatchObject({ returned: 2 });
    }, 30_000);
    const [gone, again] = CLOSED.map(nameOf) as [string, string];

    // Act: the payer sees both sent back, and what will become of them; cancels the first.
    const page = await web.visit(DESKTOP, '/app/work/failed-payments');
    await signInAs(page, PAYER);
    const cancelled = page.getByRole('row', { name: new RegExp(gone) });
    await cancelled.getByText('收款账户已销户').waitFor();
    await cancelled.getByText('银行退回').waitFor();
    // The sweep would retry it once the enterprise confirms another account; one that never registered will not.
    await cancelled.getByText('企业变更收款账户后自动按新账户重新兑付').waitFor();
    await cancelled.getByText(/企业未在平台注册.*需要您处理/).waitFor();
    await checkScreen(page, 'work-failed-payments-returned');
    await cancelled.getByRole('button', { name: '取消兑付' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`取消兑付：${gone}`).waitFor();
    await dialog.getByText('平台会通知企业').waitFor();
    await dialog.getByLabel('处理理由（必填，记入审计）').fill('企业已注销，经主管部门确认不再兑付');
    await checkScreen(page, 'work-failed-payments-cancelling');
    await dialog.getByRole('button', { name: '确认取消兑付' }).click();

    // Assess: said, gone from the list, the enterprise told with the payer's reason.
    await page.getByText(`已取消，已通知企业：${gone}`).waitFor();
    await cancelled.waitFor({ state: 'detached' });
    const told = await eventually(async () => {
      const inbox = await web.local.call('GET', '/notifications', {
        token: await web.local.token('enterprise', CLOSED[0] as string),
      });
      if (inbox.body.items[0]?.title !== '兑付已取消') throw new Error('not told yet');
      return inbox.body.items[0];
    });
    expect(told.message).toContain('企业已注销，经主管部门确认不再兑付');

    // Act: the second is retried, on a phone.
    await page.setViewportSize(PHONE);
    const card = page.locator('.ant-card', { hasText: again });
    await card
      .getByText(/需要您处理/)
      .first()
      .waitFor();
    await checkScreen(page, 'work-failed-payments-returned-phone');
    await card.getByRole('button', { name: '重新兑付' }).click();
    const retrying = page.getByRole('dialog');
    await retrying.getByText(`重新兑付：${again}`).waitFor();
    await retrying.getByText('第 2 次兑付', { exact: false }).waitFor();
    await retrying.getByLabel('处理理由（必填，记入审计）').fill('已与企业核实，银行账户已恢复正常');
    await checkScreen(page, 'work-failed-payments-retrying-phone');
    await retrying.getByRole('button', { name: '确认重新兑付' }).click();
    await page.getByText(`已重新发起第 2 次兑付：${again}`).waitFor();

    // Assess: the same closed account, so the bank sends it back again; the payer sees its second attempt.
    const payer = await web.local.token('payer', 'payer-dingnan');
    await eventually(async () => {
      const listed = await web.local.call('GET', '/payments?status=returned', { token: payer });
      const found = listed.body.items.find((p: { uscc: string }) => p.uscc === CLOSED[1]);
      expect(found).toMatchObject({ attempt: 2, retriedFrom: 'returned', decidedBy: 'payer:payer-dingnan' });
    }, 30_000);
    await page.reload();
    await card.getByText('第 2 次兑付').waitFor();
    await checkScreen(page, 'work-failed-payments-retried-phone');
    // In large-text mode the cards grow and still fit the phone.
    await page.getByRole('switch', { name: '大字模式' }).click();
    await checkScreen(page, 'work-failed-payments-large-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.getByRole('switch', { name: '大字模式' }).click();
    await page.setViewportSize(DESKTOP);
    await page
      .getByRole('row', { name: new RegExp(again) })
      .getByText('第 2 次兑付')
      .waitFor();
    await checkScreen(page, 'work-failed-payments-retried');
    await page.context().close();
  }, 120_000);

  it('is told clearly that a finance screen is not theirs', async () => {
    const page = await web.visit(DESKTOP, '/app/work/reconciliations');
    await signInAs(page, PAYER);
    await page.getByRole('alert').getByText('此页面不属于您的工作台').waitFor();
    await expect(page.getByRole('button', { name: '开始对账' }).count()).resolves.toBe(0);
    await checkScreen(page, 'work-payer-refused');
    await page.context().close();
  }, 120_000);
});

describe('finance at the workbench', () => {
  let page: Page;

  it('funds a pool under its own reference', async () => {
    const tourism = await web.local.call('GET', '/policies/360728-024', {});
    page = await web.visit(DESKTOP, '/app/work');
    await signInAs(page, FINANCE);
    await menu(page).getByRole('link', { name: '资金池' }).click();
    await page.getByRole('heading', { name: /拨付或收回预算/ }).waitFor();
    // Act: choose the policy by typing its name, the amount in yuan and finance's reference.
    await page.getByLabel('政策事项').click();
    await page.getByLabel('政策事项').fill(tourism.body.name);
    await page.keyboard.press('Enter');
    await page.locator('.ant-select-dropdown').waitFor({ state: 'hidden' });
    await page.getByLabel('金额（元）').fill('5000');
    await page.getByLabel(/拨付编号/).fill('CZ-WB-024');
    await checkScreen(page, 'work-pools-finance-allocating');
    await page.getByRole('button', { name: '确认拨付' }).click();
    // Assess
    await page.getByText(`已拨付 ¥5,000.00：${tourism.body.name}（编号 CZ-WB-024）`).waitFor();
    await page
      .getByRole('row', { name: /360728-024/ })
      .getByText('已用 0%')
      .waitFor();
    await checkScreen(page, 'work-pools-finance');
    const pool = await web.local.call('GET', `/budgets?policyId=360728-024&year=${year}`, {
      token: await web.local.token('finance', 'finance-dingnan'),
    });
    expect(pool.body.items[0]).toMatchObject({ fundedFen: 500_000, availableFen: 500_000 });
  }, 120_000);

  it('reconciles the day, sees the line the bank paid but the platform never did, resolves it and downloads the report', async () => {
    // Prepare: the bank's statement carries a payment the platform never made.
    await web.local.seedStatementLine({
      paymentId: 'wl-stranger-00077',
      accountNo: '6228489999990077',
      accountName: '陌生企业',
      amountFen: 12_345,
    });
    // Act: start the day's reconciliation; the report opens and fills in when it is done.
    await menu(page).getByRole('link', { name: '对账' }).click();
    await page.getByRole('heading', { name: '发起对账' }).waitFor();
    await checkScreen(page, 'work-reconciliations');
    await page.getByRole('button', { name: '开始对账' }).click();
    const section = page.getByRole('region', { name: '银行多出（银行已付、台账未付）' });
    await section.getByText('wl-stranger-00077').first().waitFor({ timeout: 60_000 });
    await expect(section.getByRole('heading').textContent()).resolves.toContain('1 笔，待处理 1 笔');
    await expect(section.textContent()).resolves.toContain('¥123.45');
    await checkScreen(page, 'work-reconciliation-report');

    // Act: download both reports.
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载报告（CSV）' }).click(),
    ]);
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载报告（Excel）' }).click(),
    ]);
    // Assess: the files the platform wrote, under its names.
    expect(csv.suggestedFilename()).toMatch(/^对账报告-.+\.csv$/);
    const text = (await readFile((await csv.path()) as string, 'utf8')).replace(/^\ufeff/, '');
    const [header, ...rows] = text.split('\r\n');
    expect(header?.split(',').slice(0, 3)).toEqual(['序号', '差异类型', '支付单号']);
    expect(rows.find((row) => row.includes('wl-stranger-00077'))).toContain('银行多出');
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = await readFile((await xlsx.path()) as string);
    expect(workbook.subarray(0, 2).toString()).toBe('PK');

    // Act: resolve it with a note.
    const card = section.locator('.ant-card', { hasText: 'wl-stranger-00077' });
    await card.getByLabel('处理说明（必填，记入审计）').fill('银行误入账，已通知银行冲回');
    await card.getByRole('button', { name: '标记为已处理' }).click();
    // Assess
    await card.getByText('处理说明：银行误入账，已通知银行冲回').waitFor();
    await card.getByText('已处理', { exact: true }).waitFor();
    await checkScreen(page, 'work-reconciliation-resolved');
    // The report is listed among the division's reconciliations, with what it found.
    await page.getByRole('link', { name: '← 返回对账' }).click();
    const listed = page.getByRole('region', { name: '最近的对账' }).getByRole('row', { name: /1 笔/ });
    await listed.getByRole('link', { name: shanghaiDate(new Date()) }).waitFor();
    await checkScreen(page, 'work-reconciliations-listed');
    await listed.getByRole('link').click();
    await page.getByText('处理说明：银行误入账，已通知银行冲回').waitFor();
    // The report on a phone.
    await page.setViewportSize(PHONE);
    await checkScreen(page, 'work-reconciliation-report-phone');
    await page.setViewportSize(DESKTOP);
  }, 120_000);

  it('reads the settlement statement, the risk warnings and the statistics', async () => {
    // Last year's pool is open; finance settles it and its 3,000 yuan go back.
    await menu(page).getByRole('link', { name: '年度清算' }).click();
    await page.getByText(`${year - 1} 年：已清算 0 个资金池，未清算 1 个`).waitFor();
    await checkScreen(page, 'work-settlements');
    await page.getByRole('button', { name: '清算：工业企业电价补贴' }).click();
    await page.getByText('可用余额 ¥3,000.00 将退回财政', { exact: false }).waitFor();
    // The confirmation fades in: the picture is taken once it has.
    await page
      .locator('.ant-popover')
      .evaluate((popover) => Promise.all(popover.getAnimations().map((animation) => animation.finished)));
    await checkScreen(page, 'work-settlements-confirm');
    await page.getByRole('button', { name: '确认清算' }).click();
    await page.getByText(`${year - 1} 年：已清算 1 个资金池，未清算 0 个`).waitFor();
    const department = page.getByRole('region', { name: /县工信局清算表/ });
    await department.getByText('已清算', { exact: false }).first().waitFor();
    await expect(department.textContent()).resolves.toContain('¥3,000.00');
    await checkScreen(page, 'work-settlements-settled');
    await page.setViewportSize(PHONE);
    await checkScreen(page, 'work-settlements-phone');
    await page.setViewportSize(DESKTOP);
    const [statement] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载清算表（CSV）' }).click(),
    ]);
    const lines = (await readFile((await statement.path()) as string, 'utf8')).split('\r\n');
    expect(lines.find((line) => line.includes('工业企业电价补贴'))).toMatch(/3,?000\.00/);
    // This year's pools are open and cannot be settled yet.
    await page.getByText(`${year} 年（进行中）`).click();
    await page.getByText('（年度结束后才能清算）', { exact: false }).waitFor();
    await expect(page.getByRole('button', { name: /^清算：/ }).count()).resolves.toBe(0);
    await checkScreen(page, 'work-settlements-this-year');

    await menu(page).getByRole('link', { name: '风险预警' }).click();
    await page.getByText(/红色 \d+ 条/).waitFor();
    await page.getByLabel('颜色').click();
    await page.locator('.ant-select-item-option', { hasText: '红色预警' }).click();
    await page.locator('.ant-select-dropdown').waitFor({ state: 'hidden' });
    await page.getByText(/红色 \d+ 条，黄色 0 条/).waitFor();
    await checkScreen(page, 'work-risk-warnings-finance');

    await menu(page).getByRole('link', { name: '统计分析' }).click();
    await page.getByText(/免申即享与即申即享事项占比/).waitFor();
    // The charts are drawn (ECharts, as SVG) with the figures of the tables below them.
    await page
      .getByRole('img', { name: /各部门兑付金额与按时兑付率图/ })
      .locator('svg')
      .waitFor();
    await page
      .getByRole('img', { name: /各兑现方式的事项数图/ })
      .getByText('免申即享')
      .first()
      .waitFor();
    await checkScreen(page, 'work-stats');
    await page.setViewportSize(PHONE);
    await checkScreen(page, 'work-stats-phone');
  }, 120_000);
});
