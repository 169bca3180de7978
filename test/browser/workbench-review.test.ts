/// <reference lib="dom" />
// Reviewers do their day in the browser, on the platform `npm start` runs: a department works its inbox (most
// urgent first), opens a case with its materials and guide, returns it, the enterprise corrects it in the portal, and
// the reviewer approves the correction once; an agency keeps its list and clears a hit in joint review; a head sees
// an overdue task escalated by the SLA sweep; a reviewer who follows another role's link is told so. Every screen is
// checked by axe.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkScreen, DESKTOP, PHONE, signInAs } from '../support/browser.ts';
import { chainSteps } from '../support/chain-steps.ts';
import { validUscc } from '../support/uscc.ts';
import { useWebPlatform } from '../support/web-platform.ts';

const DAY_MS = 86_400_000;
const TOURISM = '91360728MA3DN0QY26';
const TOURISM_NAME = '定南县示例文旅发展有限公司';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
/** The county's seeded instant item of 县文广新旅局, reviewed by its department decision. */
const TOURISM_ITEM = '360728-020';
const TOURISM_DEPARTMENT = '360728-wgxlj';

const web = useWebPlatform();
const steps = chainSteps(() => web.local, 30_000);

/** A person's own browser: a fresh context is a fresh session at the identity provider. */
async function signedIn(viewport: { width: number; height: number }, who: RegExp): Promise<Page> {
  const context = await web.browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${web.local.platform.url}/app/work`);
  await signInAs(page, who);
  await page.getByRole('heading', { name: '工作台', exact: true }).waitFor();
  return page;
}

/** An enterprise registered under its name files the item with an uploaded application form. */
async function fileWithForm(first17: string, name: string, amountFen: number): Promise<string> {
  const uscc = validUscc(first17);
  const token = await web.local.registerEnterprise(uscc, { name, tags: ['文旅'] });
  const material = await web.local.call('POST', '/materials', {
    token,
    body: {
      fileName: '申请表.pdf',
      contentType: 'application/pdf',
      sizeBytes: PDF.length,
      materialName: '申请表',
    },
  });
  const stored = await fetch(material.body.upload.url, {
    method: 'PUT',
    headers: material.body.upload.headers,
    body: PDF,
  });
  expect(stored.status).toBe(200);
  const filed = await web.local.call('POST', '/applications', {
    token,
    body: { policyId: TOURISM_ITEM, requestedAmountFen: amountFen, materialIds: [material.body.id] },
  });
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  return filed.body.id as string;
}

/** Runs the SLA sweep as its schedule would at `time`. */
async function sweepAt(time: Date) {
  const name = web.local.platform.assembly.functions.find((f) => f.name.startsWith('SlaSweep'))?.name ?? '';
  return web.local.platform.invoke(name, { sweep: 'sla', time: time.toISOString() });
}

describe('a department reviewer', () => {
  it('works the inbox: opens a case with its materials, returns it, and approves the correction made in the portal once', async () => {
    // Prepare: two cases wait in the department's inbox.
    const calm = await fileWithForm('91360728MA35W0RA1', '定南县示例民宿有限公司', 200_000);
    // The county's demo enterprise, so it can sign in to the portal to correct its case.
    const urgent = await fileWithForm('91360728MA3DN0QY2', TOURISM_NAME, 300_000);
    const department = await web.local.token('department', TOURISM_DEPARTMENT);
    await steps.taskOf(department, urgent, 'department_decision');
    await steps.taskOf(department, calm, 'department_decision');

    // Act: sign in, open the inbox.
    const page = await signedIn(DESKTOP, /^县文广新旅局/);
    await checkScreen(page, 'work-home-department-desktop');
    await page.getByRole('navigation', { name: '工作台' }).getByRole('link', { name: '待办审核' }).click();
    await page.getByRole('heading', { name: '待办审核', level: 1 }).waitFor();
    await page.getByRole('link', { name: TOURISM_NAME, exact: true }).waitFor();
    await checkScreen(page, 'work-tasks-desktop');
    await page.getByRole('link', { name: TOURISM_NAME, exact: true }).click();
    await page.getByRole('heading', { name: new RegExp(`部门决定：${TOURISM_NAME}`) }).waitFor();
    await page.getByRole('link', { name: '申请表：申请表.pdf' }).waitFor();
    await page.getByText('预审结果（受理时）').waitFor();
    await checkScreen(page, 'work-task-desktop');
    // Act: return it with what to correct.
    await page.getByRole('radio', { name: '退回补正' }).check();
    await page.getByLabel('需补正的内容').fill('申请表缺少法定代表人签字，请签字盖章后重新上传');
    await page.getByRole('button', { name: '提交决定' }).click();
    await page.getByText('已作出决定', { exact: true }).waitFor();

    // Assess: the enterprise reads the request on its case page, signs in and resubmits there; a new task opens.
    const enterprise = await web.local.token('enterprise', TOURISM);
    const returned = await steps.statusOf(urgent, enterprise, 'returned');
    expect(returned.correctionRequest).toBe('申请表缺少法定代表人签字，请签字盖章后重新上传');
    const portal = await web.visit(PHONE, `/app/cases/${urgent}`);
    await signInAs(portal, new RegExp(TOURISM_NAME));
    await portal.getByText('申请表缺少法定代表人签字，请签字盖章后重新上传').first().waitFor();
    await portal.getByLabel('补正说明（选填）').fill('已由法定代表人签字并加盖公章');
    await portal.getByRole('button', { name: '重新提交' }).click();
    await portal.getByText('补正材料后重新提交').waitFor({ state: 'detached' });
    const again = await steps.taskOf(department, urgent, 'department_decision');

    // Act: approve without an amount first — the form asks for it before anything is sent.
    await page.goto(`${web.local.platform.url}/app/work/tasks/${again.id}`);
    await page.getByRole('radio', { name: '批准' }).check();
    await page.getByLabel('核定金额（元）').clear();
    await page.getByRole('button', { name: '提交决定' }).click();
    await page.getByText('批准时须填写核定金额').waitFor();
    await page.getByLabel('核定金额（元）').fill('3000');
    await page.getByRole('button', { name: '提交决定' }).click();
    await page.getByText('已作出决定', { exact: true }).waitFor();
    await checkScreen(page, 'work-task-decided-desktop');
    expect(await page.getByRole('status').textContent()).toContain('核定金额 ¥3,000.00');

    // Assess: decided once; a second decision is refused with who made the first; the task leaves the inbox.
    await steps.statusOf(urgent, enterprise, 'sent_to_payer');
    const twice = await web.local.call('POST', `/tasks/${again.id}/decision`, {
      token: department,
      body: { outcome: 'reject', reason: '重复', explanation: '重复' },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toContain(`department:${TOURISM_DEPARTMENT}`);
    await page.goto(`${web.local.platform.url}/app/work/tasks/${again.id}`);
    await page.getByText('这项任务已经办结，或不在您的待办中').waitFor();
    await page.goto(`${web.local.platform.url}/app/work/tasks`);
    await page.getByRole('link', { name: '定南县示例民宿有限公司', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: TOURISM_NAME, exact: true }).count()).toBe(0);
  });

  it('checks a whitelist spreadsheet, sees the refused line with its reason, pushes it and watches it pay', async () => {
    // Prepare: finance funds the pool of 县统计局's 免申即享 item; the department keeps its list as a CSV.
    const finance = await web.local.token('finance', 'finance-dingnan');
    const year = new Date().getFullYear();
    const funded = await web.local.call('POST', '/budgets/allocations', {
      token: finance,
      body: { policyId: '360728-001', year, amountFen: 10_000_000, ref: `统计局-${year}-拨付` },
    });
    expect([200, 201]).toContain(funded.status);
    const [first, second] = [validUscc('91360728MA35W0WA1'), validUscc('91360728MA35W0WA2')];
    const csv = [
      '统一社会信用代码,企业名称,开户银行,银行账号,账户名称,金额（元）',
      `${first},定南县示例电子有限公司,中国银行定南支行,6216600100007001,定南县示例电子有限公司,"1,000.00"`,
      `${second},定南县示例机械有限公司,中国银行定南支行,6216600100007002,定南县示例机械厂,500`,
      `${validUscc('91360728MA35W0WA3')},定南县示例纺织有限公司,中国银行定南支行,6216600100007003,定南县示例纺织有限公司,800.5`,
    ].join('\r\n');

    // Act: choose the item and the file, check, read the refusal, push.
    const page = await signedIn(DESKTOP, /^县统计局/);
    await page.getByRole('navigation', { name: '工作台' }).getByRole('link', { name: '白名单推送' }).click();
    await page.getByLabel('政策事项').click();
    await page.locator('.ant-select-item-option', { hasText: '360728-001' }).click();
    await page
      .getByLabel('选择名单表格')
      .setInputFiles({ name: '2026年新增入规企业.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByText('已读取 2026年新增入规企业.csv：3 行，合计 ¥2,300.50。').waitFor();
    await page.getByRole('button', { name: '核对名单' }).click();
    await page.getByText(/可受理 2 行，1 行会被拒/).waitFor();
    await page.getByRole('cell', { name: '银行账户户名须与企业名称一致' }).waitFor();
    expect(await page.getByRole('row', { name: /^3 定南县示例机械有限公司/ }).count()).toBe(1);
    await checkScreen(page, 'work-whitelist-checked-desktop');
    await page.getByRole('button', { name: '确认推送 2 行' }).click();

    // Assess: the progress counts the two accepted lines paid.
    await page.getByText('名单已推送，兑付机构将逐条兑付').waitFor();
    await page.getByText('本批次已全部办结。').waitFor({ timeout: 60_000 });
    await checkScreen(page, 'work-whitelist-progress-desktop');
    const paid = page.locator('.ant-statistic', { hasText: '已到账' });
    expect(await paid.locator('.ant-statistic-content').textContent()).toBe('2');
  });

  it('is told plainly when it follows a link to another role’s screen', async () => {
    const page = await signedIn(PHONE, /^县文广新旅局/);
    await page.goto(`${web.local.platform.url}/app/work/payments`);
    await page.getByText('此页面不属于您的工作台').waitFor();
    await checkScreen(page, 'work-refused-phone');
    await page.goto(`${web.local.platform.url}/app/me/profile`);
    await page.getByText('此页面供企业使用').waitFor();
    await page.getByRole('link', { name: '回到工作台' }).click();
    await page.getByRole('heading', { name: '工作台', exact: true }).waitFor();
  });

  it('reads the inbox on a phone in large-text mode without sideways scrolling', async () => {
    const page = await signedIn(PHONE, /^县文广新旅局/);
    // The landing page's cards carry the same names as the menu: wait for the screen's own title, and switch to
    // large text only once it is there, so the click cannot land on a menu that the larger text is still moving.
    await page.getByRole('navigation', { name: '工作台' }).getByRole('link', { name: '待办审核' }).click();
    await page.getByRole('heading', { name: '待办审核', level: 1 }).waitFor();
    await page.getByText(/^共 \d+ 件/).waitFor();
    await page.getByRole('switch', { name: '大字模式' }).click();
    await page.getByRole('switch', { name: '大字模式', checked: true }).waitFor();
    await checkScreen(page, 'work-tasks-large-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  });
});

describe('a joint-review agency', () => {
  it('lists an enterprise with its reason, then clears the hit in joint review', async () => {
    const uscc = validUscc('91360728MA35W0RA3');
    await web.local.registerEnterprise(uscc, { name: '定南县示例农家乐有限公司', tags: ['文旅'] });
    // Act: the credit agency lists the enterprise on its own screen.
    const page = await signedIn(PHONE, /县发展改革委（失信名单）/);
    await checkScreen(page, 'work-home-agency-phone');
    await page.getByRole('navigation', { name: '工作台' }).getByRole('link', { name: '本部门名单' }).click();
    await page.getByLabel('统一社会信用代码').fill(uscc);
    await page.getByLabel('列入原因').fill('曾列入失信被执行人名单（已履行完毕）');
    await page.getByRole('button', { name: '列入名单' }).click();
    await page.getByText(`已将 ${uscc} 列入名单`).waitFor();
    await page.getByRole('cell', { name: '曾列入失信被执行人名单（已履行完毕）' }).waitFor();
    await checkScreen(page, 'work-blacklist-phone');

    // Act: the enterprise applies; the agency's task shows the hit; it clears it.
    const caseId = await steps.file(await web.local.token('enterprise', uscc), TOURISM_ITEM);
    const agency = await web.local.token('agency', '360728-credit');
    const task = await steps.taskOf(agency, caseId, 'joint_review');
    expect(task.hit).toEqual({ reason: '曾列入失信被执行人名单（已履行完毕）' });
    await page.goto(`${web.local.platform.url}/app/work/tasks/${task.id}`);
    await page.getByText('列入原因：曾列入失信被执行人名单（已履行完毕）').waitFor();
    await checkScreen(page, 'work-joint-review-phone');
    await page.getByRole('radio', { name: '核实排除，可继续办理' }).check();
    await page.getByRole('button', { name: '提交决定' }).click();
    await page.getByText('已作出决定', { exact: true }).waitFor();

    // Assess: the case goes on to the department with the hit cleared.
    const department = await web.local.token('department', TOURISM_DEPARTMENT);
    await steps.taskOf(department, caseId, 'department_decision');
    const record = await web.local.call('GET', `/applications/${caseId}`, { token: department });
    expect(record.body.jointReview).toEqual([
      expect.objectContaining({ agencyId: '360728-credit', outcome: 'cleared' }),
    ]);
  });
});

describe('a department head (督办)', () => {
  it('sees the unit’s overdue task the sweep escalated, how late it is and who holds it', async () => {
    const uscc = validUscc('91360728MA35W0RA4');
    const token = await web.local.registerEnterprise(uscc, {
      name: '定南县示例商贸有限公司',
      tags: ['外贸'],
    });
    const caseId = await steps.file(token, '360728-035');
    const commerce = await web.local.token('department', '360728-swj');
    const task = await steps.taskOf(commerce, caseId, 'department_decision');
    await sweepAt(new Date(Date.parse(`${task.dueDate}T01:00:00Z`) + 7 * DAY_MS));

    const page = await signedIn(DESKTOP, /县商务局负责人/);
    await page.getByRole('navigation', { name: '工作台' }).getByRole('link', { name: '督办事项' }).click();
    await page.getByRole('cell', { name: '定南县示例商贸有限公司' }).waitFor();
    // Who holds it, by the department's name once the names are in.
    await page.getByRole('cell', { name: '县商务局', exact: true }).first().waitFor();
    await checkScreen(page, 'work-escalations-desktop');
  });
});
