// A real browser for the web app's tests: the machine's Chromium (installed by .ci/run), never a downloaded one.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = process.env.HUIQI_CHROMIUM ?? '/usr/bin/chromium';

/** The machine's Chromium, or a failure that says how to install it: a browser test never skips silently. */
export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `浏览器测试需要 Chromium（未找到 ${CHROMIUM}）：请运行 sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk，` +
        '或用 HUIQI_CHROMIUM 指向已安装的 Chromium。不要运行 playwright install。',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--lang=zh-CN'],
  });
}

export const PHONE = { width: 375, height: 812 };
export const DESKTOP = { width: 1280, height: 900 };

/** Where each run leaves a picture of every screen it visited (ignored by git); a few are copied to the README. */
export const SCREENS_DIR = path.resolve(import.meta.dirname, '../../.screens');

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS_DIR, `${name}.png`), fullPage: true });
}

/**
 * The page as axe-core judges it: every serious or critical violation, named with its nodes, so a failure says what
 * to fix. Axe runs inside the page, from the installed package.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol, which the page's CSP (no inline scripts) rightly does not allow a tag.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }),
  );
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join('; ')}`,
    );
}

/** Screenshot and axe for a screen once it shows what the test waited for. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  // A colour half-way through a fade is not the colour a person reads: judge the screen once its fades are over
  // (a spinner or an active progress bar runs for ever, and is not waited for).
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every(
        (a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY,
      ),
  );
  await screenshot(page, name);
  expect(await seriousViolations(page), name).toEqual([]);
}

/** Signs in through the local OpenID provider's page by choosing the identity listed under this name. */
export async function signInAs(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('button', { name: '登录', exact: true }).first().click();
  await page.getByRole('button', { name }).click();
}
