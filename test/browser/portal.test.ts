/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The enterprise portal in a real browser, on the platform `npm start` runs: the catalog (一网查询) and a guide, on a
// phone and a desktop, by keyboard, and in large-text mode; and the API viewer beside it.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../shared/api/contract.ts';
import { checkScreen, DESKTOP, PHONE } from '../support/browser.ts';
import { useWebPlatform } from '../support/web-platform.ts';

const web = useWebPlatform();

const policyLinks = (page: Page) => page.locator('a[href^="/app/policies/"]');

describe('the catalog (一网查询)', () => {
  it('lists the county’s policies in Chinese from the address the county gives out', async () => {
    // Act: the bare address sends the browser to the app.
    const page = await web.visit(DESKTOP);
    await policyLinks(page).first().waitFor();

    // Assess
    expect(page.url()).toBe(`${web.local.platform.url}/app/`);
    expect(await page.locator('h1').textContent()).toBe('惠企政策一网查询');
    expect(await policyLinks(page).count()).toBe(20);
    expect(await page.getByRole('button', { name: '加载更多政策' }).isVisible()).toBe(true);
    await checkScreen(page, 'catalog-desktop');
    await page.close();
  });

  it('finds a policy by a word of its Chinese name, and narrows by mode', async () => {
    // Prepare
    const page = await web.visit(DESKTOP);
    await policyLinks(page).first().waitFor();

    // Act
    await page.getByRole('searchbox', { name: '按政策名称搜索' }).fill('入规');
    await page.getByRole('button', { name: '搜索' }).click();
    // The new list has arrived when it is not empty and every name in it has the word.
    await page.waitForFunction(() => {
      const names = [...document.querySelectorAll('a[href^="/app/policies/"]')].map(
        (a) => a.textContent ?? '',
      );
      return names.length > 0 && names.every((name) => name.includes('入规'));
    });
    const found = await policyLinks(page).allTextContents();
    await page.locator('label.ant-radio-button-wrapper', { hasText: '即申即享' }).click();
    // Narrowed when every card's first tag names the mode, or when nothing of that mode has the word.
    await page.waitForFunction(() => {
      const tags = [...document.querySelectorAll('.ant-list-item .ant-card')].map(
        (card) => card.querySelector('.ant-tag')?.textContent,
      );
      return tags.length > 0
        ? tags.every((tag) => tag === '即申即享')
        : !!document.querySelector('.ant-empty');
    });

    // Assess
    expect(found.length).toBeGreaterThan(0);
    for (const name of found) expect(name).toContain('入规');
    for (const tag of await page.locator('.ant-list-item .ant-tag').first().allTextContents())
      expect(tag).toBe('即申即享');
    await page.close();
  });

  it('opens a guide by keyboard alone, with its materials, steps and limits', async () => {
    // Prepare
    const page = await web.visit(DESKTOP);
    await policyLinks(page).first().waitFor();
    const name = await policyLinks(page).first().textContent();

    // Act: tab to the first policy and follow it.
    await policyLinks(page).first().focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '办理流程与时限' }).waitFor();

    // Assess
    expect(await page.locator('h1').textContent()).toBe(name);
    expect(await page.getByText('兑付标准').isVisible()).toBe(true);
    expect(
      await page
        .getByText(/工作日/)
        .first()
        .isVisible(),
    ).toBe(true);
    await checkScreen(page, 'guide-desktop');
    await page.goBack();
    await policyLinks(page).first().waitFor();
    expect(await page.locator('h1').textContent()).toBe('惠企政策一网查询');
    await page.close();
  });

  it('fits a 375-pixel phone without sideways scrolling, and grows its text in large-text mode', async () => {
    // Prepare
    const page = await web.visit(PHONE);
    await policyLinks(page).first().waitFor();
    const fontSize = () =>
      page.evaluate(() =>
        Number.parseFloat(getComputedStyle(document.querySelector('.ant-card') ?? document.body).fontSize),
      );
    const before = await fontSize();

    // Act
    await page.getByRole('switch', { name: '大字模式' }).click();
    await page.waitForFunction((size) => {
      const card = document.querySelector('.ant-card');
      return card && Number.parseFloat(getComputedStyle(card).fontSize) > size;
    }, before);

    // Assess
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await fontSize()).toBeGreaterThanOrEqual(before * 1.2);
    // The choice outlives the page.
    await page.reload();
    await policyLinks(page).first().waitFor();
    expect(await fontSize()).toBeGreaterThanOrEqual(before * 1.2);
    await checkScreen(page, 'catalog-large-text-phone');
    await page.close();
  });

  it('tells a person who follows a stale link what to do', async () => {
    const page = await web.visit(PHONE, '/app/policies/360728-999');
    await page.getByText('没有找到这项政策').waitFor();
    expect(await page.getByRole('link', { name: '返回政策目录' }).isVisible()).toBe(true);
    await checkScreen(page, 'policy-missing-phone');
    await page.close();
  });
});

describe('signing in (OpenID Connect)', () => {
  it('signs an enterprise in through the identity provider and shows its policies, cases and profile', async () => {
    // Prepare: the enterprise has registered; its name is what the provider's page lists.
    const uscc = '91360728MA3DN0QY26';
    await web.local.registerEnterprise(uscc, { name: '定南县示例文旅发展有限公司', tags: ['文旅', '入规'] });
    const page = await web.visit(PHONE);
    await policyLinks(page).first().waitFor();

    // Act: sign in from the header, choose the enterprise on the provider's page, come back.
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: /定南县示例文旅发展有限公司/ }).waitFor();
    await checkScreen(page, 'sign-in-phone');
    await page.getByRole('button', { name: /定南县示例文旅发展有限公司/ }).click();
    await page.getByRole('heading', { name: '我的惠企政策' }).waitFor();
    await page.getByText('统一社会信用代码').waitFor();

    // Assess: the app holds an access token the API took, for this enterprise.
    expect(page.url()).toBe(`${web.local.platform.url}/app/me`);
    expect(await page.getByText(uscc).isVisible()).toBe(true);
    await page.getByText('还没有办件', { exact: false }).waitFor();
    await checkScreen(page, 'me-phone');
    expect(await page.getByRole('link', { name: /我的/ }).isVisible()).toBe(true);

    // Act: sign out, confirming it at the provider as its end-session page asks.
    await page.getByRole('button', { name: '退出', exact: true }).click();
    await page.getByRole('button', { name: '退出登录' }).click();

    // Assess
    await page.getByRole('button', { name: '登录', exact: true }).waitFor();
    expect(page.url()).toBe(`${web.local.platform.url}/app/`);
    await page.close();
  });
});

describe('the API viewer (/docs)', () => {
  it('shows every route of the contract under the page CSP, with nothing refused and nothing from another site', async () => {
    // Prepare: everything the page complains of, and every address it asks for.
    const page = await web.browser.newPage({ viewport: DESKTOP });
    const complaints: string[] = [];
    const asked: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') complaints.push(message.text());
    });
    page.on('pageerror', (error) => complaints.push(error.message));
    page.on('request', (request) => asked.push(request.url()));

    // Act
    await page.goto(`${web.local.platform.url}/docs`);
    await page.locator('.opblock').first().waitFor();

    // Assess
    expect(page.url()).toBe(`${web.local.platform.url}/docs/`);
    expect(await page.locator('.opblock').count()).toBe(API_ROUTES.length);
    expect(complaints).toEqual([]);
    expect(
      asked.filter((url) => !url.startsWith(web.local.platform.url) && !url.startsWith('data:')),
    ).toEqual([]);
    await page.close();
  });
});
