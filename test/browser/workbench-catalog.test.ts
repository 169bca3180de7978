/// <reference lib="dom" />
// The admin and the window clerk at their workbench in a real browser, on the platform `npm start` runs: the admin
// drafts a policy in the form, publishes it and finds it in the public catalog, edits it and compares versions, and
// reads its audit trail; the clerk finds an enterprise by its USCC, files a case for it with a scanned PDF and prints
// the acceptance slip; a clerk is refused the admin's screens. Every screen is checked by axe.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkScreen, DESKTOP, PHONE, screenshot, signInAs } from '../support/browser.ts';
import { chainSteps } from '../support/chain-steps.ts';
import { validUscc } from '../support/uscc.ts';
import { useWebPlatform } from '../support/web-platform.ts';

const ADMIN = '平台管理员';
const WINDOW = '县政务服务中心惠企政策兑现专窗';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

const web = useWebPlatform();
const steps = chainSteps(() => web.local, 30_000);

/** Picks an option of an Ant Design select by typing part of its name and Enter, as a keyboard user would. */
async function choose(page: Page, label: string, typed: string, option: string) {
  const box = page.getByRole('combobox', { name: label });
  await box.click();
  await box.fill(typed);
  await page.locator('.ant-select-item-option-active', { hasText: option }).waitFor();
  await box.press('Enter');
}

