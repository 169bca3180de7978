/// <reference lib="dom" />
// An enterprise claims a policy in a real browser, on the platform `npm start` runs: it registers with its bank
// account, reads its matches, applies with an uploaded PDF, follows its case as the department returns and approves
// it, corrects it, objects to an announcement, and rates a case that ended. Every screen is checked by axe.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkScreen, DESKTOP, PHONE, signInAs } from '../support/browser.ts';
import { chainSteps } from '../support/chain-steps.ts';
import { useWebPlatform } from '../support/web-platform.ts';

const TOURISM = '91360728MA3DN0QY26';
const TOURISM_NAME = '定南县示例文旅发展有限公司';
const NEIGHBOUR_NAME = '定南县示例稀土新材料有限公司';
const DEPARTMENT = '360728-wgxlj';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

const web = useWebPlatform();
const steps = chainSteps(() => web.local, 30_000);

/** Drafts and publishes a 即申即享 item of 县文广新旅局 with an application form to upload and an announcement. */
async function publishPolicy(seq: number, name: string): Promise<string> {
  const admin = await web.local.token('admin', 'admin-dingnan');
  const drafted = await web.local.call('POST', '/policies', {
    token: admin,
    body: {
      groupName: '文旅产业发展奖励',
      name,
      mode: 'instant',
      channel: 'online',
      basis: '定南县促进文旅产业高质量发展若干措施',
      eligibility: { text: '在本县登记的文旅企业', rules: { anyTags: ['文旅'], divisionCodes: ['360728'] } },
      materials: [{ name: '申请表', required: true }],
      timeLimits: { routing: 1, initialReview: 3, substantiveReview: 0, payer: 1 },
      announcementDays: 3,
      effectiveFrom: '2024-01-01',
      seq,
      departmentId: DEPARTMENT,
    },
  });
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
  const published = await web.local.call('POST', `/policies/${drafted.body.id}/status`, {
    token: admin,
    body: { status: 'published', reason: '县政府常务会议审议通过' },
  });
  expect(published.status).toBe(200);
  return drafted.body.id as string;
}

