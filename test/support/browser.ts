// A real browser for the web app's tests: the machine's Chromium (installed by .ci/run), never a downloaded one.
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.HUIQI_CHROMIUM ?? '/usr/bin/chromium';

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });

export const PHONE = { width: 375, height: 812 };
export const DESKTOP = { width: 1280, height: 900 };