describe('the admin keeps the catalog', () => {
  const name = '文旅融合示范项目奖励（工作台起草）';
  let page: Page;

  it('drafts a policy in the form, publishes it with a reason, and it is in the public catalog', async () => {
    // Act: sign in at the workbench, open the catalog, write a new item.
    page = await web.visit(DESKTOP, '/app/work');
    await signInAs(page, ADMIN);
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    await checkScreen(page, 'work-admin-landing');
    await page
      .getByRole('navigation', { name: '工作台' })
      .getByRole('link', { name: '政策事项管理' })
      .click();
    await page.getByRole('cell', { name: /旅游/ }).first().waitFor();
    await checkScreen(page, 'work-catalog-list');
    await page.getByRole('button', { name: '新增政策事项' }).click();
    await page.setViewportSize(PHONE);
    await page.getByLabel('清单序号').waitFor();
    await checkScreen(page, 'work-policy-new-empty-phone');
    await page.setViewportSize(DESKTOP);
    await page.getByLabel('清单序号').fill('961');
    await choose(page, '主管部门', '文广', '县文广新旅局');
    await page.getByLabel('政策项目').fill('文旅产业发展奖励');
    await page.getByLabel('事项名称').fill(name);
    await page.getByLabel('政策依据').fill('定南县促进文旅产业高质量发展若干措施第三条');
    await page.getByLabel(/享受对象/).fill('在本县登记的文旅企业');
    await page.getByLabel('具备其一即可的标签').fill('文旅、旅游');
    await page.getByLabel(/适用地区/).fill('360728');
    await page.getByRole('radio', { name: '定额' }).check();
    await page.getByLabel('每户金额（元）').fill('5000');
    await page.getByLabel('生效日期').fill('2024-01-01');
    await checkScreen(page, 'work-policy-new');
    await page.getByRole('button', { name: '保存为草稿' }).click();
    await page.getByText('这是草稿，企业看不到').waitFor();
    await checkScreen(page, 'work-policy-draft');

    // Assess: the draft is in the drafts, not in the public catalog.
    const admin = await web.local.token('admin', 'admin-dingnan');
    const drafts = await web.local.call('GET', '/policy-drafts', { token: admin });
    const draft = drafts.body.items.find((p: { name: string }) => p.name === name);
    expect(draft).toMatchObject({
      id: '360728-961',
      status: 'draft',
      departmentId: '360728-wgxlj',
      amountRule: { kind: 'fixed', amountFen: 500_000 },
      eligibility: { rules: { anyTags: ['文旅', '旅游'], divisionCodes: ['360728'] } },
      materials: [{ name: '申请表', required: true }],
      timeLimits: { routing: 1, initialReview: 3, substantiveReview: 0, payer: 1 },
    });

    // Act: publish it; a missing reason is asked for first.
    await page.getByRole('button', { name: '确认发布' }).click();
    await page.getByText('请写明理由').waitFor();
    await page.getByLabel('理由（记入审计记录）').fill('县政府常务会议审议通过');
    await page.getByRole('button', { name: '确认发布' }).click();
    await page.getByText('已发布', { exact: true }).waitFor();
    await checkScreen(page, 'work-policy-published');

    // Assess: the public catalog lists it.
    const catalog = await web.visit(PHONE, '/app/');
    await catalog.getByLabel('按政策名称搜索').fill('工作台起草');
    await catalog.getByRole('button', { name: '搜索' }).click();
    await catalog.getByRole('link', { name }).waitFor();
    await catalog.context().close();
  });

  it('edits the guide into a new version and sets the two versions side by side', async () => {
    // Act
    await page.getByRole('button', { name: '修改办事指南' }).click();
    await page.getByLabel('公示天数').fill('7');
    await page.getByRole('button', { name: '保存为新版本' }).click();
    await page.getByText('版本对照').waitFor();

    // Assess: version 2 differs from version 1 in the announcement alone (its days, and so the process).
    const compared = page.locator('.ant-card', { hasText: '版本对照' });
    await compared.getByText('2 处不同').waitFor();
    await expect(compared.getByRole('row', { name: /公示天数.*有变化.*5 天.*7 天/ }).count()).resolves.toBe(
      1,
    );
    await checkScreen(page, 'work-policy-versions');
  });

  it('reads the audit trail of the policy with its chain verdict', async () => {
    // Act
    await page.getByRole('link', { name: '查看该事项的审计记录' }).click();
    await page.getByText(/哈希链完整：共 3 条记录/).waitFor();

    // Assess: created, published with its reason, edited.
    await page.getByRole('cell', { name: '县政府常务会议审议通过' }).waitFor();
    await checkScreen(page, 'work-audit-policy');
  });

  it('sees the stuck cases and the working calendar, on a phone too', async () => {
    // Act + Assess
    await page
      .getByRole('navigation', { name: '工作台' })
      .getByRole('link', { name: '中断的审批流程' })
      .click();
    await page.getByText('没有中断的审批流程，一切正常').waitFor();
    await checkScreen(page, 'work-stuck');
    await page.setViewportSize(PHONE);
    await checkScreen(page, 'work-stuck-phone');
    await page.getByRole('navigation', { name: '工作台' }).getByRole('link', { name: '工作日历' }).click();
    await page.getByLabel('年份').fill('2031');
    await page.getByText('尚未公布：暂按周一至周五计').waitFor();
    await page.getByLabel('放假日期').fill('2031-01-01 元旦\n2031-10-01 国庆节');
    await page.getByLabel(/调休上班日期/).fill('2031-09-28 国庆节');
    await checkScreen(page, 'work-calendar-phone');
    await page.getByRole('button', { name: '导入 2031 年日历' }).click();
    await page.getByText('已导入并记入审计记录').waitFor();
    const calendar = await web.local.call('GET', '/calendar/2031');
    expect(calendar.body).toMatchObject({
      source: 'loaded',
      holidays: [
        { date: '2031-01-01', name: '元旦' },
        { date: '2031-10-01', name: '国庆节' },
      ],
      makeupWorkdays: [{ date: '2031-09-28', name: '国庆节' }],
    });
    await page
      .getByRole('navigation', { name: '工作台' })
      .getByRole('link', { name: '政策事项管理' })
      .click();
    await page.getByRole('cell', { name: /旅游/ }).first().waitFor();
    await checkScreen(page, 'work-catalog-list-phone');
    await page.getByRole('navigation', { name: '工作台' }).getByRole('link', { name: '审计记录' }).click();
    await page.getByLabel('编号').waitFor();
    await checkScreen(page, 'work-audit-lookup-phone');
    await page.context().close();
  });
});

