// The browser tests' world: the platform `npm start` runs, serving the web app built from the current sources, and
// the machine's Chromium; both started before a file's tests and stopped after them.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { buildWebApp, webAppStale } from '../../infra/local/web-build.ts';
import { launchBrowser } from './browser.ts';
import { bootPlatform, type TestPlatform } from './platform.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface WebPlatform {
  readonly local: TestPlatform;
  readonly browser: Browser;
  /**
   * A person's own browser at `at`: a fresh context is a fresh session at the identity provider. With `now`, the
   * page's clock reads that time from its first script on.
   */
  visit(viewport: { width: number; height: number }, at?: string, now?: Date): Promise<Page>;
}

/**
 * Registers the file's hooks that start and stop the platform and the browser; read them inside tests. The platform
 * pays through the simulated bank unless `functionSettings` say otherwise (`BANK_ADAPTER: 'file'` for online banking).
 */
export function useWebPlatform(options: { functionSettings?: Record<string, string> } = {}): WebPlatform {
  let local: TestPlatform | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (webAppStale(repoRoot)) await buildWebApp(repoRoot);
    local = await bootPlatform(undefined, {
      webAppDir: path.join(repoRoot, 'web/dist'),
      ...(options.functionSettings ? { functionSettings: options.functionSettings } : {}),
    });
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await local?.stop();
  });
  const started = <T>(part: T | undefined): T => {
    if (part === undefined) throw new Error('the web platform is started by beforeAll');
    return part;
  };
  return {
    get local() {
      return started(local);
    },
    get browser() {
      return started(browser);
    },
    async visit(viewport, at = '/', now) {
      const context = await started(browser).newContext({ viewport, locale: 'zh-CN' });
      const page = await context.newPage();
      if (now) await page.clock.setFixedTime(now);
      await page.goto(`${started(local).platform.url}${at}`);
      return page;
    },
  };
}