describe('an enterprise claims a policy in the portal', () => {
  let page: Page;
  let policyId: string;
  let caseId: string;

  it('registers its profile and bank account, and is warned when it changes the account', async () => {
    // Act: sign in, follow the registration prompt, fill the form.
    page = await web.visit(PHONE, '/app/me');
    await signInAs(page, new RegExp(TOURISM_NAME));
    await page.getByText('请先登记企业信息和银行账户').waitFor();
    await checkScreen(page, 'me-unregistered-phone');
    await page.getByRole('link', { name: '现在登记' }).click();
    await page.getByLabel('企业名称').fill(TOURISM_NAME);
    await page.getByLabel('法定代表人').fill('张三');
    await page.getByRole('checkbox', { name: '文旅' }).check();
    await page.getByLabel('其他标签').fill('绿色工厂、 瞪羚企业');
    await page.getByLabel('注册地行政区划代码').fill('360728');
    await page.getByLabel('开户银行').fill('中国银行定南支行');
    await page.getByLabel('银行账号').fill('6216600100001234');
    await checkScreen(page, 'profile-new-phone');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('企业信息已保存').waitFor();
    // Act: a new account number brings the warning before it is saved.
    await page.getByLabel('银行账号').fill('6216600100005678');
    await page.getByText('您正在变更收款账户').waitFor();
    // Act: the account is at another bank than the payer's, so its branch's 联行号 goes with it; a short one is refused.
    await page.getByLabel(/开户行联行号/).fill('10442800012');
    await page.getByText('开户行联行号应为 12 位数字').waitFor();
    await page.getByLabel(/开户行联行号/).fill('104428000123');
    await checkScreen(page, 'profile-account-change-phone');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('企业信息已保存').waitFor();

    // Assess: the platform holds the new account and remembers the change.
    const token = await web.local.token('enterprise', TOURISM);
    const profile = await web.local.call('GET', '/enterprises/me', { token });
    expect(profile.body.bankAccount).toEqual({
      bankName: '中国银行定南支行',
      accountNo: '6216600100005678',
      accountName: TOURISM_NAME,
      bankCode: '104428000123',
    });
    expect(profile.body.bankAccountChanges).toHaveLength(1);
    expect(profile.body.tags).toEqual(['文旅', '绿色工厂', '瞪羚企业']);
  });

  it('sees the policies it qualifies for with the reasons, and what it lacks for a near miss', async () => {
    // Act
    await page.getByRole('link', { name: '查看可享政策' }).click();
    await page.getByRole('heading', { name: '还差一项条件的政策' }).waitFor();

    // Assess: items of the county match with their reasons; the near misses each lack one tag, never 文旅.
    const matches = page.locator('.ant-card', { hasText: '可享政策（精准推送）' });
    expect(await matches.getByText(/^✓ 符合的条件：.*注册地 360728在适用地区/).count()).toBeGreaterThan(0);
    const nearMisses = page.locator('section', { hasText: '还差一项条件的政策' });
    expect(await nearMisses.getByText(/^✗ 还缺：须具备其一：/).count()).toBeGreaterThan(0);
    expect(await nearMisses.getByText(/具备标签：文旅/).count()).toBe(0);
    await checkScreen(page, 'me-matches-phone');
  });

  it('applies with an uploaded PDF and gets the case number and the date it is promised by', async () => {
    // Prepare
    policyId = await publishPolicy(951, '文旅融合示范项目奖励（网上申报）');

    // Act: from the guide, upload the form, ask an amount, check, confirm.
    await page.goto(`${web.local.platform.url}/app/policies/${policyId}`);
    await page.getByRole('link', { name: '在线申请' }).click();
    await page.getByRole('heading', { name: /申请：/ }).waitFor();
    await page.getByRole('button', { name: '下一步：核对信息' }).click();
    await page.getByText('请上传：申请表').waitFor();
    await page
      .getByLabel('上传：申请表')
      .setInputFiles({ name: '申请表.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByText('✓ 已上传：申请表.pdf').waitFor();
    await page.getByLabel(/申请金额/).fill('3000');
    await checkScreen(page, 'apply-phone');
    await page.getByRole('button', { name: '下一步：核对信息' }).click();
    await page.getByRole('button', { name: '确认提交' }).click();
    await page.getByText('申请已提交').waitFor();
    await checkScreen(page, 'apply-filed-phone');

    // Assess: the case cites the uploaded material and asks 3,000 yuan.
    caseId = (await page.locator('.ant-result-subtitle .ant-typography').first().textContent()) ?? '';
    const token = await web.local.token('enterprise', TOURISM);
    const record = await web.local.call('GET', `/applications/${caseId}`, { token });
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({ policyId, requestedAmountFen: 300_000, status: expect.any(String) });
    expect(record.body.materialIds).toHaveLength(1);
    expect(await page.getByText(`承诺办结日期：${record.body.dueOn}`).count()).toBe(1);
  });

  it('follows its case as the department returns it, resubmits, and sees it approved', async () => {
    // Prepare: the department asks for a correction through the API, as its workbench would.
    const department = await web.local.token('department', DEPARTMENT);
    const decision = await steps.taskOf(department, caseId, 'department_decision');
    // The inbox shows whom and what the task is about without a read per case.
    expect(decision.caseSummary).toEqual({
      uscc: TOURISM,
      enterpriseName: TOURISM_NAME,
      policyId,
      policyName: '文旅融合示范项目奖励（网上申报）',
      requestedAmountFen: 300_000,
    });
    await steps.decide(department, decision.id, { outcome: 'return', reason: '请补充加盖公章的申请表' });
    const enterprise = await web.local.token('enterprise', TOURISM);
    await steps.statusOf(caseId, enterprise, 'returned');

    // Act: the header counts the new notice; the case says what to correct; upload and resubmit.
    await page.goto(`${web.local.platform.url}/app/me`);
    await page.getByRole('link', { name: /消息（\d+ 条未读）/ }).click();
    await page.getByRole('heading', { name: '我的消息' }).waitFor();
    await page.getByText('新消息').first().waitFor();
    await checkScreen(page, 'notifications-phone');
    await page.getByRole('link', { name: '查看办件' }).first().click();
    await page.getByText('主管部门要求补正').waitFor();
    expect(await page.locator('.ant-alert', { hasText: '主管部门要求补正' }).textContent()).toContain(
      '请补充加盖公章的申请表',
    );
    await checkScreen(page, 'case-returned-phone');
    await page
      .getByLabel('上传：申请表')
      .setInputFiles({ name: '申请表（盖章）.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByText('✓ 已上传：申请表（盖章）.pdf').waitFor();
    await page.getByLabel('补正说明（选填）').fill('已加盖公章');
    await page.getByRole('button', { name: '重新提交' }).click();
    await page.getByText('补正材料后重新提交').waitFor({ state: 'detached' });

    // Assess: the chain took the correction; the department approves; the enterprise reads it announced.
    const again = await steps.taskOf(department, caseId, 'department_decision');
    expect(again.id).not.toBe(decision.id);
    await steps.decide(department, again.id, { outcome: 'approve', amountFen: 300_000 });
    const announced = await steps.statusOf(caseId, enterprise, 'announced');
    expect(announced.materialIds).toHaveLength(2);
    await page.reload();
    await page.getByText(/公示中，至 .* 结束/).waitFor();
    expect(await page.getByText('¥3,000.00').count()).toBeGreaterThan(0);
    await checkScreen(page, 'case-announced-phone');
  });

  it('lets anyone signed in object to the announcement, which the department then has to check', async () => {
    // Act: a neighbour reads the public board, signs in from it and objects.
    const neighbour = await web.visit(DESKTOP, '/app/announcements');
    await neighbour.getByText('文旅融合示范项目奖励（网上申报）').waitFor();
    await checkScreen(neighbour, 'announcements-desktop');
    await neighbour
      .getByRole('button', { name: /登录后提出异议/ })
      .first()
      .click();
    await neighbour.getByRole('button', { name: new RegExp(NEIGHBOUR_NAME) }).click();
    await neighbour.getByRole('button', { name: /^提出异议：文旅融合示范项目奖励（网上申报）/ }).click();
    await neighbour.getByLabel(/异议理由/).fill('该企业的示范项目尚未完工，不符合申报条件');
    await neighbour.getByRole('button', { name: '提交异议' }).click();
    await neighbour.getByText('异议已提交').waitFor();
    await checkScreen(neighbour, 'objection-desktop');

    // Assess: the department has the objection to check.
    const department = await web.local.token('department', DEPARTMENT);
    const task = await steps.taskOf(department, caseId, 'objection');
    expect(task.objection.reason).toBe('该企业的示范项目尚未完工，不符合申报条件');
    expect(task.caseSummary).toMatchObject({ uscc: TOURISM, approvedAmountFen: 300_000 });
    expect(task.caseSummary.requestedAmountFen).toBeUndefined();
    await neighbour.context().close();
  });

  it('reads why a case was not approved and rates the service once it has ended', async () => {
    // Prepare: another application, which the department rejects with its reason and the policy's explanation.
    const otherPolicy = await publishPolicy(952, '文旅融合示范项目奖励（评价）');
    const enterprise = await web.local.token('enterprise', TOURISM);
    const rejected = await steps.file(enterprise, otherPolicy);
    const department = await web.local.token('department', DEPARTMENT);
    const decision = await steps.taskOf(department, rejected, 'department_decision');
    await steps.decide(department, decision.id, {
      outcome: 'reject',
      reason: '项目未通过验收',
      explanation: '本政策奖励已通过验收的示范项目，验收通过后可再申请',
    });
    await steps.statusOf(rejected, enterprise, 'rejected');

    // Act
    await page.goto(`${web.local.platform.url}/app/cases/${rejected}`);
    await page.getByText('不予通过：项目未通过验收').waitFor();
    expect(await page.getByText('政策解释：本政策奖励已通过验收的示范项目，验收通过后可再申请').count()).toBe(
      1,
    );
    await checkScreen(page, 'case-rejected-phone');
    await page
      .getByRole('radio', { name: '4 stars' })
      .or(page.locator('.ant-rate-star').nth(3).getByRole('radio'))
      .first()
      .click();
    await page.getByText('4 分：满意').waitFor();
    await page.getByLabel('意见建议（选填）').fill('说明清楚');
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByText('您的评价').waitFor();

    // Assess
    const record = await web.local.call('GET', `/applications/${rejected}`, { token: enterprise });
    expect(record.body.rating).toMatchObject({ score: 4, comment: '说明清楚' });
    await checkScreen(page, 'case-rated-phone');
    await page.context().close();
  });
});