describe('the window clerk files for an enterprise at the counter (一窗受理)', () => {
  const enterprise = validUscc('91360728MA35WB0C1');
  const unknown = validUscc('91360728MA35WB0C2');
  const name = '文旅融合示范项目奖励（专窗代办）';
  let page: Page;
  let caseId = '';

  beforeAll(async () => {
    await web.local.registerEnterprise(enterprise, { name: '定南县专窗示例旅游有限公司' });
    const admin = await web.local.token('admin', 'admin-dingnan');
    const drafted = await web.local.call('POST', '/policies', {
      token: admin,
      body: {
        groupName: '文旅产业发展奖励',
        name,
        mode: 'instant',
        channel: 'window',
        basis: '定南县促进文旅产业高质量发展若干措施',
        eligibility: { text: '在本县登记的文旅企业', rules: { anyTags: ['文旅'] } },
        materials: [
          { name: '申请表', required: true },
          { name: '项目验收报告', required: false },
        ],
        timeLimits: { routing: 1, initialReview: 3, substantiveReview: 0, payer: 1 },
        amountRule: { kind: 'per_unit', unitName: '个项目', unitFen: 1_000_000, capFen: 3_000_000 },
        announcementDays: 3,
        effectiveFrom: '2024-01-01',
        seq: 962,
        departmentId: '360728-wgxlj',
      },
    });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    const published = await web.local.call('POST', `/policies/${drafted.body.id}/status`, {
      token: admin,
      body: { status: 'published', reason: '县政府常务会议审议通过' },
    });
    expect(published.status).toBe(200);
  });

  it('is told how a new enterprise registers when its USCC is not found', async () => {
    // Act
    page = await web.visit(PHONE, '/app/work');
    await signInAs(page, WINDOW);
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    await checkScreen(page, 'work-window-landing-phone');
    await page.getByRole('navigation', { name: '工作台' }).getByRole('link', { name: '一窗受理' }).click();
    await page.getByLabel('统一社会信用代码').fill('91360728MA35WB0C1X');
    await page.getByRole('button', { name: '查找企业' }).click();
    await page.getByText(/校验位不正确|应为 18 位/).waitFor();
    await checkScreen(page, 'work-counter-phone');
    await page.getByLabel('统一社会信用代码').fill(unknown);
    await page.getByRole('button', { name: '查找企业' }).click();

    // Assess
    await page.getByText(`没有找到统一社会信用代码为 ${unknown} 的本县企业`).waitFor();
    await page.getByText(/我的 → 企业信息/).waitFor();
    await checkScreen(page, 'work-counter-unknown-phone');
  });

  it('finds the enterprise, files a case for it with a scanned PDF, and prints the acceptance slip', async () => {
    // Act: find the enterprise, pick the policy, upload the form, file.
    await page.getByLabel('统一社会信用代码').fill(enterprise);
    await page.getByRole('button', { name: '查找企业' }).click();
    await page.getByText('定南县专窗示例旅游有限公司').first().waitFor();
    await page.getByText('该企业在本县还没有办件').waitFor();
    await choose(page, '申请的政策事项', '专窗代办', name);
    await page.getByRole('button', { name: '受理并出具回执' }).click();
    await page.getByText('请扫描上传：申请表').waitFor();
    await page
      .getByLabel('上传：申请表')
      .setInputFiles({ name: '申请表.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByText('✓ 已上传：申请表.pdf').waitFor();
    await page.getByLabel(/申请金额/).fill('20000');
    await checkScreen(page, 'work-counter-file-phone');
    await page.getByRole('button', { name: '受理并出具回执' }).click();
    await page.getByRole('heading', { name: '惠企政策兑现受理回执' }).waitFor();

    // Assess: the slip names the case the platform filed, on the window's channel, with its promised date.
    caseId = (await page.getByTestId('slip-case-id').textContent()) ?? '';
    const clerk = await web.local.token('window', 'window-01');
    const filed = await web.local.call('GET', `/applications/${caseId}`, { token: clerk });
    expect(filed.body).toMatchObject({
      uscc: enterprise,
      policyName: name,
      channel: 'window',
      filedBy: 'window-01',
      requestedAmountFen: 2_000_000,
      materialIds: [expect.any(String)],
    });
    expect(await page.getByTestId('slip-due-on').textContent()).toBe(filed.body.dueOn);
    await page.getByRole('region', { name: '受理回执' }).getByText('申请表（申请表.pdf）').waitFor();
    await checkScreen(page, 'work-counter-slip-phone');
    await page.setViewportSize(DESKTOP);
    await checkScreen(page, 'work-counter-slip');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'work-counter-slip-print');
    await page.emulateMedia({ media: 'screen' });

    // Act + Assess: the case is among the enterprise's, and opens with its slip to print again.
    await page.getByRole('link', { name: caseId }).waitFor();
    await page.getByRole('link', { name: caseId }).click();
    await page.getByRole('heading', { name: '办理过程' }).waitFor();
    await page.getByTestId('slip-due-on').getByText(filed.body.dueOn).waitFor();
    await checkScreen(page, 'work-counter-case');
  });

  it('resubmits the corrected materials for the enterprise after the department returns the case', async () => {
    // Prepare: the department asks for a correction through the API, as its workbench would.
    const department = await web.local.token('department', '360728-wgxlj');
    const clerk = await web.local.token('window', 'window-01');
    const decision = await steps.taskOf(department, caseId, 'department_decision');
    await steps.decide(department, decision.id, { outcome: 'return', reason: '请补充加盖公章的申请表' });
    await steps.statusOf(caseId, clerk, 'returned');

    // Act: the case, found by its number, says what to correct; the clerk scans it and resubmits.
    await page.setViewportSize(PHONE);
    await page
      .getByRole('navigation', { name: '工作台' })
      .getByRole('link', { name: '办件查询与补正' })
      .click();
    await page.getByLabel('办件编号').fill(caseId);
    await page.getByRole('button', { name: '查询办件' }).click();
    await page
      .locator('.ant-alert', { hasText: '主管部门要求补正' })
      .getByText('请补充加盖公章的申请表')
      .waitFor();
    await checkScreen(page, 'work-counter-case-returned-phone');
    await page
      .getByLabel('上传：申请表')
      .setInputFiles({ name: '申请表（盖章）.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByText('✓ 已上传：申请表（盖章）.pdf').waitFor();
    await page.getByRole('button', { name: '重新提交' }).click();
    await page.getByText('补正材料后重新提交').waitFor({ state: 'detached' });

    // Assess: the case left the return with both materials, and its department has the decision again.
    const again = await steps.taskOf(department, caseId, 'department_decision');
    expect(again.id).not.toBe(decision.id);
    const record = await web.local.call('GET', `/applications/${caseId}`, { token: clerk });
    expect(record.body.materialIds).toHaveLength(2);
    // Filed and resubmitted, both by the clerk.
    expect(record.body.timeline.filter((e: { by: string }) => e.by === 'window:window-01')).toHaveLength(2);
  });

  it('refuses the admin screens to a window clerk, and says where to go', async () => {
    // Act
    await page.goto(`${web.local.platform.url}/app/work/catalog`);

    // Assess
    await page.getByText('此页面不属于您的工作台').waitFor();
    await page.getByText(/您以专窗工作人员身份登录/).waitFor();
    expect(await page.getByRole('navigation', { name: '工作台' }).getByText('政策事项管理').count()).toBe(0);
    await checkScreen(page, 'work-window-refused');
    await page.context().close();
  });
});
